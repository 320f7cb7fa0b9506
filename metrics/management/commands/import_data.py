import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metrics.importers import ImportRecordError, import_documents


class Command(BaseCommand):
    help = "Import published data from JSON files (the format of fixtures/), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate and report, write nothing.")

    def handle(self, *args, files: list[Path], dry_run: bool, **options) -> None:
        documents = []
        for path in files:
            try:
                documents.append((str(path), json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CommandError(f"{path}: {exc}") from exc
        try:
            result = import_documents(documents=documents, dry_run=dry_run)
        except ImportRecordError as exc:
            raise CommandError(f"Nothing was written. {exc}") from exc
        prefix = "Dry run, nothing written.\n" if dry_run else ""
        self.stdout.write(prefix + result.summary())
