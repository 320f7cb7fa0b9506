"""Fixtures of the metrics tests."""

import datetime as dt

import pytest
import time_machine

from metrics.models import Indicator
from publishing.models import Release
from tests.factories import synthetic_area, synthetic_indicator, synthetic_source
from tests.publishing.conftest import BERLIN

# A January release of the staff figures, and a day before and after its moment.
BEFORE = dt.datetime(2027, 1, 1, 12, 0, tzinfo=BERLIN)
AFTER = dt.datetime(2027, 1, 6, 12, 0, tzinfo=BERLIN)


@pytest.fixture
def clock():
    with time_machine.travel(BEFORE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def release(published, clock) -> Release:
    release = Release.objects.create(title_de="Januar", scheduled_at=dt.datetime(2027, 1, 5, 8, 55, tzinfo=dt.UTC))
    release.indicators.set([Indicator.objects.get(pk="staff")])
    return release


@pytest.fixture
def empty_codes(published):
    """Codes that exist but have no data: a valid filter value that must match nothing."""
    synthetic_area("SYN01")
    synthetic_indicator("syn_empty")
    synthetic_source("syn-empty")
