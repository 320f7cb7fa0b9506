"""The data version: one row every write bumps, read by every API request (dataversion/services.py)."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction

from dataversion.models import DataVersion
from dataversion.services import EPOCH, INITIAL_TOKEN, Version, bump_version, current_version
from locations.models import Source


def test_before_the_first_write_every_process_agrees_on_the_initial_version(db):
    DataVersion.objects.all().delete()
    assert current_version() == Version(INITIAL_TOKEN, EPOCH)


def test_a_bump_creates_the_row_and_is_what_the_next_read_sees(db):
    DataVersion.objects.all().delete()
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        bumped = bump_version()
    assert current_version() == bumped
    assert bumped.token != INITIAL_TOKEN
    assert bumped.changed_at == dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)
    assert DataVersion.objects.count() == 1


def test_each_bump_is_a_new_token_and_a_later_moment(db):
    first = bump_version()
    second = bump_version()
    assert first.token != second.token
    assert second.changed_at >= first.changed_at
    assert current_version() == second


def test_a_read_gives_the_orms_types(db):
    version = bump_version()
    row = DataVersion.objects.get()
    assert current_version() == Version(row.token, row.changed_at)
    assert isinstance(version.changed_at, dt.datetime) and version.changed_at.tzinfo is not None


def test_a_bump_rolled_back_with_its_transaction_leaves_the_version(db):
    before = bump_version()

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        bump_version()
        raise Abort
    assert current_version() == before


def test_saving_a_published_model_bumps_the_version(db):
    before = current_version()
    Source.objects.create(id="test-source", title="t", publisher="p")
    assert current_version().token != before.token
