"""Our JSON renderer (orjson) writes the bytes DRF's own JSONRenderer writes, or hands the body to it."""

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers

from jobcenter_api.downloads.renderers import JSONRenderer
from tests import endpoints
from tests.jobcenter_api.readpath.test_json_rows import VALUE_ROW_LISTS

#: Reads whose bodies hold what the API serves: every JSON endpoint (tests/endpoints.py), filtered lists, errors.
READS = [
    *VALUE_ROW_LISTS,
    "/api/v1/metrics/?lang=en&limit=1000",
    "/api/v1/metrics/?format=json&ordering=-value",
    "/api/v1/metrics/?area=NOPE",
    "/api/v1/metrics/?year=zwei",
    *endpoints.names(api=True, json=True),
]


def drf(data, media_type=None):
    return renderers.JSONRenderer().render(data, media_type)


@pytest.mark.parametrize("url", READS)
def test_a_response_body_is_what_drfs_renderer_writes(api, awkward_rows, url):
    response = api.get(url if url.startswith("/") else endpoints.path(url))
    assert response.status_code < 500
    assert response["Content-Type"].startswith("application/json")
    assert response.content == drf(response.data)


@pytest.mark.parametrize(
    "value",
    [
        {"when": dt.datetime(2017, 3, 1, 12, 30, 45, 123456, tzinfo=dt.UTC), "day": dt.date(2017, 3, 1)},
        {"at": dt.time(9, 15), "span": dt.timedelta(days=2)},
        {"amount": Decimal("12345678901.2345"), "id": uuid.UUID(int=7), "lazy": gettext_lazy("Not found.")},
        {"floats": [-23.9, 3.3, 0.0001, 80000000.5, 12345678901.2345, 29000.0], "ints": [0, -1, 2**63 - 1]},
        {"text": 'Sie sagte: "rund 3,3"\n\tÄÖÜß € \u2028 \u2029 \x00', "nested": [{"a": None, "b": True}, ()]},
        {"huge": 2**70},  # beyond 64 bits: orjson refuses, DRF writes it
        {1: "a key that is no text"},
    ],
)
def test_values_are_written_as_drf_writes_them(value):
    assert JSONRenderer().render(value) == drf(value)


def test_a_generator_is_written_as_a_list():
    assert (
        JSONRenderer().render({"rows": (n for n in [1, 2])}) == drf({"rows": (n for n in [1, 2])}) == b'{"rows":[1,2]}'
    )


def test_an_indent_asked_for_in_the_accept_header_is_drfs():
    data = {"a": [1, {"b": "c"}]}
    media_type = "application/json; indent=2"
    assert JSONRenderer().render(data, media_type) == drf(data, media_type)
    assert b"\n  " in JSONRenderer().render(data, media_type)


def test_no_data_is_an_empty_body():
    assert JSONRenderer().render(None) == b""


def test_an_object_neither_encoder_knows_is_refused_as_drf_refuses_it():
    with pytest.raises(TypeError):
        JSONRenderer().render({"x": object()})


def test_a_tiny_float_is_the_same_number_as_drfs_however_it_is_spelt():
    data = {"tiny": [1e-05, 1e-07, 2.5e-300]}
    assert json.loads(JSONRenderer().render(data)) == json.loads(drf(data)) == data
