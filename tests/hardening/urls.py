"""A URLconf for the tests: the project's URLs plus views that parse a body, query or fail.

Writes are another issue's; until every write endpoint is fuzzed with bodies, this view
runs the project's own parser and exception handler on the nasty bodies.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jobcenter_api.urls import urlpatterns as project_urlpatterns
from locations.models import Area


class EchoView(APIView):
    def post(self, request: Request) -> Response:
        return Response({"received": type(request.data).__name__})


def too_big(request: HttpRequest) -> HttpResponse:
    raise RequestDataTooBig("too big")


def plain_query(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Area.objects.count()))


def plain_error(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


class TooBigView(APIView):
    def post(self, request: Request) -> Response:
        raise RequestDataTooBig("too big")


urlpatterns = [
    path("test/echo/", EchoView.as_view()),
    path("test/too-big/", too_big),
    path("test/too-big-drf/", TooBigView.as_view()),
    path("test/plain-query/", plain_query),
    path("test/plain-error/", plain_error),
    *project_urlpatterns,
]

handler400 = "jobcenter_api.api.errors.bad_request"
handler403 = "jobcenter_api.api.errors.permission_denied"
handler404 = "jobcenter_api.api.errors.not_found"
handler500 = "jobcenter_api.api.errors.server_error"
