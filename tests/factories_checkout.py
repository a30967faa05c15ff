"""Test helpers for the checkout area: a product in stock, the shop's bank account, and a
guest walking through the real checkout with the Django test client."""

from decimal import Decimal

from django.urls import reverse
from oscar.test import factories

from storefront.payment.models import BankAccount
from storefront.payment.services import payment_settings
from storefront.shipping.methods import COURIER_CODE
from storefront.shipping.rates import ensure_province_rates

ADDRESS = {
    "first_name": "Siti Aminah",
    "phone_number": "0812-3456-7890",
    "line1": "Jl. Merdeka No. 10 RT 02/RW 05",
    "line2": "Kel. Braga, Kec. Sumur Bandung",
    "line4": "Kota Bandung",
    "state": "Jawa Barat",
    "postcode": "40111",
}


def product_in_stock(price="50000", stock=5, title="Kopi Gayo 250 g"):
    """A product with one stock record in Rupiah."""
    return factories.create_product(title=title, price=Decimal(price), num_in_stock=stock)


def shop_ready(unique_code=True, cod_limited=False):
    """The owner's setup: one bank account, province rates seeded, payment settings."""
    ensure_province_rates()
    BankAccount.objects.get_or_create(
        bank_name="BCA", account_number="1234567890", account_holder="Toko Langganan"
    )
    config = payment_settings()
    config.unique_code_enabled = unique_code
    config.cod_limited_to_provinces = cod_limited
    config.save()
    return config


def buyer(email="budi@example.com", password="rahasia-123", **fields):
    """A registered buyer (the custom user model has no username)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(email=email, password=password, **fields)


def add_to_basket(client, product, quantity=1):
    return client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})


def guest_to_preview(
    client,
    product,
    method="bank_transfer",
    email="siti@example.com",
    address=None,
    shipping=COURIER_CODE,
    quantity=1,
):
    """Put ``product`` in the basket and walk a guest to the preview page (returns it)."""
    add_to_basket(client, product, quantity)
    client.post(reverse("checkout:index"), {"username": email, "options": "anonymous"})
    response = client.post(reverse("checkout:shipping-address"), address or ADDRESS)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    client.post(reverse("checkout:shipping-method"), {"method_code": shipping})
    response = client.post(reverse("checkout:payment-method"), {"method": method})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(reverse("checkout:preview"))


def place_order(client):
    return client.post(reverse("checkout:preview"), {"action": "place_order"})


def placed_order(method="bank_transfer", stock=5, quantity=2, email="siti@example.com", price="50000"):
    """An order placed through Oscar's OrderCreator (stock allocated) with its payment record,
    as the checkout leaves it: status "Pending payment"."""
    from oscar.apps.partner.strategy import Default
    from oscar.core.loading import get_model

    from storefront.payment.services import record_order_payment
    from storefront.shipping.regions import ensure_indonesia

    ShippingAddress = get_model("order", "ShippingAddress")
    Basket = get_model("basket", "Basket")
    product = product_in_stock(price=price, stock=stock)
    basket = Basket.objects.create()
    basket.strategy = Default()
    basket.add_product(product, quantity=quantity)
    address = ShippingAddress.objects.create(
        first_name=ADDRESS["first_name"],
        phone_number="+6281234567890",
        line1=ADDRESS["line1"],
        line2=ADDRESS["line2"],
        line4=ADDRESS["line4"],
        state=ADDRESS["state"],
        postcode=ADDRESS["postcode"],
        country=ensure_indonesia(),
    )
    order = factories.create_order(basket=basket, shipping_address=address, guest_email=email)
    record_order_payment(order, method)
    return order


def receipt_pdf(pages=1, javascript=None, password=None):
    """A real PDF (pypdf) as a bank app exports it: ``pages`` blank pages; optionally with
    ``javascript`` run on opening, or encrypted with ``password``."""
    import io

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
