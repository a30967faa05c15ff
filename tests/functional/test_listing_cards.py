"""The listings' product cards are drawn once and kept (storefront/product_cards.py): a change
of price, stock, title or photo shows on the very next page, a kept card's "add to basket" form
carries the visitor's own CSRF token, and a search's kept band counts follow the catalogue."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from storefront import product_cards
from tests.factories import add_product_photo

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def drawn(monkeypatch):
    """The products whose cards were drawn (not taken from the cache), in order."""
    products = []
    draw = product_cards.render_product

    def counting(context, product):
        products.append(product.title)
        return draw(context, product)

    monkeypatch.setattr(product_cards, "render_product", counting)
    return products


def catalogue(client):
    return client.get(reverse("catalogue:index")).content.decode()


def card(page, product):
    """The card of ``product`` on a listing page."""
    start = page.index(f'href="{product.get_absolute_url()}"')
    return page[start : page.index("</article>", start)]


def test_cards_are_drawn_once_for_every_listing_and_visitor(client, gayo, make_product, drawn):
    make_product(title="Teh Melati", category="Teh")
    catalogue(client)
    assert sorted(drawn) == ["Kopi Gayo", "Teh Melati"]
    drawn.clear()
    page = catalogue(Client())
    client.get(reverse("search:search"), {"q": "kopi"})
    client.get(gayo.get_categories().first().get_absolute_url())
    assert drawn == [] and "Rp\xa045.000" in card(page, gayo)


def test_a_price_change_shows_on_the_next_page(client, gayo):
    assert "Rp\xa045.000" in card(catalogue(client), gayo)
    record = gayo.stockrecords.get()
    record.price = 39000
    record.save()
    assert "Rp\xa039.000" in card(catalogue(client), gayo)


def test_stock_sold_without_a_signal_shows_on_the_next_page(client, gayo):
    assert "btn-primary" in card(catalogue(client), gayo)
    # Oscar allocates stock for an order with queryset.update: no signal, no version bump.
    StockRecord.objects.filter(product=gayo).update(num_allocated=5)
    sold_out = card(catalogue(client), gayo)
    assert "btn-primary" not in sold_out and "disabled" in sold_out


def test_a_new_title_and_photo_show_on_the_next_page(client, gayo):
    before = card(catalogue(client), gayo)
    gayo.title = "Kopi Gayo Wine"
    gayo.save()
    add_product_photo(gayo)
    after = card(catalogue(client), gayo)
    assert 'title="Kopi Gayo Wine"' in after
    thumbnail = re.compile(r'<img src="([^"]+)"')
    assert thumbnail.search(after).group(1) != thumbnail.search(before).group(1)


def test_a_card_is_kept_per_language(client, gayo):
    assert "Tambah ke keranjang" in card(catalogue(client), gayo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Add to cart" in card(catalogue(client), gayo)


def test_a_kept_card_posts_with_the_visitors_own_token(gayo):
    catalogue(Client())  # another visitor's page keeps the card
    buyer = Client(enforce_csrf_checks=True)
    form = card(catalogue(buyer), gayo)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    add = reverse("basket:add", kwargs={"pk": gayo.pk})
    response = buyer.post(add, {"csrfmiddlewaretoken": token, "quantity": "1"})
    assert response.status_code == 302
    assert buyer.get(reverse("basket:summary")).context["basket"].num_items == 1


def test_a_search_counts_a_new_product_at_once(client, gayo, make_product):
    def found():
        return client.get(reverse("search:search"), {"q": "KOPI"}).context["paginator"].count

    assert found() == 1
    make_product(title="Kopi Toraja", category="Kopi")
    assert found() == 2
