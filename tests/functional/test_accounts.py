"""Buyer accounts: registration signs the buyer in; logins stay throttled."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_a_new_buyer_registers_and_is_signed_in(client):
    response = client.post(
        "/shop/accounts/register/",
        {"email": "baru@example.com", "password1": "Kopi-susu-2026!", "password2": "Kopi-susu-2026!"},
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="baru@example.com").exists()
    assert client.get("/shop/accounts/profile/").status_code == 200  # signed in, not sent to login


def test_repeated_wrong_passwords_lock_the_login(client, settings):
    get_user_model().objects.create_user(email="ani@example.com", password="Benar-sekali-123")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/shop/accounts/login/",
            {"login-username": "ani@example.com", "login-password": "salah", "login_submit": "1"},
        )
    response = client.post(
        "/shop/accounts/login/",
        {"login-username": "ani@example.com", "login-password": "Benar-sekali-123", "login_submit": "1"},
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session  # the right password did not get in


def test_account_menu_leads_to_points_and_feedback(client):
    user = get_user_model().objects.create_user(email="dewi@example.com", password="x")
    client.force_login(user)
    html = client.get("/shop/accounts/profile/").content.decode()
    assert 'href="/shop/accounts/loyalty/"' in html
    assert 'href="/shop/accounts/feedback/"' in html
    points_page = client.get("/shop/accounts/loyalty/").content.decode()
    assert 'class="nav-link active" id="nav-my-points"' in points_page
