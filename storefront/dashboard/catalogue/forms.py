from django.core.files.uploadedfile import UploadedFile
from oscar.apps.dashboard.catalogue import forms as oscar_forms

from storefront.dashboard.quickcatalogue.forms import clean_product_photo


class ProductImageForm(oscar_forms.ProductImageForm):
    """Oscar's photo form; a new upload is checked, turned upright, stripped and resized."""

    def clean_original(self):
        original = self.cleaned_data.get("original")
        if isinstance(original, UploadedFile):
            return clean_product_photo(original)
        return original  # the photo already stored, unchanged
