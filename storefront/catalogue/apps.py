"""Oscar's catalogue app with a product page that loads its product with everything it shows.

The app itself (models, label ``catalogue``, migrations) stays Oscar's (``name`` is still
``oscar.apps.catalogue``): only the product detail view is replaced, so the catalogue is not
forked (see ``views.ProductDetailView``).
"""

from oscar.apps.catalogue import apps


class CatalogueConfig(apps.CatalogueConfig):
    def ready(self):
        from storefront.catalogue.views import ProductDetailView

        super().ready()
        self.detail_view = ProductDetailView
