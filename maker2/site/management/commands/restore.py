"""`manage.py restore PATH`: put back what `manage.py backup` wrote (maker2/backups.py)."""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from maker2.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore the database (pg_restore --clean --if-exists --no-owner) and the media files "
        "of a backup. Refuses a database that is not empty unless --force."
    )
    requires_migrations_checks = False
    requires_system_checks = []  # the database may still be empty

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="an archive written by manage.py backup")
        parser.add_argument(
            "--force", action="store_true", help="replace what a non-empty database holds"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="database alias")

    def handle(self, *args, path: Path, force: bool, database: str, **options):
        try:
            manifest = restore_backup(
                path, connection=connections[database], storage=default_storage, force=force
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the database as of {manifest['created']} "
            f"({len(manifest['migrations'])} migrations applied) and "
            f"{len(manifest['media'])} media files."
        )
