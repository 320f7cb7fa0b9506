"""Sessions, login and messages for the pages people sign in to (the admin), not for the API.

The API authenticates editors with DRF's token inside its views and never reads a session,
`request.user` or a message: for a path under `/api/` these three middleware only cost time
(a session store and a message store built per request, some 7 % of a 304's CPU). Each class
here is Django's own, passed over for `/api/` paths; the admin's checks accept subclasses.
CSRF keeps Django's own middleware on every path: it costs little, and `check --deploy` looks
for it by name.
"""

from collections.abc import Callable

from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponseBase

API_PATH_PREFIX = "/api/"


class BrowserOnly:
    """Mixin: run the Django middleware it precedes except for requests under `/api/`."""

    # Synchronous only (the app runs under WSGI): Django adapts it under ASGI.
    async_capable = False
    get_response: Callable[[HttpRequest], HttpResponseBase]

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.path.startswith(API_PATH_PREFIX):
            return self.get_response(request)
        return super().__call__(request)


class BrowserSessionMiddleware(BrowserOnly, SessionMiddleware):
    pass


class BrowserAuthenticationMiddleware(BrowserOnly, AuthenticationMiddleware):
    pass


class BrowserMessageMiddleware(BrowserOnly, MessageMiddleware):
    pass
