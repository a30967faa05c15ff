"""What the shop e-mails a buyer is written in the language they ordered in: a buyer who reads
the shop in Basa Sunda gets the order e-mail, and later the points e-mails, in Sundanese; a
buyer in Indonesian keeps Indonesian, whatever language the sending task runs in."""

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from oscar.core.loading import get_model
from wagtail.models import Site

from cms.models import ShopSettings
from crm.models import Customer
from loyalty.models import Tier
from loyalty.services import get_account
from loyalty.services.emails import email_tier_upgrade
from tests.factories import checkout_over_http, make_product, shop_ready

pytestmark = pytest.mark.django_db(transaction=True)  # the e-mails leave on commit
Order = get_model("order", "Order")


@pytest.fixture
def shop_in_sundanese_too(home_page):
    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    shop.offers_sundanese = True
    shop.save()
    shop_ready()
    return make_product(price="50000", stock=5)


def order_in(client, product, language, email):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert checkout_over_http(client, product, email=email).status_code == 302
    return Order.objects.get(guest_email=email)


def test_the_order_e_mail_follows_the_language_of_the_checkout(client, shop_in_sundanese_too):
    order = order_in(client, shop_in_sundanese_too, "su", "asep@example.com")
    assert Customer.objects.get(email="asep@example.com").language == "su"
    [sundanese] = [m for m in mail.outbox if m.to == ["asep@example.com"]]
    assert sundanese.subject == f"Pesenan {order.number} parantos katampi: cara mayarna"

    client.cookies.clear()
    order = order_in(client, shop_in_sundanese_too, "id", "siti@example.com")
    [indonesian] = [m for m in mail.outbox if m.to == ["siti@example.com"]]
    assert indonesian.subject == f"Pesanan {order.number} diterima: cara membayar"


def test_points_e_mails_follow_the_buyer_not_the_task(client, shop_in_sundanese_too):
    order_in(client, shop_in_sundanese_too, "su", "asep@example.com")
    account = get_account(Customer.objects.get(email="asep@example.com"))
    mail.outbox.clear()
    with translation.override("en"):  # a task runs in whatever language its worker has
        email_tier_upgrade(account, Tier(name="Emas"))
    assert mail.outbox[0].subject == "Ayeuna Anjeun Emas!"
