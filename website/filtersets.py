from django.db.models import QuerySet

from jobcenter_api.api.filters import IntegerFilter
from metrics.filtersets import SeriesFilterSet

DEFAULT_WIDTH, DEFAULT_HEIGHT = 1200, 675
MIN_WIDTH, MAX_WIDTH = 300, 3000
MIN_HEIGHT, MAX_HEIGHT = 200, 2000


class ChartFilterSet(SeriesFilterSet):
    """The series' filters, and the size of the whole image in pixels."""

    width = IntegerFilter(
        method="keep_all",
        min_value=MIN_WIDTH,
        max_value=MAX_WIDTH,
        help_text=f"Width of the whole image in pixels (default {DEFAULT_WIDTH}).",
    )
    height = IntegerFilter(
        method="keep_all",
        min_value=MIN_HEIGHT,
        max_value=MAX_HEIGHT,
        help_text=f"Height of the whole image in pixels (default {DEFAULT_HEIGHT}).",
    )

    class Meta(SeriesFilterSet.Meta):
        fields = [*SeriesFilterSet.Meta.fields, "width", "height"]

    def keep_all(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        # The size changes the picture, not which rows it shows.
        return queryset
