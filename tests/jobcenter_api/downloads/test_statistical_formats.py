"""JSON-stat 2.0 and SDMX-CSV 2.0 of metrics and series, read through pyjstat and pysdmx, equal the JSON API."""

import datetime as dt
import importlib
import json
import math
import os

import pytest

from jobcenter_api.downloads.statistical import STRUCTURE_ID, sdmx_time_period
from metrics.models.vocabulary import SDMX_OBS_STATUS

METRIC_QUERIES = [
    "",
    "indicator=unemployment_rate",
    "area=07137,07,DG",
    "indicator=long_term_recipients_change&area=07137,07,DG",
    "year=2017",
    "year_min=2013&year_max=2016",
    "last=1",
    "granularity=span",
    "granularity=month",
    "qualifier=approximately",
    "source=kvmyk-pd-380-2017",
    "ordering=-value",
    "lang=en",
]
SERIES_QUERIES = ["", "area=07137", "granularity=year", "granularity=month", "year_min=2015&year_max=2017"]
INDICATORS = ["unemployment_rate", "integrations_into_work", "long_term_recipients_change", "staff"]


def needs(module: str):
    """The reader packages of requirements-dev.txt: a skip with a reason outside CI, a failure in CI."""
    try:
        return importlib.import_module(module)
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"needs {module} (pip install -r requirements-dev.txt)")


def time_of(row: dict) -> str:
    start, end = dt.date.fromisoformat(row["period_start"]), dt.date.fromisoformat(row["period_end"])
    return sdmx_time_period(start, end, row["granularity"])


def metric_rows(api, query: str) -> list[dict]:
    response = api.get(f"/api/v1/metrics/?limit=1000&{query}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["results"])
    return body["results"]


def series_rows(api, indicator: str, query: str) -> list[dict]:
    response = api.get(f"/api/v1/indicators/{indicator}/series/?{query}")
    assert response.status_code == 200, response.content
    body = response.json()
    return [
        {**point, "indicator": body["indicator"], "unit": body["unit"], "area": series["area"]}
        for series in body["series"]
        for point in series["points"]
    ]


def jsonstat(api, path: str) -> dict:
    response = api.get(path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert 'rel="describedby"' in response["Link"] and 'rel="license"' in response["Link"]
    document = json.loads(response.content)
    needs("jsonstat_validator").validate_jsonstat(document)
    return document


def read_jsonstat(document: dict) -> dict[tuple, float]:
    """The dataset through pyjstat, as {(indicator, area, time[, source]): value} of the cells that have one."""
    pyjstat = needs("pyjstat.pyjstat")
    frame = pyjstat.Dataset.read(json.dumps(document)).write("dataframe", naming="id")
    dimensions = document["id"]
    return {
        tuple(record[d] for d in dimensions): record["value"]
        for record in frame.to_dict("records")
        if record["value"] is not None and not (isinstance(record["value"], float) and math.isnan(record["value"]))
    }


def expected_cells(rows: list[dict], by_source: bool) -> dict[tuple, float]:
    return {
        (row["indicator"], row["area"], time_of(row), *([row["source"]] if by_source else [])): row["value"]
        for row in rows
    }


def assert_jsonstat_equals(document: dict, rows: list[dict]) -> None:
    by_source = "source" in document["id"]
    cells = read_jsonstat(document) if rows else {}
    assert cells == expected_cells(rows, by_source)
    assert len(cells) == len(rows), "one cell per figure: none dropped, none merged"
    statuses = document.get("status", {})
    assert isinstance(statuses, dict)
    positions = {key: n for n, key in enumerate(_cube_keys(document))}
    for row in rows:
        key = (row["indicator"], row["area"], time_of(row), *([row["source"]] if by_source else []))
        expected = None if row["qualifier"] == "exact" else row["qualifier"]
        assert statuses.get(str(positions[key])) == expected, (key, statuses)


def _cube_keys(document: dict) -> list[tuple]:
    keys: list[tuple] = [()]
    for dimension in document["id"]:
        index = document["dimension"][dimension]["category"]["index"]
        keys = [(*key, code) for key in keys for code in index]
    return keys


@pytest.mark.parametrize("query", METRIC_QUERIES)
def test_metrics_as_jsonstat_read_by_pyjstat_equal_the_json_list(api, published, query):
    document = jsonstat(api, f"/api/v1/metrics/?format=jsonstat&{query}")
    assert document["class"] == "dataset" and document["version"] == "2.0"
    assert document["id"][:3] == ["indicator", "area", "time"]
    assert_jsonstat_equals(document, metric_rows(api, query))


@pytest.mark.parametrize("indicator", INDICATORS)
@pytest.mark.parametrize("query", SERIES_QUERIES)
def test_series_as_jsonstat_read_by_pyjstat_equal_the_json_series(api, published, indicator, query):
    document = jsonstat(api, f"/api/v1/indicators/{indicator}/series/?format=jsonstat&{query}")
    assert_jsonstat_equals(document, series_rows(api, indicator, query))


def test_jsonstat_carries_units_labels_sources_and_license(api, published):
    german = jsonstat(api, "/api/v1/metrics/?format=jsonstat")
    english = jsonstat(api, "/api/v1/metrics/?format=jsonstat&lang=en")
    by_header = json.loads(api.get("/api/v1/metrics/?format=jsonstat", HTTP_ACCEPT_LANGUAGE="en").content)
    assert german["dimension"]["area"]["category"]["label"]["DG"] == "Deutschland"
    assert english["dimension"]["area"]["category"]["label"]["DG"] == "Germany"
    assert by_header["dimension"]["area"]["category"]["label"] == english["dimension"]["area"]["category"]["label"]
    units = german["dimension"]["indicator"]["category"]["unit"]
    assert units["unemployment_rate"] == {"label": "percent", "decimals": 1, "symbol": "%"}
    assert units["staff"]["decimals"] == 0
    # The press release's "rund 3,3" and the statistics office's annual average are both published.
    assert "source" in german["id"]
    assert german["extension"]["license"]["id"] == "dl-de/by-2-0"
    assert {s["id"] for s in german["extension"]["sources"]} == set(german["dimension"]["source"]["category"]["index"])
    assert "Kreisverwaltung Mayen-Koblenz" in german["source"]
    assert german["updated"].endswith("Z")
    assert german["extension"]["status"]["approximately"].startswith("approximately")
    assert german["link"]["describedby"][0]["href"].endswith("/api/v1/sdmx/dataflow/")
    assert german["time" and "dimension"]["time"]["category"]["label"]["2005-01-01/P12Y"] == "2005–2016"


def test_jsonstat_of_one_source_has_no_source_dimension(api, published):
    document = jsonstat(api, "/api/v1/metrics/?format=jsonstat&source=kvmyk-pd-380-2017")
    assert document["id"] == ["indicator", "area", "time"]


def read_sdmx(response):
    pysdmx_reader = needs("pysdmx.io")
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+csv; version=2.0.0")
    assert 'rel="describedby"' in response["Link"]
    text = b"".join(response.streaming_content).decode("utf-8")
    header = [column.split(": ")[0] for column in text.splitlines()[0].split(",")]
    assert header == [
        "STRUCTURE", "STRUCTURE_ID", "ACTION", "INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS",
        "UNIT_MEASURE", "QUALIFIER", "VALUE_KIND", "SOURCE", "SOURCE_QUOTE",
    ]  # fmt: skip
    message = pysdmx_reader.read_sdmx(text)
    assert len(message.data) == 1
    assert message.data[0].short_urn == f"Dataflow={STRUCTURE_ID}"
    return message.data[0].data.to_dict("records")


def assert_sdmx_equals(records: list[dict], rows: list[dict]) -> None:
    read = {(r["INDICATOR"], r["REF_AREA"], r["TIME_PERIOD"], r["SOURCE"]): r for r in records}
    assert len(read) == len(records) == len(rows)
    for row in rows:
        record = read[(row["indicator"], row["area"], time_of(row), row["source"])]
        assert float(record["OBS_VALUE"]) == row["value"]
        assert record["OBS_STATUS"] == SDMX_OBS_STATUS[row["status"]]
        assert record["UNIT_MEASURE"] == row["unit"]
        assert record["QUALIFIER"] == row["qualifier"]
        assert record["VALUE_KIND"] == row["value_kind"]
        if "source_quote" in row:
            assert record["SOURCE_QUOTE"] == row["source_quote"]


@pytest.mark.parametrize("query", METRIC_QUERIES)
def test_metrics_as_sdmx_csv_read_by_pysdmx_equal_the_json_list(api, published, query):
    rows = metric_rows(api, query)
    if not rows:
        pytest.fail("every query here matches figures")
    assert_sdmx_equals(read_sdmx(api.get(f"/api/v1/metrics/?format=sdmx-csv&{query}")), rows)


@pytest.mark.parametrize("indicator", INDICATORS)
@pytest.mark.parametrize("query", SERIES_QUERIES)
def test_series_as_sdmx_csv_read_by_pysdmx_equal_the_json_series(api, published, indicator, query):
    rows = series_rows(api, indicator, query)
    if not rows:
        body = b"".join(api.get(f"/api/v1/indicators/{indicator}/series/?format=sdmx-csv&{query}").streaming_content)
        assert body.count(b"\r\n") == 1  # the header alone
        return
    response = api.get(f"/api/v1/indicators/{indicator}/series/?format=sdmx-csv&{query}")
    assert_sdmx_equals(read_sdmx(response), rows)


def test_sdmx_time_periods_follow_the_sdmx_time_format(api, published):
    body = b"".join(api.get("/api/v1/metrics/?format=sdmx-csv").streaming_content).decode()
    periods = {line.split(",")[5] for line in body.splitlines()[1:]}
    assert {"2017", "2005-01-01/P12Y"} <= periods
    assert any(len(period) == 7 and period[4] == "-" for period in periods), "a month: 2013-08"
    assert sdmx_time_period(dt.date(2016, 3, 1), dt.date(2016, 8, 31), "span") == "2016-03-01/P6M"
    assert sdmx_time_period(dt.date(2016, 3, 5), dt.date(2016, 3, 18), "span") == "2016-03-05/P14D"


def test_an_empty_selection_is_a_valid_empty_dataset(api, published):
    document = jsonstat(api, "/api/v1/metrics/?format=jsonstat&year=1990")
    assert document["size"] == [0, 0, 0] and document["value"] == []
    body = b"".join(api.get("/api/v1/metrics/?format=sdmx-csv&year=1990").streaming_content)
    assert body.count(b"\r\n") == 1


@pytest.mark.parametrize("fmt", ["jsonstat", "sdmx-csv"])
def test_a_wide_series_in_a_statistical_format_is_a_400_naming_shape(api, published, fmt):
    response = api.get(f"/api/v1/indicators/unemployment_rate/series/?format={fmt}&shape=wide")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["shape"]


@pytest.mark.parametrize("path", ["/api/v1/areas/", "/api/v1/budgets/", "/api/v1/indicators/unemployment_rate/"])
@pytest.mark.parametrize("fmt", ["jsonstat", "sdmx-csv"])
def test_a_statistical_format_where_a_list_has_none_is_a_400_naming_format(api, published, path, fmt):
    response = api.get(f"{path}?format={fmt}")
    assert response.status_code == 400
    assert list(response.json()) == ["format"]


@pytest.mark.parametrize("bad", ["year=19x", "area=XX", "limit=-1", "ordering=nope"])
def test_bad_filters_stay_400s_in_the_statistical_formats(api, published, bad):
    for fmt in ("jsonstat", "sdmx-csv"):
        response = api.get(f"/api/v1/metrics/?format={fmt}&{bad}")
        assert response.status_code == 400, (fmt, bad)
        assert response["Content-Type"] == "application/json"


def test_sdmx_csv_labels_coded_columns_in_the_requested_language(api, published):
    german = b"".join(api.get("/api/v1/metrics/?format=sdmx-csv&area=DG").streaming_content).decode().splitlines()
    english = b"".join(api.get("/api/v1/metrics/?format=sdmx-csv&area=DG&lang=en").streaming_content).decode()
    assert german[0].startswith("STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR: Indikator,REF_AREA: Gebiet,")
    assert german[1].startswith(f"dataflow,{STRUCTURE_ID},I,long_term_recipients_change: ")
    assert ",DG: Deutschland,2016,-11.8,A: Normal value,percent_change: percent change,exact: exact," in german[1]
    assert ",DG: Germany," in english


def test_jsonstat_answers_a_reader_that_accepts_json(api, published):
    """pyjstat and Eurostat's clients send `Accept: application/json`: JSON-stat's media type."""
    response = api.get("/api/v1/metrics/?format=jsonstat&area=DG", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert json.loads(response.content)["class"] == "dataset"
    assert api.get("/api/v1/metrics/?area=DG", HTTP_ACCEPT="application/json").json()["count"] == 1


def test_accept_header_negotiates_sdmx_csv(api, published):
    response = api.get("/api/v1/metrics/?area=DG", HTTP_ACCEPT="application/vnd.sdmx.data+csv")
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+csv")


def test_the_dataflow_documents_every_code_the_formats_use(api, published):
    response = api.get("/api/v1/sdmx/dataflow/")
    assert response.status_code == 200
    flow = response.json()
    assert flow["structure_id"] == STRUCTURE_ID
    assert [d["id"] for d in flow["dimensions"]] == ["INDICATOR", "REF_AREA", "TIME_PERIOD"]
    lists = {name: {code["id"] for code in codes} for name, codes in flow["codelists"].items()}
    assert lists["CL_OBS_STATUS"] == {"A", "P", "E"}
    for record in read_sdmx(api.get("/api/v1/metrics/?format=sdmx-csv")):
        assert record["INDICATOR"] in lists["CL_INDICATOR"]
        assert record["REF_AREA"] in lists["CL_AREA"]
        assert record["OBS_STATUS"] in lists["CL_OBS_STATUS"]
        assert record["QUALIFIER"] in lists["CL_QUALIFIER"]
        assert record["UNIT_MEASURE"] in lists["CL_UNIT"]
        assert record["VALUE_KIND"] in lists["CL_VALUE_KIND"]


def test_publication_status_maps_to_obs_status_and_a_jsonstat_mark():
    """Observations gain `status` in another issue: a row that has it maps, one without it is final (A)."""
    from jobcenter_api.downloads.jsonstat import status_code
    from jobcenter_api.downloads.statistical import ObservationRow

    def row(qualifier, **extra):
        return ObservationRow("staff", "07137", dt.date(2017, 1, 1), dt.date(2017, 12, 31), "year", 1, qualifier,
                              "s", "q", extra)  # fmt: skip

    assert [row("exact", status=s).obs_status for s in ("final", "provisional", "estimated")] == ["A", "P", "E"]
    assert row("exact").obs_status == "A"
    assert status_code(row("exact")) is None
    assert status_code(row("approximately", status="provisional")) == "approximately p"
    assert status_code(row("exact", status="estimated")) == "e"


def test_value_kind_becomes_an_sdmx_attribute_column_once_observations_have_it():
    from jobcenter_api.downloads.sdmx import SDMXCSVRenderer

    assert "VALUE_KIND" not in SDMXCSVRenderer.components(())
    columns = SDMXCSVRenderer.components(("value_kind",))
    assert columns.index("VALUE_KIND") == columns.index("QUALIFIER") + 1


@pytest.mark.parametrize("fmt", ["jsonstat", "sdmx-csv"])
def test_a_vintage_reads_as_published_then(api, published, fmt):
    """`as_of` gives the statistical formats the figures of that day, as it does the JSON list."""
    rows = metric_rows(api, "as_of=2100-01-01")
    assert rows
    response = api.get(f"/api/v1/metrics/?format={fmt}&as_of=2100-01-01")
    if fmt == "jsonstat":
        assert_jsonstat_equals(json.loads(response.content), rows)
    else:
        assert_sdmx_equals(read_sdmx(response), rows)
    assert api.get(f"/api/v1/metrics/?format={fmt}&as_of=1990-01-01").status_code == 200
