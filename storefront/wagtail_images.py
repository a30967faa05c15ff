"""Wagtail's image form (/cms/images/) with the shop's upload rules (``storefront.uploads``):
a new image must decode completely — Wagtail alone reads only its header, and a cut-off JPEG
even crashed its form with a server error — and is stored as a clean copy without metadata
(Wagtail serves originals by URL, GPS position included). Set as
``WAGTAILIMAGES_IMAGE_FORM_BASE``."""

from pathlib import Path

from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from storefront.uploads import clean_image, validate_image_upload


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, after the shop's complete check of a new upload."""

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            validate_image_upload(data)  # before Wagtail opens it: a broken file is a message
        return super().to_python(data)


class CheckedImageForm(BaseImageForm):
    file = CheckedImageField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):  # a new upload, not the stored file
            stem = slugify(Path(upload.name or "").stem)[:60] or "gambar"
            return clean_image(upload, stem).file
        return upload
