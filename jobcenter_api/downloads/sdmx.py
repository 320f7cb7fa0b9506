"""SDMX-CSV 2.0 of the observations: one line per figure, streamed from the queryset like the CSV.

Columns: STRUCTURE, STRUCTURE_ID (our dataflow, documented at /api/v1/sdmx/dataflow/), ACTION,
the dimensions INDICATOR, REF_AREA (the regional key) and TIME_PERIOD (SDMX time: 2017, 2013-08,
a span as start and duration 2005-01-01/P12Y), the measure OBS_VALUE, then the attributes
OBS_STATUS (CL_OBS_STATUS), UNIT_MEASURE, QUALIFIER, VALUE_KIND (once observations have it),
SOURCE and SOURCE_QUOTE. Where two sources give one period, the lines differ by SOURCE.
"""

from collections.abc import Iterator
from itertools import chain, islice

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse

from jobcenter_api.downloads.renderers import ROWS_PER_CHUNK, CSVRenderer, DownloadRenderer, plain_decimal
from jobcenter_api.downloads.statistical import (
    OBS_STATUS_LABELS,
    STRUCTURE_ID,
    link_header,
    observation_rows,
    optional_fields,
    related_model,
)
from jobcenter_api.http.language import data_language, in_data_language

FIXED_COLUMNS = ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
COMPONENT_NAMES = {
    "de": {
        "INDICATOR": "Indikator", "REF_AREA": "Gebiet", "TIME_PERIOD": "Zeitraum", "OBS_VALUE": "Wert",
        "OBS_STATUS": "Status", "UNIT_MEASURE": "Einheit", "QUALIFIER": "Einschränkung", "VALUE_KIND": "Art des Werts",
        "SOURCE": "Quelle",
    },
    "en": {
        "INDICATOR": "Indicator", "REF_AREA": "Reference area", "TIME_PERIOD": "Time period", "OBS_VALUE": "Value",
        "OBS_STATUS": "Observation status", "UNIT_MEASURE": "Unit of measure", "QUALIFIER": "Qualifier",
        "VALUE_KIND": "Kind of value", "SOURCE": "Source",
    },
}  # fmt: skip
#: Left unlabelled: a quote may itself hold ": ", which a reader would take for a label's separator.
PLAIN_COLUMNS = ("SOURCE_QUOTE",)


def labelled(code: str, names: dict[str, str]) -> str:
    """A coded cell as SDMX-CSV's labels=both writes it: `07137: Landkreis Mayen-Koblenz`."""
    name = names.get(code)
    return f"{code}: {name}" if name else code


class SDMXCSVRenderer(DownloadRenderer):
    """SDMX-CSV 2.0 (comma, dot decimals, UTF-8), streamed with flat memory.

    Coded components are written as labels=both (`REF_AREA: Gebiet`, `07137: Landkreis Mayen-Koblenz`,
    names in the requested language): a reader keeps each code as text, leading zero and all,
    and drops the names (pysdmx does) or shows them.
    """

    media_type = "application/vnd.sdmx.data+csv"
    format = "sdmx-csv"
    charset = "utf-8"
    extension = "csv"
    filename_suffix = "_sdmx"
    openapi_schema = {
        "type": "string",
        "description": (
            "SDMX-CSV 2.0 of every matching figure (not one page), one line each: STRUCTURE (`dataflow`), "
            "STRUCTURE_ID (`JCMYK:DF_JOBCENTER(1.0)`, documented at /api/v1/sdmx/dataflow/), ACTION (`I`), "
            "the dimensions INDICATOR, REF_AREA, TIME_PERIOD (`2017`, `2013-08`, a span as `2005-01-01/P12Y`), "
            "OBS_VALUE, and the attributes OBS_STATUS (SDMX CL_OBS_STATUS: A, P, E), UNIT_MEASURE, QUALIFIER, "
            "VALUE_KIND (where figures have it), SOURCE, SOURCE_QUOTE. Coded columns are written as labels=both "
            "(`REF_AREA: Gebiet`, `07137: Landkreis Mayen-Koblenz`) in the requested language. "
            "`?format=sdmx-csv` or `Accept: application/vnd.sdmx.data+csv`."
        ),
    }

    def response(self, **kwargs) -> HttpResponseBase:
        raise NotImplementedError("SDMX-CSV is written from a queryset of observations (queryset_response).")

    @staticmethod
    def components(extra: tuple[str, ...]) -> list[str]:
        optional = ["VALUE_KIND"] if "value_kind" in extra else []
        return [
            "INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS", "UNIT_MEASURE", "QUALIFIER",
            *optional, "SOURCE", "SOURCE_QUOTE",
        ]  # fmt: skip

    def header(self, extra: tuple[str, ...], language: str) -> list[str]:
        names = COMPONENT_NAMES[language]
        return [*FIXED_COLUMNS, *(labelled(c, {} if c in PLAIN_COLUMNS else names) for c in self.components(extra))]

    def cells(self, queryset: QuerySet, extra: tuple[str, ...], language: str) -> Iterator[list[str]]:
        indicators = related_model(queryset, "indicator").objects.values_list("code", f"name_{language}", "unit")
        indicator_names = {code: name for code, name, _ in indicators}
        units = {code: unit for code, _, unit in indicators}
        area_names = dict(related_model(queryset, "area").objects.values_list("code", f"name_{language}"))
        qualifiers = dict(queryset.model._meta.get_field("qualifier").choices)
        unit_names = dict(related_model(queryset, "indicator")._meta.get_field("unit").choices)
        for row in observation_rows(queryset):
            optional = [row.value_kind or ""] if "value_kind" in extra else []
            yield [
                "dataflow", STRUCTURE_ID, "I", labelled(row.indicator, indicator_names),
                labelled(row.area, area_names), row.time_period,
                plain_decimal(row.value), labelled(row.obs_status, OBS_STATUS_LABELS),
                labelled(units[row.indicator], unit_names), labelled(row.qualifier, qualifiers), *optional,
                row.source, row.source_quote,
            ]  # fmt: skip

    def queryset_response(self, queryset: QuerySet, *, request: HttpRequest, name: str) -> HttpResponseBase:
        writer = CSVRenderer()
        extra, language = optional_fields(queryset), data_language()
        cells = in_data_language(self.cells(queryset, extra, language), language)
        lines = writer.lines(chain([self.header(extra, language)], cells))
        pieces = iter(lambda: "".join(islice(lines, ROWS_PER_CHUNK)), "")
        body = (piece.encode(self.charset) for piece in pieces)
        content_type = f"{self.media_type}; version=2.0.0; charset={self.charset}; header=present"
        response = StreamingHttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = self.attachment(name)
        response["Link"] = link_header(request)
        return response
