"""Production serves static files hashed and compressed: collectstatic must build that."""

from django.core.management import call_command


def test_collectstatic_builds_hashed_compressed_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    call_command("collectstatic", interactive=False, verbosity=0)

    css = [p.name for p in (tmp_path / "css").iterdir() if p.name.startswith("site.")]
    hashed = [name for name in css if name.endswith(".css") and name != "site.css"]
    assert hashed, css
    assert f"{hashed[0]}.gz" in css
    assert (tmp_path / "staticfiles.json").exists()
    assert (tmp_path / "vendor" / "leaflet" / "leaflet.js").exists()
