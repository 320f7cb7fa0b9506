import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from publishing.services import create_editor
from tests.conftest import import_fixtures

BERLIN = ZoneInfo("Europe/Berlin")
# The day the fixtures are loaded in these tests; corrections follow on later days.
LAUNCH = dt.datetime(2026, 1, 10, 12, 0, tzinfo=BERLIN)


@pytest.fixture
def launched(db):
    """The fixtures, loaded (and so first in the history) on LAUNCH."""
    with time_machine.travel(LAUNCH, tick=False):
        return import_fixtures()


@pytest.fixture
def editor_token(db) -> str:
    return create_editor(username="editor")[1]


@pytest.fixture
def editor(editor_token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {editor_token}")
    return client


@pytest.fixture
def reader(db) -> APIClient:
    """A user with a valid token who is not an editor."""
    user = get_user_model().objects.create_user(username="reader")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def on_day(day: int, hour: int = 12) -> time_machine.travel:
    return time_machine.travel(dt.datetime(2026, 1, day, hour, 0, tzinfo=BERLIN), tick=False)


@pytest.fixture
def ids(launched) -> dict[str, int]:
    """Database ids of fixture records (they differ between SQLite and PostgreSQL runs)."""
    from metrics.models import BudgetCategory, Observation, RefugeeBreakdown, RefugeeCaseload

    return {
        "rate": Observation.objects.get(indicator="unemployment_rate", year=2017, source="kvmyk-pd-380-2017").pk,
        "caseload": RefugeeCaseload.objects.get().pk,
        "breakdown": RefugeeBreakdown.objects.get().pk,
        "category": BudgetCategory.objects.get(code="passive_benefits").pk,
    }
