"""The Content-Security-Policy header, built once for every answer that does not change it."""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.exceptions import CSPNonceError
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

PLAIN = PolicyParts()


def nonce_after_header() -> None:
    """What `request.csp_nonce` does once the header is written: fail, as django-csp's own middleware does."""
    raise CSPNonceError("The 'csp_nonce' attribute is not available after the CSP header has been written.")


class PrebuiltCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, without rebuilding the same policy for every response.

    django-csp builds the header from the settings on each response (two dataclass copies and a
    walk over every directive), some 15 % of a 304's CPU. An answer that used no nonce and no
    `csp_update`/`csp_replace`/`csp_exempt` gets the policy built once per settings; any other
    (the pages with a nonce, Redoc, DEBUG's error pages) takes django-csp's own path.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.prebuilt: tuple[object, object, list[tuple[str, str, tuple[str, ...]]]] | None = None

    def plain_headers(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(header, policy, excluded path prefixes) of the settings as they are now (tests change them)."""
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        if self.prebuilt is None or self.prebuilt[0] is not policy or self.prebuilt[1] is not report_only:
            headers = [
                (header, build_policy(report_only=ro), tuple((config or {}).get("EXCLUDE_URL_PREFIXES") or ()))
                for header, ro, config in ((HEADER, False, policy), (HEADER_REPORT_ONLY, True, report_only))
            ]
            self.prebuilt = (policy, report_only, [entry for entry in headers if entry[1]])
        return self.prebuilt[2]

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        plain = (
            not settings.DEBUG
            and self.get_policy_parts(request=request, response=response) == PLAIN
            and self.get_policy_parts(request=request, response=response, report_only=True) == PLAIN
            and not getattr(response, "_csp_exempt", False)
            and not getattr(response, "_csp_exempt_ro", False)
        )
        if not plain:
            return super().process_response(request, response)
        for header, policy, excluded in self.plain_headers():
            if header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(nonce_after_header)
        return response
