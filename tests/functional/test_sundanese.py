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


def ask_for_a_new_password(client, language, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model
    from django.core import mail

    get_user_model().objects.create_user(email="dewi@example.com", password="rahasia-panjang-123")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/shop/password-reset/", {"email": "dewi@example.com"})
    assert response.status_code == 302
    (message,) = mail.outbox
    return message.subject, message.body, message.alternatives[0][0]


def test_a_sundanese_buyer_gets_the_new_password_e_mail_in_basa_sunda(
    client, shop, django_capture_on_commit_callbacks
):
    offer_sundanese(shop, True)
    subject, text, html = ask_for_a_new_password(client, "su", django_capture_on_commit_callbacks)
    assert subject.startswith("Setél deui kecap sandi Anjeun")
    for body in (text, html):
        assert "pilih kecap sandi énggal" in body and "Hatur nuhun" in body
        assert "kata sandi" not in body  # not the Indonesian fallback


def test_the_new_password_e_mail_speaks_the_shop_s_indonesian(
    client, shop, django_capture_on_commit_callbacks
):
    # Oscar's own Indonesian said "sandi baru", "email anda" and "Toko Langganan tim".
    subject, text, _html = ask_for_a_new_password(client, "id", django_capture_on_commit_callbacks)
    assert subject.startswith("Atur ulang kata sandi Anda")
    assert "pilih kata sandi baru" in text and "Terima kasih sudah berbelanja" in text
    assert " anda " not in text and " tim" not in text


def test_the_points_e_mails_have_their_basa_sunda_words():
    from django.template.loader import render_to_string

    customer = {"name": "Dewi", "email": "dewi@example.com"}
    with translation.override("su"):
        upgrade = render_to_string(
            "loyalty/email/tier_upgrade.txt",
            {"customer": customer, "tier": {"name": "Emas"}, "site_url": "https://toko.example"},
        )
        warning = render_to_string(
            "loyalty/email/expiry_warning.txt",
            {"customer": customer, "points": 120, "value": 1200, "date": "7 Des.", "site_url": ""},
        )
    assert upgrade.startswith("Sampurasun Dewi,") and "anggota Emas" in upgrade
    assert "poin Anjeun" in warning and "Tingali poin Anjeun:" in warning
