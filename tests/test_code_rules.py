"""Application code runs no generated code and reads no private attribute of Django or DRF."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPLICATION = ["jobcenter_api", "metrics", "locations", "publishing", "dataversion", "website"]
#: Underscored names application code may use, and why.
ALLOWED = {
    "_meta": "Django's documented Model._meta API",
    "_history_user": "django-simple-history's documented way to set the user a history record names",
    "_param": "our pagination's own helper",
    "_component": "our AutoSchema's own helper",
    "_error": "our AutoSchema's own helper",
    "_map_serializer_field": "drf-spectacular's AutoSchema hook (not Django or DRF)",
    "_get_response_for_code": "drf-spectacular's AutoSchema hook (not Django or DRF)",
    "_get_response_bodies": "drf-spectacular's AutoSchema hook (not Django or DRF)",
}


def modules() -> list[Path]:
    return sorted(path for package in APPLICATION for path in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_generated_code_and_no_private_attributes(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("exec", "eval"):
            found.append(f"line {node.lineno}: {node.func.id}()")
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if node.attr not in ALLOWED:
                found.append(f"line {node.lineno}: .{node.attr}")
    assert found == []
