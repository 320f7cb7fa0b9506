"""Schemathesis against the live server's own schema: every operation, every check.

Configuration: schemathesis.toml (at the repository root) and tests/hardening/schemathesis_hooks.py.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from locations.models import Area, Source
from metrics.models import Indicator
from tests.hardening.editors import editor_token

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


# Passed on every operation before the publishing issue's writes and `as_of`/`since`
# landed on main; against them it finds schema gaps that code must close
# (as_of outside 1900..2100, since=0, unknown foreign keys and unique or range
# constraints in write bodies, nested field errors that the ValidationError schema
# does not describe). Not strict: it passes once those are fixed.
@pytest.mark.xfail(reason="schema gaps of the publishing issue's writes, as_of and since (issue 4)", strict=False)
def test_schemathesis_finds_no_failure_on_any_operation(live_server, transactional_db, published):
    codes = {
        "area": list(Area.objects.values_list("code", flat=True)),
        "indicator": list(Indicator.objects.values_list("code", flat=True)),
        "source": list(Source.objects.values_list("pk", flat=True)),
    }
    command = [str(SCHEMATHESIS), "run", f"{live_server.url}/api/schema/?format=json"]
    token = editor_token("schemathesis")
    if token:
        command += ["--header", f"Authorization: Token {token}"]
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "JOBCENTER_KNOWN_CODES": json.dumps(codes), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    selected = re.search(r"Selected: (\d+)/(\d+)", report)
    tested = re.search(r"Tested: (\d+)", report)
    assert selected and tested, report
    assert selected[1] == selected[2] == tested[1], report
