"""OpenAPI generation: error responses, the language parameter, `as_of`, and token auth on writes."""

from django.core.validators import RegexValidator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from jobcenter_api.readpath.vintages import AS_OF_PARAMETER, PREVIEW_PARAMETER

VALIDATION_ERROR = {
    "type": "object",
    "description": "What is wrong, by query parameter or body field name.",
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "object", "description": "Errors of a nested field or list item, in the same shape."},
        ]
    },
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


# Every date the API takes lies in 1900..2100, as its years do (jobcenter_api.api.filters).
DATE_IN_RANGE = r"^(19[0-9]{2}|20[0-9]{2}|2100)-"
# The same for a whole date (a body field): so generated dates are nearly always real ones.
# What Python's str.isspace() calls whitespace: DRF strips it from a text field, and a body
# field with nothing else is blank (a 400). The pattern asks for one other character.
NOT_ONLY_WHITESPACE = r"[^\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
FULL_DATE_IN_RANGE = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def forbid_empty(schema: dict) -> None:
    """An empty query value is a 400 (jobcenter_api.api.base.check_query_params): say so in the schema.

    A date outside 1900..2100 is a 400 too: the pattern says so.
    """
    if schema.get("type") == "array":
        schema.setdefault("minItems", 1)
    elif schema.get("type") == "string" and "enum" not in schema:
        schema.setdefault("minLength", 1)
        if schema.get("format") == "date":
            schema.setdefault("pattern", DATE_IN_RANGE)


# The summary of each CRUD action, built from the view's record names (JobcenterAutoSchema.get_summary).
CRUD_SUMMARIES = {
    "list": "List {plural}",
    "retrieve": "One {singular}",
    "create": "{add} {a_singular} (editors)",
    "update": "Correct {a_singular} (editors)",
    "partial_update": "Correct fields of {a_singular} (editors)",
    "destroy": "{remove} {a_singular}{destroy_note} (editors)",
}


def with_article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


class JobcenterAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, with the CRUD summaries of every viewset written once.

    A viewset names its records by its model's verbose names, or by `schema_name` and
    `schema_name_plural`; `schema_verbs` says whether an editor publishes and withdraws a
    record (figures) or adds and removes it (sources, sites); `schema_destroy_note` adds to a
    delete's summary. `list_description` describes the list. `extend_schema` still wins.
    """

    def get_summary(self) -> str | None:
        template = CRUD_SUMMARIES.get(getattr(self.view, "action", None))
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if template is None or model is None:
            return super().get_summary()
        singular = getattr(self.view, "schema_name", None) or str(model._meta.verbose_name)
        plural = getattr(self.view, "schema_name_plural", None) or str(model._meta.verbose_name_plural)
        add, remove = getattr(self.view, "schema_verbs", ("Publish", "Withdraw"))
        destroy_note = getattr(self.view, "schema_destroy_note", "")
        return template.format(
            singular=singular,
            a_singular=with_article(singular),
            plural=plural,
            add=add,
            remove=remove,
            destroy_note=f" {destroy_note}" if destroy_note else "",
        )

    def get_description(self) -> str:
        description = getattr(self.view, "list_description", None)
        if description and getattr(self.view, "action", None) == "list":
            return description
        return super().get_description()

    def get_filter_backends(self) -> list:
        if getattr(self.view, "filters_on_detail", False):
            return getattr(self.view, "filter_backends", [])
        return super().get_filter_backends()

    def get_operation(self, *args, **kwargs) -> dict | None:
        operation = super().get_operation(*args, **kwargs)
        for parameter in (operation or {}).get("parameters", []):
            if parameter["in"] == "query":
                forbid_empty(parameter["schema"])
        return operation

    def get_override_parameters(self) -> list:
        parameters = [*super().get_override_parameters(), LANG_PARAMETER]
        if getattr(self.view, "supports_as_of", False) and self.method in SAFE_METHODS:
            parameters.append(AS_OF_PARAMETER)
            if getattr(self.view, "supports_preview", False):
                parameters.append(PREVIEW_PARAMETER)
        return parameters

    def _map_serializer_field(self, field: serializers.Field, direction: str, bypass_extensions: bool = False) -> dict:
        """What a request body's field must be beyond its type, as the API checks it.

        A decimal has at most its column's decimal places, stated as `x-decimal-places`, not
        as `multipleOf`: validators divide in floating point, so -23.9 would fail a
        `multipleOf: 0.0001` and clients that check their bodies would refuse real figures.
        A text that may not be blank has a character other than whitespace.
        """
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request":
            return schema
        if isinstance(field, serializers.DecimalField) and field.decimal_places:
            schema["x-decimal-places"] = field.decimal_places
        trimmed = isinstance(field, serializers.CharField) and field.trim_whitespace and not field.allow_blank
        # A field with a regex (slugs, dates) gets that pattern from drf-spectacular after this.
        patterned = any(isinstance(validator, RegexValidator) for validator in field.validators)
        if trimmed and not patterned and schema.get("type") == "string" and not {"format", "enum"} & set(schema):
            schema["pattern"] = NOT_ONLY_WHITESPACE
        return schema

    def get_auth(self) -> list:
        """Reads need nothing; writes need an editor's token (no anonymous alternative)."""
        auth = super().get_auth()
        if self.method in SAFE_METHODS:
            return []
        return [requirement for requirement in auth if requirement]

    def _component(self, name: str, schema: dict) -> dict:
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref

    def _error(self, name: str, schema: dict, description: str) -> dict:
        return {"description": description, "content": {"application/json": {"schema": self._component(name, schema)}}}

    def _get_response_for_code(
        self, serializer: object, status_code: str, media_types: list[str] | None = None, direction: str = "response"
    ) -> dict:
        """A download format's body is a file (CSV text, XLSX, GeoJSON), not the JSON list; JSON-stat is either."""
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        if str(status_code).startswith("2"):
            for renderer in self.view.get_renderers():
                schema = getattr(renderer, "openapi_schema", None)
                media_type = renderer.media_type.split(";")[0]
                if schema and media_type in response.get("content", {}):
                    if getattr(renderer, "openapi_beside_json", False):
                        schema = {"oneOf": [response["content"][media_type]["schema"], schema]}
                    response["content"][media_type] = {"schema": schema}
        return response

    def _get_response_bodies(self, direction: str = "response") -> dict:
        responses = super()._get_response_bodies(direction)
        writes = self.method not in SAFE_METHODS
        if writes:
            # A body that is not JSON has no field to name: the parser's 400 is `{"detail": "JSON parse error…"}`.
            schemas = [
                self._component("ValidationError", VALIDATION_ERROR),
                self._component("DetailError", DETAIL_ERROR),
            ]
            responses.setdefault(
                "400",
                {
                    "description": (
                        "A bad body field or query parameter, or a body that is not JSON; nothing was written."
                    ),
                    "content": {"application/json": {"schema": {"oneOf": schemas}}},
                },
            )
        else:
            responses.setdefault("400", self._error("ValidationError", VALIDATION_ERROR, "A bad query parameter."))
            if getattr(self.view, "supports_preview", False):
                responses.setdefault(
                    "401", self._error("DetailError", DETAIL_ERROR, "preview without an editor's token.")
                )
                responses.setdefault(
                    "403", self._error("DetailError", DETAIL_ERROR, "preview by a user not an editor.")
                )
        if writes:
            responses.setdefault("401", self._error("DetailError", DETAIL_ERROR, "No or an invalid token."))
            responses.setdefault("403", self._error("DetailError", DETAIL_ERROR, "The token's user is not an editor."))
            responses.setdefault(
                "409",
                self._error(
                    "DetailError", DETAIL_ERROR, "Conflicts with other published records; nothing was written."
                ),
            )
        if "{" in self.path:
            responses.setdefault("404", self._error("DetailError", DETAIL_ERROR, "No such resource."))
        responses.setdefault("429", self.throttled())
        return responses

    def throttled(self) -> dict:
        """Where the deployment sets THROTTLE_ANON or THROTTLE_USER (jobcenter_api.http.throttling)."""
        return {
            **self._error("DetailError", DETAIL_ERROR, "Past the deployment's rate limit; nothing was done."),
            "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
        }


def document_change_feed(result: dict, generator: object, request: object, public: bool) -> dict:
    """Add the Atom feed, a plain Django view drf-spectacular cannot see, with the change list's filters."""
    changes = result["paths"].get("/api/v1/changes/", {}).get("get")
    if changes is None:
        return result
    skipped = ("limit", "offset", "lang", "format")
    parameters = [p for p in changes.get("parameters", []) if p.get("name") not in skipped]
    result["paths"]["/api/v1/changes/feed.atom"] = {
        "get": {
            "operationId": "v1_changes_feed_atom",
            "summary": "The change log as an Atom feed",
            "description": "The latest 100 changes, newest first, with the filters of /api/v1/changes/.",
            "tags": changes.get("tags", []),
            "parameters": parameters,
            "security": [{}],
            "responses": {
                "200": {
                    "description": "An Atom 1.0 feed.",
                    "content": {"application/atom+xml": {"schema": {"type": "string"}}},
                },
                "400": changes["responses"]["400"],
                "429": changes["responses"]["429"],
            },
        }
    }
    return result
