"""A list that declares `rows = VALUES` must have only fields its read plan reads: a system check says which not."""

import pytest
from django.core import management
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import get_resolver, path
from rest_framework import serializers

from jobcenter_api.api.base import ReadOnlyViewSet
from jobcenter_api.readpath.checks import check_declared_lists, declared_list_errors, url_views
from jobcenter_api.readpath.plan import VALUES
from locations.models import Area
from metrics.models import RefugeeBreakdown


class ShoutingAreaSerializer(serializers.ModelSerializer):
    shout = serializers.SerializerMethodField()

    class Meta:
        model = Area
        fields = ["code", "shout"]

    def get_shout(self, area: Area) -> str:
        return area.code.upper()


class ShoutingAreaViewSet(ReadOnlyViewSet):
    queryset = Area.objects.all()
    serializer_class = ShoutingAreaSerializer
    rows = VALUES


urlpatterns = [path("shouting-areas/", ShoutingAreaViewSet.as_view({"get": "list"}))]


def view_of(serializer_class: type, model: type) -> type:
    return type("DeclaredViewSet", (ReadOnlyViewSet,), {
        "queryset": model.objects.all(), "serializer_class": serializer_class, "rows": VALUES,
    })  # fmt: skip


def test_the_apis_declared_lists_pass_the_check():
    declared = {
        view.__name__ for view in url_views(get_resolver().url_patterns) if getattr(view, "rows", None) == VALUES
    }
    assert declared == {"ObservationViewSet", "IndicatorViewSet", "AreaViewSet", "SourceViewSet", "ChangeViewSet"}
    assert check_declared_lists() == []


@override_settings(ROOT_URLCONF=__name__)
def test_a_declared_list_with_a_method_field_stops_the_check():
    with pytest.raises(SystemCheckError) as raised:
        management.call_command("check")
    message = str(raised.value)
    assert "readpath.E001" in message
    assert "ShoutingAreaSerializer" in message
    assert "field 'shout': a SerializerMethodField" in message


class BreakdownYearSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="caseload.year")

    class Meta:
        model = RefugeeBreakdown
        fields = ["id", "year"]


class NestedAreaSerializer(serializers.ModelSerializer):
    again = ShoutingAreaSerializer(source="*")

    class Meta:
        model = Area
        fields = ["code", "again"]


@pytest.mark.parametrize(
    ("serializer_class", "model", "says"),
    [
        (BreakdownYearSerializer, RefugeeBreakdown, "field 'year': reads the path 'caseload.year'"),
        (NestedAreaSerializer, Area, "field 'again': a nested serializer"),
    ],
)
def test_each_unreadable_field_is_named(serializer_class, model, says):
    errors = declared_list_errors([view_of(serializer_class, model)])
    assert [error.id for error in errors] == ["readpath.E001"]
    assert says in errors[0].msg
    assert serializer_class.__qualname__ in errors[0].msg


def test_an_undeclared_list_is_not_checked():
    view = view_of(ShoutingAreaSerializer, Area)
    view.rows = "serializer"
    assert declared_list_errors([view]) == []
