"""Rule 5: every change of published data is in /changes/ and the Atom feed, without the user."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from dataversion.services import bump_version
from locations.models import Location
from metrics.models import Observation
from publishing.models import Change
from tests.conftest import FIXTURES
from tests.publishing.conftest import on_day

ATOM = "{http://www.w3.org/2005/Atom}"


def test_fixtures_are_the_first_entries(api, launched):
    body = api.get("/api/v1/changes/?limit=1000").json()
    assert body["count"] == sum(launched.created.values())  # one entry for each record the fixtures created
    assert {row["action"] for row in body["results"]} == {"created"}
    staff = next(
        r for r in body["results"] if r["resource"] == "metrics" and r["changes"]["indicator"]["new"] == "staff"
    )
    assert staff["changes"]["value"] == {"old": None, "new": 224}
    assert set(staff) == {"id", "resource", "object_id", "action", "changed_at", "changes"}


def test_importing_unchanged_data_again_logs_nothing(launched, capsys):
    before = Change.objects.count(), Observation.history.count(), Location.history.count()
    call_command("import_data", *sorted(str(p) for p in FIXTURES.glob("*.json")))
    assert (Change.objects.count(), Observation.history.count(), Location.history.count()) == before
    assert before[1] == Observation.objects.count()  # the fixtures are in the history tables too
    assert "0 created, 0 updated" in capsys.readouterr().out


def test_a_correction_through_the_api_shows_in_changes_and_the_feed(api, editor, ids):
    with on_day(12):
        response = editor.patch(
            "/api/v1/metrics/{rate}/".format(**ids), {"value": 3.4, "note": "corrected"}, format="json"
        )
    assert response.status_code == 200, response.content
    newest = api.get("/api/v1/changes/").json()["results"][0]
    assert newest["resource"] == "metrics" and newest["object_id"] == str(ids["rate"]) and newest["action"] == "updated"
    assert newest["changes"]["value"] == {"old": 3.3, "new": 3.4}
    assert set(newest["changes"]) == {"value", "note"}
    assert newest["changed_at"].startswith("2026-01-12T12:00:00")
    assert "editor" not in str(api.get("/api/v1/changes/").content)

    feed = api.get("/api/v1/changes/feed.atom")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == f"metrics {ids['rate']} updated"
    assert '"new": 3.4' in entry.find(f"{ATOM}summary").text
    assert entry.find(f"{ATOM}link").get("href").endswith("/api/v1/metrics/{rate}/".format(**ids))
    assert b"editor" not in feed.content


def test_a_delete_is_logged_with_the_old_values(api, editor, launched):
    with on_day(13):
        assert editor.delete("/api/v1/locations/bendorf/").status_code == 204
    newest = api.get("/api/v1/changes/?resource=locations").json()["results"][0]
    assert (newest["object_id"], newest["action"]) == ("bendorf", "deleted")
    assert newest["changes"]["city"] == {"old": "Bendorf", "new": None}


def test_since_and_resource_filter_the_log(api, editor, launched, ids):
    with on_day(12):
        editor.patch("/api/v1/budgets/2017/", {"note": "corrected"}, format="json")
    with on_day(14):
        editor.patch("/api/v1/metrics/{rate}/".format(**ids), {"note": "corrected"}, format="json")
    assert api.get("/api/v1/changes/?since=2026-01-11").json()["count"] == 2
    assert api.get("/api/v1/changes/?since=2026-01-13").json()["count"] == 1
    assert api.get("/api/v1/changes/?since=2026-01-14T13:00:00%2B01:00").json()["count"] == 0
    assert api.get("/api/v1/changes/?since=2026-01-14T11:00:00Z").json()["count"] == 1
    budgets = api.get("/api/v1/changes/?resource=budgets&since=2026-01-11").json()["results"]
    assert [(r["object_id"], r["action"]) for r in budgets] == [("2017", "updated")]
    assert api.get("/api/v1/changes/?resource=areas&since=2026-01-11").json()["count"] == 0
    assert api.get("/api/v1/changes/?as_of=2026-01-12").json()["count"] == sum(launched.created.values()) + 1
    feed = api.get("/api/v1/changes/feed.atom?resource=budgets&since=2026-01-11")
    assert len(ET.fromstring(feed.content).findall(f"{ATOM}entry")) == 1


@pytest.mark.parametrize("rows", [3, 30])
def test_change_list_query_count_is_constant(api, db, django_assert_num_queries, rows):
    Change.objects.bulk_create(
        Change(resource="metrics", object_id=str(i), action="created",
               changed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC), changes={"value": {"old": None, "new": i}})
        for i in range(rows)
    )  # fmt: skip
    bump_version()  # bulk writes skip the signals that bump it
    with django_assert_num_queries(3):  # data version, count, page
        assert len(api.get("/api/v1/changes/?resource=metrics&since=2025-12-31").json()["results"]) == rows
