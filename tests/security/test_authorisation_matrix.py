"""Authorisation matrix: every URL of the project, as every kind of visitor.

Roles: anonymous, buyer A (who owns the objects), buyer B (who guesses A's ids and numbers),
a shop helper (group "Staf toko": only the dashboard pages of ``staff.roles.HELPER_PAGES``, no
Wagtail or Django admin) and the owner (superuser). A staff account without a role and an owner
by group ("Pemilik", not a superuser) are checked separately.

Expected answers: 200, ``LOGIN`` (redirect to a login page), 403, 404, 405. Buyer B asking
for A's objects must get 404, never 403 (a 403 would confirm the object exists).

The dashboard, Wagtail admin and Django admin are walked from the URL resolver, so a URL
added later is checked without anybody remembering to add it here; the buyer-facing URLs must
each be listed in ``BUYER_URLS`` or ``PUBLIC_URL_NAMES``, and a test fails when one is missing.
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from oscar.core.loading import get_model
from PIL import Image

from crm.models import Feedback, FeedbackSource
from crm.services import find_or_create_customer
from crm.survey import make_token
from loyalty import services as loyalty_services
from loyalty.models import Reward, RewardClaim, RewardKind
from staff import roles
from storefront.payment.models import PaymentReceipt
from tests.factories import place_with_order_creator, shop_ready
from tests.url_map import STAFF_PREFIXES, walk

pytestmark = pytest.mark.django_db

Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")

LOGIN = "login"
ROLES = ("anonymous", "buyer_a", "buyer_b", "helper", "owner")
LOGIN_PATHS = ("/shop/accounts/login/", "/dashboard/login/", "/cms/login/", "/django-admin/login/")


def answer(response):
    """The response reduced to what the matrix compares: a status code or ``LOGIN``."""
    if response.status_code in (301, 302) and response["Location"].split("?")[0].endswith(LOGIN_PATHS):
        return LOGIN
    return response.status_code


# ---------------------------------------------------------------------------
# The world: buyer A's objects, buyer B, a shop helper and the owner
# ---------------------------------------------------------------------------
def jpeg_upload(name="bukti.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def world(db):
    User = get_user_model()
    shop_ready()
    buyer_a = User.objects.create_user(email="ani@example.com", password="rahasia-123")
    buyer_b = User.objects.create_user(email="beni@example.com", password="rahasia-123")
    helper = User.objects.create_user(email="kasir@example.com", password="rahasia-123")
    roles.give_role(helper, roles.HELPER_GROUP)
    owner = User.objects.create_superuser(email="pemilik@example.com", password="rahasia-123")

    order = place_with_order_creator(guest_email=buyer_a.email)
    Order.objects.filter(pk=order.pk).update(user=buyer_a, guest_email="")
    order.refresh_from_db()
    receipt = PaymentReceipt.objects.create(payment=order.payment_info, file=jpeg_upload(), is_pdf=False)
    address = UserAddress.objects.create(
        user=buyer_a,
        first_name="Ani",
        line1="Jl. Mawar 1",
        line4="Bandung",
        state="Jawa Barat",
        postcode="40111",
        country=Country.objects.get(iso_3166_1_a2="ID"),
    )
    customer = find_or_create_customer(email=buyer_a.email, name="Ani", user=buyer_a)
    feedback = Feedback.objects.create(
        customer=customer,
        source=FeedbackSource.ORDER_COMPLAINT,
        order=order,
        comment="Kemasan rusak",
        name="Ani",
    )
    account = loyalty_services.account_for_user(buyer_a)
    loyalty_services.adjust_points(account, 500, "saldo awal", by=None)
    reward = Reward.objects.create(
        name="Potongan", kind=RewardKind.RUPIAH, points_cost=100, value=10000, stock=5
    )
    claim = loyalty_services.claim_reward(account, reward)
    assert isinstance(claim, RewardClaim)
    return {
        "users": {"buyer_a": buyer_a, "buyer_b": buyer_b, "helper": helper, "owner": owner},
        "order": order,
        "receipt": receipt,
        "address": address,
        "customer": customer,
        "feedback": feedback,
        "claim": claim,
        "reward": reward,
        "line": order.lines.first(),
    }


def client_as(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def order_kwargs(w):
    return {"order_number": w["order"].number, "hash": w["order"].verification_hash()}


# ---------------------------------------------------------------------------
# Buyer-facing URLs: (name, method, kwargs(world), {role: expected})
# ---------------------------------------------------------------------------
OWN = {"anonymous": LOGIN, "buyer_a": 200, "buyer_b": 404, "helper": 404, "owner": 404}
ACCOUNT_PAGE = {"anonymous": LOGIN, "buyer_a": 200, "buyer_b": 200, "helper": 200, "owner": 200}
# Reached with the signed order link: only the buyer and the shop's staff.
ORDER_TOOL = {"anonymous": 404, "buyer_a": 200, "buyer_b": 404, "helper": 200, "owner": 200}
OWN_POST = {"anonymous": LOGIN, "buyer_b": 404, "helper": 404, "owner": 404}

BUYER_URLS = [
    ("customer:summary", "get", None, {**dict.fromkeys(ROLES, 302), "anonymous": LOGIN}),
    ("customer:profile-view", "get", None, ACCOUNT_PAGE),
    ("customer:profile-update", "get", None, ACCOUNT_PAGE),
    ("customer:change-password", "get", None, ACCOUNT_PAGE),
    ("customer:order-list", "get", None, ACCOUNT_PAGE),
    ("customer:address-list", "get", None, ACCOUNT_PAGE),
    ("customer:email-list", "get", None, ACCOUNT_PAGE),
    ("customer:notifications-inbox", "get", None, ACCOUNT_PAGE),
    ("customer:notifications-archive", "get", None, ACCOUNT_PAGE),
    ("customer:alerts-list", "get", None, ACCOUNT_PAGE),
    ("customer:wishlists-list", "get", None, ACCOUNT_PAGE),
    ("loyalty:account", "get", None, ACCOUNT_PAGE),
    ("loyalty:birthday", "get", None, {"anonymous": LOGIN}),
    ("crm_account:feedback-list", "get", None, ACCOUNT_PAGE),
    ("customer:order", "get", lambda w: {"order_number": w["order"].number}, OWN),
    (
        "customer:order-line",
        "get",
        lambda w: {"order_number": w["order"].number, "line_id": w["line"].pk},
        {**OWN, "buyer_a": 302},  # back to the order page
    ),
    (
        "customer:order-line",
        "get",
        lambda w: {"order_number": w["order"].number, "line_id": 999999},
        OWN_POST,
    ),
    ("customer:address-detail", "get", lambda w: {"pk": w["address"].pk}, OWN),
    ("customer:address-delete", "get", lambda w: {"pk": w["address"].pk}, OWN),
    ("customer:address-delete", "post", lambda w: {"pk": w["address"].pk}, OWN_POST),
    (
        "customer:address-change-status",
        "post",
        lambda w: {"pk": w["address"].pk, "action": "default_for_shipping"},
        OWN_POST,
    ),
    (
        "checkout:user-address-update",
        "get",
        lambda w: {"pk": w["address"].pk},
        {"buyer_b": 404, "helper": 404},
    ),
    (
        "checkout:user-address-delete",
        "post",
        lambda w: {"pk": w["address"].pk},
        {"buyer_b": 404, "helper": 404},
    ),
    ("crm_account:feedback-detail", "get", lambda w: {"pk": w["feedback"].pk}, OWN),
    (
        "crm_account:order-complaint",
        "post",
        lambda w: {"order_number": w["order"].number},
        {"anonymous": LOGIN, "buyer_b": 404},
    ),
    ("loyalty:cancel-claim", "post", lambda w: {"pk": w["claim"].pk}, {"anonymous": LOGIN, "buyer_b": 404}),
    ("checkout:invoice", "get", order_kwargs, ORDER_TOOL),
    (
        "checkout:receipt-file",
        "get",
        lambda w: {**order_kwargs(w), "pk": w["receipt"].pk},
        ORDER_TOOL,
    ),
    ("checkout:receipt-upload", "post", order_kwargs, {"anonymous": 404, "buyer_b": 404}),
    # A's order is paid by transfer: those who may see it are sent back to its page.
    (
        "checkout:pay-online",
        "get",
        order_kwargs,
        {"anonymous": 404, "buyer_a": 302, "buyer_b": 404, "helper": 302, "owner": 302},
    ),
    # Payment gateways' notifications: signature-checked, and a 404 while the gateway has no keys.
    ("payment-gateway-notification", "post", lambda w: {"provider": "midtrans"}, dict.fromkeys(ROLES, 404)),
    # The WhatsApp webhook: signature-checked, and a 404 while WhatsApp has no keys.
    ("whatsapp-webhook", "post", None, dict.fromkeys(ROLES, 404)),
    # A's order through Oscar's guest link: not a guest order, so everybody is sent to the
    # "type your e-mail" form, which shows nothing of the order.
    ("customer:anon-order", "get", order_kwargs, dict.fromkeys(ROLES, 302)),
    # The shop's own guest pages on the same paths (e-mail or phone): the same answers.
    ("shop-anon-order", "get", order_kwargs, dict.fromkeys(ROLES, 302)),
    ("shop-anon-order-form", "get", order_kwargs, dict.fromkeys(ROLES, 200)),
    # "Add to my orders" from a guest order's page: A's order stays A's.
    (
        "shop-order-claim",
        "post",
        order_kwargs,
        {**dict.fromkeys(ROLES, 404), "anonymous": LOGIN, "buyer_a": 302},
    ),
]

# Pages anybody may open (or that need no object of another buyer); each is requested once
# anonymously below to prove it is not a 500.
PUBLIC_URL_NAMES = {
    "pwa-manifest",  # the installable shop and dashboard: no data, the same for everybody
    "pwa-service-worker",
    "pwa-offline",
    "set_language",
    "javascript-catalog",
    "home",
    "catalogue:index",
    "catalogue:detail",
    "catalogue:category",
    "catalogue:range",
    "catalogue:reviews-detail",
    "catalogue:reviews-add",
    "catalogue:reviews-vote",
    "catalogue:reviews-list",
    "basket:summary",
    "basket:add",
    "basket:vouchers-add",
    "basket:vouchers-remove",
    "basket:saved",
    "checkout:index",
    "checkout:shipping-address",
    "checkout:shipping-method",
    "checkout:payment-method",
    "checkout:payment-details",
    "checkout:preview",
    "checkout:thank-you",
    "checkout:courier-areas",  # district suggestions: public names only, 404 without Biteship
    "customer:login",
    "customer:logout",
    "customer:register",
    "customer:profile-delete",
    "customer:anon-order-form",
    "customer:email-detail",
    "customer:",
    "customer:notifications-update",
    "customer:notifications-detail",
    "customer:address-create",
    "customer:alert-create",
    "customer:alerts-confirm",
    "customer:alerts-cancel-by-key",
    "customer:alerts-cancel-by-pk",
    "customer:wishlists-add-product",
    "customer:wishlists-create",
    "customer:wishlists-create-with-product",
    "customer:wishlists-detail",
    "customer:wishlists-update",
    "customer:wishlists-delete",
    "customer:wishlists-remove-product",
    "customer:wishlists-move-product-to-another",
    "search:search",
    "offer:list",
    "offer:detail",
    "wishlists:detail",
    "password-reset",
    "password-reset-done",
    "password-reset-confirm",
    "password-reset-complete",
    "sitemap",
    "robots-txt",
    "crm:survey",
    "crm:unsubscribe",
    "loyalty:redeem",
    "loyalty:claim",
    "loyalty:referral",
    "wagtaildocs_serve",
    "wagtaildocs_authenticate_with_password",
    "wagtailcore_authenticate_with_password",
    "wagtailcore_login",
    "wagtail_serve",
}


@pytest.mark.parametrize(
    ("name", "method", "kwargs", "expected"), BUYER_URLS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_buyer_urls(client, world, name, method, kwargs, expected):
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    got = {}
    for role in expected:
        response = getattr(client_as(client, world, role), method)(url)
        got[role] = answer(response)
    assert got == expected, url


def test_every_buyer_facing_url_is_in_the_matrix():
    listed = {name for name, *_rest in BUYER_URLS} | PUBLIC_URL_NAMES | {"shop-order-line"}
    missing = sorted(
        f"{route} ({name})"
        for route, name, _p in walk()
        if not route.startswith(STAFF_PREFIXES) and name not in listed
    )
    assert not missing, "add these URLs to the authorisation matrix: " + ", ".join(missing)


def test_another_buyers_objects_are_404_and_leave_them_untouched(client, world):
    client_as(client, world, "buyer_b")
    client.post(reverse("customer:address-delete", kwargs={"pk": world["address"].pk}))
    client.post(reverse("loyalty:cancel-claim", kwargs={"pk": world["claim"].pk}))
    client.post(
        reverse("crm_account:order-complaint", kwargs={"order_number": world["order"].number}),
        {"comment": "bukan pesanan saya"},
    )
    client.post(reverse("checkout:receipt-upload", kwargs=order_kwargs(world)), {"receipt": jpeg_upload()})
    client.post(reverse("shop-order-claim", kwargs=order_kwargs(world)))
    world["order"].refresh_from_db()
    assert world["order"].user == world["users"]["buyer_a"]
    assert UserAddress.objects.filter(pk=world["address"].pk).exists()
    world["claim"].refresh_from_db()
    assert world["claim"].status == "claimed"
    assert Feedback.objects.filter(order=world["order"]).count() == 1
    assert PaymentReceipt.objects.filter(payment__order=world["order"]).count() == 1


def test_signed_survey_links_cannot_be_forged(client, world):
    good = make_token(world["order"])
    assert client.get(reverse("crm:survey", kwargs={"token": good})).status_code == 200
    forged = re.sub(r"\d", "7", good)  # same shape, another order id / signature
    assert client.get(reverse("crm:survey", kwargs={"token": forged})).status_code == 404
    assert client.get(reverse("crm:survey", kwargs={"token": "1"})).status_code == 404


def test_payment_receipts_have_no_public_url(client, world):
    receipt = world["receipt"]
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    stored = Path(receipt.file.path).resolve()
    assert stored.is_relative_to(private)
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not private.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not private.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    # Guessing: the storage's URL, the same path under MEDIA_URL, with or without a login.
    guesses = [receipt.file.url, settings.MEDIA_URL + receipt.file.name, "/media/receipts/"]
    for role in ("anonymous", "buyer_b", "buyer_a"):
        for guess in guesses:
            assert client_as(client, world, role).get(guess).status_code == 404, guess
    # Served through the checked view, never cached by a proxy, never sniffed as HTML.
    client_as(client, world, "buyer_a")
    response = client.get(reverse("checkout:receipt-file", kwargs={**order_kwargs(world), "pk": receipt.pk}))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_signed_order_link_with_another_orders_hash_is_404(client, world):
    other = place_with_order_creator(guest_email="lain@example.com")
    kwargs = {"order_number": world["order"].number, "hash": other.verification_hash()}
    client_as(client, world, "owner")
    assert client.get(reverse("checkout:invoice", kwargs=kwargs)).status_code == 404


def test_personal_data_exports_are_owner_only(client, world):
    for fmt in ("json", "csv"):
        url = reverse("dashboard:crm-customer-data", kwargs={"pk": world["customer"].pk, "fmt": fmt})
        got = {
            role: answer(client_as(client, world, role).get(url))
            for role in ("anonymous", "buyer_a", "buyer_b")
        }
        assert got == {"anonymous": LOGIN, "buyer_a": 403, "buyer_b": 403}
        response = client_as(client, world, "owner").get(url)
        assert response.status_code == 200
        assert "no-store" in response.get("Cache-Control", "") or response.has_header("Content-Disposition")
    for name in ("dashboard:crm-customer-export", "dashboard:crm-feedback-export"):
        url = reverse(name, kwargs={"fmt": "csv"})
        assert answer(client_as(client, world, "buyer_a").get(url)) == 403


# ---------------------------------------------------------------------------
# Staff areas, walked from the resolver
# ---------------------------------------------------------------------------
DUMMY = {
    "fmt": ["csv", "json", "xlsx"],
    "file_format": ["csv", "xlsx"],
    "action": ["default_for_billing", "confirm"],
}


def dummy_url(route, name, pattern):
    """A URL for ``pattern`` with made-up arguments (ids of objects that do not exist)."""
    groups = list(pattern.pattern.regex.groupindex) or []
    converters = getattr(pattern.pattern, "converters", {})
    names = groups or list(converters)
    if pattern.pattern.regex.groups > len(groups):
        return None  # unnamed groups: cannot reverse by name
    options = [{}]
    for arg in names:
        values = DUMMY.get(arg) or (["999999"] if arg in ("number", "order_number") else None)
        if values is None:
            values = ["999999"]
        options = [{**o, arg: v} for o in options for v in values]
    for kwargs in options:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def staff_urls(prefix):
    urls = []
    for route, name, pattern in walk():
        if not route.startswith(prefix) or not pattern.name:
            continue
        if name in ("dashboard:login", "dashboard:logout") or "login" in name or "logout" in name:
            continue
        url = dummy_url(route, name, pattern)
        if url and url.startswith("/" + prefix):
            urls.append((name, url))
    return sorted(set(urls))


DASHBOARD_URLS = staff_urls("dashboard/")


def test_the_dashboard_walk_found_the_shops_own_screens():
    names = {name for name, _url in DASHBOARD_URLS}
    for expected in (
        "dashboard:loyalty-index",
        "dashboard:loyalty-counter",
        "dashboard:index",
        "dashboard:crm-customer-data",
        "dashboard:quick-catalogue-import",
        "dashboard:order-pipeline-action",
        "dashboard:payment-settings",
        "dashboard:users-index",
    ):
        assert expected in names
    assert len(DASHBOARD_URLS) > 100


def test_every_dashboard_url_is_staff_only(client, world):
    """Anonymous → login; buyers → login (Oscar sends signed-in non-staff to log in as staff)
    or 403; never a 200. GET and POST both."""
    refused = {LOGIN, 403, 404, 405}
    leaks = []
    for role in ("anonymous", "buyer_a"):
        client_as(client, world, role)
        for name, url in DASHBOARD_URLS:
            for method in ("get", "post"):
                got = answer(getattr(client, method)(url))
                if got not in refused or (role == "anonymous" and got != LOGIN):
                    leaks.append(f"{role} {method.upper()} {url} ({name}) -> {got}")
    assert not leaks, "\n".join(leaks)


def test_every_dashboard_url_works_for_the_owner(client, world):
    """The owner never meets a 500 or a 403 on a dashboard URL (objects that do not exist 404)."""
    client_as(client, world, "owner")
    broken = []
    for name, url in DASHBOARD_URLS:
        got = answer(client.get(url))
        if got not in (200, 302, 404, 405):
            broken.append(f"{url} ({name}) -> {got}")
    assert not broken, "\n".join(broken)


# Pages of the admin sites that are public by design: their own password reset, the sprite of
# icons and the JavaScript translation catalogue (no data of the shop on any of them).
ADMIN_PUBLIC = re.compile(r"password_reset|javascript[_-]catalog|sprite|jsi18n")
# Django admin pages every staff account reaches: changing their own password, and
# django-taggit's "merge tags" form (it checks only is_staff; see docs/security.md).
ADMIN_STAFF = {"admin:password_change", "admin:password_change_done", "admin:taggit_tag_merge_tags"}


@pytest.mark.parametrize("prefix", ["cms/", "django-admin/"])
def test_admin_sites_refuse_buyers_and_staff_without_permission(client, world, prefix):
    urls = [(name, url) for name, url in staff_urls(prefix) if not ADMIN_PUBLIC.search(name)]
    assert len(urls) > 50
    leaks = []
    for role in ("anonymous", "buyer_a", "helper"):
        client_as(client, world, role)
        for name, url in urls:
            response = client.get(url)
            got = answer(response)
            if got in (LOGIN, 403, 404, 405):
                continue
            if (
                role == "helper"
                and prefix == "django-admin/"
                and (
                    url == "/django-admin/"
                    or name in ADMIN_STAFF
                    or (got == 302 and response["Location"].startswith("/django-admin/"))
                )
            ):
                continue  # staff reach Django's admin index, which lists nothing without permissions
            leaks.append(f"{role} GET {url} ({name}) -> {got}")
    assert not leaks, "\n".join(leaks[:50])


def test_the_owner_reaches_the_wagtail_admin_and_staff_need_its_permission(client, world, home_page):
    assert client_as(client, world, "owner").get("/cms/").status_code == 200
    assert answer(client_as(client, world, "helper").get("/cms/")) in (LOGIN, 403)
    helper = world["users"]["helper"]
    helper.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert client_as(client, world, "helper").get("/cms/").status_code == 200


def test_public_pages_answer_anonymous_visitors_without_errors(client, world, home_page):
    for url in (
        "/",
        "/shop/",
        "/shop/catalogue/",
        "/shop/basket/",
        "/shop/accounts/login/",
        "/robots.txt",
        "/sitemap.xml",
        "/shop/password-reset/",
        "/shop/offers/",
        "/shop/search/?q=kopi",
    ):
        assert client.get(url).status_code in (200, 302), url


def test_the_helper_reaches_only_the_daily_work(client, world):
    """The shop helper, walked over every dashboard URL: the pages of ``HELPER_PAGES`` open
    (never 403 or 500), every other page — including any added later — is 403, GET and POST."""
    client_as(client, world, "helper")
    wrong = []
    for name, url in DASHBOARD_URLS:
        listed = name in roles.HELPER_PAGES
        # The pipeline URL is walked with an action name no button has: refused like "cancel".
        allowed = listed and name != "dashboard:order-pipeline-action"
        for method in ("get", "post"):
            got = answer(getattr(client, method)(url))
            if (allowed and got in (403, 500)) or (not listed and got != 403):
                wrong.append(f"helper {method.upper()} {url} ({name}) -> {got}")
    assert not wrong, "\n".join(wrong)
    visible = {name for name, _url in DASHBOARD_URLS if name in roles.HELPER_PAGES}
    assert visible == set(roles.HELPER_PAGES)  # every page of the table exists


def test_staff_without_a_role_reach_no_dashboard_page(client, world):
    User = get_user_model()
    nobody = User.objects.create_user(email="tanpa-peran@example.com", password="rahasia-123")
    User.objects.filter(pk=nobody.pk).update(is_staff=True)
    client.force_login(nobody)
    opened = [f"{url} ({name})" for name, url in DASHBOARD_URLS if answer(client.get(url)) != 403]
    assert not opened, "\n".join(opened)
