"""The catalogue's dates: temporal coverage from the data, `dct:modified` from the change log."""

import datetime as dt

import pytest
from rdflib import RDF, Graph, Literal
from rdflib.namespace import DCAT, DCTERMS, XSD

from dataversion.models import DataVersion
from dataversion.services import current_version
from locations.models import Area, Source
from metrics.models import Indicator, Observation
from publishing.models import Change
from tests.publishing.catalog.rdf import (
    DATASETS,
    catalog_graph,
    cited_sources,
    dataset,
    date_time,
    expected_period,
    shacl,
)
from tests.publishing.conftest import LAUNCH, on_day


@pytest.mark.parametrize("slug", DATASETS)
def test_temporal_coverage_comes_from_the_data(api, published, slug):
    graph = catalog_graph(api)
    period = graph.value(dataset(graph, slug), DCTERMS.temporal)
    start, end = expected_period(slug)
    assert graph.value(period, DCAT.startDate).toPython() == start
    assert graph.value(period, DCAT.endDate).toPython() == end


def test_the_press_release_alone_gives_2017_for_refugees_and_budgets(api, published):
    graph = catalog_graph(api)
    for slug in ("refugees", "budgets"):
        period = graph.value(dataset(graph, slug), DCTERMS.temporal)
        assert graph.value(period, DCAT.startDate).toPython() == dt.date(2017, 1, 1)
        assert graph.value(period, DCAT.endDate).toPython() == dt.date(2017, 12, 31)


def test_temporal_coverage_follows_new_observations(api, published):
    Observation.objects.create(
        indicator=Indicator.objects.get(code="staff"),
        area=Area.objects.get(code="07137"),
        period_start=dt.date(2099, 1, 1),
        period_end=dt.date(2099, 12, 31),
        value=1,
        source=Source.objects.get(id="kvmyk-pd-380-2017"),
        source_quote="test",
    )
    graph = catalog_graph(api)
    period = graph.value(dataset(graph, "metrics"), DCTERMS.temporal)
    assert graph.value(period, DCAT.endDate).toPython() == dt.date(2099, 12, 31)


def modified(graph: Graph) -> dict[str, Literal]:
    """dct:modified of each data set, and of each of its distributions (which must agree)."""
    found = {}
    for slug in DATASETS:
        node = dataset(graph, slug)
        found[slug] = graph.value(node, DCTERMS.modified)
        for distribution in graph.objects(node, DCAT.distribution):
            assert graph.value(distribution, DCTERMS.modified) == found[slug], distribution
    return found


def test_a_write_through_the_api_moves_that_data_sets_modified_only(api, editor, launched):
    with on_day(12):
        response = editor.patch("/api/v1/budgets/2017/", {"note": "corrected"}, format="json")
    assert response.status_code == 200, response.content
    graph = catalog_graph(api)
    day_12 = date_time(dt.datetime(2026, 1, 12, 12, 0, tzinfo=LAUNCH.tzinfo))
    unchanged = {slug: date_time(LAUNCH) for slug in ("metrics", "locations", "refugees")}
    assert modified(graph) == {**unchanged, "budgets": day_12}
    [catalog] = graph.subjects(RDF.type, DCAT.Catalog)
    assert graph.value(catalog, DCTERMS.modified) == day_12
    assert graph.value(catalog, DCTERMS.modified).datatype == XSD.dateTime
    assert shacl(graph)[0]


def test_a_deletion_moves_the_data_sets_modified(api, editor, launched):
    with on_day(13):
        assert editor.delete("/api/v1/locations/bendorf/").status_code == 204
    changed = modified(catalog_graph(api))
    assert changed["locations"] == date_time(dt.datetime(2026, 1, 13, 12, 0, tzinfo=LAUNCH.tzinfo))
    assert changed["metrics"] == date_time(LAUNCH)


def test_an_edited_source_moves_the_data_sets_that_cite_it(api, editor, launched):
    source = Source.objects.filter(observations__isnull=False, budgets__isnull=True).first()
    citing = {slug for slug in DATASETS if source.id in {s["id"] for s in cited_sources(slug)}}
    assert "metrics" in citing and "budgets" not in citing
    with on_day(14):
        response = editor.patch(
            f"/api/v1/sources/{source.id}/", {"title": f"{source.title} (corrected)"}, format="json"
        )
    assert response.status_code == 200, response.content
    day_14 = date_time(dt.datetime(2026, 1, 14, 12, 0, tzinfo=LAUNCH.tzinfo))
    changed = modified(catalog_graph(api))
    assert changed == {slug: day_14 if slug in citing else date_time(LAUNCH) for slug in DATASETS}


def test_without_log_entries_modified_is_the_last_write(api, launched):
    """Rows the log never saw (a bulk load, data older than the log): the data version's time, never earlier."""
    Change.objects.all().delete()
    graph = catalog_graph(api)
    last_write = date_time(current_version().changed_at)
    assert set(modified(graph).values()) == {last_write}
    assert shacl(graph)[0]


def test_an_empty_database_gives_the_time_it_was_set_up(api, db):
    graph = catalog_graph(api)
    assert set(modified(graph).values()) == {date_time(current_version().changed_at)}


def test_no_modified_without_a_data_version(api, db):
    """Never a made-up date: without the version row (a flushed table) the catalogue says nothing."""
    DataVersion.objects.all().delete()
    graph = catalog_graph(api)
    assert set(modified(graph).values()) == {None}
    # A distribution's dct:modified is recommended: its absence is a warning, not a violation.
    assert not shacl(graph)[0]
    assert shacl(graph, allow_warnings=True)[0]
