"""The buyer's order page: timeline, receipt upload (account and guest link), private receipt
files, the invoice, and another buyer's order staying out of reach."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image
from wagtail.models import Site

from storefront.order import services
from storefront.payment.models import PaymentReceipt
from tests.factories import (
    checkout_over_http,
    make_buyer,
    make_product,
    receipt_pdf,
    shop_ready,
)

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


def jpeg(name="struk.jpg"):
    data = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(data, "JPEG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/jpeg")


@pytest.fixture
def guest_order(client):
    shop_ready()
    checkout_over_http(client, make_product())
    return Order.objects.get()


def order_url(order):
    return reverse(
        "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )


def upload_url(order, hash_=None):
    return reverse(
        "checkout:receipt-upload",
        kwargs={"order_number": order.number, "hash": hash_ or order.verification_hash()},
    )


def test_guest_order_page_shows_timeline_and_upload_form(client, guest_order):
    page = client.get(order_url(guest_order))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="order-timeline"' in body
    assert "Menunggu pembayaran" in body
    assert 'id="receipt-upload-form"' in body
    assert 'id="invoice-link"' in body


def test_guest_uploads_receipt_through_the_signed_link(client, guest_order):
    response = client.post(upload_url(guest_order), {"receipt": jpeg()})
    assert response.status_code == 302
    assert response["Location"].startswith(order_url(guest_order))
    receipt = PaymentReceipt.objects.get()
    assert receipt.status == PaymentReceipt.Status.WAITING
    assert not receipt.is_pdf


def test_pdf_receipt_is_accepted_and_served_only_with_the_hash(client, guest_order):
    pdf = SimpleUploadedFile("struk.pdf", receipt_pdf(), content_type="application/pdf")
    client.post(upload_url(guest_order), {"receipt": pdf})
    receipt = PaymentReceipt.objects.get()
    assert receipt.is_pdf
    file_url = reverse(
        "checkout:receipt-file",
        kwargs={
            "order_number": guest_order.number,
            "hash": guest_order.verification_hash(),
            "pk": receipt.pk,
        },
    )
    response = client.get(file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    forged = file_url.replace(guest_order.verification_hash(), f"{guest_order.number}:forged")
    assert client.get(forged).status_code == 404


def test_bad_receipt_upload_gets_a_clear_message_and_nothing_is_stored(client, guest_order):
    fake = SimpleUploadedFile("struk.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = client.post(upload_url(guest_order), {"receipt": fake}, follow=True)
    assert response.status_code == 200
    assert "bukan gambar" in response.content.decode()
    assert not PaymentReceipt.objects.exists()


def test_another_buyers_order_is_404(client, guest_order):
    other = make_product(title="Teh")
    other_order = guest_order
    wrong_hash = f"{other_order.number}:AAAAAAAAAAAAAAAAAAAAAAAAAAA"
    assert client.post(upload_url(other_order, wrong_hash), {"receipt": jpeg()}).status_code == 404
    assert (
        client.get(
            reverse("checkout:invoice", kwargs={"order_number": other_order.number, "hash": wrong_hash})
        ).status_code
        == 404
    )
    assert other.pk  # a second product exists; nothing else changed
    assert not PaymentReceipt.objects.exists()

    intruder = make_buyer(email="intruder@example.com")
    client.force_login(intruder)
    assert (
        client.get(reverse("customer:order", kwargs={"order_number": other_order.number})).status_code == 404
    )


def test_signed_in_buyer_sees_own_order_with_complaint_hook_and_uploads(client):
    shop_ready()
    user = make_buyer()
    client.force_login(user)
    product = make_product()
    checkout_over_http(client, product)
    order = Order.objects.get(user=user)
    page = client.get(reverse("customer:order", kwargs={"order_number": order.number}))
    assert page.status_code == 200
    assert "crm/partials/order_complaint.html" in [t.name for t in page.templates]
    response = client.post(upload_url(order), {"receipt": jpeg()})
    assert response["Location"].startswith(reverse("customer:order", kwargs={"order_number": order.number}))
    assert PaymentReceipt.objects.filter(payment__order=order).count() == 1


def test_upload_refused_once_the_order_is_cancelled(client, guest_order):
    services.cancel(guest_order.pk, "stok habis")
    response = client.post(upload_url(guest_order), {"receipt": jpeg()}, follow=True)
    assert (
        "tidak lagi menunggu pembayaran" in response.content.decode()
        or "no longer waiting" in response.content.decode()
    )
    assert not PaymentReceipt.objects.exists()


def test_invoice_shows_lines_and_total(client, guest_order):
    response = client.get(
        reverse(
            "checkout:invoice",
            kwargs={"order_number": guest_order.number, "hash": guest_order.verification_hash()},
        )
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kopi Gayo 250 g" in body
    assert guest_order.number in body
    assert 'id="invoice-total"' in body
    assert "@media print" in body


def test_timeline_after_shipping_shows_tracking(client, guest_order):
    services.confirm_payment(guest_order.pk)
    services.mark_processing(guest_order.pk)
    services.ship(guest_order.pk, "jne", "JNE123456")
    body = client.get(order_url(guest_order)).content.decode()
    assert "Dikirim" in body
    assert "JNE123456" in body


def test_guest_link_needs_the_guest_email_on_another_device(guest_order):
    from django.test import Client

    other_device = Client()
    invoice_url = reverse(
        "checkout:invoice",
        kwargs={"order_number": guest_order.number, "hash": guest_order.verification_hash()},
    )
    assert other_device.get(invoice_url).status_code == 404
    form_url = reverse(
        "customer:anon-order-form",
        kwargs={"order_number": guest_order.number, "hash": guest_order.verification_hash()},
    )
    other_device.post(form_url, {"contact": "siti@example.com"})
    assert other_device.get(invoice_url).status_code == 200
    assert other_device.get(order_url(guest_order)).status_code == 200


def test_receipt_is_stored_under_its_real_format_not_the_buyers_file_name(client, guest_order):
    disguised = jpeg(name="halaman.html")
    client.post(upload_url(guest_order), {"receipt": disguised})
    receipt = PaymentReceipt.objects.get()
    assert receipt.file.name.endswith(".jpg") and "html" not in receipt.file.name
    response = client.get(
        reverse(
            "checkout:receipt-file",
            kwargs={
                "order_number": guest_order.number,
                "hash": guest_order.verification_hash(),
                "pk": receipt.pk,
            },
        )
    )
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Security-Policy"] == "sandbox"


def test_the_invoice_and_the_order_email_carry_the_owners_shop_name(client, guest_order):
    """Both printed the installation's OSCAR_SHOP_NAME, not the name the owner gave the shop."""
    from cms.models import ShopSettings
    from storefront.order.notifications import compose
    from tests.factories import build_site

    build_site()
    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    shop.shop_name = "Kopi Pak Budi"
    shop.save()
    invoice = client.get(
        reverse(
            "checkout:invoice",
            kwargs={"order_number": guest_order.number, "hash": guest_order.verification_hash()},
        )
    ).content.decode()
    assert "— Kopi Pak Budi</h1>" in invoice
    subject, text, html = compose(guest_order, "placed")
    assert "Kopi Pak Budi" in text.splitlines()[0] and "— Kopi Pak Budi</h1>" in html
