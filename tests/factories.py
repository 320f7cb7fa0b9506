"""Synthetic rows for tests: areas under codes starting `SYN`, never real figures."""

import datetime as dt
from decimal import Decimal

from locations.models import Area, Location, Source
from metrics.models import Budget, BudgetCategory, Indicator, Observation, RefugeeBreakdown, RefugeeCaseload
from metrics.models.vocabulary import Unit

SYNTHETIC_QUOTE = "Synthetic test data, not from any source."


def synthetic_source(slug: str = "syn-source") -> Source:
    source, _ = Source.objects.get_or_create(
        id=slug, defaults={"title": "Synthetic source", "publisher": "Tests", "published": "2000"}
    )
    return source


def synthetic_area(code: str = "SYN01") -> Area:
    assert code.startswith("SYN")
    area, _ = Area.objects.get_or_create(
        code=code, defaults={"name_de": f"Testgebiet {code}", "name_en": f"Test area {code}", "level": "municipality"}
    )
    return area


def synthetic_indicator(code: str = "syn_count", unit: str = Unit.PERSONS) -> Indicator:
    indicator, _ = Indicator.objects.get_or_create(
        code=code,
        defaults={
            "name_de": f"Test {code}",
            "name_en": f"Test {code}",
            "definition_de": "Synthetisch.",
            "definition_en": "Synthetic.",
            "unit": unit,
        },
    )
    return indicator


def synthetic_observations(n: int, *, start: int = 0) -> list[Observation]:
    """`n` observations, one per synthetic area and year, each through save() so derived fields are set."""
    indicator, source = synthetic_indicator(), synthetic_source()
    rows = []
    for i in range(start, start + n):
        area = synthetic_area(f"SYN{i % 5:02d}")
        year = 1950 + i // 5
        rows.append(
            Observation.objects.create(
                indicator=indicator,
                area=area,
                period_start=dt.date(year, 1, 1),
                period_end=dt.date(year, 12, 31),
                value=Decimal(i),
                source=source,
                source_quote=SYNTHETIC_QUOTE,
            )
        )
    return rows


def synthetic_areas(n: int, *, start: int = 0) -> None:
    for i in range(start, start + n):
        synthetic_area(f"SYN{i:03d}")


def synthetic_indicators(n: int, *, start: int = 0) -> None:
    for i in range(start, start + n):
        synthetic_indicator(f"syn_indicator_{i}")


def synthetic_sources(n: int, *, start: int = 0) -> None:
    for i in range(start, start + n):
        synthetic_source(f"syn-source-{i}")


def synthetic_locations(n: int, *, start: int = 0) -> None:
    source = synthetic_source()
    for i in range(start, start + n):
        Location.objects.create(
            slug=f"syn-site-{i}", name=f"Test site {i}", city="Test", source=source, source_quote=SYNTHETIC_QUOTE
        )


def synthetic_caseloads(n: int, *, start: int = 0) -> None:
    """`n` caseloads with two breakdowns each."""
    source = synthetic_source()
    for i in range(start, start + n):
        caseload = RefugeeCaseload.objects.create(year=1950 + i, total=100, source=source, source_quote=SYNTHETIC_QUOTE)
        RefugeeBreakdown.objects.create(caseload=caseload, dimension="syn_dimension", group="a", count=10)
        RefugeeBreakdown.objects.create(caseload=caseload, dimension="syn_dimension", group="b", share_percent=50)


def synthetic_budget(fiscal_year: int, *, total: int = 1000) -> Budget:
    """A budget with a top-level category that has a child, and a second top-level category."""
    budget = Budget.objects.create(
        fiscal_year=fiscal_year, total=total, source=synthetic_source(), source_quote=SYNTHETIC_QUOTE
    )
    parent = BudgetCategory.objects.create(
        budget=budget, code="syn_parent", name_de="Eltern", name_en="Parent", amount=300, source_quote=SYNTHETIC_QUOTE
    )
    BudgetCategory.objects.create(
        budget=budget,
        code="syn_child",
        name_de="Kind",
        name_en="Child",
        amount=100,
        parent=parent,
        source_quote=SYNTHETIC_QUOTE,
    )
    BudgetCategory.objects.create(
        budget=budget, code="syn_other", name_de="Andere", name_en="Other", amount=200, source_quote=SYNTHETIC_QUOTE
    )
    return budget


def synthetic_budgets(n: int, *, start: int = 0) -> None:
    for i in range(start, start + n):
        synthetic_budget(1950 + i)
