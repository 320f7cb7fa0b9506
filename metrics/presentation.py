"""How a figure reads to a person: its period as a label, its value with the qualifier in words.

Shared by the chart-ready series (`shape=wide` names its columns by period) and the
landing page, so a period or a "rund 3,3 %" reads the same everywhere.
"""

import datetime as dt
from decimal import Decimal

from metrics.models.vocabulary import Granularity, Qualifier, Unit

QUALIFIER_WORDS = {
    "de": {
        Qualifier.EXACT: "",
        Qualifier.APPROXIMATELY: "rund",
        Qualifier.NEARLY: "annähernd",
        Qualifier.MORE_THAN: "mehr als",
        Qualifier.LESS_THAN: "weniger als",
    },
    "en": {
        Qualifier.EXACT: "",
        Qualifier.APPROXIMATELY: "about",
        Qualifier.NEARLY: "nearly",
        Qualifier.MORE_THAN: "more than",
        Qualifier.LESS_THAN: "less than",
    },
}


def period_label(start: dt.date, end: dt.date, granularity: str) -> str:
    """`2016` for a year, `2017-03` for a month, `2005-2016` for whole years, else `start/end` (ISO 8601)."""
    if granularity == Granularity.YEAR:
        return str(end.year)
    if granularity == Granularity.MONTH:
        return f"{end.year}-{end.month:02d}"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year}-{end.year}"
    return f"{start.isoformat()}/{end.isoformat()}"


def display_period(start: dt.date, end: dt.date, granularity: str) -> str:
    """The period label as printed: whole-year spans with an en dash (2005–2016)."""
    label = period_label(start, end, granularity)
    return label.replace("-", "–") if granularity == Granularity.SPAN and "/" not in label else label


def format_number(value: Decimal | float | int, language: str, *, digits: int | None = None) -> str:
    """German `29.000` and `3,3`, English `29,000` and `3.3`; a minus sign, not a hyphen."""
    number = Decimal(str(value))
    places = digits if digits is not None else max(0, -number.normalize().as_tuple().exponent)
    text = f"{abs(number):,.{places}f}"
    if language == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return ("−" if number < 0 else "") + text


def format_figure(value: Decimal | float | int, unit: str, qualifier: str, language: str) -> str:
    """A value as a person says it: `rund 3,3 %`, `mehr als 29.000`, `80 Mio. €`."""
    number = Decimal(str(value))
    if unit == Unit.EUR and abs(number) >= 1_000_000:
        millions = format_number((number / 1_000_000).normalize(), language)
        text = f"{millions} Mio. €" if language == "de" else f"€{millions} million"
    elif unit == Unit.EUR:
        text = f"{format_number(number, language)} €" if language == "de" else f"€{format_number(number, language)}"
    elif unit in (Unit.PERCENT, Unit.PERCENT_CHANGE):
        text = f"{format_number(number, language)} %"
    else:
        text = format_number(number, language)
    words = QUALIFIER_WORDS[language].get(qualifier, "")
    return f"{words} {text}" if words else text
