"""What the front page shows above and beside the series charts: the key figures and the budget chart."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from dataversion.services import current_version
from jobcenter_api.readpath.embargo import public
from metrics.models import Budget, Observation, RefugeeCaseload
from metrics.models.vocabulary import Granularity
from metrics.presentation import display_period, format_figure
from metrics.selectors import revised_observations
from website.charts.render import render_svg
from website.charts.spec import Frame, bar_list_spec
from website.charts.words import UNIT_WORDS, status_word
from website.selectors import data_day

DISTRICT = "07137"
LABELS = {
    "de": {
        "unemployment_rate": "Arbeitslosenquote im Landkreis",
        "staff": "Beschäftigte des Jobcenters",
        "integrations_into_work": "Integrationen in Arbeit",
        "refugees": "Betreute Geflüchtete",
        "budget": "Finanzvolumen",
    },
    "en": {
        "unemployment_rate": "Unemployment rate in the district",
        "staff": "Jobcenter staff",
        "integrations_into_work": "Integrations into work",
        "refugees": "Refugees in care",
        "budget": "Budget",
    },
}


@dataclass(frozen=True)
class KeyFigure:
    label: str
    figure: str
    period: str
    source: str
    permalink: str
    status: str = ""  # the word for a figure that is not final ('vorläufig'); '' for a final one
    revisions: str = ""  # the figure's /revisions/ where it was revised; '' where it was not


def latest_observation(code: str) -> Observation | None:
    """The district's latest value of an indicator; of one period, a calendar year's before a month's."""
    rows = public(Observation.objects.filter(indicator=code, area=DISTRICT).select_related("source"))
    rows = [o for o in rows if o.granularity != Granularity.SPAN]
    return max(rows, key=lambda o: (o.period_end, o.granularity == Granularity.YEAR, o.pk), default=None)


def key_figures(language: str, absolute: object) -> list[KeyFigure]:
    """The latest unemployment rate, then the Jobcenter's own latest figures, each with period and source."""
    figures = []
    labels = LABELS[language]
    latest = {code: latest_observation(code) for code in ("unemployment_rate", "staff", "integrations_into_work")}
    revised = revised_observations([o.pk for o in latest.values() if o is not None])
    for code, observation in latest.items():
        if observation is None:
            continue
        figures.append(
            KeyFigure(
                label=labels[code],
                figure=format_figure(observation.value, observation.unit, observation.qualifier, language),
                period=display_period(observation.period_start, observation.period_end, observation.granularity),
                source=f"{observation.source.publisher}, {observation.source.title}",
                permalink=absolute(reverse("observation-detail", kwargs={"pk": observation.pk})),
                status=status_word(observation.status, language),
                revisions=(
                    absolute(reverse("observation-revisions", kwargs={"pk": observation.pk}))
                    if observation.pk in revised
                    else ""
                ),
            )
        )
    caseload = public(RefugeeCaseload.objects.select_related("source")).order_by("-year", "-id").first()
    if caseload is not None:
        url = absolute(reverse("refugee-caseload-detail", kwargs={"pk": caseload.pk}))
        figures.append(total_figure(caseload, labels["refugees"], "persons", caseload.year, url, language))
    budget = public(Budget.objects.select_related("source")).order_by("-fiscal_year").first()
    if budget is not None:
        url = absolute(reverse("budget-detail", kwargs={"fiscal_year": budget.fiscal_year}))
        figures.append(total_figure(budget, labels["budget"], "EUR", budget.fiscal_year, url, language))
    return figures


def total_figure(
    record: RefugeeCaseload | Budget, label: str, unit: str, year: int, permalink: str, language: str
) -> KeyFigure:
    """A caseload's or a budget's total as a key figure: both have a total, a qualifier, a status and a source."""
    return KeyFigure(
        label=label,
        figure=format_figure(record.total, unit, record.qualifier, language),
        period=str(year),
        source=f"{record.source.publisher}, {record.source.title}",
        permalink=permalink,
        status=status_word(record.status, language),
    )


BUDGET_TEXT = {
    "de": {"title": "Haushalt", "total": "Gesamt", "rest": "nicht aufgeschlüsselt (abgeleitet)"},
    "en": {"title": "Budget", "total": "Total", "rest": "not itemized (derived)"},
}


def budget_spec(budget: Budget, language: str, size: tuple[int, int]) -> dict:
    """The total, its listed categories and the derived unitemized rest as bars on one scale."""
    text = BUDGET_TEXT[language]
    categories = list(budget.categories.all())
    roots = [c for c in categories if c.parent_id is None]
    rows = [(text["total"], budget.total, budget.qualifier, False)]
    rows += [(getattr(c, f"name_{language}"), c.amount, c.qualifier, False) for c in roots]
    rows.append((text["rest"], budget.unitemized_amount(categories), "exact", True))
    values = [
        {
            "name": name,
            "value": float(amount),
            "figure": format_figure(amount, "EUR", qualifier, language),
            "derived": d,
        }
        for name, amount, qualifier, d in rows
    ]
    source = budget.source
    frame = Frame(
        title=f"{text['title']} {budget.fiscal_year}",
        unit=UNIT_WORDS[language]["EUR"],
        language=language,
        sources=(f"{source.publisher}{f' ({source.published[:4]})' if source.published else ''}",),
        publisher=settings.PUBLISHER,
        license_id=settings.LICENSE_ID,
        stand=data_day(None),
        width=size[0],
        height=size[1],
    )
    description = f"{frame.title}: " + "; ".join(f"{v['name']}: {v['figure']}" for v in values) + "."
    return bar_list_spec(frame, values, subtitle=f"{frame.unit}", description=description)


def budget_svgs(budget: Budget, language: str) -> dict[str, str]:
    """The budget chart as inline SVG for a phone and a wide screen, kept per data version."""
    key = f"landing-budget:{current_version().token}:{budget.pk}:{language}"
    svgs = cache.get(key)
    if svgs is None:
        svgs = {
            name: render_svg(budget_spec(budget, language, size), language)
            for name, size in (("narrow", (360, 400)), ("wide", (960, 400)))
        }
        cache.set(key, svgs, 3600)
    return svgs
