"""The anonymous page cache: shared pages are stored, and any change they show is visible on
the next request (price, stock, product, category, Wagtail page)."""

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.performance.conftest import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def kopi(make_product, home_page):
    product = make_product(title="Kopi Arabika Gayo 250 g", price="15000", category="Kopi")
    return product


def get(url, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200
    return response


def test_second_anonymous_visitor_gets_the_stored_page_without_queries(kopi):
    url = kopi.get_absolute_url()
    assert get(url)["X-Page-Cache"] == "miss"
    assert get(url)["X-Page-Cache"] == "hit"
    assert count_queries(Client(), url) == 0


def test_a_stored_product_page_shows_no_visitors_recently_viewed_products(kopi, make_product, settings):
    seen = make_product(title="Teh Melati Rahasia")
    first = Client()
    first.cookies[settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME] = f"[{seen.pk}]"
    stored = get(kopi.get_absolute_url(), first)
    assert stored["X-Page-Cache"] == "miss" and "Teh Melati Rahasia" not in stored.content.decode()
    assert "Teh Melati Rahasia" not in get(kopi.get_absolute_url()).content.decode()

    settings.PAGE_CACHE_ENABLED = False  # built for this visitor alone: their history is shown
    assert "Teh Melati Rahasia" in get(kopi.get_absolute_url(), first).content.decode()


def test_price_and_stock_changes_show_on_the_next_request(kopi):
    url = kopi.get_absolute_url()
    catalogue = reverse("catalogue:index")
    for page in (url, catalogue):
        get(page), get(page)
    record = kopi.stockrecords.get()
    record.price = Decimal("17500")
    record.save()
    assert "Rp\xa017.500" in get(url).content.decode()
    assert "Rp\xa017.500" in get(catalogue).content.decode()
    kopi.title = "Kopi Gayo Wine Process"
    kopi.save()
    assert "Kopi Gayo Wine Process" in get(url).content.decode()


def test_published_page_change_shows_on_the_next_request(kopi, home_page):
    get("/"), get("/")
    home_page.title = "Toko Kopi Pak Budi"
    home_page.seo_title = "Toko Kopi Pak Budi"
    home_page.save_revision().publish()
    assert "Toko Kopi Pak Budi" in get("/").content.decode()


def test_each_visitor_posts_with_their_own_csrf_token(kopi):
    url = kopi.get_absolute_url()
    get(url)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = []
    for client in (first, second):
        response = get(url, client)
        assert response["X-Page-Cache"] == "hit"
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1))
    assert tokens[0] != tokens[1]
    added = second.post(
        reverse("basket:add", kwargs={"pk": kopi.pk}), {"quantity": 1, "csrfmiddlewaretoken": tokens[1]}
    )
    assert added.status_code == 302  # accepted: the token matches this visitor's cookie


def test_signed_in_buyers_and_baskets_are_never_served_a_shared_page(kopi, django_user_model):
    url = kopi.get_absolute_url()
    get(url), get(url)
    buyer = Client()
    buyer.force_login(django_user_model.objects.create_user(email="budi@example.com", password="x-123456"))
    assert "X-Page-Cache" not in get(url, buyer)
    shopper = Client()
    shopper.post(reverse("basket:add", kwargs={"pk": kopi.pk}), {"quantity": 1})
    assert "X-Page-Cache" not in get(url, shopper)


def test_owner_analytics_are_cached_until_an_order_changes(admin_client):
    from tests.factories import make_order_row

    url = reverse("dashboard:crm-analytics")
    make_order_row(phone="081211112222", total="100000")
    first = admin_client.get(url).context["computed_at"]
    assert admin_client.get(url).context["computed_at"] == first  # cached
    make_order_row(phone="081233334444", total="250000")
    assert admin_client.get(url).context["computed_at"] != first  # a new order: counted again
