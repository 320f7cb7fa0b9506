"""The releases API: editors announce, reschedule, cancel and delete releases; everybody reads the calendar."""

import datetime as dt

import pytest
import time_machine

from publishing.models import Release
from tests.assertions import assert_bad_parameter, assert_json, results
from tests.publishing.conftest import BERLIN

# The clock of these tests: a few days before the release they announce.
TODAY = dt.datetime(2027, 1, 1, 12, 0, tzinfo=BERLIN)
RELEASE_MOMENT = "2027-01-05T09:55:00+01:00"
AFTER = dt.datetime(2027, 1, 5, 10, 0, tzinfo=BERLIN)
NEW_RELEASE = {
    "title_de": "Arbeitsmarkt im Dezember",
    "scheduled_at": RELEASE_MOMENT,
    "indicators": ["unemployment_rate", "staff"],
}
STAFF_2019 = {
    "indicator": "staff", "area": "07137", "period_start": "2019-01-01", "period_end": "2019-12-31", "value": 231,
    "qualifier": "exact", "value_kind": "point_in_time", "derived": False, "source": "kvmyk-pd-380-2017",
    "source_quote": "Test sentence.", "note": "",
}  # fmt: skip


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def announced(launched, editor, today) -> dict:
    """A release announced by an editor through the API (the clock stands at TODAY)."""
    return assert_json(editor.post("/api/v1/releases/", NEW_RELEASE, format="json"), 201)


def test_an_editor_announces_a_release(announced):
    assert announced["title"] == announced["title_de"] == "Arbeitsmarkt im Dezember"
    assert announced["scheduled_at"] == RELEASE_MOMENT
    assert announced["status"] == "scheduled"
    assert announced["indicators"] == ["staff", "unemployment_rate"]
    assert announced["sequence"] == 0
    assert announced["figures"] is None and announced["figures_url"] is None
    release = Release.objects.get(pk=announced["id"])
    assert release.scheduled_at == dt.datetime(2027, 1, 5, 8, 55, tzinfo=dt.UTC)


def test_a_moment_in_utc_is_shown_in_berlin(launched, editor, today):
    body = assert_json(
        editor.post("/api/v1/releases/", {**NEW_RELEASE, "scheduled_at": "2027-07-01T07:55:00Z"}, format="json"), 201
    )
    assert body["scheduled_at"] == "2027-07-01T09:55:00+02:00"


def test_the_title_follows_the_language_and_falls_back_to_german(announced, api, editor):
    url = f"/api/v1/releases/{announced['id']}/"
    assert api.get(f"{url}?lang=en").json()["title"] == "Arbeitsmarkt im Dezember"
    assert_json(editor.patch(url, {"title_en": "Labour market in December"}, format="json"), 200)
    assert api.get(f"{url}?lang=en").json()["title"] == "Labour market in December"
    assert api.get(f"{url}?lang=de").json()["title"] == "Arbeitsmarkt im Dezember"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"scheduled_at": "2027-01-05T09:55:00"}, "scheduled_at"),
        ({"scheduled_at": "2027-01-05"}, "scheduled_at"),
        ({"scheduled_at": "2300-01-05T09:55:00+01:00"}, "scheduled_at"),
        ({"indicators": ["unemployment_rate", "no_such_indicator"]}, "indicators"),
        ({"indicators": []}, "indicators"),
        ({"indicators": "staff"}, "indicators"),
        ({"status": "cancelled"}, "status"),
        ({"title_de": ""}, "title_de"),
    ],
)
def test_a_bad_release_is_a_400_naming_the_field(launched, editor, change, field):
    before = Release.objects.count()
    assert_bad_parameter(editor.post("/api/v1/releases/", {**NEW_RELEASE, **change}, format="json"), field)
    assert Release.objects.count() == before


@pytest.mark.parametrize("field", ["title_de", "scheduled_at", "indicators"])
def test_a_release_needs_title_moment_and_indicators(launched, editor, field):
    body = {name: value for name, value in NEW_RELEASE.items() if name != field}
    assert_bad_parameter(editor.post("/api/v1/releases/", body, format="json"), field)


def test_a_naive_moment_is_refused_with_the_reason(launched, editor):
    (message,) = assert_bad_parameter(
        editor.post("/api/v1/releases/", {**NEW_RELEASE, "scheduled_at": "2027-01-05T09:55"}, format="json"),
        "scheduled_at",
    )
    assert "offset" in message


def test_rescheduling_raises_the_sequence(announced, editor):
    url = f"/api/v1/releases/{announced['id']}/"
    moved = assert_json(editor.patch(url, {"scheduled_at": "2027-01-06T09:55:00+01:00"}, format="json"), 200)
    assert moved["scheduled_at"] == "2027-01-06T09:55:00+01:00"
    assert moved["sequence"] == 1
    same = assert_json(editor.patch(url, {"scheduled_at": "2027-01-06T08:55:00Z"}, format="json"), 200)
    assert same["sequence"] == 1, "the same moment is no reschedule"
    retitled = assert_json(editor.patch(url, {"title_de": "Arbeitsmarkt Dezember 2026"}, format="json"), 200)
    assert retitled["sequence"] == 1


def test_cancelling_is_a_patch_of_the_status(announced, editor, api):
    url = f"/api/v1/releases/{announced['id']}/"
    cancelled = assert_json(editor.patch(url, {"status": "cancelled"}, format="json"), 200)
    assert cancelled["status"] == "cancelled"
    assert cancelled["sequence"] == 1
    assert api.get(url).json()["status"] == "cancelled"
    again = assert_json(editor.patch(url, {"status": "cancelled"}, format="json"), 409)
    assert "cancelled" in again["detail"]
    moved = assert_json(editor.patch(url, {"scheduled_at": "2027-02-05T09:55:00+01:00"}, format="json"), 409)
    assert "cancelled" in moved["detail"]


@pytest.mark.parametrize("status", ["published", "scheduled", "gone"])
def test_only_cancelled_can_be_written_as_status(announced, editor, status):
    url = f"/api/v1/releases/{announced['id']}/"
    assert_bad_parameter(editor.patch(url, {"status": status}, format="json"), "status")
    assert Release.objects.get(pk=announced["id"]).cancelled_at is None


def test_a_release_publishes_at_its_moment_with_its_figures(announced, editor, api, today):
    figure = assert_json(
        editor.post("/api/v1/metrics/", {**STAFF_2019, "release": announced["id"]}, format="json"), 201
    )
    url = f"/api/v1/releases/{announced['id']}/"
    before = api.get(url)
    assert before.json()["figures"] is None
    today.move_to(AFTER)
    after = api.get(url)
    body = assert_json(after, 200)
    assert body["status"] == "published"
    assert body["figures"] == 1
    assert body["figures_url"] == f"http://testserver/api/v1/metrics/?release={announced['id']}"
    assert after["ETag"] != before["ETag"], "the moment moves the ETag by itself"
    (row,) = results(api.get(body["figures_url"].removeprefix("http://testserver")))
    assert row["id"] == figure["id"]


def test_a_published_release_cannot_be_moved_cancelled_or_deleted(announced, editor, today):
    url = f"/api/v1/releases/{announced['id']}/"
    today.move_to(AFTER)
    for response in (
        editor.patch(url, {"scheduled_at": "2027-02-05T09:55:00+01:00"}, format="json"),
        editor.patch(url, {"status": "cancelled"}, format="json"),
        editor.delete(url),
    ):
        body = assert_json(response, 409)
        assert "published" in body["detail"], body
    release = Release.objects.get(pk=announced["id"])
    assert (release.sequence, release.cancelled_at) == (0, None)
    assert release.scheduled_at.isoformat() == "2027-01-05T08:55:00+00:00"
    # Its words may still be corrected.
    assert_json(editor.patch(url, {"description_en": "Corrected."}, format="json"), 200)


def test_a_scheduled_release_without_figures_can_be_deleted(announced, editor, api):
    url = f"/api/v1/releases/{announced['id']}/"
    assert editor.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_a_release_that_holds_figures_is_cancelled_not_deleted(announced, editor):
    assert_json(editor.post("/api/v1/metrics/", {**STAFF_2019, "release": announced["id"]}, format="json"), 201)
    body = assert_json(editor.delete(f"/api/v1/releases/{announced['id']}/"), 409)
    assert "cancel it instead" in body["detail"]
    assert Release.objects.filter(pk=announced["id"]).exists()


def test_a_release_keeps_the_indicators_it_holds_figures_of(announced, editor):
    url = f"/api/v1/releases/{announced['id']}/"
    assert_json(editor.post("/api/v1/metrics/", {**STAFF_2019, "release": announced["id"]}, format="json"), 201)
    (message,) = assert_bad_parameter(
        editor.patch(url, {"indicators": ["unemployment_rate"]}, format="json"), "indicators"
    )
    assert "staff" in message
    kept = assert_json(editor.patch(url, {"indicators": ["staff"]}, format="json"), 200)
    assert kept["indicators"] == ["staff"]


@pytest.fixture
def calendar(launched, editor, today) -> dict[str, int]:
    """One release of each status (the clock at TODAY)."""
    ids = {}
    for name, moment in (
        ("past", "2026-12-03T09:55:00+01:00"),
        ("ahead", RELEASE_MOMENT),
        ("off", "2027-02-03T09:55:00+01:00"),
    ):
        ids[name] = assert_json(
            editor.post("/api/v1/releases/", {**NEW_RELEASE, "scheduled_at": moment}, format="json"), 201
        )["id"]
    assert_json(editor.patch(f"/api/v1/releases/{ids['off']}/", {"status": "cancelled"}, format="json"), 200)
    return ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["past", "ahead", "off"]),
        ("status=scheduled", ["ahead"]),
        ("status=published", ["past"]),
        ("status=cancelled", ["off"]),
        ("from=2027-01-05", ["ahead", "off"]),
        ("from=2027-01-06", ["off"]),
        ("to=2027-01-05", ["past", "ahead"]),
        ("to=2027-01-04", ["past"]),
        ("from=2027-01-05&to=2027-01-05", ["ahead"]),
        ("from=2030-01-01", []),
        ("status=published&from=2027-01-01", []),
    ],
)
def test_release_filters(calendar, api, query, expected):
    assert [row["id"] for row in results(api.get(f"/api/v1/releases/?{query}"))] == [
        calendar[name] for name in expected
    ]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=late", "status"),
        ("from=2027-13-01", "from"),
        ("to=tomorrow", "to"),
        ("from=2027-02-01&to=2027-01-01", "from"),
        ("when=2027-01-01", "when"),
        ("as_of=2027-01-01", "as_of"),
    ],
)
def test_bad_release_filters_are_a_400_naming_them(calendar, api, query, parameter):
    assert_bad_parameter(api.get(f"/api/v1/releases/?{query}"), parameter)


def test_the_release_list_reads_as_every_list(calendar, api):
    first = api.get("/api/v1/releases/")
    assert first.status_code == 200 and first["ETag"]
    assert api.get("/api/v1/releases/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    csv = api.get("/api/v1/releases/?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    header, *rows = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert header.split(",")[:3] == ["id", "title", "title_de"]
    assert len(rows) == 3
    xlsx = api.get("/api/v1/releases/?format=xlsx")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")


def test_a_release_write_changes_the_lists_etag(calendar, api, editor):
    before = api.get("/api/v1/releases/")["ETag"]
    assert_json(editor.patch(f"/api/v1/releases/{calendar['ahead']}/", {"title_de": "Neu"}, format="json"), 200)
    after = api.get("/api/v1/releases/")
    assert after["ETag"] != before
    assert [row["title"] for row in after.json()["results"]][1] == "Neu"
