"""Reject requests that no view could answer sensibly, before any view or database sees them."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

NUL = "\x00"


def too_large_message() -> str:
    return f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."


def too_large() -> JsonResponse:
    return JsonResponse({"detail": too_large_message()}, status=413)


class RequestLimitsMiddleware:
    """NUL characters in the path, query or headers, and bodies over the size limit.

    PostgreSQL cannot store NUL in text, so psycopg2 raises on it (a token looked up
    from an `Authorization` header, say); a 400 here keeps that from ever becoming a
    500. The body's declared size is checked before anything reads it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if NUL in request.path:
            return JsonResponse({"detail": "The path must not contain NUL characters."}, status=400)
        errors = {
            name.replace(NUL, "\\0"): ["Must not contain NUL characters."]
            for name, values in request.GET.lists()
            if NUL in name or any(NUL in value for value in values)
        }
        if errors:
            return JsonResponse(errors, status=400)
        headers = sorted(name for name, value in request.headers.items() if NUL in value)
        if headers:
            return JsonResponse({name: ["Must not contain NUL characters."] for name in headers}, status=400)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"detail": "Content-Length is not a number."}, status=400)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            return too_large()
        return self.get_response(request)
