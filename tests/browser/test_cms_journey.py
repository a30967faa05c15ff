"""A buyer on a 360 px phone: home, a promo, the FAQ accordion and the contact form; the owner
edits the home page from the same phone."""

import pytest
from django.test import Client

from crm.models import Feedback
from tests.factories import build_site, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide on a 360px phone"


@pytest.fixture
def shop(transactional_db):
    pages = build_site()
    home = pages["home"]
    home.hero_title = "Kopi segar dari Temanggung"
    product = make_product("Kopi Arabika Temanggung 250 g", price="85000", stock=0)
    home.body = [("featured_products", {"heading": "Paling laris", "products": [product]})]
    home.save_revision().publish()
    return pages


def test_buyer_reads_pages_and_sends_a_message(live_server, phone, shop):
    phone.goto(live_server.url + "/")
    assert phone.locator(".cms-page h1").first.inner_text() == "Kopi segar dari Temanggung"
    assert "Rp" in phone.locator(".cms-product__price").inner_text()
    assert phone.locator(".cms-product__stock--out").inner_text().lower() == "habis"
    assert_fits_the_phone(phone)

    phone.goto(live_server.url + shop["promo"].url)
    assert phone.locator(".cms-page h1").inner_text() == "Diskon Gajian 20%"
    assert_fits_the_phone(phone)

    phone.goto(live_server.url + shop["faq"].url)
    first = phone.locator("details.cms-faq").first
    answer = first.locator(".cms-faq__answer")
    assert not answer.is_visible()
    first.locator("summary").click()
    assert answer.is_visible()
    assert "Dua sampai tiga hari kerja." in answer.inner_text()
    assert_fits_the_phone(phone)

    phone.goto(live_server.url + shop["contact"].url)
    phone.fill("#id_phone", "0812-3456-7892")
    phone.fill("#id_message", "Apakah bisa kirim ke Makassar? Berapa ongkirnya?")
    phone.click(".cms-form button[type=submit]")
    assert "Nama wajib diisi." in phone.locator(".cms-field--error").inner_text()
    assert phone.input_value("#id_message") == "Apakah bisa kirim ke Makassar? Berapa ongkirnya?"
    assert_fits_the_phone(phone)

    phone.fill("#id_name", "Andi Wijaya")
    phone.click(".cms-form button[type=submit]")
    assert "pesan Anda sudah terkirim" in phone.locator(".cms-notice--success").inner_text()
    feedback = Feedback.objects.get()
    assert (feedback.name, feedback.phone) == ("Andi Wijaya", "+6281234567892")


def test_owner_edits_the_home_page_on_a_phone(live_server, phone, shop, django_user_model):
    owner = django_user_model.objects.create_superuser(email="pemilik@toko.test", password="rahasia-123")
    client = Client()
    client.force_login(owner)
    phone.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )

    phone.goto(f"{live_server.url}/cms/pages/{shop['home'].pk}/edit/")
    title = phone.locator("#id_hero_title")
    title.fill("Promo akhir bulan sudah mulai")
    assert_fits_the_phone(phone)
    phone.locator("[data-w-dropdown-target='toggle']").last.click()
    phone.locator("button[name='action-publish']").click()
    phone.wait_for_url("**/cms/pages/**")

    phone.goto(live_server.url + "/")
    assert phone.locator(".cms-page h1").first.inner_text() == "Promo akhir bulan sudah mulai"
