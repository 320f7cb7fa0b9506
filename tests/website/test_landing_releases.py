"""The landing page marks provisional, estimated and revised figures and names the next release."""

import datetime as dt
from decimal import Decimal

import time_machine
from django.utils import timezone

from metrics.models import Budget, Indicator, Observation
from publishing.models import Release
from website.keyfigures import latest_observation

BERLIN_WINTER = dt.timezone(dt.timedelta(hours=1))
NEXT = dt.datetime(2031, 3, 3, 9, 55, tzinfo=BERLIN_WINTER)
LATER = dt.datetime(2031, 4, 1, 9, 55, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def key_section(client, query: str = "") -> str:
    page = client.get(f"/{query}").content.decode()
    return page.split('id="key-figures"')[1].split("</section>")[0]


def card_of(section: str, label: str) -> str:
    return section.split(label)[1].split("</li>")[0]


def test_provisional_and_estimated_key_figures_say_so_in_both_languages(client, published):
    Observation.objects.filter(pk=latest_observation("staff").pk).update(status="provisional")
    budget = Budget.objects.order_by("-fiscal_year").first()
    Budget.objects.filter(pk=budget.pk).update(status="estimated")
    german = key_section(client)
    assert '<span class="status">vorläufig</span>' in card_of(german, "Beschäftigte des Jobcenters")
    assert '<span class="status">geschätzt</span>' in card_of(german, "Finanzvolumen")
    assert "vorläufig" not in card_of(german, "Integrationen in Arbeit")
    english = key_section(client, "?lang=en")
    assert '<span class="status">provisional</span>' in card_of(english, "Jobcenter staff")
    assert '<span class="status">estimated</span>' in card_of(english, "Budget")


def test_the_quote_list_marks_a_provisional_figure(client, published):
    staff = latest_observation("staff")
    Observation.objects.filter(pk=staff.pk).update(status="provisional")
    page = client.get("/").content.decode()
    card = page.split('id="chart-staff"')[1].split("</figure>")[0]
    quotes = card.split('class="quotes"')[1]
    assert quotes.count('<span class="status">vorläufig</span>') == 1


def test_a_revised_figure_links_to_its_revisions_and_an_unrevised_one_does_not(client, published):
    staff = latest_observation("staff")
    before = key_section(client)
    assert "revidiert" not in before
    staff.value += 1
    staff.save()
    german = key_section(client)
    revisions = f"/api/v1/metrics/{staff.pk}/revisions/"
    assert f'href="http://testserver{revisions}"' in card_of(german, "Beschäftigte des Jobcenters")
    assert ">revidiert</a>" in card_of(german, "Beschäftigte des Jobcenters")
    assert "revidiert" not in card_of(german, "Integrationen in Arbeit")
    assert ">revised</a>" in card_of(key_section(client, "?lang=en"), "Jobcenter staff")
    assert client.get(revisions).status_code == 200


def test_a_revision_under_embargo_marks_nothing_before_its_release(client, published):
    staff = latest_observation("staff")
    release = Release.objects.create(title_de="Personal", scheduled_at=NEXT)
    release.indicators.add(Indicator.objects.get(code="staff"))
    moved = Observation.objects.create(
        indicator=staff.indicator, area=staff.area, period_start=dt.date(2031, 1, 1), period_end=dt.date(2031, 12, 31),
        value=Decimal(230), source=staff.source, source_quote=staff.source_quote, release=release,
    )  # fmt: skip
    moved.value = Decimal(231)
    moved.save()
    with time_machine.travel(NEXT - dt.timedelta(minutes=1), tick=False):
        assert '<p class="figure">231' not in card_of(key_section(client), "Beschäftigte des Jobcenters")
    with time_machine.travel(NEXT + dt.timedelta(minutes=1), tick=False):
        card = card_of(key_section(client), "Beschäftigte des Jobcenters")
    # Its first state was replaced before the release: one public state, no revision.
    assert '<p class="figure">231' in card and "revidiert" not in card


def test_the_page_names_the_next_release_and_moves_on_when_it_passes(client, published):
    with time_machine.travel(NEXT - dt.timedelta(days=10), tick=False):
        first = Release.objects.create(title_de="Arbeitsmarkt Februar", title_en="Labour market February",
                                       scheduled_at=NEXT)  # fmt: skip
        second = Release.objects.create(title_de="Arbeitsmarkt März", scheduled_at=LATER)
        cancelled = Release.objects.create(
            title_de="Abgesagt", scheduled_at=NEXT - dt.timedelta(days=1), cancelled_at=timezone.now()
        )
        page = client.get("/").content.decode()
        line = page.split('id="next-release"')[1].split("</p>")[0]
        assert "Nächste Veröffentlichung" in line and "Arbeitsmarkt Februar" in line
        assert "03.03.2031, 09:55 Uhr" in line
        assert 'datetime="2031-03-03T09:55:00+01:00"' in line
        assert f'href="/api/v1/releases/{first.pk}/"' in line
        assert 'href="/api/v1/releases/calendar.ics"' in line
        assert cancelled.title_de not in page
        english = client.get("/?lang=en").content.decode().split('id="next-release"')[1].split("</p>")[0]
        assert "Next release" in english and "Labour market February" in english
        assert "2031-03-03, 09:55 CET" in english
    with time_machine.travel(NEXT + dt.timedelta(seconds=1), tick=False):
        line = client.get("/").content.decode().split('id="next-release"')[1].split("</p>")[0]
    assert "Arbeitsmarkt März" in line and "01.04.2031, 09:55 Uhr" in line and f"/api/v1/releases/{second.pk}/" in line
    with time_machine.travel(LATER + dt.timedelta(seconds=1), tick=False):
        assert 'id="next-release"' not in client.get("/").content.decode()
