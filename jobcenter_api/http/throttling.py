"""Rate limits for the API, applied before the response cache can answer.

`ConditionalCacheMiddleware` serves cache hits and 304s without running a view, so
DRF's per-view throttles never saw them. This middleware runs before it and counts
every request under `/api/` once. The counting itself is DRF's: `SimpleRateThrottle`
parses the rate, keeps each client's history in Django's cache (Redis when
`REDIS_URL` is set, so every process shares the counts) and computes the wait.
"""

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.throttling import SimpleRateThrottle

from jobcenter_api.http.caching import quietly

# The API, its schema and its docs pages; not /healthz and /readyz (load balancers
# poll them), not the admin (staff sessions) and not static files (WhiteNoise answers
# them earlier).
THROTTLED_PATH_PREFIX = "/api/"
# How long the user an `Authorization` header names is remembered for counting (not for
# authentication, which the view does afresh): a client past its rate costs no query.
TOKEN_USER_SECONDS = 60


class ClientRateThrottle(SimpleRateThrottle):
    """DRF's sliding-window throttle, for one token user or else one client address.

    The address is DRF's `get_ident` (REMOTE_ADDR, or X-Forwarded-For as `NUM_PROXIES`
    says), and the cache keys are DRF's own: `throttle_anon_<address>`,
    `throttle_user_<pk>`.
    """

    def __init__(self, *, rate: str, user_pk: object | None = None) -> None:
        self.scope = "anon" if user_pk is None else "user"
        self.rate = rate
        self.user_pk = user_pk
        super().__init__()

    def get_cache_key(self, request: HttpRequest, view: object) -> str:
        ident = self.get_ident(request) if self.user_pk is None else self.user_pk
        return self.cache_format % {"scope": self.scope, "ident": ident}


def token_user_pk(request: HttpRequest) -> object | None:
    """The primary key of the user a valid `Authorization: Token …` names, else None.

    An invalid or inactive token counts as anonymous here; DRF's view still answers it
    with its 401. The answer is kept in the cache for TOKEN_USER_SECONDS under a hash of
    the header ("" for anonymous), so a flood of requests with made-up tokens, refused
    with a 429, does not query the database each time.
    """
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header:
        return None
    key = "throttle_token_" + hashlib.blake2b(header.encode(errors="surrogateescape"), digest_size=16).hexdigest()
    remembered = quietly(cache.get, key)
    if remembered is not None:
        return remembered or None
    try:
        authenticated = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        authenticated = None
    user_pk = authenticated[0].pk if authenticated else None
    quietly(cache.set, key, "" if user_pk is None else user_pk, TOKEN_USER_SECONDS)
    return user_pk


def client_throttle(request: HttpRequest) -> ClientRateThrottle | None:
    """The throttle that counts this request: per token user or per client address.

    None when the rate for that kind of client is unset (no limit). The token is only
    looked up when some rate is set, so an unthrottled deployment pays nothing.
    """
    anon_rate, user_rate = settings.THROTTLE_ANON, settings.THROTTLE_USER
    if not (anon_rate or user_rate):
        return None
    user_pk = token_user_pk(request)
    rate = anon_rate if user_pk is None else user_rate
    return ClientRateThrottle(rate=rate, user_pk=user_pk) if rate else None


def throttled(throttle: ClientRateThrottle) -> JsonResponse:
    """DRF's 429: its message and a whole-second `Retry-After`."""
    wait = throttle.wait()
    if wait is None:
        # More history than the rate allows (the rate was lowered): wait a full period.
        wait = throttle.duration
    exc = Throttled(wait)
    response = JsonResponse({"detail": exc.detail}, status=exc.status_code)
    response["Retry-After"] = str(exc.wait)
    return response


class ThrottleMiddleware:
    """Answers a client past its rate with a 429 before any cache, view or database work.

    Placed after CorsMiddleware, so a browser client can read the 429 and its
    `Retry-After`. A cache that is down lets requests through (the counts live in it).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(THROTTLED_PATH_PREFIX):
            throttle = client_throttle(request)
            # quietly() gives None when the cache fails: only an explicit False throttles.
            if throttle is not None and quietly(throttle.allow_request, request, None) is False:
                return throttled(throttle)
        return self.get_response(request)
