"""Blocks render the real catalogue: prices, stock, sold out, deleted products, testimonials."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.test import factories

from cms.site import ensure_home_page
from crm.models import Customer, Feedback, FeedbackSource
from tests.factories import add_page, add_product_photo, build_site, make_category, make_product

pytestmark = pytest.mark.django_db


def publish_home(**fields):
    home = ensure_home_page()
    for name, value in fields.items():
        setattr(home, name, value)
    home.save_revision().publish()
    return home


def test_featured_products_show_price_stock_and_sold_out(client):
    fresh = make_product("Kopi Arabika Temanggung 250 g", price="85000", stock=20)
    last_ones = make_product("Kopi Robusta 1 kg", price="150000", stock=3)
    sold_out = make_product("Kopi Luwak 100 g", price="300000", stock=0)
    publish_home(
        body=[
            ("featured_products", {"heading": "Paling laris", "products": [fresh, last_ones, sold_out]}),
        ]
    )

    html = client.get("/").content.decode()

    assert "Paling laris" in html
    assert "Kopi Arabika Temanggung 250 g" in html
    assert "Rp\xa085.000" in html
    assert "Rp\xa0150.000" in html
    assert "Tersedia" in html
    assert "Sisa 3" in html
    assert "Kopi Luwak 100 g" in html
    assert "Habis" in html
    assert html.count("cms-product--soldout") == 1
    assert fresh.get_absolute_url() in html


def test_deleted_or_hidden_product_is_left_out(client):
    kept = make_product("Keripik Singkong Balado", price="12000", stock=10)
    deleted = make_product("Keripik Pisang", price="10000", stock=10)
    hidden = make_product("Rempeyek Kacang", price="9000", stock=10)
    publish_home(body=[("featured_products", {"heading": "", "products": [kept, deleted, hidden]})])
    deleted.delete()
    hidden.is_public = False
    hidden.save()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Keripik Singkong Balado" in html
    assert "Keripik Pisang" not in html
    assert "Rempeyek Kacang" not in html


def test_featured_category_shows_its_products_and_link(client):
    category = make_category("Kopi Bubuk")
    make_product("Kopi Bubuk Gayo", price="60000", category=category, stock=10)
    make_product("Teh Tubruk", price="20000", stock=10)
    publish_home(body=[("featured_category", {"category": category, "heading": "", "limit": 4})])

    html = client.get("/").content.decode()

    assert "Kopi Bubuk Gayo" in html
    assert "Rp\xa060.000" in html
    assert "Teh Tubruk" not in html
    assert category.get_absolute_url() in html
    assert "Lihat semua Kopi Bubuk" in html


def test_deleted_category_leaves_the_page_working(client):
    category = make_category("Oleh-oleh")
    publish_home(
        body=[
            ("featured_category", {"category": category, "heading": "Oleh-oleh khas", "limit": 4}),
        ]
    )
    category.delete()

    response = client.get("/")

    assert response.status_code == 200
    assert "Oleh-oleh khas" not in response.content.decode()


def test_testimonials_show_consented_good_feedback_with_first_name_and_city_only(client):
    customer = Customer.objects.create(name="Siti Rahmawati", phone="+6281234500001", city="Magelang")
    Feedback.objects.create(
        customer=customer,
        name="Siti Rahmawati",
        source=FeedbackSource.SURVEY,
        rating=5,
        comment="Kopinya harum sekali, pengiriman cepat.",
        may_quote=True,
    )
    Feedback.objects.create(
        name="Budi Santoso",
        source=FeedbackSource.SURVEY,
        rating=5,
        comment="Mantap, tapi jangan dikutip ya.",
        may_quote=False,
    )
    Feedback.objects.create(
        name="Joko Widodo",
        source=FeedbackSource.SURVEY,
        rating=2,
        comment="Paket terlambat seminggu.",
        may_quote=True,
    )
    publish_home(body=[("testimonials", {"heading": "Kata pelanggan", "limit": 3})])

    html = client.get("/").content.decode()

    assert "Kopinya harum sekali, pengiriman cepat." in html
    assert "Siti, Magelang" in html
    assert "Rahmawati" not in html
    assert "+6281234500001" not in html
    assert "jangan dikutip" not in html
    assert "terlambat" not in html


def test_whatsapp_button_and_call_to_action(client):
    publish_home(
        body=[
            ("whatsapp", {"label": "Pesan lewat WhatsApp", "message": "Halo, saya mau pesan kopi"}),
            (
                "button",
                {
                    "text": "Lihat katalog",
                    "link": {"page": None, "url": "/shop/catalogue/"},
                    "style": "primary",
                },
            ),
        ]
    )

    html = client.get("/").content.decode()

    assert "https://wa.me/6281234567890?text=Halo%2C%20saya%20mau%20pesan%20kopi" in html
    assert "Pesan lewat WhatsApp" in html
    assert '<a class="cms-button cms-button--primary" href="/shop/catalogue/">Lihat katalog</a>' in html


def test_promo_shows_a_valid_voucher_and_offer_link(client):
    pages = build_site()
    offer = factories.create_offer(name="Diskon kopi bubuk")
    voucher = factories.create_voucher(code="GAJIAN20")
    promo = pages["promo"]
    promo.voucher_code = "gajian20"
    promo.offer = offer
    promo.full_clean()
    promo.save_revision().publish()

    html = client.get(promo.url).content.decode()

    assert "GAJIAN20" in html
    assert offer.get_absolute_url() in html
    assert client.get(offer.get_absolute_url()).status_code == 200
    assert "https://wa.me/?text=Diskon%20Gajian%2020%25%20http%3A//testserver/promo/diskon-gajian/" in html

    voucher.end_datetime = timezone.now() - datetime.timedelta(days=1)
    voucher.start_datetime = timezone.now() - datetime.timedelta(days=10)
    voucher.save()
    assert "GAJIAN20" not in client.get(promo.url).content.decode()


def test_promo_refuses_an_unknown_voucher_code():
    from django.core.exceptions import ValidationError

    pages = build_site()
    promo = pages["promo"]
    promo.voucher_code = "TIDAKADA"
    with pytest.raises(ValidationError) as error:
        promo.full_clean()
    assert "voucher_code" in error.value.message_dict


def test_promo_index_lists_newest_first(client):
    from cms.models import PromoPage

    pages = build_site()
    add_page(
        pages["promos"],
        PromoPage(
            title="Promo Lebaran", slug="lebaran", date=timezone.localdate() + datetime.timedelta(days=1)
        ),
    )
    html = client.get(pages["promos"].url).content.decode()
    assert html.index("Promo Lebaran") < html.index("Diskon Gajian 20%")


def count_home_queries(client):
    client.get("/")  # the first view fills the caches (thumbnails, site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_with_eight_featured_products_has_a_fixed_query_budget(client, django_assert_max_num_queries):
    category = make_category("Camilan")
    products = [
        make_product(f"Camilan {n}", price=str(10000 + n), stock=n + 1, category=category) for n in range(8)
    ]
    for product in products:
        add_product_photo(product)

    publish_home(body=[("featured_products", {"heading": "Pilihan", "products": products[:1]})])
    with_one = count_home_queries(client)
    publish_home(body=[("featured_products", {"heading": "Pilihan", "products": products})])
    with_eight = count_home_queries(client)
    assert with_eight <= with_one  # no query per product

    publish_home(
        body=[
            ("featured_products", {"heading": "Pilihan", "products": products}),
            ("featured_category", {"category": category, "heading": "", "limit": 8}),
            ("testimonials", {"heading": "", "limit": 3}),
        ]
    )
    client.get("/")
    with django_assert_max_num_queries(20):
        response = client.get("/")
    assert response.content.decode().count("cms-product__price") == 16
