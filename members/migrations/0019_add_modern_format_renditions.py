from django.db import migrations, models

import spaces.images

# The fields this migration adds: the same sizes as before, in WebP and AVIF.
RENDITIONS = {
    name: spaces.images.AVATAR_RENDITIONS[name]
    for name in ("avatar_small_webp", "avatar_large_webp", "avatar_small_avif", "avatar_large_avif")
}


def write_modern_renditions(apps, schema_editor):
    """Avatars stored before these formats existed get them, from the stored original."""
    Maker = apps.get_model("members", "Maker")
    for row in Maker.objects.filter(avatar_small_webp="").exclude(avatar=""):
        try:
            with row.avatar.open("rb") as file:
                content = file.read()
            spaces.images.write_renditions(row, "avatar", RENDITIONS, content)
        except Exception:  # a missing or unreadable file: the row stays as it was
            continue
        row.save(update_fields=list(RENDITIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0018_add_check_reminder"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmaker",
            name="avatar_large_avif",
            field=models.TextField(
                blank=True,
                editable=False,
                max_length=100,
                verbose_name="avatar (256 × 256 px, AVIF)",
            ),
        ),
        migrations.AddField(
            model_name="historicalmaker",
            name="avatar_large_webp",
            field=models.TextField(
                blank=True,
                editable=False,
                max_length=100,
                verbose_name="avatar (256 × 256 px, WebP)",
            ),
        ),
        migrations.AddField(
            model_name="historicalmaker",
            name="avatar_small_avif",
            field=models.TextField(
                blank=True, editable=False, max_length=100, verbose_name="avatar (96 × 96 px, AVIF)"
            ),
        ),
        migrations.AddField(
            model_name="historicalmaker",
            name="avatar_small_webp",
            field=models.TextField(
                blank=True, editable=False, max_length=100, verbose_name="avatar (96 × 96 px, WebP)"
            ),
        ),
        migrations.AddField(
            model_name="maker",
            name="avatar_large_avif",
            field=models.ImageField(
                blank=True, editable=False, upload_to="", verbose_name="avatar (256 × 256 px, AVIF)"
            ),
        ),
        migrations.AddField(
            model_name="maker",
            name="avatar_large_webp",
            field=models.ImageField(
                blank=True, editable=False, upload_to="", verbose_name="avatar (256 × 256 px, WebP)"
            ),
        ),
        migrations.AddField(
            model_name="maker",
            name="avatar_small_avif",
            field=models.ImageField(
                blank=True, editable=False, upload_to="", verbose_name="avatar (96 × 96 px, AVIF)"
            ),
        ),
        migrations.AddField(
            model_name="maker",
            name="avatar_small_webp",
            field=models.ImageField(
                blank=True, editable=False, upload_to="", verbose_name="avatar (96 × 96 px, WebP)"
            ),
        ),
        migrations.RunPython(write_modern_renditions, migrations.RunPython.noop),
    ]
