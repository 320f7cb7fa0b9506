"""/api/v1/metrics/{id}/revisions/: every value a figure has had in public, and never one under embargo."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from metrics.models import Observation
from publishing.models import Release
from tests.assertions import assert_json, assert_not_found
from tests.factories import SYNTHETIC_QUOTE, synthetic_area, synthetic_indicator, synthetic_source

BERLIN = dt.timezone(dt.timedelta(hours=1))
T0 = dt.datetime(2031, 3, 2, 8, 0, tzinfo=dt.UTC)
RELEASE_MOMENT = dt.datetime(2031, 3, 3, 9, 55, tzinfo=BERLIN)


def at(moment: dt.datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def iso(moment: dt.datetime) -> str:
    """A moment as the API writes it (in the project's time zone, with its offset)."""
    return timezone.localtime(moment).isoformat()


def new_figure(**fields) -> Observation:
    return Observation.objects.create(
        indicator=synthetic_indicator(),
        area=synthetic_area(),
        period_start=dt.date(1990, 1, 1),
        period_end=dt.date(1990, 12, 31),
        source=synthetic_source(),
        source_quote=SYNTHETIC_QUOTE,
        **{"value": Decimal(1), **fields},
    )


def update(figure: Observation, **fields) -> None:
    for name, value in fields.items():
        setattr(figure, name, value)
    figure.save()


def new_release(moment: dt.datetime = RELEASE_MOMENT) -> Release:
    release = Release.objects.create(title_de="Arbeitsmarkt März", scheduled_at=moment)
    release.indicators.add(synthetic_indicator())
    return release


def revisions(api, figure: Observation) -> list[dict]:
    return assert_json(api.get(f"/api/v1/metrics/{figure.pk}/revisions/"), 200)


def test_each_public_state_once_oldest_first_with_when_it_held(api, published):
    with at(T0):
        figure = new_figure(status="provisional", note="vorläufig")
    with at(T0 + dt.timedelta(days=30)):
        update(figure, value=Decimal(2))
    with at(T0 + dt.timedelta(days=31)):
        update(figure, source_quote="A corrected quote: not a new value.")
    with at(T0 + dt.timedelta(days=60)):
        update(figure, status="final", note="")
    assert revisions(api, figure) == [
        {
            "value": 1,
            "status": "provisional",
            "qualifier": "exact",
            "note": "vorläufig",
            "valid_from": iso(T0),
            "valid_to": iso(T0 + dt.timedelta(days=30)),
            "release": None,
        },
        {
            "value": 2,
            "status": "provisional",
            "qualifier": "exact",
            "note": "vorläufig",
            "valid_from": iso(T0 + dt.timedelta(days=30)),
            "valid_to": iso(T0 + dt.timedelta(days=60)),
            "release": None,
        },
        {
            "value": 2,
            "status": "final",
            "qualifier": "exact",
            "note": "",
            "valid_from": iso(T0 + dt.timedelta(days=60)),
            "valid_to": None,
            "release": None,
        },
    ]


def test_a_figure_that_never_existed_is_a_json_404(api, published):
    assert_not_found(api.get("/api/v1/metrics/999999/revisions/"))


def test_a_deleted_figure_keeps_its_revisions_until_its_deletion(api, published):
    with at(T0):
        figure = new_figure()
        pk = figure.pk
    with at(T0 + dt.timedelta(days=2)):
        figure.delete()
    body = assert_json(api.get(f"/api/v1/metrics/{pk}/revisions/"), 200)
    assert [(r["value"], r["valid_from"], r["valid_to"]) for r in body] == [
        (1, iso(T0), iso(T0 + dt.timedelta(days=2)))
    ]


def test_embargoed_states_appear_only_at_their_release_and_a_state_replaced_before_it_never(api, published):
    with at(T0):
        release = new_release()
        figure = new_figure(release=release, status="provisional")
    with at(T0 + dt.timedelta(hours=2)):
        update(figure, value=Decimal(5))  # replaces the first state before the release: it was never public
    with at(RELEASE_MOMENT - dt.timedelta(seconds=1)):
        assert_not_found(api.get(f"/api/v1/metrics/{figure.pk}/revisions/"))
        assert_not_found(api.get(f"/api/v1/metrics/{figure.pk}/"))
    with at(RELEASE_MOMENT):
        body = revisions(api, figure)
        assert body == [
            {
                "value": 5,
                "status": "provisional",
                "qualifier": "exact",
                "note": "",
                "valid_from": iso(RELEASE_MOMENT),
                "valid_to": None,
                "release": release.pk,
            }
        ]
    correction = RELEASE_MOMENT + dt.timedelta(days=28)
    with at(correction):
        update(figure, value=Decimal(6), status="final")
        body = revisions(api, figure)
    assert [(r["value"], r["status"], r["valid_from"], r["valid_to"]) for r in body] == [
        (5, "provisional", iso(RELEASE_MOMENT), iso(correction)),
        (6, "final", iso(correction), None),
    ]


def test_a_state_written_after_its_release_passed_is_public_from_its_write(api, published):
    with at(T0):
        release = new_release(T0 - dt.timedelta(hours=1))
        figure = new_figure(release=release)
        assert [(r["valid_from"], r["release"]) for r in revisions(api, figure)] == [(iso(T0), release.pk)]


@pytest.mark.parametrize("cancel", [True, False])
def test_a_cancelled_or_coming_release_shows_nothing(api, published, cancel):
    with at(T0):
        release = new_release()
        figure = new_figure(release=release)
        if cancel:
            release.cancelled_at = timezone.now()
            release.save()
    moment = RELEASE_MOMENT + dt.timedelta(days=1) if cancel else RELEASE_MOMENT - dt.timedelta(minutes=1)
    with at(moment):
        assert_not_found(api.get(f"/api/v1/metrics/{figure.pk}/revisions/"))


def test_a_bad_parameter_is_a_400(api, published):
    figure = Observation.objects.order_by("pk").first()
    response = api.get(f"/api/v1/metrics/{figure.pk}/revisions/?as_of=2020-01-01")
    assert assert_json(response, 400).keys() == {"as_of"}
