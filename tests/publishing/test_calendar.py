"""/api/v1/releases/calendar.ics: an iCalendar (RFC 5545) to subscribe to, parsed back with `icalendar`."""

import datetime as dt

import icalendar
import pytest
import time_machine

from tests.assertions import assert_bad_parameter, assert_json
from tests.publishing.conftest import BERLIN

TODAY = dt.datetime(2027, 1, 1, 12, 0, tzinfo=BERLIN)
NEW_RELEASE = {"title_de": "Arbeitsmarkt im Dezember", "title_en": "Labour market in December", "indicators": ["staff"]}


@pytest.fixture
def releases(launched, editor) -> dict[str, int]:
    """A published, a scheduled and a cancelled release, at TODAY."""
    ids = {}
    with time_machine.travel(TODAY, tick=False):
        for name, moment in (
            ("past", "2026-12-03T09:55:00+01:00"),
            ("ahead", "2027-07-05T09:55:00+02:00"),
            ("off", "2027-02-03T09:55:00+01:00"),
        ):
            body = {**NEW_RELEASE, "scheduled_at": moment}
            ids[name] = assert_json(editor.post("/api/v1/releases/", body, format="json"), 201)["id"]
        assert_json(editor.patch(f"/api/v1/releases/{ids['off']}/", {"status": "cancelled"}, format="json"), 200)
    return ids


def read_calendar(api, query: str = "") -> tuple[icalendar.Calendar, dict[str, icalendar.Event]]:
    response = api.get(f"/api/v1/releases/calendar.ics{query}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_every_release_is_an_event_with_a_stable_uid(releases, api):
    calendar, events = read_calendar(api)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert set(events) == {f"release-{pk}@jobcenter-mayen-koblenz-open-data" for pk in releases.values()}
    assert read_calendar(api)[1].keys() == events.keys()


def test_an_event_starts_in_berlin_with_its_vtimezone(releases, api):
    calendar, events = read_calendar(api)
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Berlin"
    summer = events[f"release-{releases['ahead']}@jobcenter-mayen-koblenz-open-data"]
    start = summer.decoded("DTSTART")
    assert start == dt.datetime(2027, 7, 5, 9, 55, tzinfo=BERLIN)
    assert summer["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert start.utcoffset() == dt.timedelta(hours=2)
    assert str(summer["URL"]) == f"http://testserver/api/v1/releases/{releases['ahead']}/"
    assert str(summer["SUMMARY"]) == "Arbeitsmarkt im Dezember"
    assert str(summer["STATUS"]) == "CONFIRMED"


def test_the_titles_follow_the_language(releases, api):
    _, events = read_calendar(api, "?lang=en")
    assert {str(event["SUMMARY"]) for event in events.values()} == {"Labour market in December"}


def test_a_cancelled_release_stays_as_cancelled_with_a_higher_sequence(releases, api):
    _, events = read_calendar(api)
    cancelled = events[f"release-{releases['off']}@jobcenter-mayen-koblenz-open-data"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.decoded("SEQUENCE") == 1
    published = events[f"release-{releases['past']}@jobcenter-mayen-koblenz-open-data"]
    assert str(published["STATUS"]) == "CONFIRMED" and published.decoded("SEQUENCE") == 0


def test_rescheduling_moves_the_event_and_raises_its_sequence(releases, api, editor):
    uid = f"release-{releases['ahead']}@jobcenter-mayen-koblenz-open-data"
    before = api.get("/api/v1/releases/calendar.ics")
    with time_machine.travel(TODAY, tick=False):
        moved = {"scheduled_at": "2027-07-06T09:55:00+02:00"}
        assert_json(editor.patch(f"/api/v1/releases/{releases['ahead']}/", moved, format="json"), 200)
    after = api.get("/api/v1/releases/calendar.ics")
    assert after["ETag"] != before["ETag"]
    event = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(after.content).walk("VEVENT")}[uid]
    assert event.decoded("SEQUENCE") == 1
    assert event.decoded("DTSTART") == dt.datetime(2027, 7, 6, 9, 55, tzinfo=BERLIN)


def test_an_empty_calendar_is_still_a_calendar(db, api):
    calendar, events = read_calendar(api)
    assert events == {} and calendar["VERSION"] == "2.0"


def test_the_calendar_answers_a_conditional_get(releases, api):
    first = api.get("/api/v1/releases/calendar.ics")
    assert api.get("/api/v1/releases/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_an_unknown_parameter_is_a_json_400(releases, api):
    assert_bad_parameter(api.get("/api/v1/releases/calendar.ics?status=cancelled"), "status")


def test_the_calendar_takes_no_writes(releases, editor):
    response = editor.post("/api/v1/releases/calendar.ics", {}, format="json")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
