"""Production serves static files hashed and compressed: collectstatic must build that."""


def test_collectstatic_builds_hashed_compressed_files(collected_static):
    css = [p.name for p in (collected_static / "css").iterdir() if p.name.startswith("site.")]
    hashed = [name for name in css if name.endswith(".css") and name != "site.css"]
    assert hashed, css
    assert f"{hashed[0]}.gz" in css
    assert (collected_static / "staticfiles.json").exists()
    assert (collected_static / "vendor" / "leaflet" / "leaflet.js").exists()
