"""The owner's order screens: pipeline buttons, refused moves as messages, settings pages."""

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from core import order_statuses
from storefront.payment.models import BankAccount, PaymentReceipt, PaymentSettings
from storefront.shipping.models import ProvinceRate, ShippingSettings
from tests.factories import place_with_order_creator, shop_ready

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


def act(client, order, action, **data):
    url = reverse("dashboard:order-pipeline-action", kwargs={"number": order.number, "action": action})
    return client.post(url, data)


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_buyers_cannot_use_the_owner_screens(client):
    from tests.factories import make_buyer

    shop_ready()
    order = place_with_order_creator()
    client.force_login(make_buyer())
    response = act(client, order, "confirm")
    assert response.status_code in (302, 403)
    assert "login" in response.get("Location", "login")
    assert Order.objects.get(pk=order.pk).status == order_statuses.PENDING_PAYMENT
    assert client.get(reverse("dashboard:payment-settings")).status_code in (302, 403)


def test_owner_confirms_processes_ships_and_completes_with_whatsapp_link(client, owner):
    shop_ready()
    order = place_with_order_creator()
    PaymentReceipt.objects.create(payment=order.payment_info, file="receipts/r.jpg")
    detail = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number}))
    body = detail.content.decode()
    assert 'id="action-confirm"' in body and 'id="action-reject-open"' in body
    assert 'id="action-ship"' not in body
    assert 'value="change_order_status"' not in body  # no free status change

    response = act(client, order, "confirm")
    assert response["Location"].endswith("?changed=1")
    detail = client.get(response["Location"])
    body = detail.content.decode()
    assert 'id="whatsapp-buyer"' in body and "https://wa.me/6281234567890?text=" in body
    assert "Dibayar" in body

    act(client, order, "process")
    response = act(client, order, "ship", courier="jne", tracking_number="")
    assert any("resi" in t.lower() or "tracking" in t.lower() for t in texts(response))
    assert Order.objects.get(pk=order.pk).status == order_statuses.PROCESSING
    act(client, order, "ship", courier="jne", tracking_number="JNE777")
    act(client, order, "complete")
    order.refresh_from_db()
    assert order.status == order_statuses.COMPLETED
    assert order.shipment.tracking_number == "JNE777"


def test_refused_moves_come_back_as_messages_not_errors(client, owner):
    shop_ready()
    order = place_with_order_creator()
    act(client, order, "confirm")
    response = act(client, order, "confirm")
    assert response.status_code == 302
    assert any("Dibayar" in t for t in texts(response))
    response = act(client, order, "cancel", reason="")
    assert texts(response)
    assert Order.objects.get(pk=order.pk).status == order_statuses.PAID
    response = act(client, order, "cancel", reason="Pembeli minta batal")
    assert Order.objects.get(pk=order.pk).status == order_statuses.CANCELLED
    response = act(client, order, "confirm")
    assert response.status_code == 302 and texts(response)
    response = act(client, order, "teleport")
    assert response.status_code == 302


def test_owner_sees_the_receipt_image_through_the_private_view(client, owner):
    from tests.functional.test_checkout_order_pages import jpeg

    shop_ready()
    order = place_with_order_creator()
    receipt = PaymentReceipt.objects.create(payment=order.payment_info, file=jpeg())
    assert "/media/" not in receipt.file.path.split("private")[0][-8:]
    url = reverse(
        "checkout:receipt-file",
        kwargs={"order_number": order.number, "hash": order.verification_hash(), "pk": receipt.pk},
    )
    assert (
        url in client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()
    )
    assert client.get(url).status_code == 200


def test_payment_settings_page_saves_accounts_and_qris(client, owner):
    page = client.get(reverse("dashboard:payment-settings"))
    assert page.status_code == 200
    image = io.BytesIO()
    Image.new("RGB", (50, 50), "black").save(image, "PNG")
    data = {
        "unique_code_enabled": "on",
        "payment_window_hours": "12",
        "qris_enabled": "on",
        "qris_image": SimpleUploadedFile("qris.png", image.getvalue(), content_type="image/png"),
        "cod_enabled": "on",
        "accounts-TOTAL_FORMS": "1",
        "accounts-INITIAL_FORMS": "0",
        "accounts-0-bank_name": "BRI",
        "accounts-0-account_number": "0011223344",
        "accounts-0-account_holder": "Ibu Sari",
        "accounts-0-is_active": "on",
        "accounts-0-position": "0",
    }
    response = client.post(reverse("dashboard:payment-settings"), data)
    assert response.status_code == 302
    config = PaymentSettings.objects.get()
    assert config.payment_window_hours == 12 and config.qris_image
    assert BankAccount.objects.get().bank_name == "BRI"


def test_payment_settings_refuse_a_fake_qris_and_keep_the_form(client, owner):
    data = {
        "payment_window_hours": "0",
        "qris_image": SimpleUploadedFile("qris.png", b"not an image", content_type="image/png"),
        "accounts-TOTAL_FORMS": "1",
        "accounts-INITIAL_FORMS": "0",
        "accounts-0-bank_name": "Mandiri",
    }
    response = client.post(reverse("dashboard:payment-settings"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mandiri" in body
    assert not BankAccount.objects.exists()


def test_shipping_settings_page_seeds_38_provinces_and_saves_rates(client, owner):
    page = client.get(reverse("dashboard:shipping-settings"))
    assert page.status_code == 200
    assert ProvinceRate.objects.count() == 38
    rates = list(ProvinceRate.objects.all())
    data = {
        "free_shipping_threshold": "250000",
        "pickup_enabled": "on",
        "pickup_address": "Jl. Braga 1, Bandung",
        "rates-TOTAL_FORMS": str(len(rates)),
        "rates-INITIAL_FORMS": str(len(rates)),
    }
    for index, rate in enumerate(rates):
        data[f"rates-{index}-id"] = str(rate.pk)
        data[f"rates-{index}-rate"] = "12000" if rate.province == "Bali" else str(rate.rate)
        if rate.province == "Bali":
            data[f"rates-{index}-cod_available"] = "on"
    response = client.post(reverse("dashboard:shipping-settings"), data)
    assert response.status_code == 302
    bali = ProvinceRate.objects.get(province="Bali")
    assert bali.rate == 12000 and bali.cod_available
    assert ShippingSettings.objects.get().free_shipping_threshold == 250000


def test_order_list_shows_receipts_waiting_and_indonesian_statuses(
    client, owner, django_assert_max_num_queries
):
    shop_ready()
    waiting = place_with_order_creator()
    place_with_order_creator()
    PaymentReceipt.objects.create(payment=waiting.payment_info, file="receipts/w.jpg")
    with django_assert_max_num_queries(40):
        page = client.get(reverse("dashboard:order-list"))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'id="awaiting-confirmation"' in body
    assert reverse("dashboard:order-detail", kwargs={"number": waiting.number}) in body
    assert "Menunggu pembayaran" in body
    assert 'value="change_order_statuses"' not in body


def test_the_order_filter_names_the_status_in_the_owners_words(client, owner):
    shop_ready()
    place_with_order_creator()
    response = client.get(reverse("dashboard:order-list"), {"status": order_statuses.PENDING_PAYMENT})
    filters = response.content.decode().split('class="search-filter-list"')[1].split("</div>")[0]
    assert "Menunggu pembayaran" in filters and order_statuses.PENDING_PAYMENT not in filters


def test_order_screen_draws_each_pipeline_button_once(client, owner):
    shop_ready()
    order = place_with_order_creator(payment_method="bank_transfer")
    html = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()
    assert html.count('id="action-confirm"') == 1
    assert html.count('id="order-pipeline"') == 1
