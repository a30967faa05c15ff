"""A signed-in buyer pays by QRIS through Midtrans' Snap page on a 360 px phone, against a local
stand-in of Midtrans (tests/midtrans_standin.py): the stand-in posts a signed notification to
the live server, the order page shows *Dibayar* without the owner doing anything, and the
order's points are pending."""

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from core import order_statuses
from loyalty.models import Account
from tests.browser.steps import check_out, sign_in
from tests.factories import make_product, shop_ready
from tests.midtrans import SERVER_KEY, switch_on
from tests.midtrans_standin import MidtransStandIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Order = get_model("order", "Order")


def signed_in(page, live_server):
    buyer = get_user_model().objects.create_user(email="rina@example.com", password="pw-rina-12345")
    sign_in(page, live_server, buyer)
    return buyer


def test_buyer_pays_by_qris_and_the_order_turns_paid_by_itself(phone, live_server, settings):
    switch_on(settings)
    shop_ready()
    product = make_product(price="85000", stock=3)
    buyer = signed_in(phone, live_server)

    with MidtransStandIn(SERVER_KEY, live_server.url + "/shop/payment/midtrans/notification/") as midtrans:
        settings.MIDTRANS_API_BASE_URL = midtrans.url
        settings.MIDTRANS_SNAP_BASE_URL = midtrans.url + "/snap/v1"

        check_out(phone, live_server, product, "online")

        # Midtrans' page (the stand-in), then back to the shop's order page.
        phone.wait_for_selector("#pay-qris")
        assert phone.url.startswith(midtrans.url + "/snap/v4/redirection/")
        phone.click("#pay-qris")
        phone.wait_for_selector("#order-status")

        order = Order.objects.get()
        assert phone.url.startswith(f"{live_server.url}/shop/accounts/orders/{order.number}/")
        assert phone.inner_text("#order-status") == "Dibayar"
        assert "#pay-online" not in phone.content()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        order.refresh_from_db()
        assert order.status == order_statuses.PAID
        assert order.payment_info.gateway.provider_status == "settlement"

    # The order's points are pending (available once the order is completed), as for any order.
    account = Account.objects.get(customer__user=buyer)
    assert account.pending > 0 and account.available == 0
    phone.goto(live_server.url + "/shop/accounts/loyalty/")
    assert f"+ {account.pending} " in phone.inner_text("[data-testid=pending]")
