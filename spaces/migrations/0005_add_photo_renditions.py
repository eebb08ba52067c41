from django.db import migrations, models

import spaces.images
import spaces.models


# The fields this migration adds (later ones add the same sizes in other formats).
RENDITIONS = {name: spaces.images.PHOTO_RENDITIONS[name] for name in ("thumbnail", "large")}


def write_missing_renditions(apps, schema_editor):
    """Photos stored before renditions existed get theirs, from the stored original."""
    SpacePhoto = apps.get_model("spaces", "SpacePhoto")
    for photo in SpacePhoto.objects.filter(thumbnail="").exclude(image=""):
        try:
            with photo.image.open("rb") as file:
                content = file.read()
            spaces.images.write_renditions(photo, "image", RENDITIONS, content)
        except Exception:  # a missing or unreadable file: the photo stays as it was
            continue
        photo.save(update_fields=list(RENDITIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0004_search_long_text_apart"),
    ]

    operations = [
        migrations.AlterField(
            model_name="spacephoto",
            name="image",
            field=spaces.images.SafeImageField(
                height_field="height",
                upload_to=spaces.models.photo_path,
                verbose_name="image",
                width_field="width",
            ),
        ),
        migrations.AddField(
            model_name="spacephoto",
            name="thumbnail",
            field=models.ImageField(
                blank=True, editable=False, upload_to="", verbose_name="thumbnail (400 px wide)"
            ),
        ),
        migrations.AddField(
            model_name="spacephoto",
            name="large",
            field=models.ImageField(
                blank=True, editable=False, upload_to="", verbose_name="large (1200 px wide)"
            ),
        ),
        migrations.RunPython(write_missing_renditions, migrations.RunPython.noop),
    ]
