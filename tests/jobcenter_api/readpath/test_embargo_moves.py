"""The embargo when a release moves or is cancelled, for a release already past, and an editor's preview."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from metrics.models import Observation
from publishing.services import create_editor
from tests.conftest import import_fixtures
from tests.jobcenter_api.readpath.embargo_walk import (
    LOADED,
    MOMENT,
    at,
    body_of,
    new_marker,
    new_release,
    observation_payload,
    showing,
    walk,
    write_embargoed,
)


@pytest.fixture
def editor(db) -> APIClient:
    with at(LOADED - dt.timedelta(days=30)):
        import_fixtures()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {create_editor(username='embargo-editor')[1]}")
    return client


def record_paths(embargoed) -> list[str]:
    return [*embargoed.detail_paths(), *embargoed.list_paths(), "/api/v1/changes/", "/api/v1/changes/feed.atom"]


def shown_at(moment: dt.datetime, embargoed) -> list[str]:
    with at(moment):
        return showing(walk(Client(), record_paths(embargoed)), embargoed.marker)


@pytest.mark.parametrize("hours", [2, -0.5], ids=["later", "earlier"])
def test_a_rescheduled_release_publishes_at_its_new_moment_only(editor, hours):
    with at(LOADED):
        embargoed = write_embargoed(editor, new_release(MOMENT), new_marker())
        assert shown_at(LOADED, embargoed) == []
        release = embargoed.release
        release.scheduled_at, release.sequence = MOMENT + dt.timedelta(hours=hours), release.sequence + 1
        release.save()
    new_moment = release.scheduled_at
    assert shown_at(min(MOMENT, new_moment) - dt.timedelta(seconds=1), embargoed) == []
    if new_moment > MOMENT:
        assert shown_at(MOMENT, embargoed) == []
    assert set(shown_at(new_moment, embargoed)) == set(record_paths(embargoed))
    with at(new_moment):
        entries = Client().get("/api/v1/changes/").json()["results"]
    assert {entry["changed_at"] for entry in entries[:5]} == {new_moment.isoformat()}


def test_a_cancelled_release_never_publishes_its_records(editor):
    with at(LOADED):
        embargoed = write_embargoed(editor, new_release(MOMENT), new_marker())
        embargoed.release.cancelled_at = LOADED
        embargoed.release.save()
    assert shown_at(MOMENT, embargoed) == []
    assert shown_at(MOMENT + dt.timedelta(days=400), embargoed) == []


def test_a_record_written_into_a_release_already_past_is_public_at_once(editor):
    with at(LOADED):
        release = new_release(LOADED - dt.timedelta(hours=1))
        before = Client().get("/api/v1/metrics/?indicator=unemployment_rate")
        marker = new_marker()
        response = editor.post("/api/v1/metrics/", observation_payload(release, marker), format="json")
        assert response.status_code == 201, response.content
        after = Client().get("/api/v1/metrics/?indicator=unemployment_rate&area=07137")
        detail = Client().get(f"/api/v1/metrics/{response.json()['id']}/")
    assert detail.status_code == 200 and marker in detail.content.decode()
    assert marker in after.content.decode() and after["ETag"] != before["ETag"]


def test_preview_shows_an_editor_the_records_privately_and_nobody_else(editor):
    reader_token = Token.objects.create(user=get_user_model().objects.create_user(username="reader")).key
    with at(LOADED):
        embargoed = write_embargoed(editor, new_release(MOMENT), new_marker())
        paths = [*embargoed.detail_paths(), *embargoed.list_paths()]
        for path in paths:
            preview = path + ("&" if "?" in path else "?") + "preview=true"
            seen = editor.get(preview)
            assert seen.status_code == 200 and embargoed.marker.encode() in body_of(seen), preview
            assert set(seen["Cache-Control"].split(", ")) == {"private", "no-store"} and "ETag" not in seen
            assert Client().get(preview).status_code == 401
            other = Client(headers={"Authorization": f"Token {reader_token}"})
            assert other.get(preview).status_code == 403
            wrong = editor.get(path + ("&" if "?" in path else "?") + "preview=yes")
            assert wrong.status_code == 400 and "preview" in wrong.json()
        # Nothing the preview read is answered to the public afterwards, from any cache.
        public = walk(Client(), paths)
        assert showing(public, embargoed.marker) == []
        assert {public[path].status for path in embargoed.detail_paths()} == {404}
        assert Client().get("/api/v1/metrics/?indicator=unemployment_rate&area=07137").json()["count"] == (
            Observation.objects.filter(indicator="unemployment_rate", area="07137", release__isnull=True).count()
        )
