"""Basa Sunda as a third language of the buyer's pages: offered only when the owner turns it
on, and showing Indonesian for whatever is not translated yet."""

import datetime

import pytest
from django.conf import settings
from django.utils import formats, translation
from wagtail.models import Site

from cms.models import ShopSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(home_page):
    return ShopSettings.for_site(Site.objects.get(is_default_site=True))


def offer_sundanese(shop, offered):
    shop.offers_sundanese = offered
    shop.save()


def get(client, path, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(path)


def test_the_switcher_offers_basa_sunda_only_when_the_owner_turns_it_on(client, shop):
    page = get(client, "/shop/basket/", "id").content.decode()
    assert 'value="su"' not in page
    offer_sundanese(shop, True)
    page = get(client, "/shop/basket/", "id").content.decode()
    assert 'value="su" lang="su"' in page and "Basa Sunda" in page


def test_a_sundanese_visitor_reads_indonesian_when_the_shop_does_not_offer_it(client, shop):
    response = get(client, "/shop/basket/", "su")
    assert response["Content-Language"] == "id"
    assert "Keranjang" in response.content.decode()


def test_sundanese_pages_fall_back_to_indonesian_for_untranslated_words(client, shop):
    offer_sundanese(shop, True)
    response = get(client, "/shop/basket/", "su")
    page = response.content.decode()
    assert response["Content-Language"] == "su"
    assert "Karanjang Anjeun masih kosong." in page  # translated into Sundanese
    day = datetime.date(2026, 12, 7)
    with translation.override("id"):
        indonesian = translation.gettext("Free shipping"), formats.date_format(day)
    with translation.override("su"):
        assert translation.gettext("Order history") == "Riwayat pesenan"
        # Not in the Sundanese catalogue: the Indonesian wording, never the English source.
        assert (translation.gettext("Free shipping"), formats.date_format(day)) == indonesian
    assert indonesian == ("Gratis ongkir", "7 Des. 2026")


def test_django_knows_the_name_of_basa_sunda():
    info = translation.get_language_info("su")
    assert info["name_local"] == "Basa Sunda" and info["bidi"] is False
