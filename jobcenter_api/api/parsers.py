"""Request body parsers that turn every malformed body into a 400."""

from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

NUL = "\x00"


def contains_nul(value: Any) -> bool:
    """Whether a NUL character hides anywhere in a parsed JSON document, keys included."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(contains_nul(key) or contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, plus a 400 for nesting too deep and for NUL characters.

    `json` raises RecursionError (not ValueError) on deep nesting, which DRF would let
    through as a 500; PostgreSQL cannot store NUL in text or jsonb, so psycopg2 would
    raise on it later. Non-UTF-8 bodies are already a ParseError in DRF.
    """

    def parse(self, stream: IO[bytes], media_type: str | None = None, parser_context: Mapping | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("JSON parse error - the document is nested too deeply.") from exc
        if contains_nul(data):
            raise ParseError("JSON parse error - NUL characters (\\u0000) are not allowed.")
        return data
