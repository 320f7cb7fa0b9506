from django.contrib.sitemaps.views import sitemap
from django.urls import path

from website import embed, seo, views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("embed/indicators/<slug:code>/", embed.embed_indicator, name="embed-indicator"),
    path("oembed", embed.oembed, name="oembed"),
    path("sitemap.xml", sitemap, {"sitemaps": seo.SITEMAPS}, name="sitemap"),
    path("robots.txt", seo.robots, name="robots"),
]
