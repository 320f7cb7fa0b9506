"""The chart-ready series (long and wide, JSON and CSV) and the sites as GeoJSON."""

import csv
import io
import json
from decimal import Decimal

import jsonschema
import pytest

from jobcenter_api.downloads.renderers import flatten
from metrics.models import Observation
from metrics.models.vocabulary import ValueKind

PRESS_RELEASE = "kvmyk-pd-380-2017"
WFG_2018 = "wfg-myk-arbeitsmarkt-2018"


def csv_rows(response, delimiter=","):
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.DictReader(io.StringIO(body, newline=""), delimiter=delimiter))


def test_series_csv_has_one_row_per_point_equal_to_the_json(api, published):
    data = api.get("/api/v1/indicators/long_term_recipients_change/series/?area=07137,07").json()
    expected = [
        {
            "indicator": data["indicator"],
            "unit": data["unit"],
            "area": s["area"],
            "area_name": s["area_name"],
            **flatten(p),
        }
        for s in data["series"]
        for p in s["points"]
    ]
    rows = csv_rows(api.get("/api/v1/indicators/long_term_recipients_change/series/?area=07137,07&format=csv"))
    assert [row["area"] for row in rows] == ["07", "07137", "07137"]
    assert list(rows[0]) == list(expected[0])
    for row, point in zip(rows, expected, strict=True):
        assert float(row["value"]) == point["value"]
        assert row["cite_permalink"] == point["cite_permalink"] == point["permalink"]
        assert row["qualifier"] == point["qualifier"]
        assert row["value_kind"] == point["value_kind"] == "change"
        assert row["area_name"] == point["area_name"]


def test_series_wide_json_has_one_row_per_area_and_a_column_per_period(api, published):
    data = api.get(f"/api/v1/indicators/unemployment_rate/series/?shape=wide&area=07137&source={PRESS_RELEASE}").json()
    assert data["periods"] == ["2005", "2017"]
    # The current value of 2017 and the 2005 rate of no stated kind are two rows, never one series.
    assert data["rows"] == [
        {
            "area": "07137",
            "area_name": "Landkreis Mayen-Koblenz",
            "value_kind": "point_in_time",
            "values": {"2017": 3.3},
            "qualifiers": {"2017": "approximately"},
            "statuses": {"2017": "final"},
        },
        {
            "area": "07137",
            "area_name": "Landkreis Mayen-Koblenz",
            "value_kind": "not_stated",
            "values": {"2005": 10},
            "qualifiers": {"2005": "nearly"},
            "statuses": {"2005": "final"},
        },
    ]
    data = api.get(f"/api/v1/indicators/long_term_recipients_change/series/?shape=wide&source={PRESS_RELEASE}").json()
    assert [(r["area"], r["value_kind"], r["values"]) for r in data["rows"]] == [
        ("07", "change", {"2016": -7.7}),
        ("07137", "change", {"2016": -23.9}),
        ("DG", "change", {"2016": -11.8}),
    ]


def test_series_wide_gives_each_kind_its_row_and_each_source_its_column_where_two_share_a_period(api, published):
    data = api.get("/api/v1/indicators/unemployment_rate/series/?shape=wide&granularity=year").json()
    rows = {row["value_kind"]: row for row in data["rows"]}
    # The current value and the annual average of 2017 are two rows: never one series.
    assert rows["point_in_time"]["values"] == {"2017": 3.3}
    assert rows["point_in_time"]["qualifiers"] == {"2017": "approximately"}
    assert rows["annual_average"]["values"] == {"2017": 3.5, "2024": 3.9}
    assert rows["not_stated"]["values"] == {"2005": 10, "2016": 3.9}
    assert data["periods"] == ["2005", "2016", "2017", "2024"]
    # Long and wide hold the same values, series for row.
    long = api.get("/api/v1/indicators/unemployment_rate/series/?granularity=year").json()
    assert {s["value_kind"]: sorted(p["value"] for p in s["points"]) for s in long["series"]} == {
        kind: sorted(row["values"].values()) for kind, row in rows.items()
    }
    # A second source for an area, kind and period: each source gets its column.
    rate = Observation.objects.get(indicator="unemployment_rate", source=WFG_2018, year=2017)
    Observation.objects.create(
        indicator=rate.indicator, area=rate.area, period_start=rate.period_start, period_end=rate.period_end,
        value=Decimal("3.6"), value_kind=ValueKind.ANNUAL_AVERAGE, source_id="blick-aktuell-2017-09-14",
        source_quote="Test.",
    )  # fmt: skip
    data = api.get("/api/v1/indicators/unemployment_rate/series/?shape=wide&granularity=year").json()
    rows = {row["value_kind"]: row for row in data["rows"]}
    assert rows["annual_average"]["values"] == {
        f"2017 ({WFG_2018})": 3.5, "2017 (blick-aktuell-2017-09-14)": 3.6, "2024": 3.9,
    }  # fmt: skip
    assert rows["point_in_time"]["values"] == {f"2017 ({PRESS_RELEASE})": 3.3}
    assert "2017" not in data["periods"]
    assert data["periods"].index("2016") < data["periods"].index(f"2017 ({PRESS_RELEASE})")


def test_series_wide_labels_a_span_apart_from_a_year(api, published):
    data = api.get("/api/v1/indicators/integrations_into_work/series/?shape=wide").json()
    assert data["periods"] == ["2005-2016", "2016"]
    assert data["rows"][0]["values"] == {"2005-2016": 29000, "2016": 2132}


@pytest.mark.parametrize(("fmt", "delimiter", "value"), [("csv", ",", "-23.9"), ("csv-de", ";", "-23,9")])
def test_series_wide_csv(api, published, fmt, delimiter, value):
    response = api.get(f"/api/v1/indicators/long_term_recipients_change/series/?shape=wide&format={fmt}&lang=en")
    assert "series_long_term_recipients_change_wide" in response["Content-Disposition"]
    rows = csv_rows(response, delimiter)
    assert list(rows[0]) == ["area", "area_name", "value_kind", "2013", "2016"]
    assert rows[1] == {
        "area": "07137", "area_name": "District of Mayen-Koblenz", "value_kind": "change", "2013": "-15", "2016": value,
    }  # fmt: skip


def test_series_filters_apply_to_the_csv(api, published):
    query = f"year_min=2010&granularity=year&source={PRESS_RELEASE}"
    rows = csv_rows(api.get(f"/api/v1/indicators/unemployment_rate/series/?format=csv&{query}"))
    assert [(row["year"], row["value"], row["qualifier"]) for row in rows] == [("2017", "3.3", "approximately")]
    rows = csv_rows(api.get("/api/v1/indicators/unemployment_rate/series/?format=csv&granularity=month"))
    assert rows and {row["granularity"] for row in rows} == {"month"}
    rows = csv_rows(api.get("/api/v1/indicators/integrations_into_work/series/?format=csv&granularity=span"))
    assert [(row["period_start"], row["period_end"]) for row in rows] == [("2005-01-01", "2016-12-31")]


@pytest.mark.parametrize(
    ("query", "field"),
    [("shape=tall", "shape"), ("shape=wide&format=csv&area=XX", "area"), ("format=csv&year_min=1800", "year_min")],
)
def test_series_bad_parameters_are_400(api, published, query, field):
    response = api.get(f"/api/v1/indicators/unemployment_rate/series/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert field in response.json()


# RFC 7946 section 3: a FeatureCollection of Features whose geometry is a Point or null.
GEOJSON_SCHEMA = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "properties": {"type": ["object", "null"]},
                    "geometry": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "required": ["type", "coordinates"],
                                "properties": {
                                    "type": {"const": "Point"},
                                    "coordinates": {
                                        "type": "array",
                                        "minItems": 2,
                                        "maxItems": 3,
                                        "prefixItems": [
                                            {"type": "number", "minimum": -180, "maximum": 180},
                                            {"type": "number", "minimum": -90, "maximum": 90},
                                        ],
                                    },
                                },
                            },
                        ]
                    },
                },
            },
        },
    },
}


def test_locations_as_geojson_validate_with_null_geometry(api, published):
    response = api.get("/api/v1/locations/?format=geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(b"".join(response.streaming_content))
    jsonschema.validate(collection, GEOJSON_SCHEMA, cls=jsonschema.Draft202012Validator)
    assert [f["id"] for f in collection["features"]] == ["andernach", "bendorf", "koblenz", "mayen", "weissenthurm"]
    # No source gives coordinates yet: none are made up.
    assert all(f["geometry"] is None for f in collection["features"])
    json_sites = api.get("/api/v1/locations/").json()["results"]
    for feature, site in zip(collection["features"], json_sites, strict=True):
        assert feature["properties"] == {k: v for k, v in site.items() if k not in ("latitude", "longitude")}


def test_geojson_uses_longitude_then_latitude(api, published):
    from locations.models import Location

    # Coordinates set in the test database only, to pin the axis order; fixtures/ has none.
    Location.objects.filter(slug="mayen").update(latitude="50.327500", longitude="7.222300")
    collection = json.loads(b"".join(api.get("/api/v1/locations/?format=geojson").streaming_content))
    mayen = next(f for f in collection["features"] if f["id"] == "mayen")
    assert mayen["geometry"] == {"type": "Point", "coordinates": [7.2223, 50.3275]}
    jsonschema.validate(collection, GEOJSON_SCHEMA, cls=jsonschema.Draft202012Validator)


def test_geojson_only_on_the_locations_list(api, published):
    assert api.get("/api/v1/metrics/?format=geojson").status_code == 400
    assert api.get("/api/v1/locations/mayen/?format=geojson").status_code == 400


def test_a_vintage_series_csv_equals_its_json(api, published):
    import datetime as dt

    query = f"as_of={dt.date.today().isoformat()}"
    data = api.get(f"/api/v1/indicators/long_term_recipients_change/series/?{query}").json()
    rows = csv_rows(api.get(f"/api/v1/indicators/long_term_recipients_change/series/?format=csv&{query}"))
    points = [(s["area"], s["area_name"], p["value"], p["permalink"]) for s in data["series"] for p in s["points"]]
    assert [(r["area"], r["area_name"], float(r["value"]), r["permalink"]) for r in rows] == points
    # Before the indicator was published there is no series: a JSON 404, whatever the format.
    response = api.get("/api/v1/indicators/long_term_recipients_change/series/?format=csv&as_of=1999-12-31")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
