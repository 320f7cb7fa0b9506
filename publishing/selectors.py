"""Reads of releases beyond a queryset attribute: how many figures each holds."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from metrics.models import Budget, Indicator, Observation, RefugeeCaseload
from publishing.models import Release

#: The records a release publishes (their children, breakdowns and categories, follow their parent).
RELEASED_MODELS = (Observation, RefugeeCaseload, Budget)


def held_by_release(model: type) -> Coalesce:
    """How many records of `model` the outer release holds: one subquery, no join that multiplies rows."""
    counts = model.objects.filter(release=OuterRef("pk")).order_by().values("release").annotate(n=Count("pk"))
    return Coalesce(Subquery(counts.values("n"), output_field=IntegerField()), Value(0))


def releases_with_figures(queryset: QuerySet | None = None) -> QuerySet:
    """Releases with `figures_held` (observations, caseloads and budgets) and their indicators, in one read."""
    queryset = Release.objects.all() if queryset is None else queryset
    held = [held_by_release(model) for model in RELEASED_MODELS]
    indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("code").only("code"))
    return queryset.annotate(figures_held=held[0] + held[1] + held[2]).prefetch_related(indicators)


def figures_held(release: Release) -> int:
    """The records `release` holds, for a release read without `releases_with_figures`."""
    annotated = getattr(release, "figures_held", None)
    if annotated is not None:
        return annotated
    return sum(model.objects.filter(release=release).count() for model in RELEASED_MODELS)
