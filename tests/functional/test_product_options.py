"""Product options (asked when adding to the basket) in a shop that mostly has none: its pages load
products without Oscar's two "has options" subqueries while no option exists
(``core.products.shop_has_options``), and the first option, once attached to a product's class
or to the product, shows at once on the product page and on the search's cards (the kept fact
and the kept drawn parts go stale: ``storefront.cache_signals``)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

pytestmark = pytest.mark.django_db

Option = get_model("catalogue", "Option")

PAGES = {
    "product": lambda product: product.get_absolute_url(),
    "search": lambda product: reverse("search:search") + "?q=kopi",
}


def _option_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries if "catalogue_option" in query["sql"]]


def _basket_form(client, product):
    response = client.get(product.get_absolute_url())
    assert response.status_code == 200
    return re.search(r'<form id="add_to_basket_form".*?</form>', response.content.decode(), re.S).group(0)


def _attach(option, product, to):
    if to == "class":
        product.get_product_class().options.add(option)
    else:
        product.product_options.add(option)


@pytest.mark.parametrize("page", PAGES)
def test_a_shop_without_options_is_not_asked_about_them_until_it_has_one(client, make_product, page):
    url = PAGES[page](make_product())
    client.get(url)  # the warm-up reads whether the shop has options, once
    assert _option_queries(client, url) == []

    Option.objects.create(name="Tulisan di kemasan", code="tulisan")
    assert _option_queries(client, url) != []


@pytest.mark.parametrize("to", ["class", "product"])
def test_an_option_attached_is_asked_in_the_basket_form_at_once(client, make_product, to):
    product = make_product()
    assert 'name="quantity"' in _basket_form(client, product)
    option = Option.objects.create(name="Tulisan di kemasan", code="tulisan")
    assert 'name="tulisan"' not in _basket_form(client, product)  # drawn again, and kept

    _attach(option, product, to)
    form = _basket_form(client, product)
    assert 'name="tulisan"' in form and "Tulisan di kemasan" in form


@pytest.mark.parametrize("to", ["class", "product"])
def test_a_card_of_a_product_with_an_option_leads_to_its_page(client, make_product, to):
    """A card's "add to basket" cannot ask for options: the buyer chooses them on the product
    page (Oscar's card)."""
    product = make_product(title="Kopi Gayo")
    option = Option.objects.create(name="Tulisan di kemasan", code="tulisan")
    add = f'action="/shop/basket/add/{product.pk}/"'
    assert add in client.get(PAGES["search"](product)).content.decode()  # drawn, and kept

    _attach(option, product, to)
    page = client.get(PAGES["search"](product)).content.decode()
    assert product.get_absolute_url() in page and add not in page
