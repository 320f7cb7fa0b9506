"""Reads that are more than a queryset attribute: a year's content, year counts, series and their pivot.

Views and serializers only wire these to HTTP. Each read works on current data or, with
`as_of`, on the data as published at that moment (jobcenter_api.readpath.vintages).
"""

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import TypedDict

from django.db.models import Count, QuerySet, prefetch_related_objects
from django.utils import timezone

from jobcenter_api.api.fields import plain_number
from jobcenter_api.http.language import data_language
from jobcenter_api.readpath.embargo import hidden_releases
from jobcenter_api.readpath.vintages import attach_vintage_relations, published
from locations.models import Area, Source
from metrics.models import Budget, BudgetCategory, Indicator, Observation, RefugeeBreakdown, RefugeeCaseload
from metrics.models.vocabulary import ValueKind
from metrics.presentation import period_label

YEAR_COLLECTIONS = ("metrics", "refugees", "budgets")
# The rows a series point reads beside its observation, as of a vintage too.
SERIES_PARENTS = {"source": Source, "area": Area}


class YearSummary(TypedDict):
    year: int
    metrics: int
    refugees: int
    budgets: int


class YearContent(TypedDict):
    year: int
    metrics: list[Observation]
    refugees: list[RefugeeCaseload]
    budgets: list[Budget]


def area_name(area: Area) -> str:
    """The area's name in the language of the request's data."""
    return getattr(area, f"name_{data_language()}")


def year_counts(*, as_of: dt.datetime | None = None) -> dict[int, dict[str, int]]:
    """How many metrics, refugee caseloads and budgets each year has (now or at `as_of`): three queries."""
    counts: dict[int, dict[str, int]] = {}
    collections = (
        ("metrics", published(Observation, as_of).values_list("year")),
        ("refugees", published(RefugeeCaseload, as_of).values_list("year")),
        ("budgets", published(Budget, as_of).values_list("fiscal_year")),
    )
    for name, queryset in collections:
        for year, count in queryset.annotate(n=Count("pk")).order_by():
            counts.setdefault(year, dict.fromkeys(YEAR_COLLECTIONS, 0))[name] = count
    return counts


def year_summaries(*, as_of: dt.datetime | None = None) -> list[YearSummary]:
    """The years with data, oldest first, each with its counts."""
    return [{"year": year, **counts} for year, counts in sorted(year_counts(as_of=as_of).items())]


def year_content(*, year: int, as_of: dt.datetime | None = None) -> YearContent | None:
    """Everything published for `year`, each figure with its source (fetched once per list); None if nothing."""
    content: YearContent = {
        "year": year,
        "metrics": list(published(Observation, as_of).filter(year=year).order_by(*Observation._meta.ordering)),
        "refugees": list(published(RefugeeCaseload, as_of).filter(year=year).order_by("reference_date", "id")),
        "budgets": list(published(Budget, as_of).filter(fiscal_year=year)),
    }
    if not (content["metrics"] or content["refugees"] or content["budgets"]):
        return None
    if as_of is None:
        prefetch_related_objects(content["metrics"], "source")
        prefetch_related_objects(content["refugees"], "breakdowns", "source")
        prefetch_related_objects(content["budgets"], "categories", "source")
    else:
        sources = {"source": Source}
        attach_vintage_relations(content["metrics"], as_of, parents=sources, children={})
        attach_vintage_relations(
            content["refugees"], as_of, parents=sources, children={"breakdowns": (RefugeeBreakdown, "caseload_id")}
        )
        attach_vintage_relations(
            content["budgets"], as_of, parents=sources, children={"categories": (BudgetCategory, "budget_id")}
        )
    return content


def published_indicator(*, code: str, as_of: dt.datetime | None = None) -> Indicator | None:
    """The indicator `code` as published now or at `as_of`; None if it was not."""
    return published(Indicator, as_of).filter(code=code).first()


def series_observations(queryset: QuerySet, *, indicator: Indicator) -> QuerySet:
    """The indicator's rows of `queryset` (already filtered) in series order: by area, then by period."""
    return queryset.filter(indicator=indicator).order_by("area_id", "period_end", "period_start", "id")


def series_points(observations: QuerySet, *, as_of: dt.datetime | None = None) -> list[Observation]:
    """The series' rows, with their area and source as published at `as_of`."""
    points = list(observations)
    if as_of is not None:
        attach_vintage_relations(points, as_of, parents=SERIES_PARENTS, children={})
    return points


KIND_ORDER = {kind: index for index, kind in enumerate(ValueKind.values)}


def series_key(observation: Observation) -> tuple[str, int]:
    """Which series a point belongs to: its area and its kind of value, in the order of ValueKind."""
    return observation.area_id, KIND_ORDER[observation.value_kind]


def group_series(*, indicator: Indicator, observations: list[Observation]) -> dict:
    """One series per area and kind of value, by area code: an annual average and a value at one moment
    of the same year are two series, so a chart never joins them."""
    by_series: dict[tuple[str, int], list[Observation]] = defaultdict(list)
    for observation in observations:
        by_series[series_key(observation)].append(observation)
    return {
        "indicator": indicator.code,
        "unit": indicator.unit,
        "series": [
            {"area": area, "area_name": area_name(points[0].area), "value_kind": points[0].value_kind, "points": points}
            for (area, _), points in sorted(by_series.items())
        ],
    }


def pivot_series(*, indicator: Indicator, observations: list[Observation]) -> dict:
    """One row per area and kind of value, one column per period; where two sources give a row's value
    for one period, one column per source.

    Such a period's columns read `2017 (source-id)`, so no value is dropped or chosen for the reader.
    """
    cells: dict[tuple[tuple[str, int], str], list[Observation]] = defaultdict(list)
    for observation in observations:
        label = period_label(observation.period_start, observation.period_end, observation.granularity)
        cells[(series_key(observation), label)].append(observation)
    contested = {label for (_, label), found in cells.items() if len(found) > 1}
    periods: dict[str, tuple] = {}
    rows: dict[tuple[str, int], dict] = {}
    for (key, label), found in cells.items():
        for observation in found:
            column = f"{label} ({observation.source_id})" if label in contested else label
            periods[column] = (observation.period_start, observation.period_end, observation.source_id)
            row = rows.setdefault(
                key,
                {
                    "area": observation.area_id,
                    "area_name": area_name(observation.area),
                    "value_kind": observation.value_kind,
                    "values": {},
                    "qualifiers": {},
                    "statuses": {},
                },
            )
            row["values"][column] = observation.value
            row["qualifiers"][column] = observation.qualifier
            row["statuses"][column] = observation.status
    return {
        "indicator": indicator.code,
        "unit": indicator.unit,
        "shape": "wide",
        "periods": sorted(periods, key=periods.__getitem__),
        "rows": [rows[key] for key in sorted(rows)],
    }


def pivot_columns(table: dict) -> list[str]:
    """The columns of a pivot's CSV and XLSX: `area`, `area_name`, `value_kind`, then one per period."""
    return ["area", "area_name", "value_kind", *table["periods"]]


def pivot_rows(table: dict) -> list[dict]:
    """The pivot's rows as CSV and XLSX have them: `area`, `area_name`, `value_kind`, then a cell per period."""
    return [
        {
            "area": row["area"],
            "area_name": row["area_name"],
            "value_kind": row["value_kind"],
            **{label: plain_number(value) for label, value in row["values"].items()},
        }
        for row in table["rows"]
    ]


def budget_category_tree(budget: Budget) -> list[BudgetCategory]:
    """The budget's top-level categories, each with `tree_children`, from its (prefetched) categories."""
    categories = list(budget.categories.all())
    children: dict[int | None, list[BudgetCategory]] = defaultdict(list)
    for category in categories:
        children[category.parent_id].append(category)
    for category in categories:
        category.tree_children = children[category.pk]
    return children[None]


class Revision(TypedDict):
    value: Decimal
    status: str
    qualifier: str
    note: str
    valid_from: dt.datetime
    valid_to: dt.datetime | None
    release: int | None


#: What a reader of a figure sees change; an edit of anything else (its quote, its source) is no revision.
REVISION_FIELDS = ("value", "status", "qualifier", "note", "release")


def observation_revisions(pk: int) -> list[Revision]:
    """Every state figure `pk` has had in public, oldest first; empty if it never was public (a 404)."""
    records = Observation.history.filter(id=pk).select_related("release").order_by("history_date", "history_id")
    return public_states(list(records))


def revised_observations(pks: list[int]) -> set[int]:
    """Which of the figures `pks` have had more than one state in public: one query for all of them."""
    records: dict[int, list] = defaultdict(list)
    history = Observation.history.filter(id__in=pks).select_related("release")
    for record in history.order_by("id", "history_date", "history_id"):
        records[record.id].append(record)
    return {pk for pk, rows in records.items() if len(public_states(rows)) > 1}


def public_states(records: list) -> list[Revision]:
    """The states of one figure's history `records` (oldest first) that were public, and when.

    A state is public from its write, or from its release's moment if that is later, until the next
    write (or the delete). A state whose release has not passed now (or is cancelled), or which was
    replaced before its release's moment, was never public and is left out, so nothing under embargo
    shows. Public states in a row that look the same to a reader are one revision.
    """
    hidden, now = hidden_releases(), timezone.now()
    revisions: list[Revision] = []
    for record, following in zip(records, [*records[1:], None], strict=False):  # the last has no following
        if record.history_type == "-":
            continue
        start = record.history_date
        if record.release_id is not None:
            release = record.release  # None where the release was deleted: it never published this state
            if release is None or record.release_id in hidden or not release.is_public(now):
                continue
            start = max(start, release.scheduled_at)
        end = None if following is None else following.history_date
        if end is not None and end <= start:
            continue
        state = {name: getattr(record, f"{name}_id" if name == "release" else name) for name in REVISION_FIELDS}
        previous = revisions[-1] if revisions else None
        if previous and previous["valid_to"] == start and all(previous[k] == v for k, v in state.items()):
            previous["valid_to"] = end
            continue
        revisions.append({**state, "valid_from": start, "valid_to": end})
    return revisions
