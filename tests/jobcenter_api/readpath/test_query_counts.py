"""Each list issues as many queries for 3 rows as for 300 (the numbers live in QUERY_COUNTS).

Every count includes the one query for the data version (ETag, Last-Modified);
lists with a `count` include the count query.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.cache import cache

from dataversion.services import bump_version
from locations.models import Area, AreaLevel, Location, Source
from metrics.models import Budget, BudgetCategory, Indicator, Observation, RefugeeBreakdown, RefugeeCaseload
from metrics.models.vocabulary import Granularity, Unit
from publishing.models import Change, Release

# path -> queries: data version, count (paginated lists), rows, then one per prefetch; the metrics
# read their citations' sources whole once per data version (jobcenter_api.readpath.small_tables), new here.
QUERY_COUNTS = {
    "/api/v1/indicators/": 3,
    "/api/v1/indicators/syn_indicator/series/": 3,
    "/api/v1/areas/": 3,
    "/api/v1/metrics/": 4,
    "/api/v1/years/": 4,
    "/api/v1/locations/": 4,
    "/api/v1/refugees/": 4,
    "/api/v1/refugees/breakdowns/": 3,
    "/api/v1/budgets/": 4,
    "/api/v1/budgets/categories/": 3,
    "/api/v1/sources/": 3,
    "/api/v1/changes/": 3,
    "/api/v1/releases/": 4,  # rows with their figures counted in subqueries, then their indicators
}
# Fiscal years are unique and lie in 1900..2100, so budgets (and years) stop at 200.
MANY = 300
MANY_YEARS = 200


def _source() -> Source:
    return Source.objects.get_or_create(
        id="syn-source", defaults={"title": "Synthetic", "publisher": "tests", "published": "2026"}
    )[0]


def _indicator() -> Indicator:
    return Indicator.objects.get_or_create(
        code="syn_indicator",
        defaults={"name_de": "x", "name_en": "x", "definition_de": "x", "definition_en": "x", "unit": Unit.PERSONS},
    )[0]


def _areas(n: int) -> list[Area]:
    return Area.objects.bulk_create(
        Area(code=f"SYN{i:04d}", name_de=f"S{i}", name_en=f"S{i}", level=AreaLevel.DISTRICT) for i in range(n)
    )


def make_observations(n: int, *, years: int | None = None) -> None:
    indicator, source, areas = _indicator(), _source(), _areas(n)
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            area=area,
            period_start=dt.date(1900 + i % (years or 100), 1, 1),
            period_end=dt.date(1900 + i % (years or 100), 12, 31),
            year=1900 + i % (years or 100),
            granularity=Granularity.YEAR,
            unit=Unit.PERSONS,
            value=Decimal(i),
            source=source,
            source_quote="x",
        )
        for i, area in enumerate(areas)
    )


def make_indicators(n: int) -> None:
    Indicator.objects.bulk_create(
        Indicator(code=f"syn_{i}", name_de="x", name_en="x", definition_de="x", definition_en="x", unit=Unit.PERCENT)
        for i in range(n)
    )


def make_sources(n: int) -> None:
    Source.objects.bulk_create(Source(id=f"syn-{i}", title="x", publisher="x", published="2026") for i in range(n))


def make_changes(n: int) -> None:
    Change.objects.bulk_create(
        Change(
            resource="sources",
            object_id=f"syn-{i}",
            action="created",
            changed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            changes={"title": {"old": None, "new": "x"}},
        )
        for i in range(n)
    )


def make_releases(n: int) -> None:
    releases = Release.objects.bulk_create(
        Release(title_de=f"R{i}", scheduled_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=i))
        for i in range(n)
    )
    indicator = _indicator()
    Release.indicators.through.objects.bulk_create(
        Release.indicators.through(release=release, indicator=indicator) for release in releases
    )
    make_observations(3)
    Observation.objects.update(release=releases[0])


def make_locations(n: int) -> None:
    source = _source()
    Location.objects.bulk_create(
        Location(slug=f"syn-{i}", name="x", city="x", source=source, source_quote="x") for i in range(n)
    )


def make_caseloads(n: int) -> None:
    source = _source()
    caseloads = RefugeeCaseload.objects.bulk_create(
        RefugeeCaseload(year=2000, reference_date=dt.date(2000, 1, 1) + dt.timedelta(days=i), total=10, source=source)
        for i in range(n)
    )
    RefugeeBreakdown.objects.bulk_create(
        RefugeeBreakdown(caseload=caseload, dimension="age_group", group=group, count=5)
        for caseload in caseloads
        for group in ("15-50", "other")
    )


def make_budgets(n: int) -> None:
    source = _source()
    budgets = Budget.objects.bulk_create(
        Budget(fiscal_year=1900 + i, total=100, source=source, source_quote="x") for i in range(n)
    )
    BudgetCategory.objects.bulk_create(
        BudgetCategory(budget=budget, code="c", name_de="x", name_en="x", amount=1, source_quote="x")
        for budget in budgets
    )


def make_categories(n: int) -> None:
    budget = Budget.objects.create(fiscal_year=2000, total=100, source=_source(), source_quote="x")
    BudgetCategory.objects.bulk_create(
        BudgetCategory(budget=budget, code=f"c{i}", name_de="x", name_en="x", amount=1, source_quote="x")
        for i in range(n)
    )


MAKERS: dict[str, tuple[Callable[[int], None], int]] = {
    "/api/v1/indicators/": (make_indicators, MANY),
    "/api/v1/indicators/syn_indicator/series/": (make_observations, MANY),
    "/api/v1/areas/": (_areas, MANY),
    "/api/v1/metrics/": (make_observations, MANY),
    "/api/v1/years/": (lambda n: make_observations(n, years=n), MANY_YEARS),
    "/api/v1/locations/": (make_locations, MANY),
    "/api/v1/refugees/": (make_caseloads, MANY),
    "/api/v1/refugees/breakdowns/": (make_caseloads, MANY),
    "/api/v1/budgets/": (make_budgets, MANY_YEARS),
    "/api/v1/budgets/categories/": (make_categories, MANY),
    "/api/v1/sources/": (make_sources, MANY),
    "/api/v1/changes/": (make_changes, MANY),
    "/api/v1/releases/": (make_releases, MANY),
}


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_every_list_has_a_query_count():
    assert set(MAKERS) == set(QUERY_COUNTS)


@pytest.mark.parametrize("rows", [3, "many"])
@pytest.mark.parametrize("path", sorted(QUERY_COUNTS))
def test_list_query_count_does_not_grow_with_rows(db, api, django_assert_num_queries, path, rows):
    make, many = MAKERS[path]
    make(many if rows == "many" else rows)
    bump_version()  # bulk_create sends no signals; bulk writes bump the version themselves
    url = path if path.endswith("/series/") else f"{path}?limit=1000"
    with django_assert_num_queries(QUERY_COUNTS[path]):
        response = api.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    shown = len(body["series"][0]["points"]) * len(body["series"]) if "series" in body else len(body["results"])
    assert shown >= (many if rows == "many" else rows)


def test_filter_codes_are_checked_once_per_data_version(api, published, django_assert_num_queries):
    """A filter's codes are looked up in the version's table, read once: no query per request."""
    url = "/api/v1/metrics/?area=07137,07&indicator=unemployment_rate,staff&source=kvmyk-pd-380-2017"
    assert api.get(url).status_code == 200
    with django_assert_num_queries(2):  # data version and page: codes, sources and count are this version's
        assert api.get(url, HTTP_ACCEPT="application/json; q=0.9").status_code == 200

    with django_assert_num_queries(2):  # data version, and the code the table lacks looked up
        response = api.get("/api/v1/metrics/?area=07137,NOPE")
    assert response.status_code == 400
    assert "NOPE" in str(response.json()["area"])

    Area.objects.create(code="NEW1", name_de="Neu", name_en="New", level=AreaLevel.DISTRICT)
    assert api.get("/api/v1/metrics/?area=NEW1").status_code == 200
    Area.objects.filter(code="NEW1").delete()
    response = api.get("/api/v1/metrics/?area=NEW1")
    assert response.status_code == 400
    assert "NEW1" in str(response.json()["area"])
