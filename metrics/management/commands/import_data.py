import csv
import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metrics.importers import Document, ImportRecordError, import_documents, read_csv


class Command(BaseCommand):
    help = (
        "Import published data from JSON files (the format of fixtures/) and CSV files (the columns of "
        "our CSV export), all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate and report, write nothing.")
        parser.add_argument(
            "--release",
            type=int,
            metavar="ID",
            help="Load the figures into this release (/api/v1/releases/): public at its scheduled_at, not before.",
        )

    def handle(self, *args, files: list[Path], dry_run: bool, release: int | None, **options) -> None:
        try:
            documents = [self.read(path) for path in files]
            result = import_documents(documents=documents, dry_run=dry_run, release=release)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error, ImportRecordError) as exc:
            raise CommandError(f"Nothing was written. {exc}") from exc
        prefix = "Dry run, nothing written.\n" if dry_run else ""
        self.stdout.write(prefix + result.summary())

    @staticmethod
    def read(path: Path) -> Document:
        if path.suffix.lower() == ".csv":
            return read_csv(path)
        try:
            return Document(str(path), json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))
        except json.JSONDecodeError as exc:
            raise json.JSONDecodeError(f"{path}: {exc.msg}", exc.doc, exc.pos) from exc
