"""Rule 4: import_data reads JSON and CSV, all or nothing, idempotent; export_data round-trips."""

import csv
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from locations.models import Area, Location, Source
from metrics.models import Budget, Indicator, Observation, RefugeeCaseload
from publishing.models import Change
from tests.conftest import FIXTURES

HEADER = ("id,indicator,area,year,period_start,period_end,granularity,value,unit,qualifier,value_kind,derived,source,"
          "source_quote,note")  # fmt: skip
ROW = ("{id},staff,07137,2018,2018-01-01,2018-12-31,year,{value},persons,exact,point_in_time,false,kvmyk-pd-380-2017,"
       "Test.,")  # fmt: skip


def write(tmp_path: Path, name: str, *lines: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_data", *args, stdout=out)
    return out.getvalue()


def test_csv_of_the_metrics_columns_is_imported_and_idempotent(published, tmp_path):
    path = write(tmp_path, "metrics.csv", HEADER, ROW.format(id=1, value=230), ROW.format(id="", value=230)
                 .replace("2018", "2019"))  # fmt: skip
    assert "observations: 2 created, 0 updated, 0 unchanged" in run(str(path))
    assert Observation.objects.get(indicator="staff", year=2018).value == 230
    changes = Change.objects.count()
    assert "observations: 0 created, 0 updated, 2 unchanged" in run(str(path))
    assert Change.objects.count() == changes


def test_german_excel_dialect_is_read_too(published, tmp_path):
    lines = [HEADER.replace(",", ";"), ROW.format(id=1, value="3,5").replace(",", ";").replace("3;5", "3,5")]
    path = write(tmp_path, "metrics-de.csv", *lines, encoding="utf-8-sig")
    assert "observations: 1 created" in run(str(path))
    assert str(Observation.objects.get(indicator="staff", year=2018).value) == "3.5000"


def test_dry_run_reports_created_changed_and_left_and_writes_nothing(published, tmp_path):
    staff = Observation.objects.get(indicator="staff")
    changed = (f"{staff.pk},staff,07137,2017,2017-01-01,2017-12-31,year,225,persons,exact,point_in_time,false,"
               f'kvmyk-pd-380-2017,"{staff.source_quote}",')  # fmt: skip
    path = write(tmp_path, "metrics.csv", HEADER, ROW.format(id="", value=230), changed)
    out = run("--dry-run", str(path), str(FIXTURES / "catalogue.json"))
    assert out.startswith("Dry run, nothing written.")
    assert "observations: 1 created, 1 updated, 0 unchanged" in out
    assert "areas: 0 created, 0 updated, 3 unchanged" in out
    assert Observation.objects.get(pk=staff.pk).value == 224
    assert not Observation.objects.filter(indicator="staff", year=2018).exists()


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (ROW.format(id="", value=-1), "line 3: value:"),
        (ROW.format(id="", value="many"), "line 3: value:"),
        (ROW.format(id="", value=1).replace("2018-12-31", "2018-02-30"), "line 3: period_end:"),
        (ROW.format(id="", value=1).replace("07137", "99999"), "line 3: area:"),
        (ROW.format(id="", value=1).replace("staff", "nope"), "line 3: indicator:"),
        (ROW.format(id="", value=1).replace("false", "perhaps"), "line 3: derived:"),
        (ROW.format(id="", value=1).replace("point_in_time", "average"), "line 3: value_kind:"),
        (ROW.format(id="", value=1).replace("point_in_time", ""), "line 3: value_kind:"),
        (ROW.format(id="", value=1).replace("point_in_time", "change"), "line 3: value_kind:"),
        (ROW.format(id="", value=1) + ",extra", "line 3: columns:"),
    ],
)
def test_one_bad_row_writes_nothing_and_names_file_and_line(published, tmp_path, bad_row, message):
    path = write(tmp_path, "metrics.csv", HEADER, ROW.format(id="", value=230), bad_row)
    before = (Observation.objects.count(), Change.objects.count())
    with pytest.raises(CommandError) as error:
        run(str(path))
    assert f"Nothing was written. {path}, line" in str(error.value)
    assert message in str(error.value)
    assert (Observation.objects.count(), Change.objects.count()) == before


def test_a_csv_without_value_kind_names_the_missing_field(published, tmp_path):
    header = HEADER.replace(",value_kind", "")
    path = write(tmp_path, "metrics.csv", header, ROW.format(id="", value=1).replace("point_in_time,", ""))
    with pytest.raises(CommandError, match="line 2: value_kind: This field is required"):
        run(str(path))


def test_unknown_columns_are_refused(published, tmp_path):
    path = write(tmp_path, "metrics.csv", HEADER + ",colour", ROW.format(id="", value=1) + ",red")
    with pytest.raises(CommandError, match="line 1: columns: These columns match no data set"):
        run(str(path))


def test_a_bad_json_record_names_file_and_record(published, tmp_path):
    path = write(tmp_path, "bad.json", '{"areas": [{"code": "X1", "name_de": "X", "name_en": "X", "level": "planet"}]}')
    with pytest.raises(CommandError, match=r"bad.json: areas\[0\]: level:"):
        run(str(path))
    assert not Area.objects.filter(code="X1").exists()


def empty_database() -> None:
    for model in (Observation, RefugeeCaseload, Budget, Location, Indicator, Area, Source):
        model.objects.all().delete()


def without_ids(path: Path) -> list[list[str]]:
    rows = list(csv.reader(path.open(encoding="utf-8")))
    return [row[1:] for row in rows]


def test_export_import_into_an_empty_database_export_gives_identical_files(published, tmp_path):
    call_command("export_data", str(tmp_path / "first"))
    first = sorted((tmp_path / "first").iterdir())
    assert [p.name for p in first] == [
        "areas.json", "budgets.json", "indicators.json", "location_facts.json", "locations.json", "observations.csv",
        "observations.json", "refugee_caseloads.json", "sources.json",
    ]  # fmt: skip
    empty_database()
    run(*(str(p) for p in first if p.suffix == ".json"))
    call_command("export_data", str(tmp_path / "second"))
    for path in first:
        again = tmp_path / "second" / path.name
        if path.suffix == ".json":
            assert again.read_bytes() == path.read_bytes(), path.name
        else:  # database ids are new after a re-import on PostgreSQL; every other cell is the same
            assert without_ids(again) == without_ids(path)


def test_exported_csv_is_imported_into_an_empty_database(published, tmp_path):
    call_command("export_data", str(tmp_path / "first"))
    published_observations = Observation.objects.count()
    empty_database()
    catalogue = [tmp_path / "first" / f"{name}.json" for name in ("sources", "areas", "indicators")]
    assert f"observations: {published_observations} created" in run(
        *map(str, catalogue), str(tmp_path / "first" / "observations.csv")
    )
    call_command("export_data", str(tmp_path / "second"))
    assert (tmp_path / "second" / "observations.json").read_bytes() == (
        tmp_path / "first" / "observations.json"
    ).read_bytes()
