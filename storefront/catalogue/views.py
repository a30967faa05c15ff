"""The shop's product page view (mounted by ``storefront.catalogue.apps.CatalogueConfig``)."""
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView
from oscar.core.loading import get_model

from storefront.catalogue import products

Product = get_model("catalogue", "Product")


class ProductDetailView(OscarProductDetailView):
    """Oscar's product page, its product fetched with what the page shows: price, stock, photos
    (``products.with_purchase_info``), categories and attribute values, and a parent's public
    children.

    Oscar's view loads the bare product, and then every price, stock and photo lookup of the
    page (Oscar's, the loyalty hint, the sharing tags) queries again; here they read the
    prefetched rows."""

    def get_queryset(self):
        return (
            products.with_purchase_info(Product.objects.all())
            .prefetch_browsable_categories()
            .prefetch_attribute_values()
        )

    def get_object(self, queryset=None):
        if not hasattr(self, "object"):
            self.object = super().get_object(queryset)
            products.load_public_children([self.object])
        return self.object
