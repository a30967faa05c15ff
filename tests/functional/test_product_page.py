"""The product page (storefront/catalogue): what a buyer sees of a product, its variants, reviews,
recommendations and recently viewed products, each loaded in a fixed number of queries."""

import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.test.factories import create_product, create_product_image

from tests.factories import jpeg_file

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Option = get_model("catalogue", "Option")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")
ProductReview = get_model("reviews", "ProductReview")


def _page(response):
    assert response.status_code == 200
    return response.content.decode()


def _crumbs(page):
    return re.findall(r'<li class="breadcrumb-item"><a href="([^"]+)">([^<]+)</a>', page)


def _card_titles(page, heading):
    """Titles of the product cards under ``heading``."""
    section = page.split(f"<h2>{heading}</h2>", 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<h3 class="mt-3">\s*<a href="[^"]+" title="([^"]+)"', section)


def _with_history(client, *products):
    """The buyer's browser remembers having seen ``products`` (oldest first), as Oscar's cookie."""
    cookie = settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME
    client.cookies[cookie] = json.dumps([product.pk for product in products])


def test_a_product_shows_photo_price_stock_points_and_the_basket_form(client, make_product):
    product = make_product(title="Kopi Toraja 250 g", price="85000", stock=3)
    create_product_image(product=product, original=jpeg_file("toraja", (40, 40)))
    page = _page(client.get(product.get_absolute_url()))
    assert "<h1>Kopi Toraja 250 g</h1>" in page
    assert '<p class="price_color">Rp\xa085.000</p>' in page
    assert "Tersedia (stok 3)" in page
    assert "Dapat 8 poin" in page
    assert '<img src="/media/cache/' in page
    form = re.search(r'<form id="add_to_basket_form" action="([^"]+)".*?</form>', page, re.S)
    assert form.group(1) == f"/shop/basket/add/{product.pk}/"
    assert '<input type="hidden" name="quantity" value="1"' in form.group(0)


def test_add_to_basket_from_the_product_page(client, make_product):
    product = make_product(price="85000")
    client.get(product.get_absolute_url())
    response = client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
    assert response.status_code == 302
    assert client.get("/shop/basket/").context["basket"].num_items == 1


def test_a_sold_out_product_offers_an_alert_instead_of_the_basket(client, make_product):
    product = make_product(stock=0)
    page = _page(client.get(product.get_absolute_url()))
    assert 'id="add_to_basket_form"' not in page
    assert 'id="alert_form"' in page and "Kabari saya" in page


def test_options_are_asked_in_the_basket_form(client, make_product):
    product = make_product()
    product.product_options.add(Option.objects.create(name="Tulisan di kemasan", code="tulisan"))
    page = _page(client.get(product.get_absolute_url()))
    form = re.search(r'<form id="add_to_basket_form".*?</form>', page, re.S).group(0)
    assert 'name="tulisan"' in form and "Tulisan di kemasan" in form


def test_breadcrumbs_follow_the_category_tree_and_a_rename_shows_at_once(client, make_product):
    product = make_product(category="Minuman > Kopi")
    crumbs = _crumbs(_page(client.get(product.get_absolute_url())))
    assert [name for _url, name in crumbs] == ["Beranda", "Minuman", "Kopi"]
    assert crumbs[2][0] == Category.objects.get(name="Kopi").get_absolute_url()

    drinks = Category.objects.get(name="Minuman")
    drinks.name = "Minuman Hangat"
    drinks.save()
    crumbs = _crumbs(_page(client.get(product.get_absolute_url())))
    assert [name for _url, name in crumbs] == ["Beranda", "Minuman Hangat", "Kopi"]


def test_breadcrumbs_leave_out_a_hidden_category(client, make_product):
    product = make_product(category="Kopi")  # the first category in the tree
    ProductCategory.objects.create(product=product, category=create_from_breadcrumbs("Promo"))
    hidden = Category.objects.get(name="Kopi")
    hidden.is_public = False
    hidden.save()
    crumbs = _crumbs(_page(client.get(product.get_absolute_url())))
    assert [name for _url, name in crumbs] == ["Beranda", "Promo"]


def test_attributes_are_listed_with_the_product_code(client, make_product):
    product = make_product()
    product.upc = "KOPI-250"
    product.save()
    plain = _page(client.get(product.get_absolute_url()))
    assert "<th>Kode produk</th><td>KOPI-250</td>" in plain
    assert "Harga (belum termasuk pajak)" not in plain  # the price is shown once, above

    weighed = create_product(
        title="Gula Aren", upc="GULA-1", price=Decimal("30000"), num_in_stock=5, attributes={"berat": 500}
    )
    page = _page(client.get(weighed.get_absolute_url()))
    assert "<th>Kode produk</th><td>GULA-1</td>" in page and "<th>berat</th><td>500</td>" in page


def test_a_parent_lists_its_variants_and_a_variant_is_sold_on_its_own_page(client):
    parent = create_product(title="Kemeja Batik", structure="parent")
    ProductCategory.objects.create(product=parent, category=create_from_breadcrumbs("Batik"))
    create_product_image(product=parent, original=jpeg_file("kemeja", (40, 40)))
    small = create_product(parent=parent, title="Kemeja Batik S", price=Decimal("175000"), num_in_stock=2)
    large = create_product(parent=parent, title="Kemeja Batik L", price=Decimal("185000"), num_in_stock=0)

    page = _page(client.get(parent.get_absolute_url()))
    assert "Pilihan varian:" in page
    assert f'<a href="{small.get_absolute_url()}">Kemeja Batik S</a> &ndash; Rp\xa0175.000</li>' in page
    assert large.get_absolute_url() not in page  # sold out
    assert 'id="add_to_basket_form"' not in page  # a parent is not sold itself

    variant = _page(client.get(small.get_absolute_url()))
    assert "<h1>Kemeja Batik S</h1>" in variant
    assert [name for _url, name in _crumbs(variant)] == ["Beranda", "Batik"]  # the parent's category
    assert '<img src="/media/cache/' in variant  # the parent's photo
    assert f'action="/shop/basket/add/{small.pk}/"' in variant


def test_reviews_are_counted_and_three_are_shown(client, make_product):
    product = make_product()
    for number in range(5):
        ProductReview.objects.create(
            product=product,
            score=4,
            title=f"Ulasan {number}",
            body="Enak.",
            name="Sari",
            email="sari@contoh.test",
            status=ProductReview.APPROVED,
        )
    ProductReview.objects.create(
        product=product,
        score=1,
        title="Belum disetujui",
        body="-",
        name="Budi",
        email="budi@contoh.test",
        status=ProductReview.FOR_MODERATION,
    )
    page = _page(client.get(product.get_absolute_url()))
    assert "5 ulasan pelanggan" in page
    assert page.count('<article class="review">') == 3
    assert "Belum disetujui" not in page
    assert "Lihat semua ulasan" in page


def test_recommended_products_are_cards_without_hidden_ones(client, make_product):
    product = make_product()
    tea = make_product(title="Teh Melati", price="20000")
    hidden = make_product(title="Teh Rahasia")
    hidden.is_public = False
    hidden.save()
    for ranking, other in enumerate([tea, hidden]):
        ProductRecommendation.objects.create(primary=product, recommendation=other, ranking=10 - ranking)
    page = _page(client.get(product.get_absolute_url()))
    assert _card_titles(page, "Produk rekomendasi") == ["Teh Melati"]
    assert "Rp\xa020.000" in page


def test_recently_viewed_products_newest_first_without_the_current_one(client, make_product):
    first, second, current = (make_product(title=title) for title in ("Kopi Gayo", "Teh Melati", "Gula Aren"))
    _with_history(client, first, second, current)
    page = _page(client.get(current.get_absolute_url()))
    assert _card_titles(page, "Produk yang terakhir Anda lihat") == ["Teh Melati", "Kopi Gayo"]


def test_a_broken_history_cookie_is_ignored(client, make_product):
    product = make_product()
    client.cookies[settings.OSCAR_RECENTLY_VIEWED_COOKIE_NAME] = '["1; drop table", null, {"a": 1}]'
    assert "Produk yang terakhir Anda lihat" not in _page(client.get(product.get_absolute_url()))


def test_page_queries_do_not_grow_with_history_photos_variants_or_reviews(client, make_product):
    """One visitor's page with one of each and with six of each: the same number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(product, seen):
        _with_history(client, *seen)
        client.get(product.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(product.get_absolute_url()).status_code == 200
        return len(queries)

    def build(size):
        parent = create_product(title=f"Kemeja {size}", structure="parent")
        ProductCategory.objects.create(product=parent, category=create_from_breadcrumbs("Batik"))
        for number in range(size):
            create_product_image(product=parent, original=jpeg_file(f"kemeja-{number}", (40, 40)))
            create_product(parent=parent, title=f"Kemeja {number}", price=Decimal("100000"), num_in_stock=1)
            ProductReview.objects.create(
                product=parent,
                score=5,
                title="Bagus",
                body="Bagus.",
                name="Sari",
                email=f"s{number}@contoh.test",
                status=ProductReview.APPROVED,
            )
            recommended = make_product(title=f"Rekomendasi {size}-{number}")
            ProductRecommendation.objects.create(primary=parent, recommendation=recommended)
        seen = [make_product(title=f"Dilihat {size}-{number}") for number in range(size)]
        return parent, seen

    assert count(*build(6)) == count(*build(1))
