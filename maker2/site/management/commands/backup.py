"""`manage.py backup PATH`: the database and every media file in one archive (maker2/backups.py)."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from maker2.backups import BackupError, write_backup


class Command(BaseCommand):
    help = "Write the database (pg_dump) and all media files to one archive, with checksums."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the archive to write, e.g. maker2.tar")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, path: Path, database: str, **options):
        try:
            manifest = write_backup(path, connection=connections[database], storage=default_storage)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up the database ({manifest['database']['size']:,} bytes) and "
            f"{len(manifest['media'])} media files to {path}."
        )
