"""Schemathesis hooks: the rules an OpenAPI schema cannot state, taught to the generator.

A schema can say that `area` is a comma list of at most 2000 characters, not which
codes exist, nor that `year_min` may not exceed `year_max`. The API answers both with
a 400 (tested in tests/hardening/test_nasty_input.py), so a *positive* case (one Schemathesis
expects to be accepted) gets codes that exist and an ordered year range. Negative
cases are left as generated, and no check is switched off.
"""

import json
import os

import schemathesis
from schemathesis.generation import GenerationMode

# {"area": [...], "indicator": [...], "source": [...]}: set by tests/hardening/test_schemathesis.py.
KNOWN_CODES: dict[str, list[str]] = json.loads(os.environ.get("JOBCENTER_KNOWN_CODES", "{}"))


def known_codes(name: str, generated: object) -> str:
    """Existing codes, as many as and chosen by the generated value, so shrinking stays deterministic."""
    codes = KNOWN_CODES[name]
    seed = sum(map(ord, str(generated)))
    count = 1 + len(str(generated)) % len(codes)
    return ",".join(codes[(seed + i) % len(codes)] for i in range(count))


def as_int(value: object) -> int | None:
    """A year as generated: an int, or a string in the coverage phase."""
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


@schemathesis.hook
def map_case(context: schemathesis.HookContext, case: schemathesis.Case) -> schemathesis.Case:
    meta = case.meta
    if meta is None or meta.generation.mode is not GenerationMode.POSITIVE:
        return case
    if isinstance(case.body, dict):
        # A write's body names one code per field (`"area": "07137"`).
        case.body = {
            name: known_codes(name, value).split(",")[0] if name in KNOWN_CODES and isinstance(value, str) else value
            for name, value in case.body.items()
        }
    if not case.query:
        return case
    query = dict(case.query)
    for name in KNOWN_CODES:
        if name in query:
            query[name] = known_codes(name, query[name])
    low, high = as_int(query.get("year_min")), as_int(query.get("year_max"))
    if low is not None and high is not None and low > high:
        query["year_min"], query["year_max"] = query["year_max"], query["year_min"]
    case.query = query
    return case
