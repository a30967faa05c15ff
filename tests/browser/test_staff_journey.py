"""On a 360 px phone: the shop helper (Staf toko) signs in to the dashboard, sees only the daily
work in the menu, confirms a transfer and the owner reads who did it in the audit log."""

import re

import pytest
from oscar.core.loading import get_model

from core import order_statuses as statuses
from staff import roles
from storefront.payment.models import PaymentReceipt
from tests.browser.steps import log_in, sign_in
from tests.browser.test_content_security_policy import Watcher
from tests.factories import place_with_order_creator, shop_ready
from tests.security.test_authorisation_matrix import jpeg_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
Order = get_model("order", "Order")


def test_the_helper_confirms_a_payment_and_the_owner_sees_who(phone, live_server, django_user_model):
    base = live_server.url
    shop_ready()
    order = place_with_order_creator()
    PaymentReceipt.objects.create(payment=order.payment_info, file=jpeg_upload(), is_pdf=False)
    helper = django_user_model.objects.create_user(email="rina@toko.test", password="rahasia-123")
    roles.give_role(helper, roles.HELPER_GROUP)
    owner = django_user_model.objects.create_superuser(email="pemilik@toko.test", password="rahasia-123")

    watcher = Watcher(phone)
    log_in(phone, f"{base}/dashboard/login/", "rina@toko.test", "rahasia-123", "#dashboard_login_form")
    menu = phone.locator("nav").all_inner_texts()
    assert not any("Staf" in text or "Siapa melakukan apa" in text for text in menu)
    watcher.visit(f"{base}/dashboard/orders/{order.number}/")
    assert phone.locator("#action-cancel-open, #action-cancel").count() == 0
    phone.click("#action-confirm")
    phone.wait_for_url(re.compile(r"changed=1"))
    assert Order.objects.get(pk=order.pk).status == statuses.PAID
    forbidden = phone.goto(f"{base}/dashboard/crm/customers/")
    assert forbidden.status == 403

    phone.context.clear_cookies()
    sign_in(phone, live_server, owner)  # the helper typed her password above; a session is enough here
    watcher.visit(f"{base}/dashboard/staff/log/")
    row = phone.locator("#owner-actions tbody tr").first
    assert "rina@toko.test" in row.inner_text() and "Pembayaran dikonfirmasi" in row.inner_text()
    problems = [p for p in watcher.problems if "/dashboard/crm/customers/" not in p]  # the 403 above
    assert not problems, "\n".join(problems)
