"""The release calendar as iCalendar (RFC 5545), written with the `icalendar` library, for people to subscribe to.

Every release is an event at its moment in Europe/Berlin (with the VTIMEZONE), under a UID that
never changes; a reschedule or a cancellation raises its SEQUENCE, so a subscriber's copy is
replaced, and a cancelled release stays in the file as CANCELLED.
"""

from collections.abc import Callable, Iterable
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from jobcenter_api.api.base import DocumentAPIView
from jobcenter_api.http.language import data_language
from publishing.models import Release, ReleaseStatus

#: The right-hand side of every event's UID: fixed, so a UID survives a change of host name.
UID_SUFFIX = "jobcenter-mayen-koblenz-open-data"
PRODID = "-//Jobcenter Mayen-Koblenz//Open data release calendar//EN"


def release_uid(release: Release) -> str:
    return f"release-{release.pk}@{UID_SUFFIX}"


def build_calendar(releases: Iterable[Release], *, absolute: Callable[[str], str], language: str) -> icalendar.Calendar:
    """One VEVENT per release, in `language` where the release has a title in it."""
    berlin = ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        uid=f"release-calendar@{UID_SUFFIX}",
        name="Jobcenter Mayen-Koblenz: Veröffentlichungskalender"
        if language == "de"
        else "Jobcenter Mayen-Koblenz: release calendar",
        url=absolute(reverse("release-list")),
    )
    for release in releases:
        title = getattr(release, f"title_{language}") or release.title_de
        description = getattr(release, f"description_{language}") or release.description_de
        cancelled = release.status_at() == ReleaseStatus.CANCELLED
        event = icalendar.Event.new(
            uid=release_uid(release),
            summary=title,
            description=description or None,
            start=release.scheduled_at.astimezone(berlin),
            stamp=release.created_at,
            sequence=release.sequence,
            status="CANCELLED" if cancelled else "CONFIRMED",
            url=absolute(reverse("release-detail", kwargs={"pk": release.pk})),
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


class ICalendarRenderer(BaseRenderer):
    media_type = "text/calendar"
    format = "ics"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return data.to_ical()


class ReleaseCalendarView(DocumentAPIView):
    """The releases as a calendar to subscribe to (webcal, Outlook, Google Calendar)."""

    renderer_classes = [ICalendarRenderer]

    document_type = icalendar.Calendar

    @extend_schema(
        operation_id="release_calendar",
        tags=["releases"],
        summary="The release calendar as iCalendar (RFC 5545)",
        description=(
            "Every release as an event at its `scheduled_at` (Europe/Berlin, with the VTIMEZONE): a stable "
            "`UID`, the release's URL, a `SEQUENCE` that goes up when it is rescheduled or cancelled; a "
            "cancelled release stays in the file with `STATUS:CANCELLED`. Subscribe to it in a calendar app. "
            "Titles in the language asked for (`lang`, `Accept-Language`)."
        ),
        responses={(200, "text/calendar"): OpenApiResponse(OpenApiTypes.STR, description="An iCalendar file.")},
    )
    def get(self, request: Request) -> Response:
        releases = Release.objects.order_by("scheduled_at", "pk")
        return Response(build_calendar(releases, absolute=request.build_absolute_uri, language=data_language()))
