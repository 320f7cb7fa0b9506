from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from jobcenter_api import views
from jobcenter_api.api.errors import api_not_found

api_v1 = [
    path("", views.RootView.as_view(), name="api-root"),
    path("", include("metrics.api.urls")),
    path("", include("locations.api.urls")),
    path("", include("publishing.catalog.urls")),
    path("", include("publishing.api.urls")),
    path("", include("website.api.urls")),
]

urlpatterns = [
    path("", include("website.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    # Redoc injects <style> elements before it could learn a nonce: its page allows inline
    # styles (the page uses no nonce, so they apply); scripts stay 'self' only.
    path(
        "api/redoc/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularRedocView.as_view(url_name="schema")),
        name="redoc",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    # Last: any other path under /api/ is the API's JSON 404, under DEBUG too.
    re_path(r"^api(?:/(?P<rest>.*))?$", api_not_found, name="api-not-found"),
]

handler400 = "jobcenter_api.api.errors.bad_request"
handler403 = "jobcenter_api.api.errors.permission_denied"
handler404 = "jobcenter_api.api.errors.not_found"
handler500 = "jobcenter_api.api.errors.server_error"
