"""Request body parsers that turn every malformed body into a 400."""

from collections.abc import Mapping
from typing import IO, Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, plus a 400 for nesting too deep for Python's parser.

    `json` raises RecursionError (not ValueError) on such input, which DRF would
    let through as a 500. Non-UTF-8 bodies are already a ParseError in DRF.
    """

    def parse(self, stream: IO[bytes], media_type: str | None = None, parser_context: Mapping | None = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError("JSON parse error - the document is nested too deeply.") from exc
