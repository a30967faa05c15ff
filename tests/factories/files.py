"""Real files as buyers and owners upload them: phone photos built with Pillow (EXIF
orientation, GPS, odd formats), plain JPEG/PNG images and bank-app PDF receipts."""

import io

from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

ORIENTATION, MAKE, GPS_IFD = 0x0112, 0x010F, 0x8825
# Monas, Jakarta: the kind of location a phone writes into every photo.
GPS = {1: "S", 2: (6.0, 10.0, 31.0), 3: "E", 4: (106.0, 49.0, 37.0)}


def phone_photo_bytes(size=(400, 200), orientation=6, gps=True, fmt="JPEG"):
    """A photo as a phone stores it: sideways pixels plus an EXIF orientation flag and GPS.

    The left half of the stored pixels is red, the right half white, so a test can tell whether
    the photo was really turned (orientation 6 = "turn 90° clockwise to view": red ends up on top).
    """
    image = Image.new("RGB", size, "white")
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "TestPhone"
    if gps:
        exif[GPS_IFD] = GPS
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def upload(data, name="IMG_20261130_101500.jpg", content_type="image/jpeg"):
    """``data`` as a file posted in a form."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def phone_photo(**kwargs):
    """``phone_photo_bytes`` as an uploaded file."""
    return upload(phone_photo_bytes(**kwargs))


def png_bytes(size, mode="RGB", color="white"):
    """A plain PNG of one colour."""
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_file(name, size=(800, 400), colour=(200, 120, 40)):
    """A plain JPEG of one colour as a Django file named ``<name>.jpg``."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return ImageFile(buffer, name=f"{name}.jpg")


def receipt_pdf(pages=1, javascript=None, password=None):
    """A real PDF (pypdf) as a bank app exports it: ``pages`` blank pages; optionally with
    ``javascript`` run on opening, or encrypted with ``password``."""
    from pypdf import PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=300, height=400)
    if javascript:
        writer.add_open_action(JavaScript(javascript))
    if password:
        writer.encrypt(password)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
