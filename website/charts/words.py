"""The words around a chart, in German and English: units, kinds of period, marks, the footer."""

import datetime as dt

from metrics.models.vocabulary import Granularity, Qualifier, Unit, ValueKind

UNIT_WORDS = {
    "de": {
        Unit.PERCENT: "Prozent",
        Unit.PERCENT_CHANGE: "Veränderung in Prozent",
        Unit.PERSONS: "Personen",
        Unit.EUR: "Euro",
    },
    "en": {
        Unit.PERCENT: "percent",
        Unit.PERCENT_CHANGE: "change in percent",
        Unit.PERSONS: "persons",
        Unit.EUR: "euros",
    },
}
GRANULARITY_WORDS = {
    "de": {Granularity.YEAR: "Jahreswert", Granularity.MONTH: "Monatswert", Granularity.SPAN: "Zeitraum"},
    "en": {Granularity.YEAR: "annual", Granularity.MONTH: "monthly", Granularity.SPAN: "multi-year span"},
}
# Observation.value_kind, as a legend names it: a current value and an annual average are two series.
VALUE_KIND_WORDS = {
    "de": {
        ValueKind.POINT_IN_TIME: "Stichtagswert",
        ValueKind.ANNUAL_AVERAGE: "Jahresdurchschnitt",
        ValueKind.PERIOD_TOTAL: "Summe im Zeitraum",
        ValueKind.CHANGE: "Veränderung",
        ValueKind.NOT_STATED: "Art nicht angegeben",
    },
    "en": {
        ValueKind.POINT_IN_TIME: "value at a point in time",
        ValueKind.ANNUAL_AVERAGE: "annual average",
        ValueKind.PERIOD_TOTAL: "total over the period",
        ValueKind.CHANGE: "change",
        ValueKind.NOT_STATED: "kind not stated",
    },
}
# The sign drawn beside a point whose value the source gives only roughly.
QUALIFIER_SIGNS = {
    Qualifier.EXACT: "",
    Qualifier.APPROXIMATELY: "≈",
    Qualifier.NEARLY: "≈",
    Qualifier.MORE_THAN: ">",
    Qualifier.LESS_THAN: "<",
}
# Observation.status (final, provisional, estimated) where the model has it.
STATUS_WORDS = {
    "de": {"provisional": "vorläufig", "estimated": "geschätzt"},
    "en": {"provisional": "provisional", "estimated": "estimated"},
}
TEXT = {
    "de": {
        "unit": "Einheit",
        "source": "Quelle",
        "data": "Daten",
        "license": "Lizenz",
        "as_of": "Stand",
        "series": "Reihe",
        "area": "Gebiet",
        "period": "Zeitraum",
        "value": "Wert",
        "status": "Status",
        "signs": "≈ rund/annähernd, > mehr als, < weniger als",
        "no_data": "Keine Werte für diese Auswahl.",
    },
    "en": {
        "unit": "Unit",
        "source": "Source",
        "data": "Data",
        "license": "License",
        "as_of": "as of",
        "series": "Series",
        "area": "Area",
        "period": "Period",
        "value": "Value",
        "status": "Status",
        "signs": "≈ about/nearly, > more than, < less than",
        "no_data": "No values for this selection.",
    },
}


def format_day(day: dt.date, language: str) -> str:
    """06.12.2026 in German, 2026-12-06 in English (unambiguous for every reader)."""
    return day.strftime("%d.%m.%Y") if language == "de" else day.isoformat()


def status_word(status: str | None, language: str) -> str:
    """The word for a status other than final ('' for final or none)."""
    return STATUS_WORDS[language].get(status or "", "")
