"""The data version at a moment: releases pass by themselves, with no write."""

import datetime as dt

from dataversion.services import at_moment, parse_schedule

WRITTEN = dt.datetime(2027, 1, 1, 12, 0, tzinfo=dt.UTC)
EARLIER, FIRST, SECOND = (WRITTEN + dt.timedelta(days=days) for days in (-30, 4, 9))
# Release 1 passed before the row was written, 2 and 3 come after it, 4 is cancelled.
SCHEDULE = parse_schedule([[3, SECOND.isoformat()], [1, EARLIER.isoformat()], [2, FIRST.isoformat()], [4, None]])


def test_before_the_next_release_the_stored_version_holds_and_max_age_aims_at_it():
    version = at_moment("abc", WRITTEN, SCHEDULE, now=FIRST - dt.timedelta(seconds=1))
    assert (version.token, version.changed_at) == ("abc", WRITTEN)
    assert version.hidden == {2, 3, 4} and version.next_release == FIRST


def test_at_a_release_moment_token_and_last_modified_move_by_themselves():
    at_first = at_moment("abc", WRITTEN, SCHEDULE, now=FIRST)
    after_second = at_moment("abc", WRITTEN, SCHEDULE, now=SECOND + dt.timedelta(hours=1))
    assert (at_first.token, at_first.changed_at, at_first.hidden) == ("abc.1", FIRST, {3, 4})
    assert (after_second.token, after_second.changed_at, after_second.hidden) == ("abc.2", SECOND, {4})
    assert after_second.next_release is None


def test_a_vintage_hides_what_was_ahead_then_and_a_cancelled_release_always():
    assert SCHEDULE.hidden_at(EARLIER - dt.timedelta(days=1)) == {1, 2, 3, 4}
    assert SCHEDULE.hidden_at(FIRST) == {3, 4}


def test_without_releases_nothing_is_hidden_and_the_stored_version_is_the_version():
    version = at_moment("abc", WRITTEN, parse_schedule([]), now=SECOND)
    assert (version.token, version.changed_at, version.hidden, version.next_release) == ("abc", WRITTEN, set(), None)
