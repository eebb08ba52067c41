from django.db import migrations, models

import spaces.images

# The fields this migration adds: the same sizes as before, in WebP and AVIF.
RENDITIONS = {
    name: spaces.images.PHOTO_RENDITIONS[name]
    for name in ("thumbnail_webp", "large_webp", "thumbnail_avif", "large_avif")
}


def write_modern_renditions(apps, schema_editor):
    """Photos stored before these formats existed get them, from the stored original."""
    SpacePhoto = apps.get_model("spaces", "SpacePhoto")
    for row in SpacePhoto.objects.filter(thumbnail_webp="").exclude(image=""):
        try:
            with row.image.open("rb") as file:
                content = file.read()
            spaces.images.write_renditions(row, "image", RENDITIONS, content)
        except Exception:  # a missing or unreadable file: the row stays as it was
            continue
        row.save(update_fields=list(RENDITIONS))


class Migration(migrations.Migration):
    dependencies = [
        ("spaces", "0016_add_import_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalspacephoto",
            name="large_avif",
            field=models.TextField(
                blank=True,
                editable=False,
                max_length=100,
                verbose_name="large (1200 px wide, AVIF)",
            ),
        ),
        migrations.AddField(
            model_name="historicalspacephoto",
            name="large_webp",
            field=models.TextField(
                blank=True,
                editable=False,
                max_length=100,
                verbose_name="large (1200 px wide, WebP)",
            ),
        ),
        migrations.AddField(
            model_name="historicalspacephoto",
            name="thumbnail_avif",
            field=models.TextField(
                blank=True,
                editable=False,
                max_length=100,
                verbose_name="thumbnail (400 px wide, AVIF)",
            ),
        ),
        migrations.AddField(
            model_name="historicalspacephoto",
            name="thumbnail_webp",
            field=models.TextField(
                blank=True,
                editable=False,
                max_length=100,
                verbose_name="thumbnail (400 px wide, WebP)",
            ),
        ),
        migrations.AddField(
            model_name="spacephoto",
            name="large_avif",
            field=models.ImageField(
                blank=True, editable=False, upload_to="", verbose_name="large (1200 px wide, AVIF)"
            ),
        ),
        migrations.AddField(
            model_name="spacephoto",
            name="large_webp",
            field=models.ImageField(
                blank=True, editable=False, upload_to="", verbose_name="large (1200 px wide, WebP)"
            ),
        ),
        migrations.AddField(
            model_name="spacephoto",
            name="thumbnail_avif",
            field=models.ImageField(
                blank=True,
                editable=False,
                upload_to="",
                verbose_name="thumbnail (400 px wide, AVIF)",
            ),
        ),
        migrations.AddField(
            model_name="spacephoto",
            name="thumbnail_webp",
            field=models.ImageField(
                blank=True,
                editable=False,
                upload_to="",
                verbose_name="thumbnail (400 px wide, WebP)",
            ),
        ),
        migrations.RunPython(write_modern_renditions, migrations.RunPython.noop),
    ]
