"""The owner's dashboard shell through Django's test client: "Hari ini" at /dashboard/, the one
menu with the current place marked, and the installable app (manifests, service worker, offline
page)."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.urls import reverse

from storefront.dashboard.shell import places_for
from tests.factories import OWNER_PASSWORD

pytestmark = pytest.mark.django_db

PLACES = ["Hari ini", "Pesanan", "Produk", "Pelanggan", "Loyalitas", "Halaman"]


def test_dashboard_root_is_hari_ini_not_oscars_statistics(owner):
    response = owner.get(reverse("dashboard:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Hari ini</h1>" in html
    assert 'id="today-complaints"' in html
    assert "Total pelanggan" not in html  # Oscar's own count of customers, not the shop's


def test_old_hari_ini_address_leads_to_the_dashboard_root(owner):
    response = owner.get(reverse("dashboard:crm-today"))
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:index")


def test_login_lands_on_hari_ini(client, owner_user):
    response = client.post(
        reverse("dashboard:login"), {"username": owner_user.email, "password": OWNER_PASSWORD}
    )
    assert response["Location"] == reverse("dashboard:index")


def test_partner_user_without_staff_rights_cannot_open_hari_ini(client, django_user_model):
    partner = django_user_model.objects.create_user(email="mitra@example.com", password="x")
    partner.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    client.force_login(partner)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code in (302, 403)
    assert "today-complaints" not in response.content.decode()


def test_one_menu_of_six_places_with_the_current_place_and_tab_marked(owner, owner_user):
    html = owner.get(reverse("dashboard:order-stats")).content.decode()
    assert html.count('class="cockpit-bar"') == 1 and "navbar-primary" not in html
    places = places_for(owner_user, "/dashboard/orders/DEMO-1/")
    assert [place.label for place in places] == PLACES
    active = [place for place in places if place.active]
    assert [place.label for place in active] == ["Pesanan"]
    assert [tab.url for tab in active[0].tabs if tab.active] == [reverse("dashboard:order-list")]
    root = places_for(owner_user, reverse("dashboard:index"))
    assert [place.label for place in root if place.active] == ["Hari ini"]
    customers = places_for(owner_user, "/dashboard/crm/customers/7/")
    assert [place.label for place in customers if place.active] == ["Pelanggan"]


def test_each_place_has_a_two_step_guide(owner_user):
    for place in places_for(owner_user, "/dashboard/"):
        purpose, steps = place.guide
        assert purpose and len(steps) == 2


def test_manifests_open_the_shop_and_the_dashboard(client, home_page):
    dashboard = json.loads(client.get(reverse("pwa-manifest", kwargs={"app": "dashboard"})).content)
    shop = json.loads(client.get(reverse("pwa-manifest", kwargs={"app": "shop"})).content)
    assert (dashboard["start_url"], dashboard["scope"]) == ("/dashboard/", "/dashboard/")
    assert dashboard["name"] == "Toko Langganan — Kelola"
    assert (shop["start_url"], shop["display"]) == ("/", "standalone")
    assert {icon["sizes"] for icon in shop["icons"]} == {"192x192", "512x512"}
    for icon in shop["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL))


def test_service_worker_caches_only_the_offline_page(client):
    response = client.get(reverse("pwa-service-worker"))
    script = response.content.decode()
    assert response["Content-Type"].startswith("application/javascript")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert 'var OFFLINE = "/offline/";' in script
    assert 'var FILES = [OFFLINE, "/static/storefront/offline.css"];' in script
    assert "cache.put" not in script  # no page is ever stored
    offline = client.get(reverse("pwa-offline")).content.decode()
    assert "Tidak ada koneksi" in offline and "<script" not in offline
