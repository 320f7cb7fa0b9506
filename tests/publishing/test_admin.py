"""Rule 3: the admin for editors: lists with search and filters, and each record's history."""

import pytest
from django.contrib.auth import get_user_model

from metrics.models import Observation
from publishing.models import Change
from publishing.services import create_editor


@pytest.fixture
def admin_editor(client, launched):
    user, _, _ = create_editor(username="editor")
    user.set_password("a long test password")
    user.save()
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/metrics/observation/?q=Arbeitslosenquote&indicator__code__exact=unemployment_rate",
        "/admin/metrics/observation/?year=2017&qualifier__exact=approximately",
        "/admin/metrics/refugeecaseload/?year=2017",
        "/admin/metrics/refugeebreakdown/?q=age_group",
        "/admin/metrics/budget/?q=Finanzvolumen",
        "/admin/metrics/budgetcategory/?budget__fiscal_year=2017",
        "/admin/metrics/indicator/?unit__exact=percent",
        "/admin/locations/location/?q=Mayen",
        "/admin/locations/source/?q=Erfolgsmodell",
        "/admin/locations/area/?level__exact=state",
    ],
)
def test_editor_lists_search_and_filters(admin_editor, path):
    response = admin_editor.get(path)
    assert response.status_code == 200
    assert response.context["cl"].result_count > 0


def test_editor_corrects_a_value_in_the_admin_and_sees_its_history(admin_editor):
    observation = Observation.objects.get(indicator="staff")
    url = f"/admin/metrics/observation/{observation.pk}/change/"
    form = {
        "indicator": "staff", "area": "07137", "period_start": "2017-01-01", "period_end": "2017-12-31",
        "value": "225", "qualifier": "exact", "value_kind": "point_in_time", "status": "final",
        "source": observation.source_id,
        "source_quote": observation.source_quote, "note": observation.note,
    }  # fmt: skip
    assert admin_editor.post(url, form).status_code == 302
    assert Change.objects.first().changes["value"] == {"old": 224, "new": 225}
    history = admin_editor.get(f"/admin/metrics/observation/{observation.pk}/history/")
    assert history.status_code == 200
    assert b"2 entries" in history.content
    assert b"Changed" in history.content and b"Created" in history.content


def test_admin_refuses_a_negative_count_like_the_api(admin_editor):
    from metrics.models import RefugeeBreakdown

    breakdown = RefugeeBreakdown.objects.get()
    response = admin_editor.post(f"/admin/metrics/refugeebreakdown/{breakdown.pk}/change/", {
        "caseload": breakdown.caseload_id, "dimension": "age_group", "group": "15-50", "count": "-1",
        "share_percent": "101", "source_quote": "", "note": "",
    })  # fmt: skip
    assert response.status_code == 200  # the form again, with its errors
    assert response.context["adminform"].form.errors.keys() >= {"count", "share_percent"}
    breakdown.refresh_from_db()
    assert breakdown.count == 1655
