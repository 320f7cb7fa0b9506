from django.urls import path
from rest_framework.routers import SimpleRouter

from publishing.api import feed, views

router = SimpleRouter()
router.register("changes", views.ChangeViewSet, basename="change")

urlpatterns = [
    path("changes/feed.atom", feed.ChangeFeed(), name="change-feed"),
    *router.urls,
]
