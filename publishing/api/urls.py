from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import SimpleRouter

from publishing.api import calendar, feed, policy, views

router = SimpleRouter()
router.register("changes", views.ChangeViewSet, basename="change")
router.register("releases", views.ReleaseViewSet, basename="release")

urlpatterns = [
    # Read-only: no CSRF check, so any other method gets the feed's own JSON 405.
    path("changes/feed.atom", csrf_exempt(feed.ChangeFeed()), name="change-feed"),
    path("releases/calendar.ics", calendar.ReleaseCalendarView.as_view(), name="release-calendar"),
    path("publication-policy/", policy.PublicationPolicyView.as_view(), name="publication-policy"),
    *router.urls,
]
