"""Shared links preview well (Open Graph), search engines find pages and products."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from oscar.apps.partner.strategy import Selector

from tests.factories import add_product_photo, build_site, make_category, make_product, make_wagtail_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shop_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "toko.example"]


def og(html, prop):
    match = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def render_meta(path="/", **context):
    request = RequestFactory().get(path, HTTP_HOST="toko.example")
    request.user = AnonymousUser()
    request.strategy = Selector().strategy(request=request)
    return render_to_string("cms/includes/meta.html", context, request=request)


def test_page_open_graph_with_absolute_image():
    pages = build_site()
    home = pages["home"]
    home.hero_image = make_wagtail_image("Hero kopi")
    home.search_description = "Kopi sangrai segar dari Temanggung, dikirim ke seluruh Indonesia."
    home.save_revision().publish()

    html = render_meta(page=home.specific)

    assert og(html, "og:title") == home.title
    assert og(html, "og:description") == home.search_description
    assert og(html, "og:url") == "http://toko.example/"
    assert og(html, "og:type") == "website"
    image = og(html, "og:image")
    assert image.startswith("http://toko.example/media/images/") and image.endswith(".jpg")


def test_promo_open_graph_uses_its_summary_and_picture():
    promo = build_site()["promo"]
    promo.image = make_wagtail_image("Promo gajian")
    promo.save_revision().publish()

    html = render_meta(path=promo.url, page=promo)

    assert og(html, "og:type") == "article"
    assert og(html, "og:title") == "Diskon Gajian 20%"
    assert og(html, "og:description") == "Diskon 20% untuk semua kopi bubuk."
    assert og(html, "og:image").startswith("http://toko.example/media/images/")


def test_product_open_graph_has_price_stock_and_photo():
    product = make_product("Kopi Gayo 250 g", price="75000", stock=4)
    product.description = "<p>Kopi <b>Gayo</b> dari Aceh, aroma rempah.</p>"
    product.save()
    add_product_photo(product)

    html = render_meta(path=product.get_absolute_url(), product=product, page=None)

    assert og(html, "og:type") == "product"
    assert og(html, "og:title") == "Kopi Gayo 250 g"
    assert og(html, "og:description") == "Kopi Gayo dari Aceh, aroma rempah."
    assert og(html, "og:image").startswith("http://toko.example/media/cache/")
    assert og(html, "product:price:amount") == "75000"
    assert og(html, "product:price:currency") == "IDR"
    assert og(html, "product:availability") == "in stock"


def test_meta_without_page_or_settings_falls_back_to_the_shop():
    html = render_meta(path="/shop/basket/", page=object())  # e.g. a paginator "page" on Oscar lists

    assert og(html, "og:title") == "Toko Langganan"
    assert og(html, "og:site_name") == "Toko Langganan"
    assert og(html, "og:image") is None


def test_rendered_page_carries_its_title_and_description(client):
    pages = build_site()

    html = client.get(pages["faq"].url).content.decode()

    assert "<title>Tanya Jawab | Toko Langganan</title>" in html
    assert re.search(r'<meta name="description" content="Pertanyaan yang sering ditanyakan\.', html)


def test_sitemap_lists_pages_categories_and_products(client):
    pages = build_site()
    category = make_category("Kopi Bubuk")
    product = make_product("Kopi Bubuk Toraja", category=category, price="15000", stock=10)
    hidden = make_product("Produk Rahasia", price="15000", stock=10)
    hidden.is_public = False
    hidden.save()

    response = client.get("/sitemap.xml", HTTP_HOST="toko.example")

    assert response.status_code == 200
    xml = response.content.decode()
    assert "<loc>http://127.0.0.1:8000/tanya-jawab/</loc>" in xml  # the Wagtail site is SITE_URL
    for page in pages.values():
        assert f"{page.url}</loc>" in xml
    assert f"<loc>http://toko.example{product.get_absolute_url()}</loc>" in xml
    assert f"<loc>http://toko.example{category.get_absolute_url()}</loc>" in xml
    assert "produk-rahasia" not in xml


def test_robots_txt_points_at_the_sitemap_and_hides_private_areas(client):
    response = client.get("/robots.txt", HTTP_HOST="toko.example")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://toko.example/sitemap.xml" in text
    for private in ("/dashboard/", "/cms/", "/shop/checkout/", "/shop/accounts/"):
        assert f"Disallow: {private}" in text
