"""Context every page gets: paid for only where a template uses it (storefront/context_processors.py)."""

from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from storefront import context_processors
from storefront.context_processors import notifications

Notification = get_model("communication", "Notification")


def test_a_signed_in_page_does_not_count_notifications_it_does_not_show(client, django_user_model):
    user = django_user_model.objects.create_user(email="baca@contoh.test", password="rahasia-123")
    client.force_login(user)
    client.get("/shop/basket/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/shop/basket/").status_code == 200
    assert not [query for query in queries if "communication_notification" in query["sql"]]


def test_oscars_account_bar_still_shows_the_unread_count(django_user_model):
    user = django_user_model.objects.create_user(email="baca@contoh.test", password="rahasia-123")
    Notification.objects.create(recipient=user, subject="Pesanan dikirim")
    Notification.objects.create(recipient=user, subject="Sudah dibaca", date_read="2026-12-01T10:00:00Z")
    request = RequestFactory().get("/")
    request.user = user
    html = render_to_string(
        "oscar/partials/nav_accounts.html", {"user": user, **notifications(request)}, request=request
    )
    assert '<span class="badge badge-warning">1</span>' in html


class CountedSearchForm(context_processors.SearchForm):
    built = 0

    def __init__(self, *args, **kwargs):
        type(self).built += 1
        super().__init__(*args, **kwargs)


def test_the_search_form_is_built_only_on_the_pages_that_use_it(client, monkeypatch, make_product):
    make_product(title="Kopi tubruk")
    monkeypatch.setattr(context_processors, "SearchForm", CountedSearchForm)
    assert client.get("/shop/basket/").status_code == 200
    assert CountedSearchForm.built == 0
    response = client.get("/shop/search/", {"q": "kopi", "sort_by": "title-asc"})
    assert CountedSearchForm.built >= 1  # the words and the sort field come from it
    assert '<option value="title-asc" selected>' in response.content.decode()
