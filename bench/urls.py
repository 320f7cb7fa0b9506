from django.urls import path

from bench import views
from jobcenter_api.urls import handler400, handler403, handler404, handler500
from jobcenter_api.urls import urlpatterns as api_urlpatterns

urlpatterns = [
    path("bench/bare/", views.bare_metrics),
    path("bench/naive/", views.NaiveObservationList.as_view()),
    path("bench/slow-stream/", views.slow_stream),
    *api_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
