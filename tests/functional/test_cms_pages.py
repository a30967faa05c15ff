"""Every page type renders through the real URL, with the shop's menu and footer."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from wagtail.models import Site

from cms.models import ShopSettings, StandardPage
from tests.factories import build_site, make_category, make_wagtail_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages():
    return build_site()


def test_every_page_type_renders(client, site_pages):
    for kind in ("home", "about", "faq", "contact", "promos", "promo"):
        page = site_pages[kind]
        response = client.get(page.url)
        assert response.status_code == 200, kind
        assert page.title in response.content.decode()


def test_home_hero(client, site_pages):
    home = site_pages["home"]
    home.hero_title = "Kopi segar setiap minggu"
    home.hero_text = "Disangrai di Temanggung"
    home.hero_image = make_wagtail_image("Hero")
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Kopi segar setiap minggu" in html
    assert "Disangrai di Temanggung" in html
    assert 'class="cms-hero__image"' in html and "srcset=" in html
    assert 'href="/shop/catalogue/"' in html  # default hero button


def render_partial(name, path="/", **context):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    return render_to_string(name, context, request=request)


def test_menu_has_pages_and_shop_categories(site_pages):
    make_category("Kopi Bubuk")
    hidden = StandardPage(title="Rahasia", slug="rahasia", show_in_menus=False)
    site_pages["home"].add_child(instance=hidden)
    html = render_partial("cms/includes/site_nav.html", path="/kontak/")
    assert 'href="/tanya-jawab/"' in html
    assert '<a href="/kontak/" aria-current="page">Kontak</a>' in html
    assert "Kopi Bubuk" in html and "/shop/catalogue/category/kopi-bubuk" in html
    assert "Rahasia" not in html


def test_footer_without_settings_still_renders(site_pages):
    html = render_partial("cms/includes/site_footer.html")
    assert "Toko Langganan" in html  # OSCAR_SHOP_NAME
    assert "https://wa.me/6281234567890" in html  # SHOP_WHATSAPP_NUMBER


def test_footer_shows_shop_details(site_pages):
    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    shop.shop_name = "Kopi Pak Budi"
    shop.address = "Jl. Merdeka 1, Temanggung"
    shop.opening_hours = "Senin–Sabtu 08.00–17.00"
    shop.whatsapp_number = "0812-1111-2222"
    shop.shopee_url = "https://shopee.co.id/kopipakbudi"
    shop.payment_notes = "BCA 123456789 a.n. Budi"
    shop.save()
    html = render_partial("cms/includes/site_footer.html")
    assert "Kopi Pak Budi" in html
    assert "Jl. Merdeka 1, Temanggung" in html
    assert "Senin–Sabtu 08.00–17.00" in html
    assert "https://wa.me/6281211112222" in html  # normalised when saved
    assert 'href="https://shopee.co.id/kopipakbudi"' in html
    assert "BCA 123456789" in html


def test_a_sites_settings_created_on_first_read_keep_the_cached_menu(client, site_pages):
    from core import caching

    ShopSettings.objects.all().delete()
    version = caching.version(caching.SITE_PARTS)
    client.get("/")  # reads the shop's details: Wagtail creates the site's settings row
    assert ShopSettings.objects.exists()
    # The menu and details cached by this request stay current (an edit still forgets them).
    assert caching.version(caching.SITE_PARTS) == version


def test_cached_menu_follows_page_and_category_edits(site_pages):
    assert "Oleh-oleh" not in render_partial("cms/includes/site_nav.html")  # fills the cache

    category = make_category("Oleh-oleh")
    page = StandardPage(title="Cara Pesan", slug="cara-pesan", show_in_menus=True)
    site_pages["home"].add_child(instance=page)
    page.save_revision().publish()
    html = render_partial("cms/includes/site_nav.html")
    assert "Oleh-oleh" in html and "Cara Pesan" in html

    category.name = "Oleh-oleh Khas Jogja"
    category.save()
    page.unpublish()
    html = render_partial("cms/includes/site_nav.html")
    assert "Oleh-oleh Khas Jogja" in html
    assert "Cara Pesan" not in html


def test_a_page_reads_the_cache_versions_once_in_one_round_trip(client, site_pages, monkeypatch):
    """The menu, the shop's details (asked by the header, the sharing tags and the language
    switcher) and the settings rows all read their versions; a page asks the cache once."""
    from django.core.cache import cache

    reads, inside_get_many = [], []
    get, get_many = cache.get, cache.get_many

    def counted_get(key, *args, **kwargs):
        if not inside_get_many:  # the local-memory backend's get_many reads one by one
            reads.append(key)
        return get(key, *args, **kwargs)

    def counted_get_many(keys, *args, **kwargs):
        reads.append(tuple(keys))
        inside_get_many.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.clear()

    client.get("/shop/basket/")  # fills the caches
    monkeypatch.setattr(cache, "get", counted_get)
    monkeypatch.setattr(cache, "get_many", counted_get_many)
    response = client.get("/shop/basket/")
    assert response.status_code == 200
    version_reads = [read for read in reads if "version:" in str(read)]
    assert len(version_reads) == 1 and isinstance(version_reads[0], tuple), reads
    assert not [read for read in reads if "cms:" in str(read)]  # menu and details: this process's copy


def test_standard_page_blocks_text_photo_and_button(client, site_pages):
    about = site_pages["about"]
    photo = make_wagtail_image("Toko kami")
    about.body = [
        ("text", "<h2>Cara pesan</h2><p>Pilih produk lalu checkout.</p>"),
        (
            "photo",
            {
                "image": {"image": photo, "alt_text": "Etalase toko di Prawirotaman", "decorative": False},
                "caption": "Toko kami di Yogyakarta",
            },
        ),
        (
            "button",
            {"text": "Tanya jawab", "link": {"page": site_pages["faq"], "url": ""}, "style": "secondary"},
        ),
    ]
    about.save_revision().publish()

    html = client.get(about.url).content.decode()

    assert "<h2>Cara pesan</h2>" in html
    assert 'alt="Etalase toko di Prawirotaman"' in html
    assert "<figcaption>Toko kami di Yogyakarta</figcaption>" in html
    assert '<a class="cms-button cms-button--secondary" href="/tanya-jawab/">Tanya jawab</a>' in html
