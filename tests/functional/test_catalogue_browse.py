"""Browsing the catalogue and a category, and searching: products, order, price bands and pages
come from the database (storefront/search/browse.py)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


UNDER_50 = "price:[0 TO 50000]"
FROM_50_TO_100 = "price:[50000 TO 100000]"


@pytest.fixture
def shop(make_product):
    """Four products in three categories."""
    return {
        "gayo": make_product(title="Kopi Gayo", price="45000", category="Kopi"),
        "toraja": make_product(title="Kopi Toraja", price="90000", category="Kopi"),
        "batik": make_product(title="Batik Tulis", price="350000", category="Batik"),
        "keripik": make_product(title="Keripik Balado", price="18000", category="Camilan"),
    }


def titles(response):
    """Product titles of the cards on a page, in order."""
    return re.findall(r'<h3 class="mt-3">\s*<a href="[^"]+" title="([^"]+)"', response.content.decode())


def band_counts(response):
    """Counts of the "Refine by" price bands, in the order of OSCAR_SEARCH_FACETS."""
    return [item["count"] for item in response.context["facet_data"]["price_range"]["results"]]


def test_catalogue_lists_every_public_product(client, shop):
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Batik Tulis", "Keripik Balado", "Kopi Gayo", "Kopi Toraja"]
    assert "Rp\xa045.000" in response.content.decode()
    assert response.context["paginator"].count == 4


def test_newest_first_by_default(client, shop):
    assert titles(client.get(reverse("catalogue:index"))) == [
        "Keripik Balado",
        "Batik Tulis",
        "Kopi Toraja",
        "Kopi Gayo",
    ]


@pytest.mark.parametrize(
    ("sort_by", "expected"),
    [
        ("price-asc", ["Keripik Balado", "Kopi Gayo", "Kopi Toraja", "Batik Tulis"]),
        ("price-desc", ["Batik Tulis", "Kopi Toraja", "Kopi Gayo", "Keripik Balado"]),
        ("title-asc", ["Batik Tulis", "Keripik Balado", "Kopi Gayo", "Kopi Toraja"]),
        ("title-desc", ["Kopi Toraja", "Kopi Gayo", "Keripik Balado", "Batik Tulis"]),
        ("newest", ["Keripik Balado", "Batik Tulis", "Kopi Toraja", "Kopi Gayo"]),
    ],
)
def test_the_sort_choices(client, shop, sort_by, expected):
    assert titles(client.get(reverse("catalogue:index"), {"sort_by": sort_by})) == expected


def test_price_bands_are_counted_and_narrow_the_list(client, shop):
    response = client.get(reverse("catalogue:index"))
    assert band_counts(response) == [2, 1, 0, 1]  # < 50.000, 50.000–100.000, 100.000–250.000, more
    assert response.context["has_facets"]

    narrowed = client.get(reverse("catalogue:index"), {"selected_facets": UNDER_50, "sort_by": "price-asc"})
    assert titles(narrowed) == ["Keripik Balado", "Kopi Gayo"]
    assert narrowed.context["paginator"].count == 2
    both = client.get(reverse("catalogue:index"), {"selected_facets": [UNDER_50, FROM_50_TO_100]})
    assert sorted(titles(both)) == ["Keripik Balado", "Kopi Gayo", "Kopi Toraja"]


def test_a_band_link_selects_it_and_another_deselects_it(client, shop):
    response = client.get(reverse("catalogue:index"))
    under_50 = next(
        item for item in response.context["facet_data"]["price_range"]["results"] if item["count"] == 2
    )
    selected = client.get(under_50["select_url"])
    assert sorted(titles(selected)) == ["Keripik Balado", "Kopi Gayo"]
    bands = selected.context["facet_data"]["price_range"]["results"]
    chosen = next(item for item in bands if item.get("selected"))
    assert len(titles(client.get(chosen["deselect_url"]))) == 4


def test_a_price_change_shows_in_the_bands_at_once(client, shop):
    client.get(reverse("catalogue:index"))  # counts cached
    stock = shop["batik"].stockrecords.get()
    stock.price = Decimal("30000")
    stock.save()
    narrowed = client.get(reverse("catalogue:index"), {"selected_facets": UNDER_50})
    assert sorted(titles(narrowed)) == ["Batik Tulis", "Keripik Balado", "Kopi Gayo"]
    assert narrowed.context["paginator"].count == 3


def test_category_page_lists_its_products_and_its_subcategories(client, shop, make_product):
    make_product(title="Kopi Luwak Bubuk", price="120000", category="Kopi > Bubuk")
    category = shop["gayo"].get_categories().first()
    response = client.get(category.get_absolute_url(), {"sort_by": "title-asc"})
    assert titles(response) == ["Kopi Gayo", "Kopi Luwak Bubuk", "Kopi Toraja"]
    assert band_counts(response) == [1, 1, 1, 0]


def test_hidden_products_are_not_listed(client, shop):
    client.get(reverse("catalogue:index"))  # counts cached
    shop["keripik"].is_public = False
    shop["keripik"].save()
    response = client.get(reverse("catalogue:index"))
    assert "Keripik Balado" not in titles(response)
    assert response.context["paginator"].count == 3


def test_pages_of_twenty(client, shop, make_product):
    for index in range(17):
        make_product(title=f"Sambal {index:02d}", price="20000", category="Camilan")
    first = client.get(reverse("catalogue:index"), {"sort_by": "title-asc"})
    second = client.get(reverse("catalogue:index"), {"sort_by": "title-asc", "page": 2})
    assert len(titles(first)) == 20 and titles(first)[:2] == ["Batik Tulis", "Keripik Balado"]
    assert titles(second) == ["Sambal 16"]
    assert first.context["paginator"].num_pages == 2
    beyond = client.get(reverse("catalogue:index"), {"page": 9})
    assert beyond.status_code == 302 and beyond["Location"] == reverse("catalogue:index")


def test_a_parent_product_is_priced_from_its_children(client, shop):
    from oscar.test.factories import create_product

    batik_class = shop["batik"].product_class
    parent = create_product(title="Kemeja Batik", structure="parent", product_class=batik_class)
    parent.categories.add(shop["batik"].get_categories().first())
    for size, price in (("M", "150000"), ("L", "160000")):
        create_product(parent=parent, title=f"Kemeja Batik {size}", price=Decimal(price), num_in_stock=5)

    response = client.get(reverse("catalogue:index"), {"sort_by": "price-desc"})
    # Listed once (its variants are not), sorted and counted by its cheapest variant; the card
    # shows Oscar's price for a parent (its newest variant's).
    assert titles(response) == ["Batik Tulis", "Kemeja Batik", "Kopi Toraja", "Kopi Gayo", "Keripik Balado"]
    assert band_counts(response) == [2, 1, 1, 1]
    assert "Rp\xa0160.000" in response.content.decode()


def search(client, q, **params):
    return client.get(reverse("search:search"), {"q": q, **params})


def test_search_finds_every_word_in_any_case_and_part_of_a_word(client, shop):
    assert titles(search(client, "kopi")) == ["Kopi Toraja", "Kopi Gayo"]  # newest first
    assert titles(search(client, "KOPI tor")) == ["Kopi Toraja"]
    response = search(client, "kop gayo")
    assert titles(response) == ["Kopi Gayo"]
    assert response.context["query"] == "kop gayo" and response.context["paginator"].count == 1
    assert 'value="kop gayo"' in response.content.decode()  # the search box keeps the words


def test_search_reads_code_and_description_and_lists_title_matches_first(client, shop):
    keripik = shop["keripik"]
    keripik.description = "Teman minum kopi sore."
    keripik.save()
    shop["batik"].upc = "BTK-TULIS-07"
    shop["batik"].save()
    # The newest product is listed last: every word is in the other two titles.
    assert titles(search(client, "kopi")) == ["Kopi Toraja", "Kopi Gayo", "Keripik Balado"]
    by_price = titles(search(client, "kopi", sort_by="price-asc"))
    assert by_price == ["Keripik Balado", "Kopi Gayo", "Kopi Toraja"]
    assert titles(search(client, "btk-tulis")) == ["Batik Tulis"]


def test_search_results_have_price_bands(client, shop):
    response = search(client, "kopi")
    assert band_counts(response) == [1, 1, 0, 0]
    assert titles(search(client, "kopi", selected_facets=FROM_50_TO_100)) == ["Kopi Toraja"]


def test_search_without_a_match_says_so_in_indonesian(client, shop):
    shop["toraja"].is_public = False
    shop["toraja"].save()
    for words in ("toraja", "teh tarik", "100%_", ""):
        response = search(client, words)
        assert titles(response) == [] and response.context["paginator"].count == 0
        assert "Ditemukan <strong>0</strong> hasil" in response.content.decode()


def test_an_unknown_sort_or_filter_still_lists_the_products(client, shop):
    newest_first = ["Keripik Balado", "Batik Tulis", "Kopi Toraja", "Kopi Gayo"]
    for params in ({"sort_by": "termurah"}, {"selected_facets": ["rating:5", "price:[0 TO 1]"]}):
        response = client.get(reverse("catalogue:index"), params)
        assert response.status_code == 200 and titles(response) == newest_first
    assert titles(search(client, "kopi", sort_by="termurah")) == ["Kopi Toraja", "Kopi Gayo"]


def test_the_catalogue_page_searches_too(client, shop):
    assert titles(client.get(reverse("catalogue:index"), {"q": "balado"})) == ["Keripik Balado"]
    category = shop["gayo"].get_categories().first()
    assert titles(client.get(category.get_absolute_url(), {"q": "gayo"})) == ["Kopi Gayo"]
    assert titles(client.get(category.get_absolute_url(), {"q": "balado"})) == []


def test_a_card_adds_one_to_the_basket(client, shop):
    page = client.get(reverse("catalogue:index")).content.decode()
    add = reverse("basket:add", kwargs={"pk": shop["gayo"].pk})
    form = re.search(rf'<form action="({add})" method="post">(.*?)</form>', page, re.S)
    assert '<input type="hidden" name="quantity" value="1">' in form.group(2)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2)).group(1)
    response = client.post(form.group(1), {"csrfmiddlewaretoken": token, "quantity": "1"})
    assert response.status_code == 302
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 1


def test_a_new_category_shows_in_the_side_column_at_once(client, shop):
    from oscar.apps.catalogue.categories import create_from_breadcrumbs

    def side_column():
        page = client.get(reverse("catalogue:index")).content.decode()
        start = page.index('class="side_categories')
        return page[start : page.index("</ul>", start)]

    assert "Jamu" not in side_column()  # the tree is cached now
    create_from_breadcrumbs("Jamu")
    assert "Jamu" in side_column()
