from django_filters import rest_framework as filters

from locations.models import Area, AreaLevel


class AreaFilterSet(filters.FilterSet):
    level = filters.ChoiceFilter(choices=AreaLevel.choices, help_text="Only areas of this level.")

    class Meta:
        model = Area
        fields = ["level"]
