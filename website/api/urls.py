from django.urls import path

from website.api import views

urlpatterns = [
    path("indicators/<slug:code>/chart.svg", views.ChartSVGView.as_view(), name="indicator-chart-svg"),
    path("indicators/<slug:code>/chart.png", views.ChartPNGView.as_view(), name="indicator-chart-png"),
    path("indicators/<slug:code>/chart.vl.json", views.ChartSpecView.as_view(), name="indicator-chart-spec"),
    path(
        "indicators/<slug:code>/series/datawrapper.json",
        views.DatawrapperMetadataView.as_view(),
        name="indicator-series-datawrapper",
    ),
]
