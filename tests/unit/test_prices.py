"""The shop's one price format (core/prices.py) writes what Oscar's Babel-based filter wrote,
in both languages, and is what ``{% load currency_filters %}`` loads in every template."""

from collections import defaultdict
from decimal import Decimal

import pytest
from django.template import engines
from django.template.backends.django import get_template_tag_modules
from django.utils import translation
from oscar.templatetags.currency_filters import currency as babel_currency

from core import prices

AMOUNTS = [
    0,
    1,
    7,
    999,
    1000,
    15000,
    99999,
    100000,
    1234567,
    987654321,
    10**15,
    -1,
    -2500,
    -1000000,
    Decimal("0.00"),
    Decimal("15000.00"),
    Decimal("0.5"),
    Decimal("1.5"),
    Decimal("2.5"),
    Decimal("999.5"),
    Decimal("999.49"),
    Decimal("1234.5678"),
    Decimal("-1.5"),
    Decimal("-2.5"),
    Decimal("-1234567.89"),
    Decimal("1E+3"),
    1.5,
    2.75,
    "15000",
    "15.000",
    " 12 ",
    "-300",
    None,
    "",
    "abc",
]


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("amount", AMOUNTS, ids=repr)
def test_the_same_text_as_oscars_babel_filter(amount, language):
    with translation.override(language):
        assert prices.currency(amount) == babel_currency(amount) == prices.currency(amount, "IDR")


@pytest.mark.parametrize("amount", [Decimal("-0"), Decimal("-0.4"), Decimal("-0.5"), -0.2])
def test_an_amount_that_rounds_to_zero_is_rp_0_without_a_minus(amount):
    # Babel wrote "-Rp 0" for these.
    assert prices.currency(amount) == "Rp\xa00"


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_what_is_not_a_finite_amount_is_not_shown(amount):
    # Babel wrote "Rp NaN" and "Rp ∞".
    assert prices.currency(amount) == ""


def test_another_currency_still_goes_to_oscars_filter():
    with translation.override("en"):
        shown, oscars = prices.currency(Decimal("1000"), "USD"), babel_currency(Decimal("1000"), "USD")
    assert shown == oscars == "$1,000.00"


@pytest.mark.parametrize("language", ["id", "en"])
def test_templates_loading_currency_filters_use_the_shops_format(language):
    template = engines["django"].from_string(
        "{% load currency_filters %}{{ a|currency }} {{ b|currency:'IDR' }}"
    )
    with translation.override(language):
        # Oscar's own filter would write "-Rp 0" for the first.
        assert template.render({"a": Decimal("-0.4"), "b": 15000}) == "Rp\xa00 Rp\xa015.000"


def test_currency_filters_is_the_only_template_library_name_given_twice():
    # The settings silence templates.W003 for it; any other name given twice must still show.
    paths = defaultdict(set)
    for name, path in [*get_template_tag_modules(), *engines["django"].engine.libraries.items()]:
        paths[name].add(path)
    assert [name for name, found in paths.items() if len(found) > 1] == ["currency_filters"]
