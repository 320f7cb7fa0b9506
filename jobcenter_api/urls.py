from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from jobcenter_api import views
from metrics.views import landing

api_v1 = [
    path("", views.RootView.as_view(), name="api-root"),
    path("", include("metrics.api.urls")),
    path("", include("locations.api.urls")),
    path("", include("metrics.api.catalog_urls")),
    path("", include("publishing.api.urls")),
]

urlpatterns = [
    path("", landing, name="landing"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
]

handler400 = "jobcenter_api.errors.bad_request"
handler403 = "jobcenter_api.errors.permission_denied"
handler404 = "jobcenter_api.errors.not_found"
handler500 = "jobcenter_api.errors.server_error"
