"""Chart endpoints: every indicator's chart renders in both languages, with the series' filters and strictness."""

import struct
import xml.etree.ElementTree as ET

import pytest

from dataversion.services import bump_version
from metrics.models import Indicator, Observation

SVG = "{http://www.w3.org/2000/svg}"


def png_size(body: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", body[16:24])


def svg_texts(body: bytes) -> str:
    root = ET.fromstring(body)
    return " ".join(
        " ".join(element.itertext())
        for element in root.iter()
        if element.tag in (f"{SVG}text", f"{SVG}title", f"{SVG}desc")
    )


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_indicators_chart_renders_as_svg_with_title_and_source(api, published, language):
    source_word = {"de": "Quelle:", "en": "Source:"}[language]
    license_word = {"de": "Lizenz: dl-de/by-2-0", "en": "License: dl-de/by-2-0"}[language]
    as_of_word = {"de": "Stand:", "en": "as of:"}[language]
    codes = list(Indicator.objects.filter(observations__isnull=False).distinct().values_list("code", flat=True))
    assert len(codes) >= 8
    for code in codes:
        response = api.get(f"/api/v1/indicators/{code}/chart.svg?lang={language}")
        assert response.status_code == 200, (code, response.content[:200])
        assert response["Content-Type"].startswith("image/svg+xml")
        root = ET.fromstring(response.content)
        assert root.get("width") == "1200" and root.get("height") == "675"
        text = svg_texts(response.content)
        title = getattr(Indicator.objects.get(code=code), f"name_{language}")
        assert title in text, code
        assert source_word in text and license_word in text and as_of_word in text, code


def test_svg_writes_german_numbers_in_german_and_english_in_english(api, published):
    german = svg_texts(api.get("/api/v1/indicators/unemployment_rate/chart.svg?lang=de").content)
    english = svg_texts(api.get("/api/v1/indicators/unemployment_rate/chart.svg?lang=en").content)
    assert "≈ 3,3 %" in german and "≈ 3.3 %" in english  # the qualifier's sign on its point
    assert "≈ 10 %" in german
    unemployed = svg_texts(api.get("/api/v1/indicators/unemployed/chart.svg?lang=de").content)
    assert "4.970" in unemployed  # the last value, with a German thousands dot
    assert "4,970" in svg_texts(api.get("/api/v1/indicators/unemployed/chart.svg?lang=en").content)


def test_two_sources_for_one_year_are_two_series_in_the_legend(api, published):
    spec = api.get("/api/v1/indicators/unemployment_rate/chart.vl.json").json()
    rows = [row for row in spec["data"]["values"] if row["period"] == "2017"]
    assert len(rows) == 2
    assert rows[0]["series"] != rows[1]["series"]
    assert {row["source"] for row in rows} == {
        "Kreisverwaltung Mayen-Koblenz",
        "WFG - Wirtschaftsförderungsgesellschaft am Mittelrhein mbH",
    }
    legend = spec["layer"][0]["encoding"]["color"]
    assert legend["legend"]["title"] == "Reihe"
    assert set(legend["scale"]["domain"]) >= {rows[0]["series"], rows[1]["series"]}


def test_annual_and_monthly_values_are_never_one_line(api, published):
    spec = api.get("/api/v1/indicators/unemployment_rate/chart.vl.json?lang=en").json()
    by_series: dict[str, set] = {}
    for row in spec["data"]["values"]:
        by_series.setdefault(row["series"], set()).add(row["granularity"])
    assert all(len(kinds) == 1 for kinds in by_series.values()), by_series
    assert {"year", "month"} <= set().union(*by_series.values())
    line = spec["layer"][0]
    assert line["mark"]["type"] == "line" and line["encoding"]["detail"] == {"field": "series"}


def test_provisional_status_is_written_on_its_point(api, published):
    Observation.objects.filter(indicator="staff").update(status="provisional")
    bump_version()
    spec = api.get("/api/v1/indicators/staff/chart.vl.json").json()
    row = spec["data"]["values"][0]
    assert row["status"] == "provisional" and row["mark"] == "224 (vorläufig)" and row["placement"]


def test_comparison_of_district_state_and_federation_is_bars_side_by_side_with_a_legend(api, published):
    spec = api.get("/api/v1/indicators/long_term_recipients_change/chart.vl.json").json()
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["xOffset"]["field"] == "series"
    # One series per area: the Kreistag's 2013 change for the district joins the district's bars.
    assert bars["encoding"]["color"]["scale"]["domain"] == ["Landkreis Mayen-Koblenz", "Rheinland-Pfalz", "Deutschland"]
    assert bars["encoding"]["color"]["legend"]["title"] == "Reihe"


def test_labels_never_overlap_on_the_axes(api, published):
    spec = api.get("/api/v1/indicators/unemployment_rate/chart.vl.json").json()
    assert spec["config"]["axis"]["labelOverlap"] == "greedy"
    assert spec["autosize"] == {"type": "fit", "contains": "padding"}


@pytest.mark.parametrize(
    ("query", "size"), [("", (1200, 675)), ("?width=640&height=360", (640, 360)), ("?width=300&height=200", (300, 200))]
)
def test_png_has_the_asked_size(api, published, query, size):
    response = api.get(f"/api/v1/indicators/unemployment_rate/chart.png{query}")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert png_size(response.content) == size


@pytest.mark.parametrize(
    ("query", "field"),
    [("width=10", "width"), ("height=99999", "height"), ("width=abc", "width"), ("bogus=1", "bogus"),
     ("area=XX", "area"), ("granularity=week", "granularity"), ("year_min=1800", "year_min"),
     ("as_of=2018-13-01", "as_of"), ("lang=fr", "lang"), ("format=csv", "format")],
)  # fmt: skip
def test_bad_parameters_are_a_400_naming_them(api, published, query, field):
    for suffix in ("chart.svg", "chart.png", "chart.vl.json"):
        response = api.get(f"/api/v1/indicators/unemployment_rate/{suffix}?{query}")
        assert response.status_code == 400, (suffix, query)
        assert response["Content-Type"] == "application/json"
        assert field in response.json()


def test_unknown_indicator_is_a_404(api, published):
    assert api.get("/api/v1/indicators/nope/chart.svg").status_code == 404


def test_filters_narrow_the_chart(api, published):
    spec = api.get(
        "/api/v1/indicators/unemployment_rate/chart.vl.json?granularity=year&year_min=2016&year_max=2017"
    ).json()
    assert sorted(row["period"] for row in spec["data"]["values"]) == ["2016", "2017", "2017"]
    spec = api.get("/api/v1/indicators/long_term_recipients_change/chart.vl.json?area=07137").json()
    assert {row["area"] for row in spec["data"]["values"]} == {"Landkreis Mayen-Koblenz"}
    empty = api.get("/api/v1/indicators/staff/chart.svg?year_max=2000")
    assert empty.status_code == 200 and "Keine Werte" in svg_texts(empty.content)


def test_as_of_shows_the_data_of_that_day(api, published):
    import time_machine

    from jobcenter_api.api.writes import save_record

    with time_machine.travel("2030-06-01 12:00 +0000"):
        save_record(
            instance=Observation.objects.get(indicator="staff"), values={"value": 230}, user=None, creating=False
        )
    old = api.get("/api/v1/indicators/staff/chart.vl.json?as_of=2030-05-31").json()
    new = api.get("/api/v1/indicators/staff/chart.vl.json").json()
    assert [row["value"] for row in old["data"]["values"]] == [224.0]
    assert [row["value"] for row in new["data"]["values"]] == [230.0]
    assert "Stand: 31.05.2030" in " ".join(old["layer"][0]["encoding"]["x"]["axis"]["title"])
    assert api.get("/api/v1/indicators/staff/chart.svg?as_of=2000-01-01").status_code == 404  # no indicator yet


def test_charts_carry_etag_and_are_answered_304_and_from_the_cache(api, published):
    first = api.get("/api/v1/indicators/staff/chart.png", HTTP_ORIGIN="https://newsroom.example")
    assert first.status_code == 200 and first["ETag"] and "max-age" in first["Cache-Control"]
    assert first["Access-Control-Allow-Origin"] == "*"
    again = api.get("/api/v1/indicators/staff/chart.png", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    cached = api.get("/api/v1/indicators/staff/chart.png")
    assert cached.content == first.content and cached["Content-Type"] == "image/png"


def test_vega_lite_spec_has_its_data_inline(api, published):
    spec = api.get("/api/v1/indicators/integrations_into_work/chart.vl.json?lang=en").json()
    assert spec["$schema"].endswith("vega-lite/v5.json")
    assert "values" in spec["data"] and "url" not in spec["data"]
    span = next(row for row in spec["data"]["values"] if row["granularity"] == "span")
    assert span["mark"] == "2005–2016: > 29,000"


def test_a_current_value_and_an_annual_average_of_one_period_are_two_series(api, published):
    """The press release's "derzeit rund 3,3" and the WFG's average 3.5 for 2017: never one line."""
    spec = api.get("/api/v1/indicators/unemployment_rate/chart.vl.json?granularity=year").json()
    series = {row["period"] + " " + row["source"][:3]: row["series"] for row in spec["data"]["values"]}
    assert "Stichtagswert" in series["2017 Kre"] and "Jahresdurchschnitt" in series["2017 WFG"]
