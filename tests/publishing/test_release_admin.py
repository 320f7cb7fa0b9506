"""Releases in the admin: editors announce and reschedule; what is published or cancelled stays as it is."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.utils import timezone

from publishing.models import Release

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2027, 1, 5, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def admin_client_of_editor(client, django_user_model):
    """Logs in when first asked, so that the session starts at the test's (travelled) moment."""
    user = django_user_model.objects.create_user("redakteurin", password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))

    def logged_in():
        client.force_login(user)
        return client

    return logged_in


def form(release: Release, **changes: str) -> dict:
    moment = timezone.localtime(changes.pop("scheduled_at", release.scheduled_at))  # the admin's fields are local
    return {
        "title_de": release.title_de, "title_en": release.title_en, "description_de": "", "description_en": "",
        "scheduled_at_0": moment.strftime("%Y-%m-%d"), "scheduled_at_1": moment.strftime("%H:%M:%S"),
        "indicators": [], **changes,
    }  # fmt: skip


def test_rescheduling_in_the_admin_moves_the_calendar_sequence(admin_client_of_editor):
    release = Release.objects.create(title_de="Monatszahlen", scheduled_at=NOON)
    with time_machine.travel(NOON - dt.timedelta(days=2), tick=False):
        later = NOON + dt.timedelta(days=1)
        response = admin_client_of_editor().post(
            f"/admin/publishing/release/{release.pk}/change/", form(release, scheduled_at=later)
        )
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.sequence == 1 and release.scheduled_at == later


def test_a_published_release_keeps_its_moment_and_cannot_be_deleted_in_the_admin(admin_client_of_editor):
    release = Release.objects.create(title_de="Monatszahlen", scheduled_at=NOON)
    with time_machine.travel(NOON + dt.timedelta(hours=1), tick=False):
        editor = admin_client_of_editor()
        page = editor.get(f"/admin/publishing/release/{release.pk}/change/")
        assert page.status_code == 200
        assert set(page.context["adminform"].form.fields) == {
            "title_de",
            "title_en",
            "description_de",
            "description_en",
        }
        assert editor.post(f"/admin/publishing/release/{release.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Release.objects.filter(pk=release.pk).exists()
