"""The CMS's small rules, without HTTP: testimonials, contact form, rate limit, promo dates."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from cms.contact import MESSAGES_PER_HOUR, RATE_WINDOW_SECONDS, ContactForm
from cms.models import PromoPage, ShopSettings
from cms.testimonials import first_name, quotable_testimonials
from crm import ratelimit
from crm.models import Customer, Feedback, FeedbackSource


def test_first_name():
    assert first_name("Siti Rahmawati") == "Siti"
    assert first_name("  Agus  ") == "Agus"
    assert first_name("") == ""


@pytest.mark.django_db
def test_quotable_testimonials_newest_good_consented_with_text():
    customer = Customer.objects.create(name="Budi Hartono", city="Solo", phone="+6281234500009")
    for rating, comment, may_quote in [
        (5, "Pertama", True),
        (4, "Kedua", True),
        (3, "Biasa saja", True),
        (5, "", True),
        (5, "Rahasia", False),
    ]:
        Feedback.objects.create(
            customer=customer,
            name="Budi Hartono",
            source=FeedbackSource.SURVEY,
            rating=rating,
            comment=comment,
            may_quote=may_quote,
        )

    quotes = quotable_testimonials(limit=5)

    assert [quote.text for quote in quotes] == ["Kedua", "Pertama"]
    assert (quotes[0].first_name, quotes[0].city, quotes[0].rating) == ("Budi", "Solo", 4)
    assert len(quotable_testimonials(limit=1)) == 1


@pytest.mark.django_db
def test_contact_form_normalises_the_phone():
    form = ContactForm({"name": "Ani", "phone": "0812 3456 7893", "message": "Halo, mau tanya stok batik."})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "+6281234567893"
    assert form.cleaned_data["rating"] is None


def test_contact_form_refuses_quote_without_rating_and_bad_rating():
    form = ContactForm(
        {
            "name": "Ani",
            "phone": "081234567893",
            "message": "Bagus sekali tokonya!",
            "may_quote": "on",
            "rating": "9",
        }
    )

    assert not form.is_valid()
    assert "rating" in form.errors


def test_rate_limit_counts_per_address(rf):
    def allow_message(address):
        request = rf.post("/kontak/", REMOTE_ADDR=address)
        return ratelimit.allow(request, "contact", limit=MESSAGES_PER_HOUR, window=RATE_WINDOW_SECONDS)

    cache.clear()
    assert all(allow_message("10.1.1.1") for _ in range(MESSAGES_PER_HOUR))
    assert not allow_message("10.1.1.1")
    assert allow_message("10.1.1.2")
    cache.clear()


@pytest.mark.django_db  # a new Page looks up its default locale
def test_promo_running_and_ended():
    today = timezone.localdate()
    day = datetime.timedelta(days=1)

    assert PromoPage(date=today).is_running
    assert PromoPage(date=today - day, end_date=today).is_running
    assert not PromoPage(date=today + day).is_running
    assert not PromoPage(date=today + day).has_ended
    ended = PromoPage(date=today - 10 * day, end_date=today - day)
    assert ended.has_ended and not ended.is_running


def test_shop_settings_fall_back_to_configuration(settings):
    settings.SHOP_WHATSAPP_NUMBER = "6289999999999"
    empty = ShopSettings()
    assert empty.display_name == settings.OSCAR_SHOP_NAME
    assert empty.contact_whatsapp == "6289999999999"
    assert empty.marketplace_links() == []

    filled = ShopSettings(
        shop_name="Kopi Bu Ani",
        whatsapp_number="+6281200000000",
        shopee_url="https://shopee.co.id/kopibuani",
        instagram_url="https://instagram.com/k",
    )
    assert filled.display_name == "Kopi Bu Ani"
    assert filled.contact_whatsapp == "+6281200000000"
    assert [url for _label, url in filled.marketplace_links()] == [
        "https://shopee.co.id/kopibuani",
        "https://instagram.com/k",
    ]


@pytest.mark.django_db
def test_home_page_site_uses_the_shop_address(settings):
    from django.contrib.sites.models import Site as DjangoSite
    from wagtail.models import Site

    from cms.site import ensure_home_page

    settings.SITE_URL = "https://kopibuani.id"
    home = ensure_home_page()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_page_id) == ("kopibuani.id", 443, home.pk)
    assert DjangoSite.objects.get_current().domain == "kopibuani.id"
    assert home.full_url == "https://kopibuani.id/"
    assert ensure_home_page().pk == home.pk
