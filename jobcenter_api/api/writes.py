"""Writes through the API: who may write (editors), and each write validated, atomic, never a 500.

Shared by both apps (locations must not import metrics), so it knows no model: the
model's own `full_clean()` (field validators, `clean()`, constraints) decides, the
same checks the admin and the importer run.
"""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions
from rest_framework.settings import api_settings

if TYPE_CHECKING:  # rest_framework.views imports the permission classes of the settings
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ReadOpenWriteEditors(DjangoModelPermissions):
    """Reads need nothing; a write needs a token (401) of a user with the model permission (403).

    Views that do not publish (`publishes` unset) let a write through to their 405.
    """

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        if request.method in SAFE_METHODS or not getattr(view, "publishes", False):
            return True
        return super().has_permission(request, view)


# The codes of a clash with a unique key: DRF's validators and Django's (unique fields, unique constraints).
UNIQUE_CODES = frozenset({"unique", "unique_together"})


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record conflicts with another published record; nothing was written."
    default_code = "conflict"


def clashes_only(codes: object) -> bool:
    """Whether every error code (DRF's nested `get_codes()` shape) is a clash with a unique key."""
    if isinstance(codes, dict | list):
        items = codes.values() if isinstance(codes, dict) else codes
        return bool(items) and all(clashes_only(code) for code in items)
    return codes in UNIQUE_CODES


def clash(messages: dict[str, list[str]]) -> Conflict:
    """A 409 for a body that is valid but takes a unique key another published record has.

    Not a 400: the request is well formed and would succeed against other data; it conflicts
    with the current state (RFC 9110, 15.5.10), which the editor resolves by correcting that record.
    """
    found = " ".join(str(message) for field_messages in messages.values() for message in field_messages)
    return Conflict(f"{found} Nothing was written.")


def drf_errors(exc: DjangoValidationError) -> dict[str, list[ErrorDetail]]:
    """A model's validation errors in DRF's shape, keyed by field name, their codes kept.

    The codes let the view tell a clash with a unique key (a 409) from a bad value.
    """
    return {
        (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): [
            ErrorDetail(message, code=error.code) for error in errors for message in error.messages
        ]
        for name, errors in exc.error_dict.items()
    }


def save_record(
    *, instance: models.Model, values: dict[str, Any], user: AbstractBaseUser | None, creating: bool
) -> models.Model:
    """Create (`creating`) or update one record with `values`, or write nothing and raise a 400 or 409."""
    pk_name = instance._meta.pk.name
    if not creating and pk_name in values and values[pk_name] != instance.pk:
        raise exceptions.ValidationError({pk_name: ["A published record keeps its key; create a new one instead."]})
    for name, value in values.items():
        setattr(instance, name, value)
    try:
        with transaction.atomic():
            fill_derived = getattr(instance, "fill_derived", None)
            if fill_derived is not None:
                fill_derived()
            instance.full_clean()
            instance._history_user = user
            instance.save()
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(drf_errors(exc)) from exc
    except IntegrityError as exc:
        # A concurrent write won the race past full_clean(): the database constraint holds.
        raise Conflict() from exc
    return instance


def delete_record(*, instance: models.Model, user: AbstractBaseUser | None) -> None:
    """Delete one record (and what cascades with it), or nothing if other records still refer to it."""
    try:
        with transaction.atomic():
            instance._history_user = user
            instance.delete()
    except ProtectedError as exc:
        names = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise Conflict(
            f"Published {', '.join(names)} still refer to this record; delete or change them first."
        ) from exc
