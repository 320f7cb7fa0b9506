"""Schemathesis hooks: the rules an OpenAPI schema cannot state, taught to the generator.

A schema can say that `area` is a comma list of at most 2000 characters, not which
codes (or which releases) exist, nor that `year_min` may not exceed `year_max` (or `from`
`to`). The API answers both with
a 400 (tested in tests/hardening/test_nasty_input.py), so a *positive* case (one Schemathesis
expects to be accepted) gets codes that exist and an ordered year range.

Write bodies have such rules too, each a 400 tested in tests/publishing/test_validation.py:
a decimal keeps its column's places (`x-decimal-places`: a float `multipleOf` would refuse
real figures such as -23.9), a URL or e-mail address must pass Django's validators (schemes http(s) and ftp(s), DNS
limits on host names: more than `format: uri` says), a foreign key must name a record
that exists now (the run creates and deletes budgets and caseloads, so those are looked
up on the live server), a period must not end before it starts, only a change
indicator's value may be negative and only its values are of the kind `change`, a site's
municipality key and the source that states it are given together, a breakdown needs a
count or a share, a budget
category's parent is a category of its own fiscal year, and a PUT or PATCH keeps the
record's key. A positive body is made to keep them; a PUT or PATCH is checked together with
the record it changes. A figure's `release` must exist, not be cancelled, announce its
indicator and not pull a public figure back under embargo (tests/metrics/test_release_filter.py):
a positive body leaves it null. Negative cases are left as generated, and no check is switched off.
"""

import functools
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from decimal import ROUND_DOWN, Decimal
from typing import Any

import schemathesis
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from schemathesis.generation import GenerationMode

# {"area": [...], "indicator": [...], "source": [...], "change_indicator": [...]}: set by
# tests/hardening/test_schemathesis.py, as is the live server's URL.
KNOWN_CODES: dict[str, list[str]] = json.loads(os.environ.get("JOBCENTER_KNOWN_CODES", "{}"))
CODE_FIELDS = ("area", "indicator", "source")
# Body fields that name a record of a CODE_FIELDS kind under another name.
CODE_ALIASES = {"municipality_code_source": "source"}
API_URL = os.environ.get("JOBCENTER_API_URL", "")
# The key a PUT or PATCH must keep, by collection: the path parameter and the body field.
KEYS = {"/api/v1/sources/{id}/": ("id", "id"), "/api/v1/locations/{slug}/": ("slug", "slug")}
# Body fields that Django validates beyond their schema format, and a valid stand-in.
FORMATS = {"url": (URLValidator(), "https://example.org/"), "email": (EmailValidator(), "editor@example.org")}


def valid_format(name: str, value: object) -> object:
    """`value`, or the stand-in where Django's validator for `name` refuses it."""
    if name not in FORMATS or not isinstance(value, str):
        return value
    validator, stand_in = FORMATS[name]
    try:
        validator(value)
    except ValidationError:
        return stand_in
    return value


def known_codes(name: str, generated: object) -> str:
    """Existing codes, as many as and chosen by the generated value, so shrinking stays deterministic."""
    codes = KNOWN_CODES[name]
    seed = sum(map(ord, str(generated)))
    count = 1 + len(str(generated)) % len(codes)
    return ",".join(codes[(seed + i) % len(codes)] for i in range(count))


def pick(options: list, generated: object) -> Any:
    """One of `options`, chosen by the generated value (deterministic, like known_codes)."""
    return options[sum(map(ord, str(generated))) % len(options)]


def as_int(value: object) -> int | None:
    """A year as generated: an int, or a string in the coverage phase."""
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def live(path: str) -> Any:
    """A read of the live server (JSON), or None if it has no such record."""
    try:
        with urllib.request.urlopen(f"{API_URL}{path}", timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise


def live_rows(path: str) -> list[dict]:
    return live(f"{path}?limit=1000")["results"]


def fix_observation(record: dict) -> None:
    if record.get("period_start", "") > record.get("period_end", "\uffff"):
        record["period_start"], record["period_end"] = record["period_end"], record["period_start"]
    value = record.get("value")
    is_change = record.get("indicator") in KNOWN_CODES["change_indicator"]
    if isinstance(value, int | float) and value < 0 and not is_change:
        record["value"] = -value
    if record.get("value_kind") is not None and (record["value_kind"] == "change") != is_change:
        record["value_kind"] = "change" if is_change else "point_in_time"


def fix_location(record: dict) -> None:
    if record.get("municipality_code") is None:
        record["municipality_code_source"] = None
    elif record.get("municipality_code_source") is None:
        record["municipality_code_source"] = pick(KNOWN_CODES["source"], record["municipality_code"])


def fix_breakdown(record: dict) -> None:
    caseloads = [row["id"] for row in live_rows("/api/v1/refugees/")]
    if "caseload" in record and record["caseload"] not in caseloads and caseloads:
        record["caseload"] = pick(caseloads, record["caseload"])
    if record.get("count") is None and record.get("share_percent") is None:
        record["count"] = 0


def fix_category(record: dict, own_id: object) -> None:
    categories = live_rows("/api/v1/budgets/categories/")
    years = [row["fiscal_year"] for row in live_rows("/api/v1/budgets/")]
    if "fiscal_year" in record and record["fiscal_year"] not in years and years:
        record["fiscal_year"] = pick(years, record["fiscal_year"])
    if record.get("parent") is not None:
        # A top-level category of the same year cannot be inside this one, unless it is this one.
        roots = [
            row["code"]
            for row in categories
            if row["fiscal_year"] == record.get("fiscal_year") and row["parent"] is None and str(row["id"]) != own_id
        ]
        record["parent"] = pick(roots, record["parent"]) if roots else None


@functools.cache
def decimal_places(path: str, method: str) -> dict[str, int]:
    """A write body's decimal fields and their places, as the live schema states them (`x-decimal-places`)."""
    schema = live("/api/schema/?format=json")
    body = schema["paths"][path][method.lower()]["requestBody"]["content"]["application/json"]["schema"]
    properties = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]["properties"]
    return {name: field["x-decimal-places"] for name, field in properties.items() if "x-decimal-places" in field}


def within_places(value: object, places: int) -> object:
    """A generated number cut (towards zero, so within its bounds) to the places its column keeps."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return value
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN))


def fix_body(case: schemathesis.Case) -> None:
    """Make a positive write body keep the rules above; a PUT or PATCH together with its record.

    A PUT too: a field it leaves out keeps its stored value (a category's parent, say).
    """
    path, method = case.operation.path, case.operation.method.upper()
    body = {
        name: known_codes(CODE_ALIASES.get(name, name), value).split(",")[0]
        if (name in CODE_FIELDS or name in CODE_ALIASES) and isinstance(value, str)
        else valid_format(name, value)
        for name, value in case.body.items()
    }
    if "release" in body and path.split("{")[0] != "/api/v1/releases/":
        body["release"] = None
    for name, places in decimal_places(path, method).items():
        if name in body:
            body[name] = within_places(body[name], places)
    if path in KEYS and method in ("PUT", "PATCH") and KEYS[path][1] in body:
        parameter, field = KEYS[path]
        body[field] = case.path_parameters.get(parameter, body[field])
    fixers = {
        "/api/v1/metrics/": fix_observation,
        "/api/v1/locations/": fix_location,
        "/api/v1/refugees/breakdowns/": fix_breakdown,
        "/api/v1/budgets/categories/": lambda record: fix_category(record, str(case.path_parameters.get("id"))),
    }
    collection = path.split("{")[0]
    fixer = fixers.get(collection)
    if fixer is not None:
        current = {}
        if method in ("PUT", "PATCH"):
            parameter = KEYS.get(path, ("id",))[0]
            url = collection + urllib.parse.quote(str(case.path_parameters.get(parameter, "")), safe="") + "/"
            current = live(url) or {}
        record = {**current, **body}
        fixer(record)
        body.update({name: value for name, value in record.items() if name in body or current.get(name) != value})
        if "fiscal_year" in body and "parent" in record:
            # A parent is named by its code within the body's fiscal year: the same code in the
            # stored record may stand for a category of another year, so send it along.
            body["parent"] = record["parent"]
    case.body = body


def is_positive(case: schemathesis.Case) -> bool:
    return case.meta is not None and case.meta.generation.mode is GenerationMode.POSITIVE


@schemathesis.hook
def before_call(context: schemathesis.HookContext, case: schemathesis.Case, kwargs: dict[str, Any]) -> None:
    # Here rather than in map_case: the stateful phase fills in values from earlier responses
    # (its links) after map_case, and the rules must hold for the body as sent.
    if is_positive(case) and isinstance(case.body, dict):
        fix_body(case)


@schemathesis.hook
def map_case(context: schemathesis.HookContext, case: schemathesis.Case) -> schemathesis.Case:
    if not is_positive(case) or not case.query:
        return case
    query = dict(case.query)
    for name in CODE_FIELDS:
        if name in query:
            query[name] = known_codes(name, query[name])
    if "release" in query:
        releases = [str(row["id"]) for row in live_rows("/api/v1/releases/")]
        if releases:
            query["release"] = pick(releases, query["release"])
        else:
            del query["release"]
    low, high = as_int(query.get("year_min")), as_int(query.get("year_max"))
    if low is not None and high is not None and low > high:
        query["year_min"], query["year_max"] = query["year_max"], query["year_min"]
    if str(query.get("from", "")) > str(query.get("to", "\uffff")):
        query["from"], query["to"] = query["to"], query["from"]
    case.query = query
    return case
