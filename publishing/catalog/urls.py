from django.urls import path

from publishing.catalog import views

urlpatterns = [
    path("catalog", views.CatalogView.as_view(), name="catalog"),
    path("catalog.ttl", views.CatalogTurtleView.as_view(), name="catalog-ttl"),
    path("catalog.jsonld", views.CatalogJsonLdView.as_view(), name="catalog-jsonld"),
    path("datapackage.json", views.DataPackageView.as_view(), name="datapackage"),
]
