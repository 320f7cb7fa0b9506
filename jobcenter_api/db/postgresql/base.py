"""Django's PostgreSQL backend, whose connection health check asks the server only when in doubt.

With CONN_HEALTH_CHECKS, Django runs `SELECT 1` before the first query of every request:
a round trip to the database that took a third of a 304's time under load. A connection
that passed a check or was opened less than `RECENTLY` ago, is idle and has nothing
waiting on its socket is taken as sound without asking: one the server has ended (a
restart, a terminated backend) has the server's last message or the end of the stream
waiting there. Anything else, and every connection idle for longer (where a NAT or a
failover may have dropped it without a word), gets Django's own check
(tests/jobcenter_api/db/test_postgresql_backend.py; tests/hardening/test_outage.py stops a real cluster).
Under load connections are busy, so most requests save the round trip.
"""

import select
import time

from django.db.backends.postgresql import base
from psycopg2.extensions import TRANSACTION_STATUS_IDLE

#: How long after a passed check (or opening) a quiet, idle connection counts as sound, in seconds.
RECENTLY = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    checked_at = float("-inf")

    def connect(self) -> None:
        super().connect()
        self.checked_at = time.monotonic()

    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed:
            return False
        now = time.monotonic()
        if now - self.checked_at < RECENTLY and self.is_quiet():
            usable = True
        else:
            usable = super().is_usable()
        if usable:
            self.checked_at = now
        return usable

    def is_quiet(self) -> bool:
        """Idle, outside a transaction, with nothing from the server waiting on the socket."""
        try:
            if self.connection.get_transaction_status() != TRANSACTION_STATUS_IDLE:
                return False
            poller = select.poll()
            poller.register(self.connection.fileno(), select.POLLIN | select.POLLPRI)
            return not poller.poll(0)
        except Exception:  # a connection whose socket is gone: Django's own check decides
            return False
