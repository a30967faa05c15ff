"""One WhatsApp number for the shop: the owner's shop details win over the configured default."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from cms.models import ShopSettings

pytestmark = pytest.mark.django_db

TAG = Template('{% load shop_tags %}{% shop_whatsapp "Halo" %}')


def render(request=None):
    return TAG.render(Context({"request": request} if request else {}))


def test_without_shop_details_the_configured_number_is_used(home_page, settings):
    settings.SHOP_WHATSAPP_NUMBER = "6289999999999"
    assert render() == "https://wa.me/6289999999999?text=Halo"


def test_the_owners_number_is_used_on_pages_and_in_e_mails(home_page, settings):
    settings.SHOP_WHATSAPP_NUMBER = "6289999999999"
    shop = ShopSettings.for_site(home_page.get_site())
    shop.whatsapp_number = "+6281200000000"
    shop.save()
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    assert render(request) == "https://wa.me/6281200000000?text=Halo"  # a page
    assert render() == "https://wa.me/6281200000000?text=Halo"  # an e-mail: no request
