from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from storefront.catalogue_images import UnreadablePhoto, process_product_photo

from . import services

Category = get_model("catalogue", "Category")


def clean_product_photo(upload):
    """A product photo for a form: processed, or a ``ValidationError`` saying (in Indonesian) why not."""
    try:
        return process_product_photo(upload)
    except UnreadablePhoto as exc:
        raise ValidationError(
            _("The photo could not be read completely. Please take or choose it again."), code="unreadable"
        ) from exc


class WholeNumberField(forms.Field):
    """A whole number typed the Indonesian way ("15.000"); shown back with dots."""

    parse = staticmethod(services.parse_stock)

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 8})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return self.parse(value)

    def prepare_value(self, value):
        if isinstance(value, str) or value is None:
            return value  # what the owner typed, shown back unchanged after an error
        return intcomma(int(value), use_l10n=False).replace(",", ".")


class RupiahField(WholeNumberField):
    """A price in whole Rupiah: "15.000", "15000" and "Rp 15.000" all mean Rp 15.000."""

    parse = staticmethod(services.parse_price)


class WeightField(WholeNumberField):
    """A weight in whole grams, above zero: the courier fee depends on it."""

    parse = staticmethod(services.parse_weight)


class ProductPhotoField(forms.FileField):
    """A photo straight from the phone camera, checked and cleaned by ``clean_product_photo``."""

    widget = forms.FileInput(attrs={"accept": "image/*", "capture": "environment"})

    def to_python(self, data):
        upload = super().to_python(data)
        return None if upload is None else clean_product_photo(upload)


class CategoryChoiceField(forms.ModelChoiceField):
    """Existing categories in tree order, sub-categories indented (no query per option)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Category.objects.order_by("path"), **kwargs)

    def label_from_instance(self, obj):
        return "\u2003" * (obj.depth - 1) + obj.name


class QuickProductForm(forms.Form):
    """The "Tambah produk" screen: only what a buyer sees."""

    photo = ProductPhotoField(label=_("Photo"), required=False)
    title = forms.CharField(label=_("Product name"), max_length=255)
    price = RupiahField(label=_("Price (Rp)"), help_text=_("For example 15.000"))
    num_in_stock = WholeNumberField(label=_("Stock"))
    weight = WeightField(
        label=_("Weight (grams)"),
        help_text=_("Packed, as the courier weighs it. For example 250"),
        error_messages={"required": _("Enter the weight in grams, for example 250.")},
    )
    category = CategoryChoiceField(label=_("Category"), required=False, empty_label=_("— No category —"))
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QuickEditForm(forms.Form):
    """One row of the quick list: price, stock, weight and whether buyers can see the product.
    The weight may stay empty (a product without one counts as 1 kg for the courier rates);
    emptying it keeps the weight the product had."""

    price = RupiahField(label=_("Price (Rp)"))
    num_in_stock = WholeNumberField(label=_("Stock"))
    weight = WeightField(label=_("Weight (grams)"), required=False)
    is_public = forms.BooleanField(label=_("Shown in the shop"), required=False)

    def __init__(self, *args, product, **kwargs):
        """``product`` comes from ``QuickListView.products()`` (its ``shop_stockrecords`` and
        ``weight_values`` prefetched)."""
        self.product = product
        record = product.shop_stockrecords[0] if product.shop_stockrecords else None
        # Ordered but not yet shipped: still on the shelf, so still part of the stock typed here.
        self.allocated = (record.num_allocated or 0) if record else 0
        kwargs["initial"] = {
            "price": record.price if record else None,
            "num_in_stock": record.num_in_stock if record else None,
            "weight": product.weight_values[0].value_integer if product.weight_values else None,
            "is_public": product.is_public,
        }
        kwargs["prefix"] = f"p{product.pk}"
        super().__init__(*args, **kwargs)

    def to_change(self):
        """The row as a ``QuickChange`` for ``services.apply_quick_changes``."""
        return services.QuickChange(product_id=self.product.pk, **self.cleaned_data)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or SKU"), required=False)


class ImportUploadForm(forms.Form):
    spreadsheet = forms.FileField(
        label=_("Spreadsheet (CSV or Excel .xlsx)"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    only_valid_rows = forms.BooleanField(
        label=_("Import only the valid rows and skip the wrong ones"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
