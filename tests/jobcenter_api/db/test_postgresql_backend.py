"""jobcenter_api.db.postgresql: a sound connection passes its health check without a round trip."""

import pytest
from django.db import connection
from django.db.backends.postgresql import base as django_postgresql


@pytest.fixture
def server_checks(monkeypatch):
    """Each call of Django's own check, the `SELECT 1` round trip, and what it found."""
    calls = []
    check = django_postgresql.DatabaseWrapper.is_usable

    def spy(self):
        calls.append(check(self))
        return calls[-1]

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", spy)
    return calls


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_sound_connection_in_use_is_usable_without_asking_the_server(server_checks):
    connection.close()
    connection.ensure_connection()  # a new connection: as good as checked
    for _ in range(3):  # requests in quick succession, as under load
        assert connection.is_usable()
    assert server_checks == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_fails_the_check_and_the_next_request_reconnects(server_checks):
    connection.ensure_connection()
    backend = connection.connection.get_backend_pid()
    with connection._nodb_cursor() as other:
        # With a timeout, pg_terminate_backend waits (at most 5 s) until the backend is gone.
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [backend])
        assert other.fetchone() == (True,)
    assert not connection.is_usable()
    assert server_checks == [False]
    connection.health_check_done = False  # as at the start of the next request
    with connection.cursor() as cursor:  # whose first query finds the connection ended and reconnects
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != backend


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_connection_idle_for_long_or_inside_a_transaction_is_checked_by_the_server(server_checks):
    connection.ensure_connection()
    connection.checked_at -= 60  # as if the last check was a minute ago: a NAT may have dropped it since
    assert connection.is_usable()
    assert server_checks == [True]
    assert connection.is_usable()  # just checked: no round trip
    assert server_checks == [True]
    with connection.cursor() as cursor:
        connection.set_autocommit(False)
        cursor.execute("SELECT 1")  # a transaction is open now
        assert connection.is_usable()
        assert server_checks == [True, True]
        connection.rollback()
        connection.set_autocommit(True)
