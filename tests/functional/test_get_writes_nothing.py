"""A page view writes nothing: upkeep runs in tasks, not when someone looks. After the first
visit (which may create first-use defaults: tiers, bonus rules, shipping rates), opening each
place of the owner's menu and the buyer's account pages runs no INSERT, UPDATE or DELETE."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from staff import roles
from tests.factories import make_buyer, place_with_order_creator, shop_ready

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def _menu_url_names(entries):
    for entry in entries:
        if "url_name" in entry and not entry.get("url_args") and not entry.get("url_kwargs"):
            yield entry["url_name"]
        yield from _menu_url_names(entry.get("children", []))


def _writes_of_second_visit(client, url):
    first = client.get(url)
    assert first.status_code == 200, (url, first.status_code)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"][:120] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)]


def test_the_owners_menu_pages_write_nothing(client, django_user_model):
    shop_ready()
    place_with_order_creator()
    owner = django_user_model.objects.create_user(email="pemilik@example.com", password="x")
    roles.give_role(owner, roles.OWNER_GROUP)
    client.force_login(owner)
    # The shop's dashboard; the Wagtail editor's own pages are Wagtail's.
    urls = [
        url
        for url in map(reverse, _menu_url_names(settings.OSCAR_DASHBOARD_NAVIGATION))
        if url.startswith("/dashboard/")
    ]
    assert len(urls) > 30
    writes = {url: found for url in urls if (found := _writes_of_second_visit(client, url))}
    assert writes == {}


def test_the_buyers_pages_write_nothing(client):
    from cms.site import ensure_home_page

    ensure_home_page()
    shop_ready()
    user = make_buyer()
    client.force_login(user)
    urls = [
        "/",
        "/shop/catalogue/",
        "/shop/basket/",
        "/shop/accounts/loyalty/",
        reverse("customer:order-list"),
    ]
    writes = {url: found for url in urls if (found := _writes_of_second_visit(client, url))}
    assert writes == {}
