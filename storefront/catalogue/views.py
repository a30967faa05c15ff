"""The shop's product page view (mounted by ``storefront.catalogue.apps.CatalogueConfig``)."""
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


class ProductDetailView(OscarProductDetailView):
    """Oscar's product page, its product fetched with Oscar's own ``base_queryset`` (product
    class, stock records, photos, options) plus its categories and attribute values.

    Oscar's view loads the bare product, and then every price, stock and photo lookup of the
    page (Oscar's, the loyalty hint, the sharing tags) queries again; here they read the
    prefetched rows."""

    def get_queryset(self):
        return Product.objects.base_queryset().prefetch_browsable_categories().prefetch_attribute_values()
