"""The basket page's own part (lines, forms, totals, offers, shipping estimate) is drawn once and
kept for an anonymous visitor (``storefront.basket_page``): whatever it shows that changes —
quantity, a line removed, a price or stock (even without a signal), an offer starting or ending
by its dates, a voucher, the language, signing in — shows on the very next page; two visitors
never see each other's basket; the kept forms post with the visitor's own token and their
errors are drawn anew. The page around it is kept too, with the visitor's messages written in."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.models import Site

from cms.models import ShopSettings
from storefront.basket_page import BasketView
from tests.factories import add_to_basket, build_site, make_buyer

pytestmark = pytest.mark.django_db
Basket = get_model("basket", "Basket")
Benefit = get_model("offer", "Benefit")
Condition = get_model("offer", "Condition")
ConditionalOffer = get_model("offer", "ConditionalOffer")
Range = get_model("offer", "Range")
StockRecord = get_model("partner", "StockRecord")
Voucher = get_model("voucher", "Voucher")

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def drawn(monkeypatch):
    """How many times the basket's own part was drawn (not taken from the cache)."""
    count = []
    draw = BasketView.draw_content

    def counting(view):
        count.append(1)
        return draw(view)

    monkeypatch.setattr(BasketView, "draw_content", counting)
    return count


@pytest.fixture
def clock(monkeypatch):
    """``clock(delta)`` moves the shop's clock (Django's and Oscar's offer managers') by
    ``delta`` from now."""
    import oscar.apps.offer.abstract_models
    import oscar.apps.offer.managers

    real_now = timezone.now

    def move(delta):
        moved = real_now() + delta
        monkeypatch.setattr(timezone, "now", lambda: moved)
        monkeypatch.setattr(oscar.apps.offer.managers, "now", lambda: moved)
        monkeypatch.setattr(oscar.apps.offer.abstract_models, "now", lambda: moved)

    return move


def page(client):
    response = client.get(reverse("basket:summary"))
    assert response.status_code == 200
    return response.content.decode()


def plain(html):
    """A page without its CSRF tokens and with its white space collapsed."""
    return re.sub(r"\s+", " ", TOKEN.sub("", html))


def count_in_header(html):
    return re.search(r'<span class="basket-count">(\d+)</span>', html).group(1)


def with_gayo(gayo, client=None, quantity=1):
    client = client or Client()
    assert add_to_basket(client, gayo, quantity).status_code == 302
    return client


def site_offer(name, **dates):
    everything = Range.objects.create(name=f"Semua {name}", includes_all_products=True)
    return ConditionalOffer.objects.create(
        name=name,
        offer_type=ConditionalOffer.SITE,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=10),
        **dates,
    )


def basket_form(html):
    """The fields of the kept basket form, as a browser would post them."""
    form = html[html.index('id="basket_formset"') : html.index("</form>", html.index('id="basket_formset"'))]
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    fields.update(dict(re.findall(r'<input[^>]*value="([^"]*)"[^>]*name="([^"]+)"', form)[::-1]))
    return {name: value for name, value in fields.items() if not name.endswith(("DELETE", "save_for_later"))}


def test_the_part_is_drawn_once_and_shows_the_line(gayo, drawn):
    client = with_gayo(gayo, quantity=2)
    page(client)  # with the "added" message
    first = page(client)
    second = page(client)
    assert len(drawn) == 1
    assert "Kopi Gayo" in second and "90.000" in second
    assert 'id="basket_totals"' in second and "Lanjut ke pembayaran" in second  # totals, checkout button
    assert TOKEN.sub("", first) == TOKEN.sub("", second)
    assert count_in_header(second) == "2"


def test_a_quantity_change_and_a_removed_line_show_on_the_next_page(gayo, make_product, drawn):
    toraja = make_product(title="Kopi Toraja", price="60000", stock=5)
    client = with_gayo(gayo)
    with_gayo(toraja, client)
    html = page(client)
    page(client)
    fields = basket_form(html)
    quantity = next(name for name in fields if name.endswith("quantity"))
    assert client.post(reverse("basket:summary"), {**fields, quantity: "3"}).status_code == 302
    changed = page(client)
    assert count_in_header(changed) == "4"
    assert "135.000" in changed  # 3 × 45.000
    remove_first = {quantity.replace("quantity", "DELETE"): "on"}
    assert client.post(reverse("basket:summary"), {**basket_form(changed), **remove_first}).status_code == 302
    removed = page(client)
    assert "Kopi Gayo" not in removed and "Kopi Toraja" in removed and count_in_header(removed) == "1"
    assert len(drawn) == 3


def test_a_price_changed_by_the_owner_shows_on_the_next_page(gayo):
    client = with_gayo(gayo)
    assert "45.000" in page(client)
    record = gayo.stockrecords.get()
    record.price = 52000
    record.save()
    assert "52.000" in page(client)


def test_stock_changed_without_a_signal_shows_on_the_next_page(gayo, drawn):
    client = with_gayo(gayo)
    before = page(client)
    StockRecord.objects.filter(product=gayo).update(num_in_stock=0)  # as Oscar allocates: no signal
    after = page(client)
    assert len(drawn) == 2 and after != before


def test_an_offer_ending_by_its_date_leaves_the_page(gayo, clock):
    site_offer("Diskon Gajian", end_datetime=timezone.now() + datetime.timedelta(hours=1))
    client = with_gayo(gayo)
    assert "Diskon Gajian" in page(client)
    clock(datetime.timedelta(hours=2))
    assert "Diskon Gajian" not in page(client)


def test_an_offer_starting_by_its_date_shows_on_the_page(gayo, clock):
    site_offer("Diskon Gajian", start_datetime=timezone.now() + datetime.timedelta(hours=1))
    client = with_gayo(gayo)
    assert "Diskon Gajian" not in page(client)
    clock(datetime.timedelta(hours=2))
    assert "Diskon Gajian" in page(client)


def test_a_voucher_added_shows_on_the_next_page(gayo):
    offer = site_offer("Kupon Hemat")
    offer.offer_type = ConditionalOffer.VOUCHER
    offer.save()
    now = timezone.now()
    voucher = Voucher.objects.create(
        name="Kupon Hemat",
        code="HEMAT10",
        start_datetime=now - datetime.timedelta(days=1),
        end_datetime=now + datetime.timedelta(days=1),
    )
    voucher.offers.add(offer)
    client = with_gayo(gayo)
    assert "HEMAT10" not in page(client)
    assert client.post(reverse("basket:vouchers-add"), {"code": "HEMAT10"}).status_code == 302
    assert "HEMAT10" in page(client)


def test_the_part_is_kept_per_language(gayo):
    client = with_gayo(gayo)
    assert "Barang yang akan dibeli" in page(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = page(client)
    assert "Items to buy now" in english and "Barang yang akan dibeli" not in english


def test_signing_in_draws_the_buyers_own_page(gayo, drawn):
    client = with_gayo(gayo)
    assert 'data-behaviours="save"' not in page(client)  # "save for later" is a buyer's
    client.force_login(make_buyer())
    signed_in = page(client)
    assert 'data-behaviours="save"' in signed_in and "Kopi Gayo" in signed_in  # the basket merged
    assert page(client).count("Kopi Gayo") >= 1
    assert len(drawn) == 1  # a buyer's page is drawn by Oscar's view, never kept


def test_two_visitors_never_see_each_others_basket(gayo, make_product):
    toraja = make_product(title="Kopi Toraja", price="60000", stock=5)
    budi, sari = with_gayo(gayo), with_gayo(toraja)
    for _ in range(2):
        budis, saris = page(budi), page(sari)
        assert "Kopi Gayo" in budis and "Kopi Toraja" not in budis
        assert "Kopi Toraja" in saris and "Kopi Gayo" not in saris


def test_the_kept_form_posts_with_the_visitors_own_token_and_errors_are_drawn(gayo, drawn):
    client = with_gayo(gayo)
    page(client)
    client.cookies.pop(settings.CSRF_COOKIE_NAME, None)  # a new token: the kept page must carry it
    visitor = Client(enforce_csrf_checks=True)
    visitor.cookies = client.cookies
    kept = page(visitor)
    assert len(drawn) == 1
    fields = basket_form(kept)
    quantity = next(name for name in fields if name.endswith("quantity"))
    too_many = visitor.post(reverse("basket:summary"), {**fields, quantity: "50"})
    assert too_many.status_code == 200 and "error-block" in too_many.content.decode()
    assert visitor.post(reverse("basket:summary"), {**fields, quantity: "2"}).status_code == 302
    assert count_in_header(page(visitor)) == "2"


def test_the_kept_page_is_the_page_oscar_draws(gayo, monkeypatch):
    from storefront import basket_page

    site_offer("Diskon Gajian")
    client = with_gayo(gayo, quantity=2)
    page(client)  # with the "added" message
    page(client)
    kept = page(client)
    monkeypatch.setattr(basket_page, "kept_key", lambda request, basket: None)
    drawn_by_oscar = page(client)
    assert "Diskon Gajian" in kept
    assert plain(kept) == plain(drawn_by_oscar)


def test_a_change_while_the_part_is_drawn_is_not_kept_under_the_older_key(gayo, drawn, monkeypatch):
    client = with_gayo(gayo)
    page(client)  # with the "added" message
    from django.core.cache import caches

    for each in caches.all():
        each.clear()
    draw = BasketView.draw_content
    allocated = StockRecord.objects.get(product=gayo).num_allocated

    def sold_meanwhile(view):
        html = draw(view)
        StockRecord.objects.filter(product=gayo).update(num_allocated=5)  # a sale, no signal
        return html

    monkeypatch.setattr(BasketView, "draw_content", sold_meanwhile)
    page(client)
    monkeypatch.setattr(BasketView, "draw_content", draw)
    StockRecord.objects.filter(product=gayo).update(num_allocated=allocated)  # the sale cancelled
    before = len(drawn)
    page(client)  # the key read before the sale again: drawn, not taken from the cache
    assert len(drawn) == before + 1


def messages(html):
    return html[html.index('id="messages"') : html.index('id="content_inner"')]


def page_drawn(response):
    """Whether the page around the basket's part was drawn for this response (not kept)."""
    return "oscar/basket/basket.html" in [template.name for template in response.templates]


def test_the_page_around_the_part_is_kept_with_the_visitors_messages_written_in(gayo):
    client = with_gayo(gayo)
    first = client.get(reverse("basket:summary"))
    assert "Kopi Gayo" in messages(first.content.decode())  # "… added to your basket"
    kept = client.get(reverse("basket:summary"))
    assert not page_drawn(kept)
    assert 'class="alert' not in messages(kept.content.decode())  # the message was shown once
    assert client.post(reverse("basket:vouchers-add"), {"code": "TIDAKADA"}).status_code == 302
    refused = client.get(reverse("basket:summary"))
    assert not page_drawn(refused)
    assert "TIDAKADA" in messages(refused.content.decode())
    assert 'class="alert' not in messages(page(client))


def test_the_shops_details_show_on_the_next_kept_page(gayo):
    build_site()
    client = with_gayo(gayo)
    page(client)
    page(client)
    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    shop.shop_name = "Kopi Pak Budi"
    shop.tagline = "Kopi petani Temanggung"
    shop.save()
    html = page(client)
    assert re.search(r"<title>\s*Keranjang \| Kopi Pak Budi\s*</title>", html)  # was Oscar's shop name
    assert '<meta name="description" content="Kopi petani Temanggung">' in html
    assert "&copy; " in html and "Kopi Pak Budi</p>" in html


def test_a_cookie_without_an_open_basket_behind_it_is_drawn_by_oscar_and_goes(gayo, drawn):
    client = with_gayo(gayo)
    page(client)
    Basket.objects.update(status=Basket.FROZEN)  # the visitor went to pay
    response = client.get(reverse("basket:summary"))
    assert page_drawn(response) and "Kopi Gayo" not in response.content.decode()
    assert not client.cookies[settings.OSCAR_BASKET_COOKIE_OPEN].value  # deleted, as Oscar does
    assert len(drawn) == 1


def test_a_kept_page_reads_the_baskets_state_and_nothing_else(gayo, django_assert_num_queries):
    client = with_gayo(gayo)
    page(client)
    page(client)
    with django_assert_num_queries(1):  # not even the basket: its id is in the signed cookie
        assert "Kopi Gayo" in page(client)


def test_words_after_the_address_make_no_copy_of_the_page(gayo):
    client = with_gayo(gayo)
    page(client)
    page(client)
    for words in ("?a=1", "?b=2"):
        response = client.get(reverse("basket:summary") + words)
        assert not page_drawn(response)
        assert f'name="next" value="/shop/basket/{words}"' in response.content.decode()
