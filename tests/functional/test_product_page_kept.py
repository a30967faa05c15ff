"""The product page's parts that are the same for every visitor (gallery, title, price and stock,
"add to basket" form, description, reviews, sharing tags) are drawn once and kept
(``storefront.product_cards.kept``, ``cms_tags.share_meta``): a change of price, stock, title,
description, photo or a new approved review shows on the very next page, per language; a
signed-in buyer's own parts are theirs, and a kept form posts with the visitor's own token."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from storefront import product_cards
from tests.factories import add_product_photo, make_buyer

pytestmark = pytest.mark.django_db
ProductReview = get_model("reviews", "ProductReview")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def drawn(monkeypatch):
    """The names of the kept parts drawn (not taken from the cache)."""
    names = []
    keep = product_cards.kept

    def counting(request, product, name, draw):
        return keep(request, product, name, lambda: names.append(name) or draw())

    monkeypatch.setattr(product_cards, "kept", counting)
    return names


def page(client, product):
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def og(page, name):
    found = re.search(rf'<meta property="{name}" content="([^"]*)">', page)
    return found and found.group(1)


def review(product, title, user=None, status=ProductReview.APPROVED):
    who = {"user": user} if user else {"name": "Sari", "email": "sari@contoh.test"}
    return ProductReview.objects.create(
        product=product, score=5, title=title, body="Enak.", status=status, **who
    )


def test_the_parts_are_drawn_once_for_every_visitor(client, gayo, drawn):
    first = page(client, gayo)
    assert drawn and "product-gallery" in drawn[0]
    drawn.clear()
    page(Client(), gayo)
    assert drawn == []
    again = page(client, gayo)
    assert "<h1>Kopi Gayo</h1>" in again and "Rp\xa045.000" in again and 'id="add_to_basket_form"' in again
    assert len(again) == len(first)


def test_a_price_change_shows_on_the_next_page(client, gayo):
    assert "Rp\xa045.000" in page(client, gayo)
    record = gayo.stockrecords.get()
    record.price = 39000
    record.save()
    after = page(client, gayo)
    assert "Rp\xa039.000" in after and "Rp\xa045.000" not in after
    assert og(after, "product:price:amount") == "39000"


def test_stock_sold_without_a_signal_shows_on_the_next_page(client, gayo):
    assert 'id="add_to_basket_form"' in page(client, gayo)
    # Oscar allocates stock for an order with queryset.update: no signal, no version bump.
    StockRecord.objects.filter(product=gayo).update(num_allocated=5)
    after = page(client, gayo)
    assert 'id="add_to_basket_form"' not in after and 'id="alert_form"' in after
    assert og(after, "product:availability") == "out of stock"


def test_a_new_title_description_and_photo_show_on_the_next_page(client, gayo):
    before = page(client, gayo)
    gayo.title = "Kopi Gayo Wine"
    gayo.description = "Proses wine, 18 jam fermentasi."
    gayo.save()
    add_product_photo(gayo)
    after = page(client, gayo)
    assert "<h1>Kopi Gayo Wine</h1>" in after and "18 jam fermentasi" in after
    assert og(after, "og:title") == "Kopi Gayo Wine" and "18 jam fermentasi" in og(after, "og:description")
    gallery = re.compile(r'<div class="carousel-item active">\s*<img src="([^"]+)"')
    assert gallery.search(after).group(1) != gallery.search(before).group(1)
    assert og(after, "og:image") and og(after, "og:image") != og(before, "og:image")


def test_a_newly_approved_review_shows_on_the_next_page(client, gayo):
    assert "ulasan pelanggan" not in page(client, gayo)
    waiting = review(gayo, "Mantap sekali", status=ProductReview.FOR_MODERATION)
    assert "Mantap sekali" not in page(client, gayo)
    waiting.status = ProductReview.APPROVED
    waiting.save()
    after = page(client, gayo)
    assert "Mantap sekali" in after and "1 ulasan pelanggan" in after


def test_the_parts_are_kept_per_language(client, gayo):
    assert "Tambah ke keranjang" in page(client, gayo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page(client, gayo)
    assert "Add to cart" in english and "Tambah ke keranjang" not in english


def test_a_signed_in_buyer_sees_their_own_parts_not_another_buyers(gayo):
    budi, sari = make_buyer("budi@example.com"), make_buyer("sari@example.com")
    review(gayo, "Kopi favorit Budi", user=budi)
    as_budi, as_sari = Client(), Client()
    as_budi.force_login(budi)
    as_sari.force_login(sari)
    page(Client(), gayo)  # an anonymous visitor's page keeps what it can first
    budis = page(as_budi, gayo)
    saris = page(as_sari, gayo)
    budis_again = page(as_budi, gayo)
    assert 'id="write_review"' not in budis and 'id="write_review"' in saris  # Budi has reviewed it
    assert _without_tokens(budis) == _without_tokens(budis_again)
    assert 'class="vote_agree"' not in budis and 'class="vote_agree"' in saris  # no vote on one's own


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _token(html):
    return TOKEN.search(html).group(1)


def _without_tokens(html):
    return TOKEN.sub("", html)


def test_a_kept_form_posts_with_the_visitors_own_token(gayo):
    page(Client(), gayo)  # another visitor's page keeps the form
    buyer = Client(enforce_csrf_checks=True)
    html = page(buyer, gayo)
    form = html[html.index('id="add_to_basket_form"') :]
    response = buyer.post(
        reverse("basket:add", kwargs={"pk": gayo.pk}), {"csrfmiddlewaretoken": _token(form), "quantity": "1"}
    )
    assert response.status_code == 302
    assert buyer.get(reverse("basket:summary")).context["basket"].num_items == 1
