from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import SimpleRouter

from publishing.api import feed, views

router = SimpleRouter()
router.register("changes", views.ChangeViewSet, basename="change")

urlpatterns = [
    # Read-only: no CSRF check, so any other method gets the feed's own JSON 405.
    path("changes/feed.atom", csrf_exempt(feed.ChangeFeed()), name="change-feed"),
    *router.urls,
]
