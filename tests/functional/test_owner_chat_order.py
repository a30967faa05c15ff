""" "Pesanan dari WhatsApp": an order taken by chat or phone becomes a real order through the
shop's pipeline (stock, payment record, status flow, customer, points) via the owner's form."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.order_statuses import COMPLETED, PAID, PENDING_PAYMENT, PROCESSING
from crm.models import Customer
from loyalty.models import Entry
from storefront.order import services
from tests.factories import make_product, shop_ready

pytestmark = pytest.mark.django_db(transaction=True)  # points and CRM links run on commit


def chat_order(client, product, quantity=2, **fields):
    data = {
        "phone": "0813 2222 3333",
        "name": "Ani",
        "province": "Jawa Barat",
        "shipping": "province",
        "payment": "cod",
        f"qty_{product.pk}": quantity,
        **fields,
    }
    return client.post(reverse("dashboard:order-chat-create"), data)


def test_chat_order_is_a_real_order_for_the_customer_found_by_phone(owner):
    shop_ready()
    product = make_product(price="50000", stock=5)
    response = chat_order(owner, product, note="Bungkus kado")
    assert response.status_code == 302
    customer = Customer.objects.get(phone="+6281322223333")
    order = customer.order_links.get().order
    assert response["Location"] == reverse("dashboard:order-chat-placed", kwargs={"number": order.number})
    assert order.status in (PENDING_PAYMENT, PROCESSING) and order.payment_info.is_cod
    assert order.shipping_incl_tax > 0 and order.total_incl_tax == Decimal("100000") + order.shipping_incl_tax
    assert order.lines.get().stockrecord.num_allocated == 2  # stock allocated like a checkout
    assert order.notes.filter(message="Bungkus kado").exists()
    placed = owner.get(response["Location"]).content.decode()
    assert "https://wa.me/6281322223333?text=" in placed
    assert order.number in owner.get(reverse("dashboard:index")).context["to_ship"].items[0].number

    services.pack_and_ship(order.pk, "jne", "JNE1")
    services.complete(order.pk)
    order.refresh_from_db()
    assert order.status == COMPLETED
    assert Entry.objects.filter(account__customer=customer).exists()  # points for the order


def test_already_paid_chat_order_is_confirmed_and_pickup_costs_nothing(owner):
    shop_ready()
    product = make_product(price="30000", stock=5)
    chat_order(owner, product, quantity=1, shipping="pickup", payment="paid-transfer", province="")
    order = Customer.objects.get(phone="+6281322223333").order_links.get().order
    assert order.status == PAID and order.shipping_incl_tax == 0


def test_typed_fee_and_the_message_with_payment_instructions(owner):
    shop_ready()
    product = make_product(price="30000", stock=5)
    response = chat_order(
        owner, product, quantity=1, shipping="typed", shipping_fee="12000", payment="waiting"
    )
    order = Customer.objects.get(phone="+6281322223333").order_links.get().order
    assert order.shipping_incl_tax == Decimal("12000")
    message = owner.get(response["Location"]).context["message"]
    assert "BCA 1234567890" in message and order.number in message
    order_page = reverse(
        "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
    )
    assert message.endswith(order_page)


def test_bad_input_comes_back_with_messages_and_places_nothing(owner):
    shop_ready()
    product = make_product(price="30000", stock=1)
    too_many = chat_order(owner, product, quantity=5)
    assert too_many.status_code == 200 and "alert-danger" in too_many.content.decode()
    nothing = chat_order(owner, product, quantity=0)
    assert "Ketik berapa banyak" in nothing.content.decode()
    bad_phone = chat_order(owner, product, phone="12")
    assert "Nomor HP tidak valid" in bad_phone.content.decode()
    assert not Customer.objects.filter(order_links__isnull=False).exists()
    product.stockrecords.get().refresh_from_db()
    assert not product.stockrecords.get().num_allocated
