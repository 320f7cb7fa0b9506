"""The front page: key figures first, then a chart per indicator, the comparison, downloads and docs.

Details a reader looks for only now and then (source sentences, the values as a
table, the embed code) are folded in <details>, so the page stays short.
"""

from collections import defaultdict

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from jobcenter_api.http.language import data_language
from jobcenter_api.readpath.embargo import public
from metrics.models import Budget, Indicator, Observation, RefugeeCaseload
from metrics.presentation import display_period, format_figure, format_number
from metrics.selectors import revised_observations
from website.charts.points import is_comparison
from website.charts.words import TEXT as CHART_TEXT
from website.charts.words import status_word
from website.embed import EMBED_TEXT, IFRAME_HEIGHT, iframe_code
from website.keyfigures import budget_svgs, key_figures
from website.selectors import chart_for, next_release
from website.seo import dataset_documents, json_ld

# What readers look for first; the other indicators follow by code.
FIRST = ["unemployment_rate", "unemployed", "unemployed_sgb2", "unemployed_sgb3", "integrations_into_work", "staff"]
TEXT = {
    "de": {
        "title": "Jobcenter Mayen-Koblenz in Zahlen",
        "intro": (
            "Offene Daten des Jobcenters Mayen-Koblenz: Arbeitslosenquote, Integrationen in Arbeit, "
            "Langzeitleistungsbeziehende im Vergleich mit Land und Bund, Beschäftigte, Flüchtlinge und Haushalt. "
            "Jede Zahl mit ihrer Quelle; vage Angaben bleiben vage (rund, mehr als)."
        ),
        "key": "Das Wichtigste",
        "charts": "Zeitreihen",
        "comparison": "Kreis, Land und Bund im Vergleich",
        "budget": "Haushalt",
        "refugees": "Flüchtlinge",
        "downloads": "Downloads",
        "docs": "Dokumentation",
        "cite": "Zitieren",
        "derived": "abgeleitet",
        "all_metrics": "Alle Zahlen",
        "series_wide": "Zeitreihe (eine Zeile je Gebiet)",
        "csv_de": "CSV für deutsches Excel",
        "license_text": "Der Datensatz steht unter der",
        "switch": "English",
        "switch_lang": "en",
        "quotes": "Quellen und Originalsätze",
        "embed": "Einbetten / Embed",
        "embed_live": "Immer aktuell",
        "embed_frozen": "Stand von heute (für Archivartikel)",
        "api": "API-Einstieg",
        "unitemized": "Rest des Gesamtbetrags, den die Quelle nicht aufschlüsselt (abgeleitet).",
        "refugees_total": "Flüchtlinge betreut",
        "datawrapper": "Datawrapper-Metadaten",
        "revised": "revidiert",
        "revised_title": "Frühere Werte dieser Zahl",
        "next_release": "Nächste Veröffentlichung",
        "calendar": "Veröffentlichungskalender abonnieren (iCal)",
    },
    "en": {
        "title": "Jobcenter Mayen-Koblenz in figures",
        "intro": (
            "Open data of the Jobcenter Mayen-Koblenz: unemployment rate, integrations into work, long-term benefit "
            "recipients compared with the state and the federation, staff, refugees and the budget. Every figure "
            "with its source; vague figures stay vague (about, more than)."
        ),
        "key": "Key figures",
        "charts": "Time series",
        "comparison": "District, state and federation compared",
        "budget": "Budget",
        "refugees": "Refugees",
        "downloads": "Downloads",
        "docs": "Documentation",
        "cite": "Cite",
        "derived": "derived",
        "all_metrics": "All figures",
        "series_wide": "Time series (one row per area)",
        "csv_de": "CSV for a German Excel",
        "license_text": "The data set is published under the",
        "switch": "Deutsch",
        "switch_lang": "de",
        "quotes": "Sources and original sentences",
        "embed": "Einbetten / Embed",
        "embed_live": "Always up to date",
        "embed_frozen": "As of today (for archived articles)",
        "api": "API root",
        "unitemized": "The part of the total the source does not itemize (derived).",
        "refugees_total": "refugees in care",
        "datawrapper": "Datawrapper metadata",
        "revised": "revised",
        "revised_title": "Earlier values of this figure",
        "next_release": "Next release",
        "calendar": "Subscribe to the release calendar (iCal)",
    },
}


def landing(request: HttpRequest) -> HttpResponse:
    """Key figures, a chart per indicator, the comparison, downloads; German, or English with `?lang=en`."""
    language = data_language()
    text = {**CHART_TEXT[language], **EMBED_TEXT[language], **TEXT[language]}
    lang_query = "&lang=en" if language == "en" else ""
    today = timezone.localdate().isoformat()

    def url(name: str, **kwargs: str) -> str:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))

    observations: dict[str, list[Observation]] = defaultdict(list)
    for observation in public(Observation.objects.select_related("source", "area")).order_by("-period_end", "area_id"):
        observations[observation.indicator_id].append(observation)
    revised = revised_observations([o.pk for rows in observations.values() for o in rows])
    charts, comparisons = [], []
    indicators = sorted(
        Indicator.objects.filter(code__in=list(observations)),
        key=lambda i: (FIRST.index(i.code) if i.code in FIRST else len(FIRST), i.code),
    )
    for indicator in indicators:
        chart = chart_for(indicator.code, QueryDict(f"lang={language}"), language=language)
        code = indicator.code
        chart_url = f"{reverse('indicator-chart-svg', kwargs={'code': code})}?lang={language}"
        embed = f"{url('embed-indicator', code=code)}?lang={language}"
        entry = {
            "chart": chart,
            "code": code,
            "links": {
                "narrow": f"{chart_url}&width=360&height=460",
                "medium": f"{chart_url}&width=540&height=480",
                "wide": f"{chart_url}&width=1200&height=675",
            },
            "csv": f"{url('indicator-series', code=code)}?shape=wide&format=csv{lang_query}",
            "png": f"{url('indicator-chart-png', code=code)}?lang={language}",
            "datawrapper": f"{url('indicator-series-datawrapper', code=code)}?lang={language}",
            "embed_live": iframe_code(embed, chart.title, IFRAME_HEIGHT),
            "embed_frozen": iframe_code(f"{embed}&as_of={today}", chart.title, IFRAME_HEIGHT),
            "quotes": [
                {
                    "period": display_period(o.period_start, o.period_end, o.granularity),
                    "area": getattr(o.area, f"name_{language}"),
                    "figure": format_figure(o.value, o.unit, o.qualifier, language),
                    "quote": o.source_quote,
                    "source": o.source,
                    "derived": o.derived,
                    "permalink": url("observation-detail", pk=str(o.pk)),
                    "status": status_word(o.status, language),
                    "revisions": url("observation-revisions", pk=str(o.pk)) if o.pk in revised else "",
                }
                for o in observations[code]
            ],
        }
        (comparisons if is_comparison(chart.points) else charts).append(entry)

    budgets = [
        {
            "budget": budget,
            "svgs": budget_svgs(budget, language),
            "permalink": url("budget-detail", fiscal_year=str(budget.fiscal_year)),
        }
        for budget in public(Budget.objects.select_related("source").prefetch_related("categories"))
    ]
    refugees = [
        {
            "caseload": caseload,
            "figure": format_figure(caseload.total, "persons", caseload.qualifier, language),
            "breakdowns": [
                {
                    "breakdown": b,
                    "share": format_number(b.share_percent, language) if b.share_percent is not None else None,
                    "count": format_number(b.count, language) if b.count is not None else None,
                }
                for b in caseload.breakdowns.all()
            ],
            "permalink": url("refugee-caseload-detail", pk=str(caseload.pk)),
        }
        for caseload in public(RefugeeCaseload.objects.select_related("source").prefetch_related("breakdowns"))
    ]

    def spreadsheets(address: str, query: str = "") -> list[tuple[str, str]]:
        return [
            (label, f"{address}?{query}format={fmt}{lang_query}")
            for label, fmt in (("CSV", "csv"), (text["csv_de"], "csv-de"), ("XLSX", "xlsx"))
        ]

    downloads = [
        {"name": text["all_metrics"], "links": spreadsheets(url("observation-list"))},
        *(
            {
                "name": f"{text['series_wide']}: {entry['chart'].title}",
                "links": spreadsheets(url("indicator-series", code=entry["code"]), "shape=wide&"),
            }
            for entry in [*charts, *comparisons]
        ),
        {"name": text["budget"], "links": spreadsheets(url("budget-category-list"))},
        {"name": text["refugees"], "links": spreadsheets(url("refugee-breakdown-list"))},
        {"name": "GeoJSON", "links": [("GeoJSON", f"{url('location-list')}?format=geojson")]},
    ]
    context = {
        "language": language,
        "t": text,
        "key_figures": key_figures(language, request.build_absolute_uri),
        "next_release": next_release(language),
        "charts": charts,
        "comparisons": comparisons,
        "budgets": budgets,
        "refugees": refugees,
        "downloads": downloads,
        "datasets": json_ld(dataset_documents(request.build_absolute_uri, language)),
        "license": {"name": settings.LICENSE_NAME, "id": settings.LICENSE_ID, "url": settings.LICENSE_URL},
        "publisher": settings.PUBLISHER,
    }
    return render(request, "website/landing.html", context)
