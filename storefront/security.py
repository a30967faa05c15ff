"""Small security pieces that are not a library setting: password-reset throttling.

django-axes throttles logins; nothing in Django, Oscar or Wagtail limits the password-reset
forms, which send an e-mail on every POST. A bot could use them to flood a buyer's inbox or to
find out which addresses have accounts. The limits are counted in the cache (Redis in
production) per IP address and per account (the address as the login finds it, whatever the
letter case: ``storefront.users.login_names``).
"""
import hashlib

from django.conf import settings
from django.shortcuts import render

from crm import ratelimit
from storefront.users.login_names import login_name

WINDOW_SECONDS = 60 * 60
# The shop's reset form (Oscar, /shop/password-reset/) and the Wagtail admin's (/cms/).
PASSWORD_RESET_VIEWS = {"password-reset", "wagtailadmin_password_reset"}


def password_reset_allowed(request):
    """Count one password-reset request; False once the IP or the e-mail is over its hourly limit."""
    email = request.POST.get("email", "").strip()
    by_ip = ratelimit.allow(
        request, "password-reset", limit=settings.PASSWORD_RESET_LIMIT_PER_IP, window=WINDOW_SECONDS
    )
    # Hashed: a short key whatever was posted, and no addresses kept in the cache.
    by_email = not email or ratelimit.allow_key(
        "password-reset-email:" + hashlib.sha256(login_name(email).encode()).hexdigest(),
        limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
        window=WINDOW_SECONDS,
    )
    return by_ip and by_email


class PasswordResetThrottleMiddleware:
    """Answers 429 with a friendly page when a password-reset form is posted too often."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.url_name not in PASSWORD_RESET_VIEWS:
            return None
        if password_reset_allowed(request):
            return None
        return render(request, "storefront/too_many_requests.html", status=429)


class SameSiteCookiesMiddleware:
    """Every cookie the shop sets carries ``SameSite=Lax``: Django's own cookies take it from
    settings, but Oscar sets its basket and recently-viewed cookies without one (a browser then
    guesses). Lax keeps them off other sites' requests except plain links to the shop. Listed
    first in ``MIDDLEWARE`` so it sees the cookies of every other layer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        for morsel in response.cookies.values():
            if not morsel["samesite"]:
                morsel["samesite"] = "Lax"
        return response
