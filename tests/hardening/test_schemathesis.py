"""Schemathesis against the live server's own schema: every operation, every check.

Configuration: schemathesis.toml (at the repository root) and tests/hardening/schemathesis_hooks.py.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

from locations.models import Area, Source
from metrics.models import Indicator
from metrics.models.vocabulary import Unit
from tests.hardening.editors import editor_token

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def run_schemathesis(live_server, *options: str) -> str:
    """`schemathesis run` against the live server's schema; the report, after asserting it is clean."""
    codes = {
        "area": list(Area.objects.values_list("code", flat=True)),
        "indicator": list(Indicator.objects.values_list("code", flat=True)),
        "source": list(Source.objects.values_list("pk", flat=True)),
        "change_indicator": list(Indicator.objects.filter(unit=Unit.PERCENT_CHANGE).values_list("code", flat=True)),
    }
    result = subprocess.run(
        [str(SCHEMATHESIS), "run", f"{live_server.url}/api/schema/?format=json", *options],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "JOBCENTER_KNOWN_CODES": json.dumps(codes),
            "JOBCENTER_API_URL": live_server.url,
            "NO_COLOR": "1",
        },
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    selected = re.search(r"Selected: (\d+)/(\d+)", report)
    tested = re.search(r"Tested: (\d+)", report)
    assert selected and tested and selected[1] == tested[1] != "0", report
    return report


def test_schemathesis_finds_no_failure_on_any_read(live_server, transactional_db, published):
    run_schemathesis(live_server, "--include-method", "GET")


# As an editor, so every write reaches its validation. A clash with a published record's unique
# key is a 409, which the schema documents; the rules a schema cannot state are in the hooks.
def test_schemathesis_finds_no_failure_on_any_write(live_server, transactional_db, published):
    token = editor_token("schemathesis")
    assert token, "the publishing issue's create_editor command is missing"
    run_schemathesis(live_server, "--exclude-method", "GET", "--header", f"Authorization: Token {token}")
