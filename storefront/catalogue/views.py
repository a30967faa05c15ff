"""The shop's product page view (mounted by ``storefront.catalogue.apps.CatalogueConfig``)."""

from django.utils.functional import SimpleLazyObject
from oscar.apps.catalogue.views import ProductDetailView as OscarProductDetailView

from core import products
from storefront import page_cache


class ProductDetailView(OscarProductDetailView):
    """Oscar's product page view with its product loaded for what the page shows
    (``products.for_product_page`` and ``load_product_page``: price, stock, review count,
    breadcrumbs, and only for products that have them a parent, attribute values, variants and
    recommendations), and the recommended and recently viewed products loaded for their cards.

    Oscar's view loads the bare product, and then every price, stock, photo, review, category
    and card lookup of the page queries again; here they read loaded rows. The template
    (``oscar/catalogue/detail.html``) is the shop's own."""

    def get_queryset(self):
        return products.for_product_page()

    def get_object(self, queryset=None):
        if not hasattr(self, "object"):
            self.object = super().get_object(queryset)
            products.load_product_page(self.object)  # before Oscar's view reads a variant's parent
        return self.object

    def get_alert_form(self):
        return SimpleLazyObject(super().get_alert_form)  # only a sold-out product's page shows it

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category_trail"] = products.category_trail(self.object)
        # Read only where the reviews are drawn anew (the page keeps them drawn: detail.html).
        context["reviews"] = SimpleLazyObject(lambda: products.latest_reviews(self.object))
        context["recommended_products"] = products.recommended_products(self.object)
        if not page_cache.shared(self.request):  # a stored page must not show one visitor's history
            context["recently_viewed_products"] = products.recently_viewed(self.request, self.object)
        return context
