from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from metrics.exporters import export_data


class Command(BaseCommand):
    help = "Write every published data set into DIR: JSON as in fixtures/, and observations as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory: Path, **options) -> None:
        try:
            paths = export_data(directory=directory)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("\n".join(str(path) for path in paths))
