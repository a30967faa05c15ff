"""Hardening: login throttling on the three login pages, password-reset throttling, security
headers and CSP, and production settings that pass ``manage.py check --deploy``.

The contact and survey forms' rate limits are proven by their owners' tests:
``tests/functional/test_cms_contact.py`` (per-IP hourly limit on the contact form) and
``tests/functional/test_crm_buyer_pages.py::test_survey_posts_are_rate_limited_per_ip``."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import OWNER_PASSWORD

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "rahasia-123"


LOGIN_FORMS = {
    # page: (url, field names, a successful login's status)
    "shop": ("/shop/accounts/login/", ("login-username", "login-password"), {"login_submit": "1"}),
    "dashboard": ("/dashboard/login/", ("username", "password"), {}),
    "wagtail": ("/cms/login/", ("username", "password"), {}),
}


@pytest.mark.parametrize("page", LOGIN_FORMS)
def test_login_is_locked_after_five_wrong_passwords_even_for_the_right_one(
    client, owner_user, page, settings
):
    url, (user_field, password_field), extra = LOGIN_FORMS[page]
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {user_field: owner_user.email, password_field: "salah", **extra})
        assert response.status_code == 200  # the form again, with an error
    response = client.post(url, {user_field: owner_user.email, password_field: "salah", **extra})
    assert response.status_code == 429  # the fifth wrong password locks
    response = client.post(url, {user_field: owner_user.email, password_field: OWNER_PASSWORD, **extra})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same phone is not locked (lockout is per username + IP).
    other = get_user_model().objects.create_user(email="ani@example.com", password=PASSWORD)
    response = client.post(url, {user_field: other.email, password_field: PASSWORD, **extra})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.parametrize("page", LOGIN_FORMS)
def test_letter_case_does_not_escape_the_lock(client, page, settings):
    """Five wrong passwords for ``b1@shop.test`` lock it; ``B1@shop.test`` with the right
    password reaches the same account and is locked too."""
    get_user_model().objects.create_user(email="b1@shop.test", password=PASSWORD)
    url, (user_field, password_field), extra = LOGIN_FORMS[page]
    answers = [
        client.post(url, {user_field: "b1@shop.test", password_field: "salah", **extra}).status_code
        for _attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers[-1] == 429, answers
    response = client.post(url, {user_field: "B1@shop.test", password_field: PASSWORD, **extra})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_spread_over_letter_cases_lock(client, settings):
    """Sixteen wrong passwords over four spellings of one address: locked at the fifth."""
    get_user_model().objects.create_user(email="b1@shop.test", password=PASSWORD)
    url, (user_field, password_field), extra = LOGIN_FORMS["shop"]
    spellings = ["b1@shop.test", "B1@shop.test", "b1@SHOP.test", " B1@Shop.Test "]
    answers = [
        client.post(url, {user_field: spellings[i % 4], password_field: "salah", **extra}).status_code
        for i in range(16)
    ]
    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1) and set(answers[limit - 1 :]) == {429}, answers
    for spelling in spellings:
        response = client.post(url, {user_field: spelling, password_field: PASSWORD, **extra})
        assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.services
def test_unicode_look_alikes_the_login_accepts_do_not_escape_the_lock(client, settings):
    """On PostgreSQL the login's case-insensitive match (``UPPER()``) also takes ``ı`` for
    ``i``; such a spelling reaches the account, so it must count against its lock."""
    user = get_user_model().objects.create_user(email="pemilik@shop.test", password=PASSWORD)
    url, (user_field, password_field), extra = LOGIN_FORMS["shop"]
    look_alike = "pemılık@shop.test"
    first = client.post(url, {user_field: look_alike, password_field: PASSWORD, **extra})
    assert first.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)  # the login takes it
    client.logout()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {user_field: user.email, password_field: "salah", **extra})
    response = client.post(url, {user_field: look_alike, password_field: PASSWORD, **extra})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_is_in_indonesian_and_offers_a_password_reset(client, owner_user, settings):
    url, (user_field, password_field), extra = LOGIN_FORMS["shop"]
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(url, {user_field: owner_user.email, password_field: "salah", **extra})
    body = response.content.decode()
    assert response.status_code == 429
    assert reverse("password-reset") in body
    assert "Terlalu banyak" in body or "terlalu banyak" in body.lower()


@pytest.mark.parametrize("url", ["/shop/password-reset/", "/cms/password_reset/"])
def test_password_reset_is_throttled_per_ip(client, owner_user, url, settings):
    answers = []
    for i in range(settings.PASSWORD_RESET_LIMIT_PER_IP + 2):
        answers.append(client.post(url, {"email": f"orang{i}@example.com"}).status_code)
    limit = settings.PASSWORD_RESET_LIMIT_PER_IP
    assert all(code in (200, 302) for code in answers[:limit]), answers
    assert answers[limit:] == [429, 429]


def test_password_reset_is_throttled_per_email_across_addresses(client, owner_user, settings):
    limit = settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    answers = [
        client.post(
            "/shop/password-reset/", {"email": owner_user.email}, REMOTE_ADDR=f"10.0.0.{i}"
        ).status_code
        for i in range(limit + 2)
    ]
    assert answers[limit:] == [429, 429], answers
    assert len(mail.outbox) == limit  # the inbox gets at most ``limit`` reset e-mails an hour
    refused = client.post("/shop/password-reset/", {"email": owner_user.email}, REMOTE_ADDR="10.0.1.1")
    assert "coba lagi" in refused.content.decode()


def test_password_reset_limit_per_address_counts_every_letter_case(client, settings):
    get_user_model().objects.create_user(email="b1@shop.test", password=PASSWORD)
    limit = settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    spellings = ["b1@shop.test", "B1@shop.test", "b1@SHOP.TEST", " B1@Shop.test "]
    answers = [
        client.post("/shop/password-reset/", {"email": email}, REMOTE_ADDR=f"10.0.0.{i}").status_code
        for i, email in enumerate(spellings * 2)
    ]
    assert set(answers[limit:]) == {429}, answers
    assert len(mail.outbox) == limit


@pytest.mark.services
def test_password_reset_limit_counts_look_alikes_the_reset_form_accepts(client, settings):
    """``b1@ſhop.test`` (long s) reaches b1@shop.test's account in Django's reset form on
    PostgreSQL (``UPPER()`` match, then a case-folded comparison): it shares the limit."""
    get_user_model().objects.create_user(email="b1@shop.test", password=PASSWORD)
    limit = settings.PASSWORD_RESET_LIMIT_PER_EMAIL
    for i in range(limit):
        client.post("/shop/password-reset/", {"email": "b1@shop.test"}, REMOTE_ADDR=f"10.0.0.{i}")
    response = client.post("/shop/password-reset/", {"email": "b1@ſhop.test"}, REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert len(mail.outbox) == limit


def test_security_headers_and_csp_on_shop_pages(client, home_page):
    for url in ("/", "/shop/", "/shop/accounts/login/", "/shop/basket/"):
        response = client.get(url, follow=True)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "object-src 'none'" in policy
        assert "frame-ancestors 'self'" in policy
        assert "base-uri 'self'" in policy
        assert "form-action 'self'" in policy
        assert "http:" not in policy and "https:" not in policy and "*" not in policy  # no wildcard sources
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_inline_scripts_on_buyer_pages_and_only_the_nonced_one_on_the_dashboard(
    client, owner_user, home_page
):
    """script-src: never 'unsafe-inline' or 'unsafe-eval'. Buyer pages carry no inline script
    at all (so the anonymous page cache cannot serve a stale nonce); the dashboard's one start-up
    script carries the nonce of its own response."""
    for url in ("/", "/shop/", "/shop/basket/", "/shop/accounts/login/"):
        response = client.get(url, follow=True)
        scripts = re.search(r"script-src ([^;]*)", response["Content-Security-Policy"]).group(1)
        assert scripts == "'self'", url
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.content.decode()), url
    client.force_login(owner_user)
    response = client.get("/dashboard/", follow=True)
    scripts = re.search(r"script-src ([^;]*)", response["Content-Security-Policy"]).group(1)
    nonce = re.fullmatch(r"'self' 'nonce-([^']+)'", scripts).group(1)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline == [f' nonce="{nonce}"']
    assert "unsafe-inline" not in response["Content-Security-Policy"].split("style-src")[0]


def test_the_wagtail_admin_has_its_own_script_policy(client, owner_user, home_page):
    client.force_login(owner_user)
    wagtail = client.get("/cms/")
    assert wagtail.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in wagtail["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self' 'unsafe-inline'"  # no nonce: it would void 'unsafe-inline'
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert wagtail["X-Frame-Options"] == "SAMEORIGIN"


def _production(env_overrides, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "storefront.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "toko.example.com",
        "DATABASE_URL": "sqlite:////tmp/langganan-check-deploy.sqlite3",
        **env_overrides,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _production({}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    # W019: SAMEORIGIN for Wagtail's preview; W003: currency_filters is the shop's (core/prices.py)
    assert "no issues (2 silenced)" in result.stdout


def test_production_settings_use_https_everywhere():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.DEBUG, "
        "s.SECURE_PROXY_SSL_HEADER == ('HTTP_X_FORWARDED_PROTO', 'https'))"
    )
    result = _production({}, "shell", "--no-imports", "-c", code)
    assert result.stdout.split() == ["True", "True", "True", "True", "True", "False", "True"], result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _production({"SECRET_KEY": ""}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.fixture
def production_https(settings, monkeypatch):
    """This test runs with the HTTPS and cookie settings of ``storefront.settings.production``
    (read from that module, so a change there is what is tested)."""
    import importlib

    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    production = importlib.import_module("storefront.settings.production")
    for name in dir(production):
        if name.startswith("SECURE_") or "COOKIE" in name:
            setattr(settings, name, getattr(production, name))
    # Oscar reads its recently-viewed cookie's flags once, when the module is imported (in
    # production: with the production settings already loaded).
    from oscar.apps.customer.history import CustomerHistoryManager

    monkeypatch.setitem(
        CustomerHistoryManager.cookie_kwargs, "secure", production.OSCAR_RECENTLY_VIEWED_COOKIE_SECURE
    )
    return settings


def test_production_redirects_to_https_and_sends_hsts(client, production_https, home_page):
    assert client.get("/shop/")["Location"].startswith("https://")
    response = client.get("/shop/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_every_cookie_is_secure_and_samesite_and_httponly_unless_scripts_need_it(
    client, production_https, home_page
):
    """Cookies a buyer's phone gets in production: session (login), CSRF, basket, recently
    viewed products, language, messages. Each is Secure and SameSite; all but CSRF HttpOnly."""
    from tests.factories import make_product

    get_user_model().objects.create_user(email="b1@shop.test", password=PASSWORD)
    product = make_product()
    cookies = {}
    responses = [
        client.get("/shop/accounts/login/", secure=True),
        client.get(product.get_absolute_url(), secure=True),
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}, secure=True),
        client.post(reverse("set_language"), {"language": "en", "next": "/"}, secure=True),
        client.post(
            "/shop/accounts/login/",
            {"login-username": "b1@shop.test", "login-password": PASSWORD, "login_submit": "1"},
            secure=True,
        ),
    ]
    for response in responses:
        cookies.update({name: morsel for name, morsel in response.cookies.items() if morsel.value})
    expected = {"sessionid", "csrftoken", "oscar_open_basket", "oscar_history", "django_language"}
    assert expected <= set(cookies), set(cookies)
    for name, morsel in cookies.items():
        assert morsel["secure"], name
        assert morsel["samesite"] in ("Lax", "Strict"), name
        assert morsel["httponly"] or name == "csrftoken", name  # Oscar's scripts read the CSRF token
