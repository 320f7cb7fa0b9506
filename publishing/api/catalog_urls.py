from django.urls import path

from publishing.api import catalog_views

urlpatterns = [
    path("catalog", catalog_views.CatalogView.as_view(), name="catalog"),
    path("catalog.ttl", catalog_views.CatalogTurtleView.as_view(), name="catalog-ttl"),
    path("catalog.jsonld", catalog_views.CatalogJsonLdView.as_view(), name="catalog-jsonld"),
    path("datapackage.json", catalog_views.DataPackageView.as_view(), name="datapackage"),
]
