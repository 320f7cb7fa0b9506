"""The landing page: the figures for people who would rather look than read JSON."""

from collections import defaultdict

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jobcenter_api.http.language import data_language
from metrics import selectors
from metrics.models import Budget, Indicator, Observation, RefugeeCaseload, ValueKind
from metrics.presentation import display_period, format_figure, format_number
from website.charts import annual_chart, budget_chart, monthly_chart

TEXT = {
    "de": {
        "title": "Jobcenter Mayen-Koblenz in Zahlen",
        "intro": (
            "Offene Daten des Jobcenters Mayen-Koblenz: Arbeitslosenquote, Integrationen in Arbeit, "
            "Langzeitleistungsbeziehende im Vergleich mit Land und Bund, Beschäftigte, Flüchtlinge und Haushalt. "
            "Jede Zahl mit ihrer Quelle und dem Satz, aus dem sie stammt; vage Angaben bleiben vage (rund, mehr als)."
        ),
        "figures": "Die Zahlen",
        "charts": "Zeitreihen",
        "budget": "Haushalt",
        "refugees": "Flüchtlinge",
        "downloads": "Downloads",
        "docs": "Dokumentation",
        "license": "Lizenz",
        "source": "Quelle",
        "cite": "Zitieren",
        "derived": "abgeleitet",
        "refugees_total": "Flüchtlinge betreut",
        "all_metrics": "Alle Zahlen",
        "series_wide": "Zeitreihe (eine Zeile je Gebiet)",
        "csv_de": "CSV für deutsches Excel",
        "license_text": "Der Datensatz steht unter der",
        "switch": "English",
        "switch_lang": "en",
        "spans": "Balken unter einem Jahresdiagramm: Werte für mehrjährige Zeiträume.",
        "annual": "Jahreswerte",
        "monthly": "Monatswerte",
        "quote": "Quelltext",
        "api": "API-Einstieg",
        "unitemized": "Rest des Gesamtbetrags, den die Quelle nicht aufschlüsselt (abgeleitet).",
        "kinds": {
            ValueKind.POINT_IN_TIME: "Stichtags- und aktuelle Werte",
            ValueKind.ANNUAL_AVERAGE: "Jahresdurchschnitte",
            ValueKind.PERIOD_TOTAL: "Summen über den Zeitraum",
            ValueKind.CHANGE: "Veränderungen",
            ValueKind.NOT_STATED: "Art des Werts nicht angegeben",
        },
    },
    "en": {
        "title": "Jobcenter Mayen-Koblenz in figures",
        "intro": (
            "Open data of the Jobcenter Mayen-Koblenz: unemployment rate, integrations into work, long-term benefit "
            "recipients compared with the state and the federation, staff, refugees and the budget. Every figure "
            "with its source and the sentence it comes from; vague figures stay vague (about, more than)."
        ),
        "figures": "The figures",
        "charts": "Time series",
        "budget": "Budget",
        "refugees": "Refugees",
        "downloads": "Downloads",
        "docs": "Documentation",
        "license": "License",
        "source": "Source",
        "cite": "Cite",
        "derived": "derived",
        "refugees_total": "refugees in care",
        "all_metrics": "All figures",
        "series_wide": "Time series (one row per area)",
        "csv_de": "CSV for a German Excel",
        "license_text": "The data set is published under the",
        "switch": "Deutsch",
        "switch_lang": "de",
        "spans": "Bars below an annual chart: values for multi-year periods.",
        "annual": "annual values",
        "monthly": "monthly values",
        "quote": "Source sentence",
        "api": "API root",
        "unitemized": "The part of the total the source does not itemize (derived).",
        "kinds": {
            ValueKind.POINT_IN_TIME: "values at a point in time and current values",
            ValueKind.ANNUAL_AVERAGE: "annual averages",
            ValueKind.PERIOD_TOTAL: "totals over the period",
            ValueKind.CHANGE: "changes",
            ValueKind.NOT_STATED: "kind of value not stated",
        },
    },
}


def landing(request: HttpRequest) -> HttpResponse:
    """Key figures with qualifiers and sources, SVG charts, downloads; German, or English with `?lang=en`."""
    language = data_language()
    text = TEXT[language]
    indicators, by_indicator = selectors.figures_by_indicator()
    area_names = selectors.area_names(language)

    def url(name: str, **kwargs: str) -> str:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs))

    def figure(o: Observation) -> dict:
        return {
            "area": area_names[o.area_id],
            "period": display_period(o.period_start, o.period_end, o.granularity),
            "figure": format_figure(o.value, o.unit, o.qualifier, language),
            "quote": o.source_quote,
            "source": o.source,
            "derived": o.derived,
            "permalink": url("observation-detail", pk=str(o.pk)),
        }

    def drawings(indicator: Indicator) -> list:
        # One set of charts per kind of value: a current value and an annual average are never one series.
        by_kind: dict[str, list[Observation]] = defaultdict(list)
        for observation in by_indicator[indicator.code]:
            by_kind[observation.value_kind].append(observation)
        charts = []
        for kind in (kind for kind in ValueKind.values if kind in by_kind):
            name = getattr(indicator, f"name_{language}")
            arguments = {
                "title": name if len(by_kind) == 1 else f"{name} – {text['kinds'][kind]}",
                "unit": indicator.unit,
                "observations": by_kind[kind],
                "area_names": area_names,
                "language": language,
            }
            charts += [chart for chart in (annual_chart(**arguments), monthly_chart(**arguments)) if chart]
        return charts

    sections = [
        {
            "code": indicator.code,
            "name": getattr(indicator, f"name_{language}"),
            "figures": [
                figure(o)
                for o in sorted(by_indicator[indicator.code], key=lambda o: (o.period_end, o.area_id), reverse=True)
            ],
            "charts": drawings(indicator),
            "csv": f"{url('indicator-series', code=indicator.code)}?shape=wide&format=csv",
        }
        for indicator in indicators
    ]
    budgets = [
        {
            "budget": budget,
            "chart": budget_chart(f"{text['budget']} {budget.fiscal_year}", budget, budget.categories.all(), language),
            "permalink": url("budget-detail", fiscal_year=str(budget.fiscal_year)),
        }
        for budget in Budget.objects.select_related("source").prefetch_related("categories")
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
        for caseload in RefugeeCaseload.objects.select_related("source").prefetch_related("breakdowns")
    ]
    lang_query = "&lang=en" if language == "en" else ""

    def spreadsheets(address: str, query: str = "") -> list[tuple[str, str]]:
        return [
            (label, f"{address}?{query}format={fmt}{lang_query}")
            for label, fmt in (("CSV", "csv"), (text["csv_de"], "csv-de"), ("XLSX", "xlsx"))
        ]

    downloads = [
        {"name": text["all_metrics"], "links": spreadsheets(url("observation-list"))},
        *(
            {
                "name": f"{text['series_wide']}: {getattr(indicator, f'name_{language}')}",
                "links": spreadsheets(url("indicator-series", code=indicator.code), "shape=wide&"),
            }
            for indicator in indicators
        ),
        {"name": text["budget"], "links": spreadsheets(url("budget-category-list"))},
        {"name": text["refugees"], "links": spreadsheets(url("refugee-breakdown-list"))},
        {"name": "GeoJSON", "links": [("GeoJSON", f"{url('location-list')}?format=geojson")]},
    ]
    context = {
        "language": language,
        "t": text,
        "sections": sections,
        "budgets": budgets,
        "refugees": refugees,
        "downloads": downloads,
        "license": {"name": settings.LICENSE_NAME, "id": settings.LICENSE_ID, "url": settings.LICENSE_URL},
        "publisher": settings.PUBLISHER,
    }
    return render(request, "website/landing.html", context)
