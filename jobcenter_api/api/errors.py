"""Every error a client can cause comes back as JSON in DRF's shape, never a 500 page.

A database outage is a 503 wherever it surfaces: in a DRF view (`exception_handler`),
in a plain Django view or a middleware (`server_error`, Django's handler500, which
runs inside the `except` block of the failed request).
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from jobcenter_api.http.request_limits import too_large, too_large_message

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = "The database is unavailable; please try again later."
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = "30"


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, plus a 413 for a body over the limit and a 503 when the database is down."""
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": too_large_message()}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, DATABASE_ERRORS):
        logger.error("database unavailable: %s", exc)
        response = Response({"detail": DATABASE_UNAVAILABLE}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def database_unavailable() -> JsonResponse:
    response = JsonResponse({"detail": DATABASE_UNAVAILABLE}, status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """Django's SuspiciousOperation family: a bad Host, too many fields, a body too large."""
    if isinstance(exception, RequestDataTooBig):
        return too_large()
    return JsonResponse({"detail": "Bad request."}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"detail": "Not found."}, status=404)


@csrf_exempt  # no write happens here: a 404 for every method, never CSRF's HTML 403
def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse | HttpResponsePermanentRedirect:
    """The last route under /api/: a path no other route matches is the API's JSON 404, in every mode.

    Django's handler404 is not asked under DEBUG (`make run`): its HTML debug page answers instead.
    As this route matches, CommonMiddleware no longer adds a missing slash: it is added here.
    """
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(f"{request.path_info}/", getattr(request, "urlconf", None))
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return not_found(request)


def server_error(request: HttpRequest) -> JsonResponse:
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):
        logger.error("database unavailable: %s", exc)
        return database_unavailable()
    return JsonResponse({"detail": "Internal server error."}, status=500)
