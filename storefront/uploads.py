"""Checking files that buyers and the owner upload (receipts, product photos, the QRIS code).

One place for the rules:
- at most 5 MB;
- photos are JPEG, PNG or WebP and are **decoded completely** with Pillow (every pixel, not only
  the header: a photo cut off mid-upload is refused), with a pixel limit so that a
  "decompression bomb" (a tiny file that expands to gigabytes in memory) is refused before it
  is decoded;
- a PDF must be a real PDF (read by pypdf: cross-reference table, page tree, at least one
  page), not encrypted, without JavaScript, actions that run on opening, or attached files —
  a ``%PDF`` header in front of HTML is refused;
- what is stored is a clean copy: photos are re-encoded (turned upright, no EXIF, GPS or other
  metadata, nothing but pixels).

Every refusal is a ``ValidationError`` with a message the buyer or owner understands.
"""

from io import BytesIO
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 48-megapixel phone photo is 8000×6000; bombs are far larger
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_PDF_PAGES = 20  # a receipt is a page or two; a bank statement a few more
# A receipt photo is kept readable but not larger than this on its long side.
MAX_RECEIPT_SIDE = 2400
# Keys of a PDF's catalogue or names tree that run something or carry files.
PDF_ACTIVE_KEYS = ("/OpenAction", "/AA", "/JavaScript", "/EmbeddedFiles", "/XFA")

NOT_AN_IMAGE = _("This file is not a picture we can read. Please use a JPEG, PNG or WebP photo.")
WRONG_TYPE = _("This type of file is not supported. Please use a JPEG, PNG or WebP photo.")
BROKEN_IMAGE = _("The photo could not be read completely. Please take or choose it again.")
BROKEN_PDF = _(
    "This PDF cannot be opened: it is damaged or not a real PDF. Please download the receipt from "
    "your bank app again, or send a photo or screenshot of it."
)


class CheckedFile(NamedTuple):
    """An upload that passed the checks: the clean file to store and its real format."""

    file: object
    format: str


def _check_size(upload):
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s). At most %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )


def validate_image_upload(upload):
    """Accept a JPEG, PNG or WebP photo of at most 5 MB whose pixels all decode; return
    Pillow's format name. Raises ``ValidationError`` otherwise (wrong type, SVG or HTML dressed
    as an image, cut-off or damaged file, decompression bomb)."""
    _check_size(upload)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(WRONG_TYPE, code="type")
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(_("This picture has too many pixels to process."), code="bomb")
            image.load()  # decode every pixel: a truncated file fails here, not in verify()
            return image.format
    except Image.DecompressionBombError as exc:
        raise ValidationError(_("This picture has too many pixels to process."), code="bomb") from exc
    except UnidentifiedImageError as exc:
        raise ValidationError(NOT_AN_IMAGE, code="invalid") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(BROKEN_IMAGE, code="broken") from exc
    finally:
        upload.seek(0)


def clean_image(upload, name, max_side=None):
    """A checked photo re-encoded in its own format as a ``ContentFile`` called ``name``
    (without extension): upright, no metadata, at most ``max_side`` pixels on its long side."""
    found = validate_image_upload(upload)
    try:
        with Image.open(upload) as image:
            upright = ImageOps.exif_transpose(image)
            if max_side:
                upright.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
            output = BytesIO()
            if found == "JPEG":
                # No exif= argument: Pillow writes no EXIF (and with it no GPS) and no XMP.
                upright.convert("RGB").save(output, "JPEG", quality=90, optimize=True)
            else:
                upright.save(output, found, **({"optimize": True} if found == "PNG" else {"quality": 90}))
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(BROKEN_IMAGE, code="broken") from exc
    finally:
        upload.seek(0)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[found]
    return CheckedFile(ContentFile(output.getvalue(), name=f"{name}.{extension}"), found)


def validate_pdf_upload(upload):
    """Accept a real, readable PDF of at most ``MAX_PDF_PAGES`` pages with no active content
    (see the module docstring); raises ``ValidationError`` otherwise."""
    # Imported when a PDF arrives: pypdf costs a web worker ≈ 15 MB that buyers' pages never need.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    _check_size(upload)
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                _("This PDF is protected with a password. Please send it without a password, or a photo."),
                code="encrypted",
            )
        pages = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018  (reading each page's size walks the whole page tree)
        catalogue = reader.trailer["/Root"]
        names = catalogue.get("/Names")
        names = {} if names is None else names.get_object()
        active = any(key in catalogue or key in names for key in PDF_ACTIVE_KEYS)
    except ValidationError:
        raise
    except (PyPdfError, OSError, KeyError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise ValidationError(BROKEN_PDF, code="broken_pdf") from exc
    finally:
        upload.seek(0)
    if not 1 <= pages <= MAX_PDF_PAGES:
        raise ValidationError(
            _("A receipt PDF has 1 to %(max)s pages; this one has %(pages)s."),
            params={"max": MAX_PDF_PAGES, "pages": pages},
            code="pages",
        )
    if active:
        raise ValidationError(
            _("This PDF contains scripts or attached files. Please send a photo or screenshot of it."),
            code="active_pdf",
        )


def clean_receipt_upload(upload, name="receipt"):
    """A payment receipt, checked: a PDF as uploaded, or a photo re-encoded (``clean_image``).
    Returns a ``CheckedFile``; raises ``ValidationError`` with the buyer's message."""
    _check_size(upload)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        validate_pdf_upload(upload)
        return CheckedFile(upload, "PDF")
    return clean_image(upload, name, max_side=MAX_RECEIPT_SIDE)
