"""Product photos: checked, turned upright, stripped of metadata and resized — once, on upload.

A phone camera stores a portrait photo sideways plus an EXIF "orientation" flag, and usually the
GPS position where it was taken (often the owner's home). Not every browser or thumbnailer honours
the flag, and the location must never reach buyers. So every product photo, whether it comes from
the quick "Tambah produk" screen or Oscar's full product editor, is re-encoded here before it is
stored: upright, RGB JPEG, no EXIF/XMP at all, at most ``MAX_LONG_SIDE`` pixels on its long side.
The colour profile (ICC) is kept: it is colour data, not personal data, and dropping it would
dull photos taken on phones with a wide-gamut screen.

The list thumbnails Oscar's templates ask for are generated right after upload
(``warm_list_thumbnails``), so a catalogue page never resizes a full photo while a buyer waits.
"""

from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils.text import slugify
from PIL import Image, ImageOps

from storefront.uploads import validate_image_upload

MAX_LONG_SIDE = 1600
JPEG_QUALITY = 85
# (geometry, options) exactly as the list templates pass them to {% oscar_thumbnail %}: the shop's
# product cards ("155x155", storefront/templates/oscar/catalogue/partials/product.html), the home
# page's featured products (cms/includes/product_card.html), Oscar's dashboard product list
# ("70x70") and the quick list ("64x64").
LIST_THUMBNAILS = (
    ("155x155", {"upscale": False}),
    ("300x300", {"crop": "center"}),
    ("70x70", {"upscale": False}),
    ("64x64", {"crop": "center"}),
)


class UnreadablePhoto(ValueError):
    """The file passed the checks but its pixels cannot be decoded (e.g. cut off mid-upload)."""


def process_product_photo(upload):
    """Check an uploaded photo and return it as a clean JPEG ``ContentFile``.

    Raises ``ValidationError`` (Indonesian message, from ``validate_image_upload``) for anything
    that is not a JPEG, PNG or WebP of at most 5 MB, or that is too large in pixels
    (decompression bomb); ``UnreadablePhoto`` when its pixels cannot be decoded after all.
    """
    validate_image_upload(upload)
    try:
        with Image.open(upload) as image:
            image.draft("RGB", _fitted_size(image.size))  # JPEG: decode at reduced scale, less memory
            # An ICC profile only stays valid if the pixels stay in the same colour space.
            icc_profile = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
            upright = ImageOps.exif_transpose(image)
            upright = _flatten_to_rgb(upright)
            upright.thumbnail((MAX_LONG_SIDE, MAX_LONG_SIDE), Image.Resampling.LANCZOS)
            output = BytesIO()
            # No exif= argument: Pillow then writes no EXIF (and with it no GPS) and no XMP.
            upright.save(
                output, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, icc_profile=icc_profile
            )
    except (OSError, SyntaxError, ValueError) as exc:
        # verify() only checks the structure; decoding the pixels can still fail.
        raise UnreadablePhoto(str(exc)) from exc
    finally:
        upload.seek(0)
    return ContentFile(output.getvalue(), name=_jpeg_name(getattr(upload, "name", "") or ""))


def warm_list_thumbnails(image_field_file):
    """Generate the list thumbnails of one stored photo (sorl caches them; safe to repeat)."""
    from oscar.core.thumbnails import get_thumbnailer

    thumbnailer = get_thumbnailer()
    for size, options in LIST_THUMBNAILS:
        thumbnailer.generate_thumbnail(image_field_file, size=size, **options)


def _fitted_size(size):
    width, height = size
    scale = min(1, MAX_LONG_SIDE / max(width, height, 1))
    return max(1, int(width * scale)), max(1, int(height * scale))


def _flatten_to_rgb(image):
    """RGB for JPEG; transparent parts (PNG/WebP cut-outs) become white, not black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg_name(original_name):
    stem = slugify(Path(original_name).stem)[:60] or "foto-produk"
    return f"{stem}.jpg"
