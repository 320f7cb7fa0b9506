"""How search engines and portals find the data: schema.org Dataset JSON-LD, a sitemap, robots.txt.

The data sets' texts come from publishing.catalog.datasets, the one place that also
feeds the DCAT-AP.de catalogue and the data package, so all three say the same.
"""

import json
from collections.abc import Callable

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from dataversion.services import current_version
from jobcenter_api.downloads.jsonstat import JSONStatRenderer
from jobcenter_api.downloads.sdmx import SDMXCSVRenderer
from metrics.models import Indicator
from publishing.catalog.datasets import DATASETS, FORMATS, TABLES

# The statisticians' formats have no IANA media type of their own for DCAT; schema.org takes what we serve.
SERVED_AS = {renderer.format: renderer.media_type for renderer in (JSONStatRenderer, SDMXCSVRenderer)}

SPATIAL = {"de": "Landkreis Mayen-Koblenz, Rheinland-Pfalz, Deutschland", "en": "District of Mayen-Koblenz, Germany"}


def organisation() -> dict:
    return {"@type": "Organization", "name": settings.PUBLISHER, "url": settings.CATALOG_CONTACT_URL}


def dataset_documents(absolute: Callable[[str], str], language: str) -> list[dict]:
    """One schema.org Dataset per data set, with a DataDownload per table and format."""
    modified = timezone.localtime(current_version().changed_at).isoformat()
    documents = []
    for dataset in DATASETS:
        period = dataset.period()
        distribution = [
            {
                "@type": "DataDownload",
                "name": f"{TABLES[name].title[language]} ({FORMATS[key].label[language]})",
                "contentUrl": TABLES[name].url(absolute, key),
                "encodingFormat": FORMATS[key].media_type or SERVED_AS[key],
            }
            for name in dataset.tables
            for key in TABLES[name].formats
        ]
        document = {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "@id": absolute(reverse("landing")) + f"#dataset-{dataset.slug}",
            "name": dataset.title[language],
            "description": dataset.description[language],
            "url": absolute(reverse("landing")),
            "inLanguage": language,
            "keywords": list(dataset.all_keywords()[language]),
            "license": settings.LICENSE_URL,
            "creator": organisation(),
            "publisher": organisation(),
            "spatialCoverage": {"@type": "Place", "name": SPATIAL[language]},
            "distribution": distribution,
            "dateModified": modified,
            "isAccessibleForFree": True,
        }
        if period is not None:
            document["temporalCoverage"] = f"{period[0].isoformat()}/{period[1].isoformat()}"
        documents.append(document)
    return documents


def json_ld(documents: list[dict]) -> SafeString:
    """The documents as the body of a <script type="application/ld+json">: `<`, `>` and `&` escaped."""
    text = json.dumps(documents, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class PageSitemap(Sitemap):
    """The front page in both languages and the docs."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["/", "/?lang=en", reverse("swagger-ui"), reverse("redoc")]

    def location(self, item: str) -> str:
        return item

    def lastmod(self, item: str) -> object:
        return current_version().changed_at


class EmbedSitemap(Sitemap):
    """Each indicator's chart page."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return list(Indicator.objects.values_list("code", flat=True))

    def location(self, item: str) -> str:
        return reverse("embed-indicator", kwargs={"code": item})


SITEMAPS = {"pages": PageSitemap, "charts": EmbedSitemap}


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """Crawl everything but the admin, and find the sitemap."""
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
