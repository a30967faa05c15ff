"""The buyer's header and footer are drawn once and kept (``storefront.kept_layout``): every
page like another shows the same kept HTML with the visitor's own basket count, search words,
CSRF token and language switcher address written in; an owner's edit of the menu or the shop's
details, another language, signing in or out and becoming staff show on the very next page."""

import re
from unittest.mock import patch

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.models import Site

from cms.models import ShopSettings
from storefront import kept_layout
from storefront.basket import BasketMiddleware
from tests.factories import add_to_basket, build_site, make_buyer, make_category

pytestmark = pytest.mark.django_db
Basket = get_model("basket", "Basket")
SEARCH = reverse("search:search")


@pytest.fixture
def site_pages():
    return build_site()


@pytest.fixture
def drawn(monkeypatch):
    """The layout parts drawn (not taken from the cache), by name."""
    names = []
    draw = kept_layout._drawn

    def counting(context, part):
        names.append("part")
        return draw(context, part)

    monkeypatch.setattr(kept_layout, "_drawn", counting)
    return names


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def header(html):
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def footer(html):
    return html[html.index('<footer class="site-footer">') : html.index("</footer>")]


def field(html, name):
    """The value of the layout's input ``name`` (the search box, the switcher's ``next``)."""
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found and found.group(1)


def test_the_layout_is_drawn_once_for_every_visitor(site_pages, drawn):
    first = page(Client(), f"{SEARCH}?q=kopi")
    assert drawn == ["part", "part"]  # header and footer
    drawn.clear()
    again = page(Client(), f"{SEARCH}?q=kopi")
    assert drawn == []
    assert header(again) == header(first) and "Tentang Kami" in header(again)


def test_the_search_words_are_the_visitors_own_and_escaped(site_pages):
    client = Client()
    assert field(page(client, f"{SEARCH}?q=kopi"), "q") == "kopi"
    html = page(client, f"{SEARCH}?q=" + '"><script>alert(1)</script>')
    assert field(header(html), "q") == "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<script>alert(1)" not in html
    assert field(header(page(client, "/tentang-kami/")), "q") == ""


def test_the_language_switcher_sends_back_to_this_page(site_pages):
    client = Client()
    assert field(footer(page(client, "/tentang-kami/")), "next") == "/tentang-kami/"
    response = client.get(SEARCH, QUERY_STRING="q=a&b='x")  # as a browser may send it, unquoted
    assert field(footer(response.content.decode()), "next") == f"{SEARCH}?q=a&amp;b=&#x27;x"


def test_the_switcher_posts_with_the_visitors_own_token(site_pages):
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    tokens = [field(footer(page(each, "/tentang-kami/")), "csrfmiddlewaretoken") for each in visitors]
    assert tokens[0] != tokens[1]
    for each, token in zip(visitors, tokens, strict=True):
        switch = {"csrfmiddlewaretoken": token, "language": "en", "next": "/tentang-kami/"}
        response = each.post(reverse("set_language"), switch)
        assert response.status_code == 302


COUNT = re.compile(r'<span class="basket-count">(\d+)</span>')


def count(client, path="/tentang-kami/"):
    return COUNT.search(page(client, path)).group(1)


def test_the_basket_count_is_the_visitors_own(site_pages, make_product):
    gayo = make_product(title="Kopi Gayo")
    buyer, other = Client(), Client()
    assert count(buyer) == "0"
    add_to_basket(buyer, gayo, quantity=2)
    assert count(buyer) == "2" and count(buyer, reverse("basket:summary")) == "2"
    add_to_basket(buyer, gayo)
    assert count(buyer) == "3"
    assert count(other) == "0"


def test_a_signed_in_buyers_count_and_the_basket_they_bring_when_signing_in(site_pages, make_product):
    gayo, toraja = make_product(title="Kopi Gayo"), make_product(title="Kopi Toraja")
    budi = make_buyer()
    client = Client()
    client.force_login(budi)
    add_to_basket(client, gayo, quantity=2)
    assert count(client) == "2"
    client.logout()
    add_to_basket(client, toraja)  # a basket of their own while signed out (a cookie basket)
    assert count(client) == "1"
    client.force_login(budi)
    assert count(client) == "3"  # Oscar merged the two
    assert settings.OSCAR_BASKET_COOKIE_OPEN not in client.cookies or not client.cookies[
        settings.OSCAR_BASKET_COOKIE_OPEN
    ].value
    assert count(client) == "3"


def test_a_basket_cookie_without_an_open_basket_counts_nothing_and_goes(site_pages, make_product):
    client = Client()
    add_to_basket(client, make_product(title="Kopi Gayo"))
    assert count(client) == "1"
    Basket.objects.update(status=Basket.SUBMITTED)  # the order was placed
    assert count(client) == "0"
    assert not client.cookies[settings.OSCAR_BASKET_COOKIE_OPEN].value  # deleted, as Oscar does
    client.cookies[settings.OSCAR_BASKET_COOKIE_OPEN] = "not-signed"
    assert count(client) == "0"


def test_the_count_does_not_load_the_basket(site_pages, make_product):
    client = Client()
    add_to_basket(client, make_product(title="Kopi Gayo"), quantity=2)
    page(client, "/tentang-kami/")
    loaded = []
    with patch.object(BasketMiddleware, "get_basket", lambda self, request: loaded.append(1)):
        assert count(client) == "2"
    assert loaded == []


def test_signing_in_and_out_and_becoming_staff_show_on_the_next_page(site_pages):
    client = Client()
    assert "Masuk" in header(page(client, "/tentang-kami/"))
    budi = make_buyer()
    client.force_login(budi)
    signed_in = header(page(client, "/tentang-kami/"))
    assert "Akun saya" in signed_in and "Masuk" not in signed_in and "Kelola toko" not in signed_in
    budi.is_staff = True
    budi.save()
    assert "Kelola toko" in header(page(client, "/tentang-kami/"))
    client.logout()
    signed_out = header(page(client, "/tentang-kami/"))
    assert "Masuk" in signed_out and "Akun saya" not in signed_out and "Kelola toko" not in signed_out


def test_another_language_shows_on_the_next_page(site_pages):
    client = Client()
    assert "Bahasa" in footer(page(client, "/tentang-kami/"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client, "/tentang-kami/")
    assert "Language" in footer(html) and "Log in" in header(html) and "Masuk" not in header(html)


def test_an_owners_renamed_menu_page_and_category_show_on_the_next_page(site_pages):
    category = make_category("Oleh-oleh")
    client = Client()
    html = header(page(client, "/tentang-kami/"))
    assert "Tentang Kami" in html and "Oleh-oleh" in html
    about = site_pages["about"]
    about.title = "Cerita Kami"
    about.save_revision().publish()
    html = header(page(client, "/tentang-kami/"))
    assert "Cerita Kami" in html and "Tentang Kami" not in html
    category.name = "Oleh-oleh Khas Jogja"
    category.save()
    assert "Oleh-oleh Khas Jogja" in header(page(client, "/tentang-kami/"))


def test_the_owners_shop_details_show_on_the_next_page(site_pages):
    client = Client()
    assert "Jl. Merdeka" not in footer(page(client, "/tentang-kami/"))
    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    shop.shop_name = "Kopi Pak Budi"
    shop.address = "Jl. Merdeka 1, Temanggung"
    shop.offers_sundanese = True
    shop.save()
    html = footer(page(client, "/tentang-kami/"))
    assert "Kopi Pak Budi" in html and "Jl. Merdeka 1, Temanggung" in html and 'value="su"' in html


def test_the_current_menu_item_is_this_pages(site_pages):
    client = Client()
    assert '<a href="/tentang-kami/" aria-current="page">' in header(page(client, "/tentang-kami/"))
    html = header(page(client, "/tanya-jawab/"))
    assert '<a href="/tanya-jawab/" aria-current="page">' in html and '<a href="/tentang-kami/">' in html
    assert '<a href="/" aria-current="page">' in header(page(client, "/"))
    assert '<a href="/" aria-current="page">' not in header(page(client, "/tentang-kami/"))


def test_a_new_year_draws_the_copyright_line_anew(site_pages, drawn, monkeypatch):
    client = Client()
    page(client, "/tentang-kami/")
    drawn.clear()
    page(client, "/tentang-kami/")
    assert drawn == []
    new_year = timezone.localtime().replace(year=timezone.localtime().year + 1, month=1, day=1)
    monkeypatch.setattr(kept_layout.timezone, "localtime", lambda *args, **kwargs: new_year)
    page(client, "/tentang-kami/")
    assert drawn == ["part", "part"]


def test_each_host_has_its_own_layout(site_pages, drawn):
    page(Client(), "/tentang-kami/")
    drawn.clear()
    page(Client(HTTP_HOST="localhost"), "/tentang-kami/")  # another site's menu and details
    assert drawn == ["part", "part"]
