"""Vega-Lite to SVG and PNG on the server with vl-convert (no browser, no network, no CDN).

Numbers on the axes follow the reader's language: d3-format's de-DE locale writes a
decimal comma and a dot between thousands, and d3-time-format's names German months.
"""

import vl_convert
from django.utils.html import escape

LOCALES = {"de": "de-DE", "en": "en-US"}


def render_svg(spec: dict, language: str) -> str:
    """The chart as an SVG document of exactly the spec's width and height, titled and described for screen readers."""
    locale = LOCALES[language]
    svg = vl_convert.vegalite_to_svg(spec, format_locale=locale, time_format_locale=locale, allowed_base_urls=[])
    text = spec["title"]["text"] if isinstance(spec.get("title"), dict) else ""
    title = " ".join(text) if isinstance(text, list) else text
    head, rest = svg.split(">", 1)
    accessible = f'{head} role="img" aria-label="{escape(title)}">'
    return f"{accessible}<title>{escape(title)}</title><desc>{escape(spec.get('description', ''))}</desc>{rest}"


def render_png(spec: dict, language: str) -> bytes:
    """The chart as a PNG image of exactly the spec's width × height pixels."""
    locale = LOCALES[language]
    return vl_convert.vegalite_to_png(
        spec, scale=1, format_locale=locale, time_format_locale=locale, allowed_base_urls=[]
    )
