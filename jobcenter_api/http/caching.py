"""Conditional GET and a shared response cache for every read of the API.

Both are keyed by the data version (one row that each write bumps in its own
transaction, see `dataversion`), never by a hash of the rendered body: a client's
`If-None-Match` is answered with a 304 after one primary-key query and without
touching the data, and a cached answer is served after that query and one cache
read. A write changes the version, so every process stops using the old ETags
and cache entries the moment the write commits.
"""

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from dataversion.caches import PREVIEW_TOKEN
from dataversion.services import Version, current_version
from jobcenter_api.http.language import negotiate_data_language

logger = logging.getLogger(__name__)

CACHED_PATH_PREFIX = "/api/v1/"
READ_METHODS = ("GET", "HEAD")
# The request headers that choose the representation (besides the URL).
VARY = ("Accept", "Accept-Language")
# Entries of an old version are never read again; this only bounds their lifetime.
RESPONSE_CACHE_TIMEOUT = 3600
RESPONSE_CACHE_MAX_BYTES = 2 * 1024 * 1024
# Headers the inner layers set that a cached answer must carry again.
# The statuses a cache may keep without being told for how long (RFC 9111 4.2.2, "heuristically cacheable"):
# each is told, so that none outlives the next release (a 404 of a figure still under embargo included).
HEURISTICALLY_CACHEABLE = frozenset({200, 203, 204, 206, 300, 301, 304, 308, 404, 405, 410, 414, 501})
REPLAYED_HEADERS = ("Content-Type", "Content-Disposition", "Allow", "Content-Language", "Vary", "Last-Modified")


def quietly(method: Callable, *args: object) -> object:
    """Call a cache method; a cache that is down costs speed, never an answer."""
    try:
        return method(*args)
    except Exception:
        logger.warning("Cache unavailable", exc_info=True)
        return None


# The API read this thread is answering, for code that is handed no request (a form field).
_api_read: ContextVar[HttpRequest | None] = ContextVar("api_read", default=None)
# Set by a view that let an editor preview records under embargo, for the rest of that one request
# (jobcenter_api.readpath.embargo reads it).
embargo_lifted: ContextVar[bool] = ContextVar("embargo_lifted", default=False)


def request_version(request: HttpRequest) -> Version:
    """The data version, read once per request (a DRF Request reads it from its HttpRequest)."""
    if not hasattr(request, "data_version"):
        request.data_version = current_version()
    return request.data_version


def read_version() -> str | None:
    """The data version token of the API read being answered (read once per request); None outside one."""
    request = _api_read.get()
    return None if request is None else request_version(request).token


def read_version_state() -> Version | None:
    """The data version of the API read being answered; None outside one."""
    request = _api_read.get()
    return None if request is None else request_version(request)


def previewing(request: HttpRequest) -> bool:
    """An editor's look at records under embargo: answered for them alone, never cached or shared."""
    return "preview" in request.GET


def representation_etag(request: HttpRequest) -> str:
    """A strong ETag for this data version and this representation.

    The representation depends on the absolute URL (format, lang, filters,
    pagination, and the host in the `next` links), on `Accept` and on the
    negotiated data language.
    """
    if not hasattr(request, "representation_etag"):
        version = request_version(request)
        key = "\n".join(
            (
                version.token,
                request.build_absolute_uri(),
                request.headers.get("Accept", ""),
                negotiate_data_language(request),
            )
        )
        digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
        request.representation_etag = f'"{digest}"'
    return request.representation_etag


def max_age(version: Version) -> int:
    """The configured max-age, never reaching past the next release (no cache may hold a pre-release answer)."""
    if version.next_release is None:
        return settings.CACHE_MAX_AGE
    seconds = int((version.next_release - timezone.now()).total_seconds())
    return max(0, min(settings.CACHE_MAX_AGE, seconds))


def last_modified(request: HttpRequest) -> dt.datetime:
    """When the data last changed, for `Last-Modified` and `If-Modified-Since`."""
    return request_version(request).changed_at


class ConditionalCacheMiddleware:
    """ETag, Last-Modified, 304s, Cache-Control and the response cache for API reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.conditional = condition(etag_func=representation_etag, last_modified_func=last_modified)(self.respond)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READ_METHODS or not request.path.startswith(CACHED_PATH_PREFIX):
            return self.get_response(request)
        reading = _api_read.set(request)
        try:
            if previewing(request):
                return self.preview(request)
            response = self.conditional(request)
        finally:
            _api_read.reset(reading)
        if response.status_code in HEURISTICALLY_CACHEABLE:
            patch_cache_control(response, public=True, max_age=max_age(request_version(request)))
        patch_vary_headers(response, VARY)
        return response

    def preview(self, request: HttpRequest) -> HttpResponse:
        """No validators, no shared cache, no per-version cache (a token that none keeps); the view checks who asks."""
        version = current_version()
        request.data_version = Version(PREVIEW_TOKEN, version.changed_at, version.hidden, version.next_release)
        lifting = embargo_lifted.set(False)
        try:
            response = self.get_response(request)
        finally:
            embargo_lifted.reset(lifting)
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, (*VARY, "Authorization"))
        return response

    def respond(self, request: HttpRequest) -> HttpResponse:
        """The cached answer for this ETag, or the view's (cached when it is a plain 200)."""
        key = f"response:{representation_etag(request)}"
        entry = quietly(cache.get, key)
        if entry is not None:
            content, headers = entry
            return HttpResponse(content, headers=headers)
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and len(response.content) <= RESPONSE_CACHE_MAX_BYTES:
            headers = {name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)}
            quietly(cache.set, key, (response.content, headers), RESPONSE_CACHE_TIMEOUT)
        return response
