from django.core.management.base import BaseCommand, CommandError, CommandParser

from metrics.synthetic import clear_synthetic, generate_observations


class Command(BaseCommand):
    help = "Fill the database with synthetic observations (areas SYN…) for benchmarks; never for fixtures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--observations", type=int, required=True, help="How many observations to add.")
        parser.add_argument("--clear", action="store_true", help="Delete earlier synthetic data first.")

    def handle(self, *args, observations: int, clear: bool, **options) -> None:
        if clear:
            self.stdout.write(f"Deleted {clear_synthetic()} synthetic observations.")
        try:
            result = generate_observations(count=observations)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Added {result.observations} synthetic observations over {result.areas} areas "
            f"and {result.indicators} indicators."
        )
