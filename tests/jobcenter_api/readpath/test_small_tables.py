"""The per-version cache of whole small tables (jobcenter_api/readpath/small_tables.py)."""

from dataversion.services import INITIAL_TOKEN
from jobcenter_api.readpath.small_tables import SmallTables
from locations.models import Area, AreaLevel
from metrics.models import Indicator, Source


def test_a_table_is_read_once_per_version(published, django_assert_num_queries):
    tables = SmallTables(size=4)
    with django_assert_num_queries(1):
        first = tables.table(Area, "default", "v1")
        assert tables.table(Area, "default", "v1") is first
    assert set(first) == set(Area.objects.values_list("pk", flat=True))
    with django_assert_num_queries(1):
        tables.table(Area, "default", "v2")


def test_nothing_is_kept_without_a_version_row(published, django_assert_num_queries):
    """`flush` brings back the initial token: a table kept under it could outlive its rows."""
    tables = SmallTables(size=4)
    with django_assert_num_queries(2):
        tables.table(Area, "default", INITIAL_TOKEN)
        tables.table(Area, "default", INITIAL_TOKEN)
    assert tables.tables == {}


def test_the_least_recently_used_table_goes_first(published, django_assert_num_queries):
    """A long export of an old version must not push out the table every request uses."""
    tables = SmallTables(size=2)
    tables.table(Area, "default", "current")
    tables.table(Area, "default", "old")
    tables.table(Area, "default", "current")  # used again: now the newest
    tables.table(Indicator, "default", "current")
    assert list(tables.tables) == [(Area, "default", "current"), (Indicator, "default", "current")]
    with django_assert_num_queries(0):
        tables.table(Area, "default", "current")


def test_a_row_created_after_the_table_was_read_is_found(published):
    tables = SmallTables(size=4)
    tables.table(Area, "default", "v1")
    Area.objects.create(code="NEW1", name_de="Neu", name_en="New", level=AreaLevel.DISTRICT)
    assert tables.get(Area, "default", "v1", "NEW1").pk == "NEW1"
    assert "NEW1" in tables.table(Area, "default", "v1")
    assert tables.get(Area, "default", "v1", "NOPE") is None
    assert "NOPE" not in tables.table(Area, "default", "v1")
    assert tables.get(Source, "default", "v1", None) is None
