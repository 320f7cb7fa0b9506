"""Django's PostgreSQL backend, whose connection health check asks the server only when in doubt.

With CONN_HEALTH_CHECKS, Django runs `SELECT 1` before the first query of every request:
a round trip to the database that took a third of a 304's time under load. A connection
the server has ended (a restart, a failover, a terminated backend) has something waiting
on its socket, the server's last message or the end of the stream; a sound idle one has
nothing. So the socket is polled, which costs no round trip, and Django's own check runs
only when something is waiting (tests/hardening/test_outage.py stops a real cluster).
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed:
            return False
        try:
            poller = select.poll()
            poller.register(self.connection.fileno(), select.POLLIN | select.POLLPRI)
            waiting = poller.poll(0)
        except Exception:  # a connection whose socket is gone: let Django's own check decide
            waiting = True
        return not waiting or super().is_usable()
