"""One link to the buyer's order page (``storefront.order.pages``): the thank-you page, the
order e-mail, the receipt-upload redirect and the owner's WhatsApp text of a chat order all
send a guest to the signed status link and a member to their account's order page, and the
link opens that order for them."""

import pytest
from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_model

from storefront.order.notifications import compose
from storefront.order.pages import order_page_path, order_page_url
from tests.factories import checkout_over_http, make_buyer, make_product, shop_ready
from tests.functional.test_checkout_order_pages import jpeg, upload_url

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


def _member_order(client):
    user = make_buyer()
    client.force_login(user)
    checkout_over_http(client, make_product())
    return Order.objects.get(user=user)


def _guest_order(client):
    checkout_over_http(client, make_product())
    return Order.objects.get()


@pytest.mark.parametrize(
    "place, expected",
    [
        (_guest_order, lambda o: f"/shop/accounts/order-status/{o.number}/{o.verification_hash()}/"),
        (_member_order, lambda order: f"/shop/accounts/orders/{order.number}/"),
    ],
    ids=["guest", "member"],
)
def test_every_order_page_link_is_the_same_and_opens_the_order(client, place, expected):
    shop_ready()
    order = place(client)
    path = order_page_path(order)

    assert path == expected(order)
    assert order_page_url(order) == settings.SITE_URL.rstrip("/") + path
    thank_you = client.get(reverse("checkout:thank-you")).content.decode()
    assert f'id="order-page-link" href="{path}"' in thank_you
    _subject, text, html = compose(order, "placed")
    assert order_page_url(order) in text and order_page_url(order) in html
    uploaded = client.post(upload_url(order), {"receipt": jpeg()})
    assert uploaded["Location"] == path + "#payment"
    page = client.get(path)
    assert page.status_code == 200 and order.number in page.content.decode()


def test_whatsapp_text_of_a_members_chat_order_links_their_account_order_page(client, django_user_model):
    """Oscar's signed status page opens only orders without an account: a member's chat order
    is linked to the account's order page, which opens once they sign in."""
    from crm.models import Customer
    from tests.functional.test_owner_chat_order import chat_order

    shop_ready()
    member = make_buyer()
    Customer.objects.create(user=member, email=member.email, phone="+6281322223333", name="Ani")
    owner = django_user_model.objects.create_user(email="pemilik@example.com", password="x")
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client.force_login(owner)
    placed = chat_order(client, make_product(), quantity=1)
    order = Order.objects.get(user=member)

    message = client.get(placed["Location"]).context["message"]
    assert message.endswith(order_page_url(order))
    assert order_page_path(order) == reverse("customer:order", kwargs={"order_number": order.number})
    client.force_login(member)
    assert client.get(order_page_path(order)).status_code == 200
