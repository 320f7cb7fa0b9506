"""A chart page made for an iframe, and oEmbed so that a CMS embeds it from its URL.

Only these pages may be framed (`frame-ancestors *`, no X-Frame-Options); every other
page keeps denying it. The page loads only our own files, sets no cookie, and takes
the chart endpoints' parameters under the same allow-list (a 400 naming the parameter).
"""

from urllib.parse import urlencode, urlsplit

from csp.decorators import csp_replace
from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from rest_framework import exceptions

from jobcenter_api.api.base import query_param_errors
from jobcenter_api.http.language import negotiate_data_language
from website.charts.words import TEXT, format_day
from website.selectors import Chart, chart_for, source_names

EMBED_TEXT = {
    "de": {
        "data": "Daten",
        "values": "Werte als Tabelle",
        "cite": "Zitieren",
        "csv": "CSV",
        "png": "PNG",
        "spec": "Vega-Lite",
        "all": "Alle Zahlen",
        "frozen": "Stand eingefroren",
    },
    "en": {
        "data": "Data",
        "values": "Values as a table",
        "cite": "Cite",
        "csv": "CSV",
        "png": "PNG",
        "spec": "Vega-Lite",
        "all": "All figures",
        "frozen": "frozen",
    },
}
# The two pictures of a chart: a phone's (readable from 320 px) and a wide screen's.
NARROW, WIDE = (360, 460), (1200, 675)
IFRAME_HEIGHT = 720


def chart_query(chart: Chart, params: QueryDict, **extra: object) -> str:
    """The page's own parameters (filters, lang, as_of) for the chart and data links, with `extra`."""
    kept = {name: value for name, value in params.items() if name not in ("width", "height")}
    kept.setdefault("lang", chart.language)
    return urlencode({**kept, **{k: v for k, v in extra.items() if v is not None}})


def links(request: HttpRequest, chart: Chart) -> dict:
    """Where the chart's picture and data are, with the page's filters."""
    code = chart.indicator.code
    params = request.GET

    def url(name: str, query: str) -> str:
        return f"{reverse(name, kwargs={'code': code})}?{query}"

    return {
        "narrow": url("indicator-chart-svg", chart_query(chart, params, width=NARROW[0], height=NARROW[1])),
        "wide": url("indicator-chart-svg", chart_query(chart, params, width=WIDE[0], height=WIDE[1])),
        "png": url("indicator-chart-png", chart_query(chart, params)),
        "spec": url("indicator-chart-spec", chart_query(chart, params)),
        "csv": url("indicator-series", chart_query(chart, params, format="csv", shape="wide")),
        "json": url("indicator-series", chart_query(chart, params)),
        "frozen": request.build_absolute_uri(
            f"{reverse('embed-indicator', kwargs={'code': code})}?"
            f"{chart_query(chart, params, as_of=(chart.as_of or timezone.localdate()).isoformat())}"
        ),
    }


def iframe_code(url: str, title: str, height: int = IFRAME_HEIGHT) -> str:
    """The HTML a newsroom pastes: a responsive iframe of the embed page."""
    return (
        f'<iframe src="{escape(url)}" title="{escape(title)}" width="100%" height="{height}" '
        f'style="border:0;max-width:1200px" loading="lazy"></iframe>'
    )


def bad_request(exc: exceptions.ValidationError) -> JsonResponse:
    return JsonResponse(exc.detail, status=400)


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed_indicator(request: HttpRequest, code: str) -> HttpResponse:
    """The chart, one line of source and citation, links to the data; nothing from another host, no cookie."""
    language = negotiate_data_language(request)
    try:
        chart = chart_for(code, request.GET, language=language)
    except exceptions.ValidationError as exc:
        return bad_request(exc)
    except Http404 as exc:
        return JsonResponse({"detail": str(exc)}, status=404)
    own = request.build_absolute_uri()
    context = {
        "language": language,
        "chart": chart,
        "t": {**TEXT[language], **EMBED_TEXT[language]},
        "links": links(request, chart),
        "stand": format_day(chart.stand, language),
        "sources": "; ".join(source_names(chart.observations)),
        "license": {"name": settings.LICENSE_NAME, "id": settings.LICENSE_ID, "url": settings.LICENSE_URL},
        "publisher": settings.PUBLISHER,
        "oembed": f"{reverse('oembed')}?{urlencode({'url': own, 'format': 'json'})}",
        "permalink": own,
    }
    return render(request, "website/embed.html", context)


class OEmbedForm(forms.Form):
    url = forms.CharField(max_length=2000)
    format = forms.ChoiceField(choices=[("json", "json")], required=False)
    maxwidth = forms.IntegerField(min_value=200, max_value=5000, required=False)
    maxheight = forms.IntegerField(min_value=200, max_value=5000, required=False)


def embed_target(request: HttpRequest, url: str) -> tuple[str, QueryDict]:
    """The indicator code and query of one of our embed pages' URLs; a 400 naming `url` otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != request.get_host():
        raise exceptions.ValidationError({"url": ["Give the URL of an embed page of this site."]})
    try:
        match = resolve(parts.path)
    except Resolver404:
        match = None
    if match is None or match.url_name != "embed-indicator":
        raise exceptions.ValidationError({"url": ["Not an embed page: use /embed/indicators/{code}/."]})
    return match.kwargs["code"], QueryDict(parts.query)


@require_safe
def oembed(request: HttpRequest) -> HttpResponse:
    """oEmbed 1.0 (type rich) for an embed page's URL: its iframe code, title and size."""
    errors = query_param_errors(set(OEmbedForm.base_fields), request.GET)
    form = OEmbedForm(request.GET)
    if errors or not form.is_valid():
        return JsonResponse(errors or {name: list(messages) for name, messages in form.errors.items()}, status=400)
    try:
        code, query = embed_target(request, form.cleaned_data["url"])
        chart = chart_for(code, query, language=query.get("lang") or negotiate_data_language(request))
    except exceptions.ValidationError as exc:
        return bad_request(exc)
    except Http404 as exc:
        return JsonResponse({"detail": str(exc)}, status=404)
    width = min(WIDE[0], form.cleaned_data["maxwidth"] or WIDE[0])
    height = min(IFRAME_HEIGHT, form.cleaned_data["maxheight"] or IFRAME_HEIGHT)
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": chart.title,
            "provider_name": settings.PUBLISHER,
            "provider_url": request.build_absolute_uri(reverse("landing")),
            "html": iframe_code(form.cleaned_data["url"], chart.title, height).replace(
                'width="100%"', f'width="{width}"'
            ),
            "width": width,
            "height": height,
            "cache_age": settings.CACHE_MAX_AGE,
        }
    )
