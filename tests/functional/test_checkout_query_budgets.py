"""Query budgets for the basket and every checkout step (a basket of four products).

The remaining growth per basket line (about two queries: the stock record and the product
class, loaded by Oscar's pricing strategy) is Oscar's; the budgets below catch anything the
shop's own code adds."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import ADDRESS, add_to_basket, make_product, shop_ready

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


@pytest.fixture
def basket_of_four(client):
    shop_ready()
    for index in range(4):
        add_to_basket(client, make_product(title=f"Produk {index}"))
    return client


def test_basket_and_checkout_steps_stay_within_budget(basket_of_four, django_assert_max_num_queries):
    client = basket_of_four
    steps = [
        ("get", reverse("basket:summary"), None, 40),  # includes the loyalty points hint
        ("get", reverse("checkout:index"), None, 28),
        ("post", reverse("checkout:index"), {"username": "a@example.com", "options": "anonymous"}, 26),
        ("get", reverse("checkout:shipping-address"), None, 27),
        ("post", reverse("checkout:shipping-address"), ADDRESS, 25),
        ("get", reverse("checkout:shipping-method"), None, 27),
        ("post", reverse("checkout:shipping-method"), {"method_code": "province-flat-rate"}, 27),
        ("get", reverse("checkout:payment-method"), None, 30),
        ("post", reverse("checkout:payment-method"), {"method": "bank_transfer"}, 30),
        ("get", reverse("checkout:preview"), None, 35),
        # Placing also finds the buyer's customer record to keep their language for the e-mails
        # (crm.services.remember_language; the CRM task then finds it at once) and queues the
        # owner's "new order" alert in the outbox.
        ("post", reverse("checkout:preview"), {"action": "place_order"}, 115),
        ("get", reverse("checkout:thank-you"), None, 32),
    ]
    for method, url, data, budget in steps:
        with django_assert_max_num_queries(budget):
            response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        assert response.status_code in (200, 302), url


def test_order_page_and_invoice_stay_within_budget(basket_of_four, django_assert_max_num_queries):
    from tests.factories import tap_place_order

    client = basket_of_four
    client.post(reverse("checkout:index"), {"username": "a@example.com", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), ADDRESS)
    client.post(reverse("checkout:shipping-method"), {"method_code": "province-flat-rate"})
    client.post(reverse("checkout:payment-method"), {"method": "bank_transfer"})
    tap_place_order(client)
    order = Order.objects.get()
    kwargs = {"order_number": order.number, "hash": order.verification_hash()}
    # Measure the steady state: the first request of a process may fill per-process caches
    # (Django's Site and content types), which varied the count by one between test orders.
    client.get(reverse("customer:anon-order", kwargs=kwargs))
    with django_assert_max_num_queries(34):
        assert client.get(reverse("customer:anon-order", kwargs=kwargs)).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("checkout:invoice", kwargs=kwargs)).status_code == 200
