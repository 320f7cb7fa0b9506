"""A figure's status (final, provisional, estimated) in every read: JSON, CSV, XLSX, series, SDMX-CSV,
JSON-stat, the dataflow's code list, the `status` filter and the schema."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest

from metrics.models import Budget, Observation, RefugeeCaseload
from metrics.models.vocabulary import SDMX_OBS_STATUS
from tests.assertions import assert_bad_parameter, assert_json, results
from tests.factories import SYNTHETIC_QUOTE, synthetic_area, synthetic_indicator, synthetic_source

STATUSES = {"SYN01": "final", "SYN02": "provisional", "SYN03": "estimated"}


@pytest.fixture
def statuses(published) -> dict[str, Observation]:
    """One synthetic figure of each status (areas SYN01..03, 1990), a provisional caseload, an estimated budget."""
    indicator, source = synthetic_indicator(), synthetic_source()
    figures = {
        status: Observation.objects.create(
            indicator=indicator,
            area=synthetic_area(area),
            period_start=dt.date(1990, 1, 1),
            period_end=dt.date(1990, 12, 31),
            value=Decimal(len(status)),
            status=status,
            source=source,
            source_quote=SYNTHETIC_QUOTE,
        )
        for area, status in STATUSES.items()
    }
    RefugeeCaseload.objects.create(
        year=1990, total=5, status="provisional", source=source, source_quote=SYNTHETIC_QUOTE
    )
    Budget.objects.create(
        fiscal_year=1990, total=Decimal(7), status="estimated", source=source, source_quote=SYNTHETIC_QUOTE
    )
    return figures


def body_text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8").removeprefix("\ufeff")


def csv_dicts(response, delimiter: str = ",") -> list[dict]:
    return list(csv.DictReader(io.StringIO(body_text(response), newline=""), delimiter=delimiter))


def xlsx_dicts(response) -> list[dict]:
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header, *rows = [list(row) for row in workbook.active.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_every_list_gives_status_in_json_csv_csv_de_and_xlsx(api, statuses):
    for path, key, expected in [
        ("/api/v1/metrics/?indicator=syn_count", "area", STATUSES),
        ("/api/v1/refugees/?year=1990", "year", {"1990": "provisional"}),
        ("/api/v1/budgets/?fiscal_year=1990", "fiscal_year", {"1990": "estimated"}),
    ]:
        assert {str(row[key]): row["status"] for row in results(api.get(path))} == expected
        assert {row[key]: row["status"] for row in csv_dicts(api.get(f"{path}&format=csv"))} == expected
        german = csv_dicts(api.get(f"{path}&format=csv-de"), delimiter=";")
        assert {row[key]: row["status"] for row in german} == expected
        assert {str(row[key]): row["status"] for row in xlsx_dicts(api.get(f"{path}&format=xlsx"))} == expected


def test_a_figure_s_detail_names_its_status(api, statuses):
    body = assert_json(api.get(f"/api/v1/metrics/{statuses['provisional'].pk}/"), 200)
    assert body["status"] == "provisional"


def test_series_points_and_their_downloads_carry_the_status(api, statuses):
    series = assert_json(api.get("/api/v1/indicators/syn_count/series/"), 200)["series"]
    assert {s["area"]: [p["status"] for p in s["points"]] for s in series} == {
        area: [status] for area, status in STATUSES.items()
    }
    rows = csv_dicts(api.get("/api/v1/indicators/syn_count/series/?format=csv"))
    assert {row["area"]: row["status"] for row in rows} == STATUSES
    rows = xlsx_dicts(api.get("/api/v1/indicators/syn_count/series/?format=xlsx"))
    assert {row["area"]: row["status"] for row in rows} == STATUSES
    wide = assert_json(api.get("/api/v1/indicators/syn_count/series/?shape=wide"), 200)
    assert {row["area"]: row["statuses"] for row in wide["rows"]} == {
        area: {"1990": status} for area, status in STATUSES.items()
    }


def test_sdmx_csv_writes_the_status_as_obs_status_a_p_e(api, statuses):
    rows = csv_dicts(api.get("/api/v1/metrics/?indicator=syn_count&format=sdmx-csv&lang=en"))
    by_area = {row["REF_AREA: Reference area"].split(": ")[0]: row["OBS_STATUS: Observation status"] for row in rows}
    assert by_area == {
        "SYN01": "A: Normal value",
        "SYN02": "P: Provisional value",
        "SYN03": "E: Estimated value",
    }


def test_jsonstat_marks_provisional_and_estimated_values(api, statuses):
    document = json.loads(api.get("/api/v1/metrics/?indicator=syn_count&format=jsonstat").content)
    areas = document["dimension"]["area"]["category"]["index"]
    by_area = {areas[int(offset)]: code for offset, code in document["status"].items()}
    assert by_area == {"SYN02": "p", "SYN03": "e"}
    assert set(document["extension"]["status"]) == {"p", "e"}


def test_the_dataflow_publishes_cl_obs_status(api, published):
    body = assert_json(api.get("/api/v1/sdmx/dataflow/"), 200)
    codes = {code["id"]: code["status"] for code in body["codelists"]["CL_OBS_STATUS"]}
    assert codes == {letter: status for status, letter in SDMX_OBS_STATUS.items()}
    attribute = next(a for a in body["attributes"] if a["id"] == "OBS_STATUS")
    assert attribute["codelist"] == "CL_OBS_STATUS"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=provisional", {"SYN02"}),
        ("status=final,estimated", {"SYN01", "SYN03"}),
        ("status=estimated&area=SYN01", set()),
    ],
)
def test_status_filter_on_metrics_and_series(api, statuses, query, expected):
    rows = results(api.get(f"/api/v1/metrics/?indicator=syn_count&{query}"))
    assert {row["area"] for row in rows} == expected
    series = assert_json(api.get(f"/api/v1/indicators/syn_count/series/?{query}"), 200)["series"]
    assert {s["area"] for s in series} == expected


def test_status_filter_on_refugees_and_budgets(api, statuses):
    assert [row["year"] for row in results(api.get("/api/v1/refugees/?status=provisional"))] == [1990]
    assert 1990 not in [row["year"] for row in results(api.get("/api/v1/refugees/?status=final&limit=1000"))]
    assert [row["fiscal_year"] for row in results(api.get("/api/v1/budgets/?status=estimated"))] == [1990]
    assert results(api.get("/api/v1/budgets/?status=provisional")) == []


@pytest.mark.parametrize(
    "path", ["/api/v1/metrics/", "/api/v1/refugees/", "/api/v1/budgets/", "/api/v1/indicators/syn_count/series/"]
)
@pytest.mark.parametrize("value", ["vorläufig", "P", "final,", "final,,provisional"])
def test_a_bad_status_is_a_400_naming_status(api, statuses, path, value):
    assert_bad_parameter(api.get(path, {"status": value}), "status")


def test_the_schema_documents_status_with_its_sdmx_code(api, published):
    schema = api.get("/api/schema/?format=json")
    assert schema.status_code == 200
    document = json.loads(schema.content)
    for component in ("Observation", "RefugeeCaseload", "Budget", "SeriesPoint"):
        field = document["components"]["schemas"][component]["properties"]["status"]
        assert "CL_OBS_STATUS" in field["description"], (component, field)
    for path in ("/api/v1/metrics/", "/api/v1/refugees/", "/api/v1/budgets/", "/api/v1/indicators/{code}/series/"):
        parameters = {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}
        assert "CL_OBS_STATUS" in parameters["status"]["description"], path
