"""The embargo (issue 21, point 3): every public read, walked before and after a release's moment.

The clock is frozen (time_machine) and moved past `scheduled_at` with no write in between:
what the records show then, they show by the clock alone.
"""

import datetime as dt
import os

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from publishing.models import Change
from publishing.services import create_editor
from tests.conftest import import_fixtures
from tests.jobcenter_api.readpath.embargo_walk import (
    BUDGET_YEAR,
    LOADED,
    MOMENT,
    REDIS_URL,
    VALUE,
    as_of_paths,
    at,
    changed_bodies,
    http_moment,
    moved,
    new_marker,
    new_release,
    redis_reachable,
    registry_paths,
    showing,
    walk,
    write_embargoed,
)

DAY_BEFORE = (MOMENT - dt.timedelta(days=1)).date()
RELEASE_DAY = MOMENT.date()


@pytest.fixture
def loaded(db):
    with at(LOADED - dt.timedelta(days=30)):
        import_fixtures()


@pytest.fixture
def public() -> Client:
    return Client()


@pytest.fixture
def editor(loaded) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor(username='embargo-editor')[1]}")
    return client


def every_read(client: Client, embargoed) -> list[str]:
    paths = [*registry_paths(client), *embargoed.detail_paths(), *embargoed.list_paths(), *embargoed.series_paths()]
    return [*paths, *as_of_paths(paths, [DAY_BEFORE, RELEASE_DAY])]


def test_before_the_moment_no_public_read_shows_a_record_of_the_release_nor_moves_a_validator(
    loaded, editor, public, settings
):
    with at(LOADED):
        release = new_release(MOMENT)
        embargoed_marker = new_marker()
        paths = registry_paths(public)
        before = walk(public, paths)
        embargoed = write_embargoed(editor, release, embargoed_marker)
        paths += [*embargoed.detail_paths(), *embargoed.list_paths(), *embargoed.series_paths()]
        paths += as_of_paths(paths, [DAY_BEFORE, RELEASE_DAY])
        after = walk(public, paths, fresh=True)
    assert showing(after, embargoed.marker) == []
    assert showing(after, str(VALUE)) == []
    assert moved(before, after, "etag") == []
    assert moved(before, after, "last_modified") == []
    assert changed_bodies(public, before, after) == []
    assert {after[path].status for path in embargoed.detail_paths()} == {404}


def test_writing_updating_and_deleting_an_embargoed_record_moves_no_validator(loaded, editor, public):
    with at(LOADED):
        embargoed = write_embargoed(editor, new_release(MOMENT), new_marker())
        paths = registry_paths(public)
        before = walk(public, paths)
        observation = f"/api/v1/metrics/{embargoed.observation}/"
        assert editor.patch(observation, {"note": f"{embargoed.marker} revised"}, format="json").status_code == 200
        assert (
            editor.patch(f"/api/v1/refugees/{embargoed.caseload}/", {"total": 4322}, format="json").status_code == 200
        )
        breakdown = f"/api/v1/refugees/breakdowns/{embargoed.breakdown}/"
        assert editor.patch(breakdown, {"count": 13}, format="json").status_code == 200
        assert editor.delete(f"/api/v1/budgets/categories/{embargoed.category}/").status_code == 204
        assert editor.delete(observation).status_code == 204
        after = walk(public, paths, fresh=True)
    assert moved(before, after, "etag") == []
    assert moved(before, after, "last_modified") == []
    assert changed_bodies(public, before, after) == []
    assert showing(after, embargoed.marker) == []
    with at(MOMENT):
        log = walk(public, ["/api/v1/changes/", "/api/v1/changes/feed.atom", "/api/v1/changes/?format=csv"])
        entries = public.get("/api/v1/changes/?limit=1000").json()["results"]
    # What was withdrawn before the release was never public: not even its text shows afterwards.
    assert showing(log, f"{embargoed.marker} revised") == []
    published = {
        (entry["resource"], entry["object_id"], entry["action"])
        for entry in entries
        if entry["changed_at"].startswith("2026-03-02T09:55")
    }
    assert published == {
        ("refugees", str(embargoed.caseload), "created"),
        ("refugees/breakdowns", str(embargoed.breakdown), "created"),
        ("budgets", str(BUDGET_YEAR), "created"),
    }
    caseload = next(
        entry for entry in entries if entry["resource"] == "refugees" and entry["object_id"] == str(embargoed.caseload)
    )
    assert caseload["changes"]["total"] == {"old": None, "new": 4322}, "the state its release publishes, no draft"


@pytest.fixture(params=["locmem", "redis"])
def response_cache(request, settings):
    """The response cache of one process (locmem) or of every worker (Redis, as deployed)."""
    if request.param == "redis":
        if not redis_reachable(REDIS_URL):
            if os.environ.get("CI"):
                pytest.fail(f"Redis does not answer at {REDIS_URL}")
            pytest.skip(f"needs Redis at {REDIS_URL} (set TEST_REDIS_URL)")
        settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}}
    cache.clear()
    return request.param


def test_at_the_moment_every_read_shows_the_records_by_itself_with_new_validators(
    loaded, editor, public, response_cache
):
    with at(LOADED):
        embargoed = write_embargoed(editor, new_release(MOMENT), new_marker())
        paths = every_read(public, embargoed)
        before = walk(public, paths)
    with at(MOMENT - dt.timedelta(seconds=1)):
        still = walk(public, paths)
    with at(MOMENT):
        after = walk(public, paths)
    assert showing(before, embargoed.marker) == showing(still, embargoed.marker) == []
    assert moved(before, still, "etag") == []
    seconds_left = (MOMENT - LOADED).total_seconds()
    # What a proxy may keep (the pages outside /api/v1/ declare no freshness, nor a Last-Modified to guess one).
    kept = [answer for answer in before.values() if answer.status == 200 and max_age(answer) >= 0]
    assert kept and all(0 < max_age(answer) <= seconds_left for answer in kept)
    assert {max_age(answer) for answer in still.values() if answer.status == 200} <= {-1, 1}
    assert not [path for path, answer in before.items() if max_age(answer) < 0 and answer.last_modified]

    ok = [path for path, answer in after.items() if answer.status == 200 and before[path].status == 200]
    validated = [path for path in ok if before[path].etag]
    assert validated and set(moved(before, after, "etag")) >= set(validated)
    version_dated = [path for path in ok if before[path].last_modified and "feed.atom" not in path]
    assert {after[path].last_modified for path in version_dated} == {http_moment(MOMENT)}
    shown = set(showing(after, embargoed.marker))
    must_show = {*embargoed.detail_paths(), *embargoed.list_paths(), "/api/v1/changes/", "/api/v1/changes/feed.atom"}
    must_show |= {path + "?as_of=" + str(RELEASE_DAY) for path in embargoed.detail_paths()}
    assert must_show <= shown, must_show - shown
    assert set(embargoed.series_paths()) <= set(showing(after, str(VALUE)))
    assert showing(before, str(VALUE)) == showing(still, str(VALUE)) == []
    assert not [path for path in shown if f"as_of={DAY_BEFORE}" in path]
    assert {before[path].status for path in embargoed.detail_paths()} == {404}
    assert {after[path].status for path in embargoed.detail_paths()} == {200}
    logged = Change.objects.filter(release=embargoed.release)
    assert logged.count() == 5 and set(logged.values_list("changed_at", flat=True)) == {MOMENT}


def max_age(answer) -> int:
    found = [part for part in answer.cache_control.split(", ") if part.startswith("max-age=")]
    return int(found[0].removeprefix("max-age=")) if found else -1
