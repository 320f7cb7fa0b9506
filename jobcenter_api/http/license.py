"""The data license on every answer."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class LicenseLinkMiddleware:
    """A `Link` header to the data license, so every download carries its terms."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.link = f'<{settings.LICENSE_URL}>; rel="license"'

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Link", self.link)
        return response
