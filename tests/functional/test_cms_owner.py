"""The owner moves between Oscar's dashboard and Wagtail's page editor with one login."""

import pytest
from django.urls import reverse

from tests.factories import build_site, make_category, make_product

pytestmark = pytest.mark.django_db


def test_dashboard_links_to_the_page_editor_and_shop_details(client, owner):
    html = client.get(reverse("dashboard:shop-pages")).content.decode()

    assert f'href="{reverse("wagtailadmin_explore_root")}"' in html
    assert 'href="/cms/settings/cms/shopsettings/"' in html


def test_dashboard_hides_the_link_from_staff_without_page_rights(client, django_user_model):
    from django.contrib.auth.models import Permission

    from staff import roles

    clerk = django_user_model.objects.create_user(email="kasir@toko.test", password="rahasia-123")
    roles.give_role(clerk, roles.HELPER_GROUP)
    clerk.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    client.force_login(clerk)

    response = client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()

    assert 'href="/cms/pages/"' not in html


def test_wagtail_admin_is_indonesian_and_links_back_to_the_dashboard(client, owner):
    build_site()

    html = client.get("/cms/").content.decode()

    assert '<html lang="id-id"' in html
    assert "<title>Dasbor - Wagtail</title>" in html
    # The sidebar menu is data for Wagtail's JavaScript.
    assert '"name": "shop-dashboard", "label": "Dasbor toko"' in html
    assert '"url": "/dashboard/"' in html


def test_page_chooser_names_its_hidden_search_button_in_indonesian(client, owner):
    # Wagtail writes the button's value in English without marking it for translation.
    build_site()

    html = client.get(reverse("wagtailadmin_choose_page")).json()["html"]

    assert 'value="Search"' not in html
    assert '<input type="submit" value="Cari" class="button" />' in html


def test_home_page_editor_opens_with_catalogue_blocks(client, owner):
    pages = build_site()
    product = make_product("Kopi Arabika Kintamani", price="15000", stock=10)
    home = pages["home"]
    home.body = [("featured_products", {"heading": "Laris", "products": [product]})]
    home.save_revision().publish()

    response = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))

    assert response.status_code == 200
    assert "Kopi Arabika Kintamani" in response.content.decode()


def test_product_and_category_choosers_search_the_catalogue(client, owner):
    make_product("Kopi Arabika Kintamani", price="15000", stock=10)
    make_product("Keripik Tempe", price="15000", stock=10)
    make_category("Oleh-oleh Bali")

    products = client.get("/cms/choose-product/results/", {"q": "kintamani"}).content.decode()
    categories = client.get("/cms/choose-category/", {"q": "bali"}).content.decode()

    assert "Kopi Arabika Kintamani" in products
    assert "Keripik Tempe" not in products
    assert "Oleh-oleh Bali" in categories


def test_shop_details_can_be_saved_from_the_admin(client, owner):
    build_site()
    url = client.get("/cms/settings/cms/shopsettings/", follow=True).redirect_chain[-1][0]
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "shop_name": "Kopi Pak Budi",
            "tagline": "",
            "address": "Jl. Merdeka 1",
            "opening_hours": "",
            "whatsapp_number": "nomor salah",
            "email": "",
            "instagram_url": "",
            "facebook_url": "",
            "tiktok_url": "",
            "tokopedia_url": "",
            "shopee_url": "",
            "footer_text": "",
            "payment_notes": "",
        },
    )

    assert response.status_code == 200  # re-shown with the error, not saved
    assert "Nomor HP tidak valid" in response.content.decode()


def test_staff_profile_made_before_gets_indonesian_on_login(client, django_user_model):
    from wagtail.users.models import UserProfile

    owner = django_user_model.objects.create_superuser(email="lama@toko.test", password="rahasia-123")
    UserProfile.objects.bulk_create([UserProfile(user=owner, preferred_language="")])  # no signals
    english = django_user_model.objects.create_superuser(email="english@toko.test", password="rahasia-123")
    UserProfile.objects.update_or_create(user=english, defaults={"preferred_language": "en"})

    client.force_login(owner)
    client.force_login(english)

    assert UserProfile.objects.get(user=owner).preferred_language == "id-id"
    assert UserProfile.objects.get(user=english).preferred_language == "en"  # a choice is kept
