"""The one registry of endpoints, walked from the URL conf: every test that visits them takes them from here.

A new route is walked by every such test without touching them; only a new kind of path
parameter needs an example below (tests/test_endpoints.py fails until it has one).
"""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from locations.models import Area, Source
from metrics.models import BudgetCategory, Observation, RefugeeBreakdown, RefugeeCaseload
from publishing.models import Release

#: Routes that are not public reads: the admin (a login page) and the JSON 404 behind every other /api/ path.
NOT_WALKED_ROUTES = ("admin/",)
NOT_WALKED_NAMES = {"api-not-found"}
#: Example path parameters from fixtures/, by parameter name.
EXAMPLES = {
    "code": "unemployment_rate",
    "year": 2017,
    "fiscal_year": 2017,
    "slug": "mayen",
}
#: Where a parameter's name does not say which record (`pk`), the first record of the model (fixtures/).
FIRST_OF: dict[str, type[Model]] = {
    "area-detail": Area,
    "source-detail": Source,
    "observation-detail": Observation,
    "observation-revisions": Observation,
    "refugee-caseload-detail": RefugeeCaseload,
    "refugee-breakdown-detail": RefugeeBreakdown,
    "budget-category-detail": BudgetCategory,
    "release-detail": Release,
}
#: Records fixtures/ holds none of (no figures, so none invented): the walk makes one, once.
MADE_FOR_THE_WALK: dict[type[Model], dict] = {
    Release: {"title_de": "Beispiel", "scheduled_at": dt.datetime(2017, 1, 5, 8, 55, tzinfo=dt.UTC)},
}
#: The endpoints that show such a record, by the model they need one of.
NEEDS: dict[str, type[Model]] = {"release-list": Release, "release-detail": Release, "release-calendar": Release}
PARAMETER = re.compile(r"\(\?P<(\w+)>|<(?:\w+:)?(\w+)>")
# A whole parameter of a route (`(?P<year>[0-9]{4})`, `<slug:code>`), and a regex route's anchors.
WHOLE_PARAMETER = re.compile(r"\(\?P<\w+>(?:[^()]|\([^()]*\))*\)|<(?:\w+:)?\w+>")
ANCHORS = re.compile(r"[$^]")
#: Reads whose default representation is not JSON.
NOT_JSON = {
    "landing", "catalog", "catalog-ttl", "catalog-jsonld", "change-feed", "schema", "swagger-ui", "redoc",
    "embed-indicator", "sitemap", "robots", "indicator-chart-svg", "indicator-chart-png", "release-calendar",
    "publication-policy",
}  # fmt: skip
#: JSON reads that answer one format only, so `?format=` is an unknown parameter there.
ONE_FORMAT = {"indicator-chart-spec", "indicator-series-datawrapper", "oembed", "healthz", "readyz"}
#: Query parameters an endpoint cannot answer without (its path() carries them).
REQUIRED_QUERY = {"oembed": "url=http://testserver/embed/indicators/unemployment_rate/"}


@dataclass(frozen=True)
class Endpoint:
    """One route of the URL conf that answers GET."""

    name: str
    route: str
    view: object = field(compare=False, repr=False)
    actions: dict = field(compare=False, repr=False, default_factory=dict)

    @property
    def parameters(self) -> list[str]:
        return [regex_group or converter for regex_group, converter in PARAMETER.findall(self.route)]

    @property
    def unnamed_path(self) -> str:
        """The route as the OpenAPI schema writes it, parameters unnamed: `/api/v1/metrics/{}/`."""
        return "/" + WHOLE_PARAMETER.sub("{}", ANCHORS.sub("", self.route))

    @property
    def action(self) -> str | None:
        """A viewset's action for GET (`list`, `retrieve`); None for other views."""
        return self.actions.get("get")

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/v1/")

    @property
    def answers_json(self) -> bool:
        return self.name not in NOT_JSON

    @property
    def takes_format(self) -> bool:
        """Whether `?format=` picks a representation here (a list's downloads, `format=json`)."""
        return self.answers_json and self.name not in ONE_FORMAT

    @property
    def supports_as_of(self) -> bool:
        return bool(getattr(self.view, "supports_as_of", False))

    def path(self) -> str:
        """The endpoint's path with its parameters filled from the fixtures (needs the `published` database)."""
        kwargs = {}
        if self.name in NEEDS:
            first_of(NEEDS[self.name])
        for name in self.parameters:
            if self.name in FIRST_OF:
                kwargs[name] = first_of(FIRST_OF[self.name])
            else:
                kwargs[name] = EXAMPLES[name]
        query = REQUIRED_QUERY.get(self.name)
        return reverse(self.name, kwargs=kwargs) + (f"?{query}" if query else "")


def first_of(model: type[Model]) -> object:
    """The key of the model's first record; one the fixtures lack is made (MADE_FOR_THE_WALK)."""
    first = model.objects.order_by("pk").values_list("pk", flat=True).first()
    if first is None and model in MADE_FOR_THE_WALK:
        first = model.objects.create(**MADE_FOR_THE_WALK[model]).pk
    return first


def url_conf(patterns: list | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """Every route of the URL conf, as written (`api/v1/^metrics/$`), with its pattern; the skipped ones left out."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(NOT_WALKED_ROUTES):
            continue
        if isinstance(pattern, URLResolver):
            yield from url_conf(pattern.url_patterns, route)
        elif pattern.name not in NOT_WALKED_NAMES:
            yield route, pattern


def _endpoint(route: str, pattern: URLPattern) -> Endpoint | None:
    callback = pattern.callback
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", callback)
    actions = dict(getattr(callback, "actions", None) or {})
    if actions and "get" not in actions:
        return None
    return Endpoint(pattern.name, route, view, actions)


ENDPOINTS: list[Endpoint] = [e for e in (_endpoint(route, pattern) for route, pattern in url_conf()) if e]
BY_NAME = {endpoint.name: endpoint for endpoint in ENDPOINTS}


def names(
    *, api: bool | None = None, json: bool | None = None, action: str | None = None, as_of: bool | None = None
) -> list[str]:
    """URL names of the endpoints that match every given condition, in URL conf order: to parametrize a test."""
    return [
        endpoint.name
        for endpoint in ENDPOINTS
        if (api is None or endpoint.is_api == api)
        and (json is None or endpoint.answers_json == json)
        and (action is None or endpoint.action == action)
        and (as_of is None or endpoint.supports_as_of == as_of)
    ]


def writes() -> list[tuple[str, str]]:
    """(method, URL name) of every write a viewset route takes: POST on lists, PUT, PATCH, DELETE on records."""
    return [
        (method, endpoint.name)
        for endpoint in ENDPOINTS
        for method in endpoint.actions
        if method in ("post", "put", "patch", "delete")
    ]


def path(read: str) -> str:
    """The path of the endpoint named `read` (`observation-list`, or with a query: `observation-list?year=2017`)."""
    name, mark, query = read.partition("?")
    base = BY_NAME[name].path()
    return f"{base}{'&' if '?' in base and mark else mark}{query}"
