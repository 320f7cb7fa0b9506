"""The publication policy (docs/publication-policy.md), served as the Markdown it is written in."""

from functools import cache
from typing import Any

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from jobcenter_api.api.base import DocumentAPIView

POLICY_FILE = settings.BASE_DIR / "docs" / "publication-policy.md"


@cache
def policy_text() -> str:
    """The policy as committed: read once per process (it changes only with a deployment)."""
    return POLICY_FILE.read_text(encoding="utf-8")


class MarkdownRenderer(BaseRenderer):
    media_type = "text/markdown"
    format = "md"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return data.encode("utf-8")


class PublicationPolicyView(DocumentAPIView):
    """When releases happen, the embargo, provisional values and revisions, and the stability promise of v1."""

    renderer_classes = [MarkdownRenderer]

    @extend_schema(
        operation_id="publication_policy",
        tags=["releases"],
        summary="The publication policy, in German and English (Markdown)",
        description=(
            "When releases happen (announced in the calendar, Europe/Berlin, all figures at once), the embargo "
            "and who sees figures before (the editors, with `preview`), how provisional values are marked and "
            "revised, and what API v1 promises to keep (deprecations come with `Deprecation` and `Sunset` headers)."
        ),
        responses={(200, "text/markdown"): OpenApiResponse(OpenApiTypes.STR, description="The policy as Markdown.")},
    )
    def get(self, request: Request) -> Response:
        return Response(policy_text())
