"""Editors: the people who may publish through the API and the admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.db import transaction
from rest_framework.authtoken.models import Token

EDITORS_GROUP = "editors"


def create_editor(*, username: str) -> tuple[AbstractUser, str, bool]:
    """Make `username` an editor (a staff user in the group) and return it, its API token, and if it is new.

    Running it again for the same name keeps the user and its token.
    """
    with transaction.atomic():
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        elif not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=EDITORS_GROUP))
        token, _ = Token.objects.get_or_create(user=user)
    return user, token.key, created
