"""OpenAPI generation: error responses and the language parameter on every operation."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

VALIDATION_ERROR = {
    "type": "object",
    "description": "What is wrong, by query parameter or body field name.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"year": ["Enter a whole number."]},
}
DETAIL_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "example": {"detail": "Not found."},
}

LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["de", "en"],
    description="Language of `name` and `definition` (overrides Accept-Language; German by default).",
)


class JobcenterAutoSchema(AutoSchema):
    def get_filter_backends(self) -> list:
        if getattr(self.view, "filters_on_detail", False):
            return getattr(self.view, "filter_backends", [])
        return super().get_filter_backends()

    def get_override_parameters(self) -> list:
        return [*super().get_override_parameters(), LANG_PARAMETER]

    def _error(self, name: str, schema: dict, description: str) -> dict:
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return {"description": description, "content": {"application/json": {"schema": component.ref}}}

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        responses.setdefault("400", self._error("ValidationError", VALIDATION_ERROR, "A bad query parameter."))
        if "{" in self.path:
            responses.setdefault("404", self._error("DetailError", DETAIL_ERROR, "No such resource."))
        return responses
