from rest_framework.routers import SimpleRouter

from locations.api import views

router = SimpleRouter()
router.register("areas", views.AreaViewSet, basename="area")
router.register("sources", views.SourceViewSet, basename="source")
router.register("locations", views.LocationViewSet, basename="location")

urlpatterns = router.urls
