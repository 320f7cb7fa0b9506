from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from publishing.services import create_editor


class Command(BaseCommand):
    help = "Create an editor (or make a user one) and print the API token, as the last word."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        try:
            get_user_model().username_validator(username)
        except ValidationError as exc:
            raise CommandError(f"username: {' '.join(exc.messages)}") from exc
        user, token, created = create_editor(username=username)
        state = "created" if created else "already exists; it is"
        self.stdout.write(
            f"Editor {user.username} {state} in the group 'editors'. For the admin, set a password with "
            f"`manage.py changepassword {user.username}`. API token (send as 'Authorization: Token …'): {token}"
        )
