from django.db import migrations, models

import members.models
import spaces.images


# The fields this migration adds (later ones add the same sizes in other formats).
RENDITIONS = {
    name: spaces.images.AVATAR_RENDITIONS[name] for name in ("avatar_small", "avatar_large")
}


def write_missing_renditions(apps, schema_editor):
    """Avatars stored before renditions existed get theirs, from the stored original."""
    Maker = apps.get_model("members", "Maker")
    for maker in Maker.objects.filter(avatar_small="").exclude(avatar=""):
        try:
            with maker.avatar.open("rb") as file:
                content = file.read()
            spaces.images.write_renditions(maker, "avatar", RENDITIONS, content)
        except Exception:  # a missing or unreadable file: the avatar stays as it was
            continue
        maker.save(update_fields=list(RENDITIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0004_search_long_text_apart"),
    ]

    operations = [
        migrations.AlterField(
            model_name="maker",
            name="avatar",
            field=spaces.images.SafeImageField(
                blank=True, upload_to=members.models.avatar_path, verbose_name="avatar"
            ),
        ),
        migrations.AddField(
            model_name="maker",
            name="avatar_small",
            field=models.ImageField(
                blank=True, editable=False, upload_to="", verbose_name="avatar (96 × 96 px)"
            ),
        ),
        migrations.AddField(
            model_name="maker",
            name="avatar_large",
            field=models.ImageField(
                blank=True, editable=False, upload_to="", verbose_name="avatar (256 × 256 px)"
            ),
        ),
        migrations.RunPython(write_missing_renditions, migrations.RunPython.noop),
    ]
