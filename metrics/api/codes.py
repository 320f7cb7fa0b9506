"""The dataflow behind `?format=sdmx-csv` and `?format=jsonstat`: its dimensions, attributes and code lists.

A stable URL (/api/v1/sdmx/dataflow/) that both formats link to, so a statistician can
look up what `JCMYK:DF_JOBCENTER(1.0)`, `REF_AREA=07137` or `OBS_STATUS=P` mean.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from jobcenter_api.api.base import StrictAPIView
from jobcenter_api.downloads.statistical import (
    AGENCY,
    DATAFLOW,
    DATAFLOW_VERSION,
    OBS_STATUS,
    OBS_STATUS_LABELS,
    STRUCTURE_ID,
)
from locations.models import Area
from metrics.models import Indicator
from metrics.models.vocabulary import Qualifier, Unit, ValueKind

DIMENSIONS = [
    {"id": "INDICATOR", "codelist": "CL_INDICATOR", "jsonstat": "indicator", "json": "indicator"},
    {"id": "REF_AREA", "codelist": "CL_AREA", "jsonstat": "area", "json": "area"},
    {
        "id": "TIME_PERIOD",
        "format": "SDMX time: 2017 (year), 2013-08 (month), 2005-01-01/P12Y (a span: start and duration)",
        "jsonstat": "time",
        "json": "period_start, period_end",
    },
]
ATTRIBUTES = [
    {"id": "OBS_STATUS", "codelist": "CL_OBS_STATUS", "json": "status (final, provisional, estimated)"},
    {"id": "UNIT_MEASURE", "codelist": "CL_UNIT", "json": "unit"},
    {"id": "QUALIFIER", "codelist": "CL_QUALIFIER", "json": "qualifier"},
    {"id": "VALUE_KIND", "codelist": "CL_VALUE_KIND", "json": "value_kind"},
    {"id": "SOURCE", "json": "source", "note": "A source id of /api/v1/sources/."},
    {"id": "SOURCE_QUOTE", "json": "source_quote", "note": "The German sentence the figure is taken from."},
]


def codelists() -> dict[str, list[dict]]:
    """Every code a figure can carry today, with names in German and English."""
    final_by_letter = {letter: status for status, letter in OBS_STATUS.items()}
    return {
        "CL_INDICATOR": [
            {"id": code, "name_de": de, "name_en": en, "unit": unit}
            for code, de, en, unit in Indicator.objects.order_by("code").values_list(
                "code", "name_de", "name_en", "unit"
            )
        ],
        "CL_AREA": [
            {"id": code, "name_de": de, "name_en": en, "level": level}
            for code, de, en, level in Area.objects.order_by("code").values_list("code", "name_de", "name_en", "level")
        ],
        "CL_OBS_STATUS": [
            {"id": letter, "name_en": label, "status": final_by_letter[letter]}
            for letter, label in OBS_STATUS_LABELS.items()
        ],
        "CL_QUALIFIER": [{"id": value, "name_en": label} for value, label in Qualifier.choices],
        "CL_UNIT": [{"id": value, "name_en": label} for value, label in Unit.choices],
        "CL_VALUE_KIND": [{"id": value, "name_en": label} for value, label in ValueKind.choices],
    }


@extend_schema(
    tags=["catalogue"],
    summary="The SDMX dataflow and its code lists",
    description=(
        f"What `?format=sdmx-csv` and `?format=jsonstat` use: the dataflow `{STRUCTURE_ID}`, its dimensions "
        "and attributes, and the code lists (indicators, areas, observation status, qualifiers, units)."
    ),
    responses=OpenApiTypes.OBJECT,
)
class DataflowView(StrictAPIView):
    def get(self, request: Request) -> Response:
        return Response(
            {
                "agency": AGENCY,
                "id": DATAFLOW,
                "version": DATAFLOW_VERSION,
                "structure_id": STRUCTURE_ID,
                "urn": f"urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow={STRUCTURE_ID}",
                "name_de": "Kennzahlen des Jobcenters Mayen-Koblenz",
                "name_en": "Key figures of the Jobcenter Mayen-Koblenz",
                "dimensions": DIMENSIONS,
                "measure": {"id": "OBS_VALUE", "json": "value"},
                "attributes": ATTRIBUTES,
                "codelists": codelists(),
            }
        )
