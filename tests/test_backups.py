"""`manage.py backup` then `manage.py restore` into a fresh database gives back every row of
every table and every media file, byte for byte (maker2/backups.py).

Both commands run as an operator runs them: as processes with DATABASE_URL and MEDIA_ROOT
set, against real PostgreSQL (the test database, committed, and a new one).
"""

import json
import os
import subprocess
import sys
import tarfile
import uuid
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.db import connection
from psycopg2 import sql

from maker2 import devdb
from tests.factories import (
    FundingRoundFactory,
    MakerFactory,
    ProjectFactory,
    SpaceFactory,
    SpacePhotoFactory,
)

BASE_DIR = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def url_of(name: str) -> str:
    """DATABASE_URL with another database name on the same server."""
    address, _, query = os.environ.get("DATABASE_URL", "postgres:///maker2").partition("?")
    return f"{address.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


def manage(*arguments: str, database: str, media: Path) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "DATABASE_URL": url_of(database),
        "MEDIA_ROOT": str(media),
        "DEBUG": "0",
        "SECRET_KEY": "backup-test",
    }
    environment.pop("CACHE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def connect(name: str):
    return psycopg2.connect(url_of(name))


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    devdb.ensure_database(url_of(name))
    yield name
    with closing(connect("postgres")) as server:
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def table_checksums(name: str) -> dict[str, tuple[int, str]]:
    """Every table's row count and the md5 of its rows in order."""
    with closing(connect(name)) as database, database.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        checksums = {}
        for table in tables:
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {} t"
                ).format(sql.Identifier(table))
            )
            checksums[table] = cursor.fetchone()
    return checksums


def files_under(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def some_data() -> None:
    space = SpaceFactory(name_en="Backup Lab", name_zh="备份创客空间")
    SpacePhotoFactory(space=space)
    SpacePhotoFactory(space=SpaceFactory())
    MakerFactory(display_name="Lin")
    FundingRoundFactory(project=ProjectFactory(name_en="Saved"))


def test_a_backup_restored_into_a_fresh_database_is_the_same(tmp_path, fresh_database):
    some_data()
    source = connection.settings_dict["NAME"]
    media = Path(settings.MEDIA_ROOT)
    archive = tmp_path / "maker2.tar"

    backup = manage("backup", str(archive), database=source, media=media)
    assert backup.returncode == 0, backup.stderr
    # Two photos, each with six copies: 400 and 1200 px, as JPEG or PNG, WebP and AVIF.
    assert "and 14 media files" in backup.stdout

    restored_media = tmp_path / "restored-media"
    restore = manage("restore", str(archive), database=fresh_database, media=restored_media)
    assert restore.returncode == 0, restore.stderr

    original = table_checksums(source)
    assert original["spaces_space"][0] == 2
    assert table_checksums(fresh_database) == original
    assert files_under(restored_media) == files_under(media)
    assert len(files_under(media)) == 14


def test_the_manifest_names_the_migrations_and_each_file_checksum(tmp_path):
    SpacePhotoFactory(space=SpaceFactory())
    archive = tmp_path / "maker2.tar"

    assert (
        manage(
            "backup",
            str(archive),
            database=connection.settings_dict["NAME"],
            media=Path(settings.MEDIA_ROOT),
        ).returncode
        == 0
    )

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        names = tar.getnames()
    assert ["spaces", "0001_initial"] in manifest["migrations"]
    assert len(manifest["media"]) == 7  # one photo and its six copies
    assert {"name", "size", "sha256"} == manifest["media"][0].keys()
    assert names[0] == "database.dump" and names[-1] == "manifest.json"


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(tmp_path, fresh_database):
    SpaceFactory(name_en="Kept")
    source = connection.settings_dict["NAME"]
    archive = tmp_path / "maker2.tar"
    media = tmp_path / "media"
    assert manage("backup", str(archive), database=source, media=media).returncode == 0
    assert manage("restore", str(archive), database=fresh_database, media=media).returncode == 0

    again = manage("restore", str(archive), database=fresh_database, media=media)

    assert again.returncode != 0
    assert "is not empty" in again.stderr
    forced = manage("restore", str(archive), "--force", database=fresh_database, media=media)
    assert forced.returncode == 0, forced.stderr
    assert table_checksums(fresh_database) == table_checksums(source)


def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path, fresh_database):
    SpacePhotoFactory(space=SpaceFactory())
    archive = tmp_path / "maker2.tar"
    media = Path(settings.MEDIA_ROOT)
    assert (
        manage(
            "backup", str(archive), database=connection.settings_dict["NAME"], media=media
        ).returncode
        == 0
    )
    data = bytearray(archive.read_bytes())
    photo = data.find(b"JFIF")  # inside the first photo
    data[photo + 200] ^= 0xFF
    archive.write_bytes(bytes(data))

    restore = manage("restore", str(archive), database=fresh_database, media=tmp_path / "out")

    assert restore.returncode != 0
    assert "does not match its checksum" in restore.stderr
    assert table_checksums(fresh_database) == {}
    assert not (tmp_path / "out").exists()


def test_restore_into_a_database_that_does_not_exist_says_to_create_it(tmp_path):
    SpaceFactory()
    archive = tmp_path / "maker2.tar"
    media = tmp_path / "media"
    source = connection.settings_dict["NAME"]
    assert manage("backup", str(archive), database=source, media=media).returncode == 0
    missing = f"{source}_missing_{uuid.uuid4().hex[:8]}"

    restore = manage("restore", str(archive), database=missing, media=media)

    assert restore.returncode == 1
    assert "Traceback" not in restore.stderr
    assert f"Cannot connect to the database '{missing}'" in restore.stderr
    assert "create it first" in restore.stderr
    assert not media.exists() or not any(media.iterdir())
