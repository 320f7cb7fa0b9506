import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dataversion.services import current_version
from locations.models import Area
from metrics.models import Observation
from metrics.models.vocabulary import Granularity
from metrics.synthetic import AREA_COUNT, INDICATOR_COUNT, SOURCE_ID


def index_names() -> set[tuple[str, tuple[str, ...]]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "metrics_observation")
    return {(name, tuple(info["columns"])) for name, info in constraints.items() if info["index"]}


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_synthetic", *args, stdout=out)
    return out.getvalue()


def test_generate_synthetic_adds_n_observations_under_syn_areas(db):
    before = current_version()
    assert "5000 synthetic observations" in run("--observations", "5000")
    synthetic = Observation.objects.filter(source_id=SOURCE_ID)
    assert synthetic.count() == 5000
    assert not synthetic.exclude(area__code__startswith="SYN").exists()
    assert Area.objects.filter(code__startswith="SYN").count() == AREA_COUNT
    assert synthetic.order_by().values("indicator").distinct().count() == INDICATOR_COUNT
    assert set(synthetic.values_list("granularity", flat=True)) == {Granularity.MONTH}
    assert current_version() != before


def test_generate_synthetic_refuses_twice_and_clears(db):
    run("--observations", "10")
    with pytest.raises(CommandError, match="--clear"):
        run("--observations", "10")
    run("--clear", "--observations", "20")
    assert Observation.objects.filter(source_id=SOURCE_ID).count() == 20


@pytest.mark.postgres
def test_copy_keeps_every_index(db):
    indexes = index_names()
    run("--observations", "500")
    assert index_names() == indexes
    assert Observation.objects.filter(source_id=SOURCE_ID).count() == 500
