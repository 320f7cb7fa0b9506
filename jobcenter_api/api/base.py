"""Base classes of every API view: query parameters are validated, never ignored.

One allow-list for all views: the global parameters, plus, on collections, the
view's FilterSet fields and its pagination parameters.
"""

from django.http import QueryDict
from rest_framework import exceptions, generics, serializers, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jobcenter_api.api import writes
from jobcenter_api.downloads.mixins import DownloadMixin
from jobcenter_api.downloads.renderers import JSONRenderer
from jobcenter_api.http.language import requested_language
from jobcenter_api.readpath.vintages import VintageMixin

GLOBAL_PARAMS = {"format", "lang"}
# Understood by the reads of views that serve vintages (VintageMixin).
VINTAGE_PARAMS = {"as_of"}


def allowed_query_params(view: APIView) -> set[str]:
    """The query parameters `view` understands for the current request."""
    allowed = set(GLOBAL_PARAMS)
    request = getattr(view, "request", None)
    if getattr(view, "supports_as_of", False) and request is not None and request.method in SAFE_METHODS:
        allowed |= VINTAGE_PARAMS
        if getattr(view, "supports_preview", False):
            allowed.add("preview")
    collection = getattr(view, "action", None) == "list" or getattr(view, "filters_on_detail", False)
    if collection:
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None:
            allowed |= set(filterset_class.base_filters)
        paginator = getattr(view, "paginator", None)
        if paginator is not None and getattr(view, "action", None) == "list":
            allowed |= {paginator.limit_query_param, paginator.offset_query_param}
    return allowed


def query_param_errors(allowed: set[str], params: QueryDict) -> dict[str, list[str]]:
    """Each unknown, empty or repeated parameter, and a bad `lang`, with what is wrong.

    An empty value would otherwise be ignored as if absent, and a repeated one would
    keep only its last value.
    """
    errors = {}
    for name, values in params.lists():
        if name not in allowed:
            errors[name] = [f"Unknown query parameter. Allowed here: {', '.join(sorted(allowed))}."]
        elif "" in values:
            errors[name] = ["Must not be empty; leave the parameter out instead."]
        elif len(values) > 1:
            errors[name] = ["Give this parameter once; for several values use a comma list."]
    if "lang" not in errors:
        try:
            requested_language(params)
        except exceptions.ValidationError as exc:
            errors.update(exc.detail)
    return errors


def check_query_params(view: APIView, request: Request) -> None:
    """Raise a 400 naming every parameter `view` cannot take as given."""
    errors = query_param_errors(allowed_query_params(view), request.query_params)
    if errors:
        raise exceptions.ValidationError(errors)


class StrictQueryParamsMixin:
    def initial(self, request: Request, *args, **kwargs) -> None:
        # A method the view does not answer is a 405, whatever its parameters or credentials.
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        check_query_params(self, request)


class StrictAPIView(StrictQueryParamsMixin, APIView):
    pass


class StrictGenericAPIView(StrictQueryParamsMixin, generics.GenericAPIView):
    pass


class DocumentAPIView(StrictAPIView):
    """A view whose answer is one document that is not JSON (a calendar, a text); its errors stay JSON.

    `document_type` is the type of the `Response.data` its own renderer writes; anything else
    (an error's detail, OPTIONS) is written by the JSON renderer, as everywhere.
    """

    document_type: type = str

    def finalize_response(self, request: Request, response: Response, *args, **kwargs) -> Response:
        if isinstance(response, Response) and not isinstance(response.data, self.document_type):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class ReadOnlyViewSet(StrictQueryParamsMixin, DownloadMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ReadOnlyListViewSet(
    StrictQueryParamsMixin, DownloadMixin, viewsets.mixins.ListModelMixin, viewsets.GenericViewSet
):
    pass


class VintageReadOnlyViewSet(StrictQueryParamsMixin, DownloadMixin, VintageMixin, viewsets.ReadOnlyModelViewSet):
    """Reads of current data, or of a vintage with `as_of`."""


class PublishingViewSet(StrictQueryParamsMixin, DownloadMixin, VintageMixin, viewsets.ModelViewSet):
    """Reads for everybody (with `as_of`); writes for editors, each validated and saved in one transaction."""

    publishes = True

    def handle_exception(self, exc: Exception) -> Response:
        # A clash with a unique key is a 409, whether DRF's validators find it or the model's
        # full_clean() in writes.save_record (its errors keep their codes).
        if isinstance(exc, exceptions.ValidationError) and writes.clashes_only(exc.get_codes()):
            exc = writes.clash(exc.detail)
        return super().handle_exception(exc)

    def perform_create(self, serializer: serializers.ModelSerializer) -> None:
        model = serializer.Meta.model
        values = dict(serializer.validated_data)
        serializer.instance = writes.save_record(instance=model(), values=values, user=self.request.user, creating=True)

    def perform_update(self, serializer: serializers.ModelSerializer) -> None:
        values = dict(serializer.validated_data)
        writes.save_record(instance=serializer.instance, values=values, user=self.request.user, creating=False)

    def perform_destroy(self, instance: object) -> None:
        writes.delete_record(instance=instance, user=self.request.user)
