"""A backup of the whole site in one file, and putting it back (`manage.py backup|restore`).

The archive is a tar holding `database.dump` (pg_dump's custom format, compressed), every
file of the media storage under `media/`, and `manifest.json`: when and from which
PostgreSQL it was made, the migrations applied, and each file's size and SHA-256. Media are
read and written through Django's default storage, so the same commands work for a disk and
for an S3 bucket. A restore checks every checksum before it changes anything.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media/"


class BackupError(Exception):
    """What went wrong, in a sentence for the operator."""


def libpq_environment(settings_dict: dict) -> dict[str, str]:
    """The environment that points pg_dump and pg_restore at a Django database."""
    options = settings_dict.get("OPTIONS", {})
    values = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGCONNECT_TIMEOUT": options.get("connect_timeout"),
    }
    return {**os.environ, **{name: str(value) for name, value in values.items() if value}}


def _run(command: list[str], settings_dict: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (it comes with PostgreSQL's client).")
    result = subprocess.run(
        command,
        env=libpq_environment(settings_dict),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def media_names(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file in the storage, by name, sorted."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # a disk storage that has never been written to
        return
    prefix = f"{directory}/" if directory else ""
    for name in sorted(files):
        yield prefix + name
    for child in sorted(directories):
        yield from media_names(storage, prefix + child)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size = len(data)
    member.mtime = int(datetime.now(UTC).timestamp())
    member.mode = 0o644
    archive.addfile(member, BytesIO(data))


def write_backup(path: Path, *, connection: BaseDatabaseWrapper, storage: Storage) -> dict:
    """Write the archive to `path` (whole or not at all) and return its manifest."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [list(row) for row in cursor.fetchall()]
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / DUMP
        _run(["pg_dump", "--format=custom", f"--file={dump}"], connection.settings_dict)
        dump_bytes = dump.read_bytes()
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {
                "file": DUMP,
                "server_version": server_version,
                "size": len(dump_bytes),
                "sha256": _sha256(dump_bytes),
            },
            "migrations": migrations,
            "media": [],
        }
        try:
            with tarfile.open(partial, "w") as archive:
                _add(archive, DUMP, dump_bytes)
                del dump_bytes
                for name in media_names(storage):
                    with storage.open(name, "rb") as file:
                        data = file.read()
                    _add(archive, MEDIA + name, data)
                    manifest["media"].append(
                        {"name": name, "size": len(data), "sha256": _sha256(data)}
                    )
                _add(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def read_manifest(archive: tarfile.TarFile) -> dict:
    """The manifest, once every file in the archive matches its checksum."""
    try:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
    except (KeyError, ValueError):
        raise BackupError("This is not a Maker2 backup: it has no readable manifest.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backups of format {manifest.get('format')!r} cannot be read here.")
    expected = {DUMP: manifest["database"]["sha256"]}
    expected.update({MEDIA + file["name"]: file["sha256"] for file in manifest["media"]})
    for name, checksum in expected.items():
        try:
            data = archive.extractfile(name).read()
        except KeyError:
            raise BackupError(f"The backup is incomplete: {name} is missing.") from None
        if _sha256(data) != checksum:
            raise BackupError(f"The backup is damaged: {name} does not match its checksum.")
    return manifest


def is_empty(connection: BaseDatabaseWrapper) -> bool:
    return not connection.introspection.table_names()


def restore_backup(
    path: Path, *, connection: BaseDatabaseWrapper, storage: Storage, force: bool = False
) -> dict:
    """Put the database and the media files of the archive at `path` back; return its
    manifest. Refuses a database that has tables unless `force`."""
    try:
        archive = tarfile.open(path, "r")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read {path}: {error}") from None
    with archive:
        manifest = read_manifest(archive)
        try:
            empty = is_empty(connection)
        except OperationalError as error:
            raise BackupError(
                f"Cannot connect to the database {connection.settings_dict['NAME']!r}: "
                f"{str(error).strip()}. If it does not exist, create it first, as for a new "
                "site (README, Deploying, step 1)."
            ) from None
        if not force and not empty:
            raise BackupError(
                f"The database {connection.settings_dict['NAME']!r} is not empty; restore "
                "into an empty one, or pass --force to replace what it holds."
            )
        connection.close()  # pg_restore drops and creates what this session might hold
        with tempfile.TemporaryDirectory() as scratch:
            dump = Path(scratch) / DUMP
            dump.write_bytes(archive.extractfile(DUMP).read())
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    f"--dbname={connection.settings_dict['NAME']}",
                    str(dump),
                ],
                connection.settings_dict,
            )
        for file in manifest["media"]:
            name = file["name"]
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(archive.extractfile(MEDIA + name).read()))
            if saved != name:
                raise BackupError(f"The storage saved {name} as {saved}.")
    return manifest
