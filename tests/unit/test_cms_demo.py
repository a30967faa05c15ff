"""The demo pages load on an empty database and on the demo catalogue, and can be loaded again."""

import io

import pytest
from django.core.cache import cache
from wagtail.models import Page

from cms import demo
from cms.models import ContactPage, FaqPage, HomePage, PromoPage, ShopSettings, StandardPage
from crm.models import Feedback
from tests.factories import make_category, make_product

pytestmark = pytest.mark.django_db


def test_demo_pages_load_twice_without_duplicates(client):
    coffee = make_category("Kopi")
    make_product("Kopi Arabika Gayo 250 g", price="95000", category=coffee, upc="KOP-001", stock=10)
    out = io.StringIO()

    demo.load(out)
    counts = (Page.objects.count(), Feedback.objects.count())
    demo.load(out)

    assert (Page.objects.count(), Feedback.objects.count()) == counts
    home = HomePage.objects.get()
    assert home.hero_image is not None
    assert [block.block_type for block in home.body] == [
        "promo_banner",
        "featured_products",
        "featured_category",
        "testimonials",
        "whatsapp",
    ]
    assert StandardPage.objects.filter(slug="tentang-kami", show_in_menus=True).exists()
    assert FaqPage.objects.get().body
    assert ContactPage.objects.exists()
    promo = PromoPage.objects.get()
    assert promo.active_voucher().code == "GAJIAN10"
    assert ShopSettings.objects.get().logo is not None

    cache.clear()
    html = client.get("/").content.decode()
    assert "Kopi Arabika Gayo 250 g" in html
    assert "Rp\xa095.000" in html
    assert "Agus, Surabaya" in html
    for page in (promo, FaqPage.objects.get(), ContactPage.objects.get()):
        assert client.get(page.url).status_code == 200


def test_demo_pages_load_without_a_catalogue(client):
    demo.load(io.StringIO())

    home = HomePage.objects.get()
    assert "featured_products" not in [block.block_type for block in home.body]
    assert client.get("/").status_code == 200


def test_demo_keeps_an_about_page_written_before_the_body_became_blocks():
    from cms.site import ensure_home_page

    home = ensure_home_page()
    about = StandardPage(title="Tentang kami", slug="tentang-kami", body="<p>Sejak 2016 di Yogyakarta.</p>")
    home.add_child(instance=about)

    demo.load(io.StringIO())

    about = StandardPage.objects.get(slug="tentang-kami")
    assert "Sejak 2016 di Yogyakarta." in str(about.body[0].value)
