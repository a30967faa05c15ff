"""Uploads as an attacker sends them, through the real pages: payment receipts, the quick
catalogue's photo, the QRIS code, both spreadsheet imports and Wagtail's images. Each bad file
is refused with a message in Indonesian, the form comes back with what was typed, and nothing
is stored; good files are stored as clean copies (photos re-encoded, no metadata)."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from crm.models import Customer
from storefront.payment.models import PaymentReceipt
from tests.factories import phone_photo_bytes, place_with_order_creator, receipt_pdf, upload

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def truncated_jpeg():
    """The first 800 bytes of a real phone photo: a valid header, then nothing."""
    data = phone_photo_bytes(size=(800, 600), orientation=1, gps=False)
    assert len(data) > 5000
    return data[:800]


def bomb_png():
    """A PNG claiming 30000×30000 pixels (900 MP) that compresses to a few hundred KB."""
    buffer = io.BytesIO()
    Image.new("1", (30000, 30000)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_with_html():
    return b"%PDF-1.4\n<html><body><script>document.location='http://evil.example'</script></body></html>\n"


# --- Payment receipts (the buyer's order page) ------------------------------------------------


@pytest.fixture
def guest_order(client):
    order = place_with_order_creator()
    session = client.session
    session["anon_order_email"] = order.guest_email
    session.save()
    return order


def post_receipt(client, order, name, content, content_type):
    url = reverse(
        "checkout:receipt-upload", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )
    return client.post(
        url, {"receipt": SimpleUploadedFile(name, content, content_type=content_type)}, follow=True
    )


@pytest.mark.parametrize(
    "name, content, content_type, message",
    [
        ("struk.jpg", truncated_jpeg(), "image/jpeg", "Foto tidak terbaca sepenuhnya"),
        ("struk.pdf", pdf_with_html(), "application/pdf", "PDF ini tidak bisa dibuka"),
        ("struk.pdf", receipt_pdf()[:-300], "application/pdf", "PDF ini tidak bisa dibuka"),
        ("struk.pdf", receipt_pdf(javascript="app.alert('x')"), "application/pdf", "berisi skrip"),
        ("struk.pdf", receipt_pdf(password="rahasia"), "application/pdf", "dilindungi kata sandi"),
        ("struk.png", bomb_png(), "image/png", "Ukuran gambar terlalu besar"),
    ],
)
def test_bad_receipt_is_refused_with_a_clear_message(
    client, guest_order, name, content, content_type, message
):
    page = post_receipt(client, guest_order, name, content, content_type)
    body = page.content.decode()
    assert page.status_code == 200
    assert message in body, body[body.find("alert") - 200 : body.find("alert") + 400]
    assert 'id="receipt-upload-form"' in body  # the form is there to try again
    assert not PaymentReceipt.objects.exists()


def test_receipt_photo_is_stored_upright_without_its_metadata(client, guest_order):
    post_receipt(
        client, guest_order, "IMG_1.jpg", phone_photo_bytes(size=(400, 200), orientation=6), "image/jpeg"
    )
    receipt = PaymentReceipt.objects.get()
    with receipt.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (200, 400)  # turned upright
        assert dict(image.getexif()) == {}  # no orientation, maker or GPS left
    assert receipt.file.name.endswith(f"{guest_order.number}.jpg")


def test_real_pdf_receipt_is_accepted(client, guest_order):
    post_receipt(client, guest_order, "struk.pdf", receipt_pdf(pages=2), "application/pdf")
    assert PaymentReceipt.objects.get().is_pdf


# --- The quick catalogue's photo and the QRIS code ---------------------------------------------


@pytest.mark.parametrize(
    "content, message",
    [(truncated_jpeg(), "Foto tidak terbaca sepenuhnya"), (bomb_png(), "Ukuran gambar terlalu besar")],
)
def test_quick_catalogue_refuses_bad_photos_and_keeps_what_was_typed(owner, content, message):
    response = owner.post(
        reverse("dashboard:quick-catalogue-add"),
        {
            "photo": upload(content),
            "title": "Sambal Bawang",
            "price": "25.000",
            "num_in_stock": "5",
            "weight": "150",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Sambal Bawang"' in html and 'value="25.000"' in html
    assert not Product.objects.exists()


def payment_settings_form(qris_image):
    return {
        "unique_code_enabled": "on",
        "payment_window_hours": "24",
        "qris_enabled": "on",
        "qris_image": qris_image,
        "accounts-TOTAL_FORMS": "0",
        "accounts-INITIAL_FORMS": "0",
    }


def test_qris_code_is_checked_and_stored_without_metadata(owner):
    from storefront.payment.services import payment_settings

    url = reverse("dashboard:payment-settings")
    refused = owner.post(url, payment_settings_form(upload(truncated_jpeg(), "qris.jpg")))
    assert refused.status_code == 200 and "Foto tidak terbaca sepenuhnya" in refused.content.decode()
    assert not payment_settings().qris_image

    owner.post(url, payment_settings_form(upload(phone_photo_bytes(), "qris.jpg")))
    with payment_settings().qris_image.open("rb") as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {}


# --- Spreadsheet imports -----------------------------------------------------------------------


def zip_bomb_xlsx():
    """A real .xlsx whose sheet unpacks to 200 MB of XML (a few hundred KB zipped)."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["nama", "harga", "hp"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                row = b"<row><c t='inlineStr'><is><t>x</t></is></c></row>"
                data = data.replace(b"</sheetData>", row * (200 * 1024 * 1024 // len(row)) + b"</sheetData>")
            bomb.writestr(item, data)
    return output.getvalue()


def formula_xlsx():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["nama", "sku", "kategori", "harga", "stok", "deskripsi", "hp"])
    sheet.append(['=HYPERLINK("http://evil.example","klik")', "", "", "=1000*2", "=A1", "", "=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


IMPORTS = {
    "products": ("dashboard:quick-catalogue-import", "spreadsheet"),
    "customers": ("dashboard:crm-customer-import", "file"),
}


@pytest.mark.parametrize("kind", IMPORTS)
@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bom.xlsx", zip_bomb_xlsx(), "jauh lebih banyak data"),
        ("foto.xlsx", phone_photo_bytes(), None),
        ("rusak.xlsx", b"PK\x03\x04" + b"\x00" * 200, None),
    ],
)
def test_imports_refuse_bombs_and_wrong_files_with_a_message(owner, kind, name, content, message):
    url_name, field = IMPORTS[kind]
    response = owner.post(reverse(url_name), {field: SimpleUploadedFile(name, content)})
    html = response.content.decode()
    assert response.status_code in (200, 400)  # the upload form again, with the reason
    assert message is None or message in html
    assert "alert-danger" in html or "errorlist" in html or "invalid-feedback" in html
    assert not Product.objects.exists() and not Customer.objects.exists()


def test_product_import_takes_formula_cells_as_values_never_as_formula_text(owner):
    response = owner.post(
        reverse("dashboard:quick-catalogue-import"),
        {"spreadsheet": SimpleUploadedFile("produk.xlsx", formula_xlsx())},
    )
    assert response.status_code == 200
    # openpyxl wrote no saved values, so the row is empty: refused, never imported as "=…" text.
    assert "=HYPERLINK" not in response.content.decode()
    assert not Product.objects.exists()


def test_huge_sheets_are_refused_with_the_limit(owner):
    rows = "nama;harga\n" + "".join(f"Produk {i};1000\n" for i in range(1001))
    response = owner.post(
        reverse("dashboard:quick-catalogue-import"),
        {"spreadsheet": SimpleUploadedFile("produk.csv", rows.encode())},
    )
    assert "paling banyak 1000" in response.content.decode() or "1.000" in response.content.decode()
    customers = "nama,hp\n" + "".join(f"Orang {i},08123{i:06d}\n" for i in range(5001))
    response = owner.post(
        reverse("dashboard:crm-customer-import"), {"file": SimpleUploadedFile("p.csv", customers.encode())}
    )
    assert "5000" in response.content.decode() or "5.000" in response.content.decode()
    assert not Product.objects.exists() and not Customer.objects.exists()


# --- Wagtail's images (/cms/) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [
        ("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("foto.jpg", b"<html><script>alert(1)</script></html>"),
        ("foto.jpg", truncated_jpeg()),
        ("foto.png", bomb_png()),
    ],
)
def test_wagtail_refuses_bad_images(owner, name, content):
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    if not Collection.objects.exists():  # made by a migration; the tests build tables without them
        Collection.add_root(name="Root")

    response = owner.post(
        reverse("wagtailimages:add"),
        {"title": "Foto", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200  # the form again, with the reason
    assert not get_image_model().objects.exists()


def test_wagtail_stores_a_good_photo_upright_without_its_metadata(owner):
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    photo = SimpleUploadedFile("IMG_2.jpg", phone_photo_bytes(size=(400, 200), orientation=6))
    response = owner.post(reverse("wagtailimages:add"), {"title": "Foto", "file": photo})
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (200, 400)
    with image.file.open("rb") as stored, Image.open(stored) as decoded:
        assert dict(decoded.getexif()) == {}
