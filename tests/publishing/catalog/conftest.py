"""Fixtures of the catalogue tests."""

import pytest
import time_machine
from rest_framework.test import APIClient

from publishing.services import create_editor
from tests.conftest import import_fixtures
from tests.publishing.conftest import LAUNCH


@pytest.fixture
def launched(db):
    """The fixtures, loaded (and so in the change log) on LAUNCH."""
    with time_machine.travel(LAUNCH, tick=False):
        return import_fixtures()


@pytest.fixture
def editor(db) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor(username='editor')[1]}")
    return client
