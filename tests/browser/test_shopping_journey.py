"""A buyer on a small phone: home page → product → basket, with a Rupiah total."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_buyer_finds_a_product_and_sees_the_basket_total_in_rupiah(
    phone, live_server, home_page, make_product
):
    make_product(title="Kopi Arabika Gayo 250 g", price="95000", category="Kopi")
    make_product(title="Keripik Singkong Balado", price="18000", category="Camilan")

    phone.goto(live_server.url + "/")
    expect(phone.locator("html")).to_have_attribute("lang", "id")
    phone.get_by_role("link", name="Semua produk").first.click()

    phone.get_by_role("link", name="Kopi Arabika Gayo 250 g").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Kopi Arabika Gayo 250 g")
    expect(phone.locator(".product_main .price_color")).to_have_text("Rp\xa095.000")

    phone.locator("#add_to_basket_form").get_by_role("button", name="Tambah ke keranjang").click()
    expect(phone.locator(".basket-count")).to_have_text("1")
    phone.get_by_test_id("basket-link").click()

    expect(phone).to_have_url(re.compile(r"/shop/basket/$"))
    expect(phone.locator(".basket-items")).to_contain_text("Kopi Arabika Gayo 250 g")
    expect(phone.locator("#basket_totals")).to_contain_text("Rp\xa095.000")
    # Nothing is wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
