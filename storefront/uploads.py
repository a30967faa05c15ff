"""Checking files that buyers and the owner upload (receipts, product photos).

One place for the rules: allowed types, size limit, a real decode with Pillow, and a pixel
limit so that a "decompression bomb" (a tiny file that expands to gigabytes) is refused.
"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 48-megapixel phone photo is 8000×6000; bombs are far larger
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def _check_size(upload):
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s). Maksimal %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )


def validate_image_upload(upload):
    """Accept a JPEG, PNG or WebP photo of at most 5 MB; return Pillow's format name.

    Raises ``ValidationError`` with an Indonesian message otherwise (wrong type, broken
    file, SVG or HTML dressed as an image, decompression bomb).
    """
    _check_size(upload)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(
                    _("Jenis berkas tidak didukung. Gunakan foto JPEG, PNG atau WebP."), code="type"
                )
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("Ukuran gambar terlalu besar untuk diproses."), code="bomb")
            image.verify()
            found = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("Berkas ini bukan gambar yang bisa dibaca. Gunakan foto JPEG, PNG atau WebP."),
            code="invalid",
        ) from exc
    finally:
        upload.seek(0)
    return found


def validate_receipt_upload(upload):
    """Accept a payment receipt: a photo (as ``validate_image_upload``) or a PDF, ≤ 5 MB."""
    _check_size(upload)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return "PDF"
    return validate_image_upload(upload)
