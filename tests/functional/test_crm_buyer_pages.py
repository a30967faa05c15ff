"""Buyer-facing CRM pages: the survey link, the complaint form, the buyer's own feedback."""

import pytest
from django.core import signing
from django.urls import reverse

from crm import survey
from crm.feedback import reply
from crm.models import Feedback
from tests.factories import make_order_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer(django_user_model):  # not conftest's: the client stays anonymous (complaints need login)
    return django_user_model.objects.create_user(email="buyer@example.com", password="x")


@pytest.fixture
def other_buyer(django_user_model):
    return django_user_model.objects.create_user(email="other@example.com", password="x")


def test_survey_answer_from_the_link(client):
    order = make_order_row(phone="081255556666", email="s@example.com")
    url = reverse("crm:survey", args=[survey.make_token(order)])
    page = client.get(url)
    assert page.status_code == 200 and order.number in page.content.decode()
    response = client.post(url, {"nps": "3", "rating": "2", "comment": "<script>x</script> telat"})
    assert response.status_code == 200
    feedback = Feedback.objects.get(order=order)
    assert (feedback.nps, feedback.rating, feedback.is_complaint) == (3, 2, True)
    again = client.get(url)
    assert again.status_code == 200 and "form" not in again.context
    client.post(url, {"nps": "10", "rating": "5"})
    assert Feedback.objects.filter(order=order).count() == 1


def test_survey_form_errors_keep_what_was_typed(client):
    order = make_order_row(phone="081255556666")
    url = reverse("crm:survey", args=[survey.make_token(order)])
    response = client.post(url, {"nps": "11", "comment": "Bagus sekali"})
    assert response.status_code == 400
    assert "Bagus sekali" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("kind", ["forged", "other-salt", "missing-order"])
def test_bad_survey_links_get_a_friendly_page(client, kind):
    token = {
        "forged": "abc:def",
        "other-salt": signing.dumps({"order": 1}, salt="x"),
        "missing-order": signing.dumps({"order": 999999}, salt=survey.SALT, compress=True),
    }[kind]
    response = client.get(reverse("crm:survey", args=[token]))
    assert response.status_code == 404
    assert "https://wa.me/" in response.content.decode()
    assert not Feedback.objects.exists()


def test_expired_survey_link(client, monkeypatch):
    order = make_order_row(phone="081255556666")
    token = survey.make_token(order)
    real_time = signing.time.time
    monkeypatch.setattr("django.core.signing.time.time", lambda: real_time() + 31 * 24 * 3600)
    response = client.post(reverse("crm:survey", args=[token]), {"nps": "9", "rating": "5"})
    assert response.status_code == 410
    assert not Feedback.objects.exists()


def test_survey_posts_are_rate_limited_per_ip(client):
    from django.core.cache import cache

    cache.clear()
    orders = [make_order_row(phone=f"0812555500{i:02d}") for i in range(12)]
    codes = [
        client.post(
            reverse("crm:survey", args=[survey.make_token(o)]), {"nps": "9", "rating": "5"}
        ).status_code
        for o in orders
    ]
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429]
    cache.clear()


def test_buyer_complains_about_own_order_only(client, buyer, other_buyer):
    mine = make_order_row(user=buyer, phone="081255556666")
    theirs = make_order_row(user=other_buyer, phone="081255557777")
    client.force_login(buyer)
    url = reverse("crm_account:order-complaint", args=[mine.number])
    response = client.post(url, {"message": "Barang kurang satu"})
    feedback = Feedback.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/feedback/{feedback.pk}/")
    assert feedback.is_complaint and feedback.order == mine and feedback.customer.user == buyer
    assert client.post(url, {"message": ""}).status_code == 400
    other = reverse("crm_account:order-complaint", args=[theirs.number])
    assert client.post(other, {"message": "hack"}).status_code == 404
    assert Feedback.objects.count() == 1


def test_complaint_needs_login(client, buyer):
    order = make_order_row(user=buyer, phone="081255556666")
    response = client.post(reverse("crm_account:order-complaint", args=[order.number]), {"message": "x"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Feedback.objects.exists()


def test_buyer_sees_only_own_feedback_and_replies(client, buyer, other_buyer, django_user_model):
    from crm.feedback import record_order_complaint

    mine = record_order_complaint(
        make_order_row(user=buyer, phone="081255556666"), message="Punyaku <i>x</i>"
    )
    theirs = record_order_complaint(
        make_order_row(user=other_buyer, phone="081255557777"), message="Punya orang"
    )
    reply(mine, author=None, message="Maaf, kami ganti")
    client.force_login(buyer)
    listing = client.get(reverse("crm_account:feedback-list")).content.decode()
    assert "Punyaku &lt;i&gt;x&lt;/i&gt;" in listing and "Punya orang" not in listing
    detail = client.get(reverse("crm_account:feedback-detail", args=[mine.pk]))
    assert "Maaf, kami ganti" in detail.content.decode()
    assert client.get(reverse("crm_account:feedback-detail", args=[theirs.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("crm_account:feedback-detail", args=[mine.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_order_complaint_partial_renders_for_owner_only(rf, buyer, other_buyer):
    from django.template.loader import render_to_string

    order = make_order_row(user=buyer, phone="081255556666")
    request = rf.get("/")
    request.user = buyer
    html = render_to_string("crm/partials/order_complaint.html", {"order": order, "request": request})
    assert reverse("crm_account:order-complaint", args=[order.number]) in html
    request.user = other_buyer
    assert "form" not in render_to_string(
        "crm/partials/order_complaint.html", {"order": order, "request": request}
    )
