"""A search's result — each page's product ids and the counts — is kept under the ``catalogue``
cache version (storefront/search/browse.py, ``KeptPages``): a repeated search does not search
again, and a product renamed, added, deleted, hidden or repriced shows in the very next search;
stock moved without a signal (Oscar's ``queryset.update``) shows too, read fresh with the
products."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from storefront import drawn_fields
from tests.functional.test_catalogue_browse import titles

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def coffees(make_product):
    return {
        "gayo": make_product(title="Kopi Gayo", price="45000", stock=5),
        "toraja": make_product(title="Kopi Toraja", price="90000"),
        "teh": make_product(title="Teh Melati", price="20000", category="Teh"),
    }


def search(client, **params):
    return client.get(reverse("search:search"), {"q": "kopi", **params})


def searched_sql(queries):
    """The queries that looked for the search words (the others read products by id)."""
    return [query["sql"] for query in queries if "LIKE" in query["sql"].upper()]


def test_a_repeated_search_reads_its_products_by_id_without_searching(client, coffees):
    first = search(client, sort_by="price-desc")
    with CaptureQueriesContext(connection) as queries:
        again = search(client, sort_by="price-desc")
    assert titles(again) == titles(first) == ["Kopi Toraja", "Kopi Gayo"]
    assert again.context["paginator"].count == 2
    assert searched_sql(queries.captured_queries) == []
    with CaptureQueriesContext(connection) as queries:
        other_sort = search(client, sort_by="price-asc")
    assert titles(other_sort) == ["Kopi Gayo", "Kopi Toraja"]
    assert len(searched_sql(queries.captured_queries)) == 1  # each sort its own ids


def test_a_renamed_product_shows_in_the_next_search(client, coffees):
    search(client)
    coffees["teh"].title = "Kopi Susu Teh"
    coffees["teh"].save()
    coffees["gayo"].title = "Gayo Arabika"
    coffees["gayo"].save()
    response = search(client)
    assert titles(response) == ["Kopi Susu Teh", "Kopi Toraja"]
    assert response.context["paginator"].count == 2


def test_added_deleted_and_hidden_products_show_in_the_next_search(client, coffees, make_product):
    search(client)
    make_product(title="Kopi Luwak", price="300000")
    assert titles(search(client)) == ["Kopi Luwak", "Kopi Toraja", "Kopi Gayo"]
    coffees["toraja"].delete()
    coffees["gayo"].is_public = False
    coffees["gayo"].save()
    response = search(client)
    assert titles(response) == ["Kopi Luwak"] and response.context["paginator"].count == 1


def test_a_new_price_reorders_the_next_search(client, coffees):
    assert titles(search(client, sort_by="price-asc")) == ["Kopi Gayo", "Kopi Toraja"]
    record = coffees["gayo"].stockrecords.get()
    record.price = 95000
    record.save()
    assert titles(search(client, sort_by="price-asc")) == ["Kopi Toraja", "Kopi Gayo"]


def test_stock_moved_without_a_signal_shows_in_the_next_search(client, coffees):
    before = search(client).content.decode()
    StockRecord.objects.filter(product=coffees["gayo"]).update(num_in_stock=0)  # as Oscar allocates
    after = search(client).content.decode()
    gayo = coffees["gayo"].get_absolute_url()
    card_before = before[before.index(f'href="{gayo}"') :].split("</article>")[0]
    card_after = after[after.index(f'href="{gayo}"') :].split("</article>")[0]
    assert 'class="instock availability"' in card_before
    assert 'class="outofstock availability"' in card_after


def test_the_pages_of_a_kept_search(client, make_product):
    for index in range(22):
        make_product(title=f"Kopi {index:02d}", price="20000")
    first = search(client, sort_by="title-asc")
    second = search(client, sort_by="title-asc", page=2)
    again = search(client, sort_by="title-asc", page=2)
    assert titles(first) == [f"Kopi {index:02d}" for index in range(20)]
    assert titles(second) == titles(again) == ["Kopi 20", "Kopi 21"]
    assert second.context["paginator"].num_pages == 2


def test_no_results_and_other_words_are_searched_apart(client, coffees):
    search(client)
    nothing = client.get(reverse("search:search"), {"q": "rendang"})
    assert titles(nothing) == [] and nothing.context["paginator"].count == 0
    assert titles(client.get(reverse("search:search"), {"q": "teh"})) == ["Teh Melati"]


@pytest.fixture
def sort_fields_drawn(monkeypatch):
    """The sort fields drawn (not taken from the process's memory), by chosen value."""
    monkeypatch.setattr(drawn_fields, "_drawn", {})
    values = []
    draw = drawn_fields._draw

    def counting(field, style):
        values.append(field.value())
        return draw(field, style)

    monkeypatch.setattr(drawn_fields, "_draw", counting)
    return values


def sort_select(response):
    page = response.content.decode()
    return page[page.index('<select name="sort_by"') : page.index("</select>")]


def test_the_sort_field_is_drawn_once_per_language_and_choice(client, coffees, sort_fields_drawn):
    first = search(client, sort_by="price-asc")
    again = search(Client(), sort_by="price-asc")
    assert sort_fields_drawn == ["price-asc"]
    assert sort_select(again) == sort_select(first)
    assert '<option value="price-asc" selected>' in sort_select(first)
    newest = search(client, sort_by="newest")
    assert '<option value="newest" selected>' in sort_select(newest)
    assert "selected" not in sort_select(search(client)).replace('value="newest"', "")
    assert "Urutkan" in first.content.decode() and "Harga terendah" in sort_select(first)
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = search(english, sort_by="price-asc")
    assert "Sort by" in english.content.decode() and "Price low to high" in sort_select(english)
    assert sort_fields_drawn == ["price-asc", "newest", None, "price-asc"]


def test_a_sort_outside_the_choices_is_drawn_anew_and_escaped(client, coffees, sort_fields_drawn):
    for _ in range(2):
        response = search(client, sort_by='"><b>x')
    assert sort_fields_drawn == ['"><b>x', '"><b>x'] and "<b>x" not in response.content.decode()
    assert titles(response) == ["Kopi Toraja", "Kopi Gayo"]
