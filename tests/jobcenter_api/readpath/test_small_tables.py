"""The per-version cache of whole small tables (jobcenter_api/readpath/small_tables.py)."""

from dataversion.services import INITIAL_TOKEN
from jobcenter_api.readpath import small_tables
from locations.models import Area, AreaLevel
from metrics.models import Indicator, Source


def test_a_table_is_read_once_per_version(published, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = small_tables.table(Area, "default", "v1")
        assert small_tables.table(Area, "default", "v1") is first
    assert set(first) == set(Area.objects.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        small_tables.table(Area, "default", "v2")


def test_nothing_is_kept_without_a_version_row(published, django_assert_num_queries):
    """`flush` brings back the initial token: a table kept under it could outlive its rows."""
    with django_assert_num_queries(2):
        small_tables.table(Area, "default", INITIAL_TOKEN)
        small_tables.table(Area, "default", INITIAL_TOKEN)
    assert small_tables.tables.entries == {}


def test_the_least_recently_used_table_goes_first(published, monkeypatch, django_assert_num_queries):
    """A long export of an old version must not push out the table every request uses."""
    monkeypatch.setattr(small_tables.tables, "size", 2)
    small_tables.table(Area, "default", "current")
    small_tables.table(Area, "default", "old")
    small_tables.table(Area, "default", "current")  # used again: now the newest
    small_tables.table(Indicator, "default", "current")
    assert list(small_tables.tables.entries) == [("current", (Area, "default")), ("current", (Indicator, "default"))]
    with django_assert_num_queries(0):
        small_tables.table(Area, "default", "current")


def test_a_row_created_after_the_table_was_read_is_found(published):
    small_tables.table(Area, "default", "v1")
    Area.objects.create(code="NEW1", name_de="Neu", name_en="New", level=AreaLevel.DISTRICT)
    assert small_tables.row(Area, "default", "v1", "NEW1").pk == "NEW1"
    assert "NEW1" in small_tables.table(Area, "default", "v1")
    assert small_tables.row(Area, "default", "v1", "NOPE") is None
    assert "NOPE" not in small_tables.table(Area, "default", "v1")
    assert small_tables.row(Source, "default", "v1", None) is None
