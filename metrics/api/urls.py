from django.urls import path
from rest_framework.routers import SimpleRouter

from metrics.api import codes, views

router = SimpleRouter()
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("metrics", views.ObservationViewSet, basename="observation")
router.register("years", views.YearViewSet, basename="year")
router.register("refugees/breakdowns", views.RefugeeBreakdownViewSet, basename="refugee-breakdown")
router.register("refugees", views.RefugeeCaseloadViewSet, basename="refugee-caseload")
router.register("budgets/categories", views.BudgetCategoryViewSet, basename="budget-category")
router.register("budgets", views.BudgetViewSet, basename="budget")

urlpatterns = [
    path("indicators/<slug:code>/series/", views.IndicatorSeriesView.as_view(), name="indicator-series"),
    path("metrics/<int:pk>/revisions/", views.ObservationRevisionsView.as_view(), name="observation-revisions"),
    path("sdmx/dataflow/", codes.DataflowView.as_view(), name="sdmx-dataflow"),
    *router.urls,
]
