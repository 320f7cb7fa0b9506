"""A release a few seconds ahead, on a real clock: two gunicorn workers on PostgreSQL and Redis publish it together."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from metrics.importers import import_documents
from metrics.models import Observation
from tests.conftest import fixture_documents
from tests.jobcenter_api.http import test_workers
from tests.jobcenter_api.http.test_workers import get, gunicorn  # noqa: F401 - the server fixture
from tests.jobcenter_api.readpath.embargo_walk import new_marker, new_release

pytestmark = pytest.mark.postgres
AHEAD = dt.timedelta(seconds=4)


@pytest.fixture(autouse=True)
def two_workers(monkeypatch):
    monkeypatch.setattr(test_workers, "WORKERS", 2)


def test_two_workers_publish_a_release_at_its_moment_and_not_before(gunicorn):  # noqa: F811
    import_documents(documents=fixture_documents())
    marker = new_marker()
    release = new_release(timezone.now() + AHEAD)
    Observation.objects.create(
        indicator_id="unemployment_rate", area_id="07137", period_start=dt.date(2017, 11, 1),
        period_end=dt.date(2017, 11, 30), value=12, value_kind="point_in_time", source_id="kvmyk-pd-380-2017",
        source_quote=marker, note=marker, release=release,
    )  # fmt: skip
    url = f"{gunicorn.url}/api/v1/metrics/?indicator=unemployment_rate&area=07137"
    before, after = [], []
    deadline = release.scheduled_at + dt.timedelta(seconds=2)
    while timezone.now() < deadline:
        sent = timezone.now()
        status, body, headers = get(url)
        answered = timezone.now()
        assert status == 200
        (after if sent >= release.scheduled_at else before).append(
            (sent, answered, marker.encode() in body, headers["ETag"])
        )
        time.sleep(0.05)
    early = [answer for answer in before if answer[2]]
    # A request sent before the moment may be answered after it: only its own latency allows that.
    assert all(answered >= release.scheduled_at for _, answered, _, _ in early), early
    assert after and all(shown for _, _, shown, _ in after), "every answer after the moment shows it"
    etags_before = {etag for _, _, shown, etag in before if not shown}
    assert etags_before and etags_before.isdisjoint({etag for *_, etag in after}), "every ETag moves at the moment"
