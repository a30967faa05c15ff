"""Choosing Oscar products and categories inside the Wagtail page editor.

The catalogue is kept in Oscar's dashboard, so Wagtail only needs to *pick* from it: a
``ChooserViewSet`` per model gives the searchable pop-up and the StreamField chooser block
(https://docs.wagtail.org/en/stable/extending/generic_views.html#chooserviewset), without
registering Oscar's models as editable snippets.
"""
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.blocks import ChooserBlock

from core import products

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


def shop_products():
    """Products a buyer can see, with what a product card needs prefetched (price, stock, photo):
    the catalogue pages' own loading (``core.products``)."""
    return products.with_purchase_info(Product.objects.browsable())


class CatalogueSearchForm(BaseFilterForm):
    """Search by name with a plain database filter: Oscar's models are not in Wagtail's
    search index."""

    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Name or code")})
    )
    search_fields = ("name__icontains",)

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            condition = Q()
            for lookup in self.search_fields:
                condition |= Q(**{lookup: query})
            objects = objects.filter(condition)
            self.is_searching = True
            self.search_query = query
        return objects


class ProductSearchForm(CatalogueSearchForm):
    search_fields = ("title__icontains", "upc__iexact")


class ShopProductChooserBlock(ChooserBlock):
    """Loads the chosen products in one query with their prices, stock and photos prefetched.

    A product that was deleted or hidden from the shop since it was chosen comes back as
    ``None``; templates skip it instead of failing.
    """

    def bulk_to_python(self, values):
        products = shop_products().in_bulk([value for value in values if value is not None])
        return [products.get(value) for value in values]

    def to_python(self, value):
        return self.bulk_to_python([value])[0]


class ProductChooserViewSet(ChooserViewSet):
    model = Product
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit product")
    base_block_class = ShopProductChooserBlock
    choose_view_class = type("ProductChooseView", (ChooseView,), {"filter_form_class": ProductSearchForm})
    choose_results_view_class = type(
        "ProductChooseResultsView", (ChooseResultsView,), {"filter_form_class": ProductSearchForm}
    )
    per_page = 20

    def get_object_list(self):
        return Product.objects.browsable().order_by("title")


class CategoryChooserViewSet(ChooserViewSet):
    model = Category
    icon = "folder-open-inverse"
    choose_one_text = _("Choose a category")
    choose_another_text = _("Choose another category")
    edit_item_text = _("Edit category")
    choose_view_class = type("CategoryChooseView", (ChooseView,), {"filter_form_class": CatalogueSearchForm})
    choose_results_view_class = type(
        "CategoryChooseResultsView", (ChooseResultsView,), {"filter_form_class": CatalogueSearchForm}
    )
    per_page = 30

    def get_object_list(self):
        return Category.objects.browsable().order_by("path")


product_chooser_viewset = ProductChooserViewSet("product_chooser", url_prefix="choose-product")
category_chooser_viewset = CategoryChooserViewSet("category_chooser", url_prefix="choose-category")

ProductChooserBlock = product_chooser_viewset.get_block_class(
    name="ProductChooserBlock", module_path="cms.choosers"
)
CategoryChooserBlock = category_chooser_viewset.get_block_class(
    name="CategoryChooserBlock", module_path="cms.choosers"
)
