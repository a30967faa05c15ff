"""Staff roles: the owner (Pemilik) and the shop helper (Staf toko), the owner's staff page and
the audit log of owner actions. Through real HTTP requests, the real database and the groups
created by the data migration's function."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from oscar.core.loading import get_model

from core import order_statuses as statuses
from crm.models import Customer, Feedback, FeedbackSource
from crm.services import find_or_create_customer
from loyalty import services as loyalty_services
from staff import roles
from staff.models import OwnerAction, OwnerActionKind
from storefront.payment.models import PaymentReceipt, PaymentSettings
from tests.factories import place_with_order_creator, shop_ready

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
User = get_user_model()


@pytest.fixture
def helper(db):
    user = User.objects.create_user(email="staf@example.com", password="rahasia-123")
    roles.give_role(user, roles.HELPER_GROUP)
    return user


def pipeline(client, order, action, **data):
    url = reverse("dashboard:order-pipeline-action", kwargs={"number": order.number, "action": action})
    return client.post(url, data)


def log():
    return list(OwnerAction.objects.order_by("pk").values_list("by_email", "kind", "subject"))


def test_the_helper_confirms_ships_and_completes_and_the_log_says_who(client, helper):
    shop_ready()
    order = place_with_order_creator()
    PaymentReceipt.objects.create(payment=order.payment_info, file="receipts/r.jpg")
    client.force_login(helper)
    detail = client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).content.decode()
    assert 'id="action-confirm"' in detail
    assert "action-cancel" not in detail  # the cancel button is the owner's

    pipeline(client, order, "confirm")
    pipeline(client, order, "process")
    pipeline(client, order, "ship", courier="jne", tracking_number="JNE777")
    pipeline(client, order, "complete")
    assert Order.objects.get(pk=order.pk).status == statuses.COMPLETED
    assert log() == [
        ("staf@example.com", OwnerActionKind.PAYMENT_CONFIRMED, str(order.number)),
        ("staf@example.com", OwnerActionKind.ORDER_PROCESSING, str(order.number)),
        ("staf@example.com", OwnerActionKind.ORDER_SHIPPED, str(order.number)),
        ("staf@example.com", OwnerActionKind.ORDER_COMPLETED, str(order.number)),
    ]


def test_the_helper_cannot_cancel_an_order_but_the_owner_can(client, helper, owner_user):
    shop_ready()
    order = place_with_order_creator()
    client.force_login(helper)
    assert pipeline(client, order, "cancel", reason="stok habis").status_code == 403
    assert Order.objects.get(pk=order.pk).status == statuses.PENDING_PAYMENT
    client.force_login(owner_user)
    pipeline(client, order, "cancel", reason="stok habis")
    assert Order.objects.get(pk=order.pk).status == statuses.CANCELLED
    assert OwnerAction.objects.get().detail == "stok habis"
    assert log() == [("pemilik@example.com", OwnerActionKind.ORDER_CANCELLED, str(order.number))]


def test_the_helper_replies_to_feedback_and_records_a_counter_sale(client, helper):
    customer = find_or_create_customer(email="ani@example.com", name="Ani")
    feedback = Feedback.objects.create(
        customer=customer, source=FeedbackSource.CONTACT, comment="Kapan buka?"
    )
    client.force_login(helper)
    assert client.get(reverse("dashboard:crm-feedback-detail", kwargs={"pk": feedback.pk})).status_code == 200
    reply_url = reverse("dashboard:crm-feedback-reply", kwargs={"pk": feedback.pk})
    client.post(reply_url, {"message": "Jam 8 pagi, Kak."})
    assert feedback.replies.filter(message="Jam 8 pagi, Kak.").exists()
    assert client.get(reverse("dashboard:loyalty-counter")).status_code == 200


def test_what_the_helper_may_not_do_is_refused_and_changes_nothing(client, helper):
    customer = find_or_create_customer(email="ani@example.com", name="Ani", phone="081234567890")
    client.force_login(helper)
    refused = {
        "customer export": client.get(reverse("dashboard:crm-customer-export", kwargs={"fmt": "csv"})),
        "feedback export": client.get(reverse("dashboard:crm-feedback-export", kwargs={"fmt": "csv"})),
        "customer data": client.get(
            reverse("dashboard:crm-customer-data", kwargs={"pk": customer.pk, "fmt": "json"})
        ),
        "erase": client.post(reverse("dashboard:crm-customer-erase", kwargs={"pk": customer.pk})),
        "loyalty settings": client.post(reverse("dashboard:loyalty-settings"), {}),
        "loyalty rewards": client.get(reverse("dashboard:loyalty-rewards")),
        "manual points": client.get(reverse("dashboard:loyalty-accounts")),
        "payment settings": client.post(reverse("dashboard:payment-settings"), {"unique_code_enabled": "on"}),
        "staff page": client.post(
            reverse("dashboard:staff"), {"email": "baru@example.com", "password": "Rahasia-Sekali-123"}
        ),
        "audit log": client.get(reverse("dashboard:staff-log")),
        "customer list": client.get(reverse("dashboard:crm-customer-list")),
        "catalogue": client.get(reverse("dashboard:catalogue-product-list")),
    }
    assert {name: response.status_code for name, response in refused.items()} == dict.fromkeys(refused, 403)
    assert Customer.objects.get(pk=customer.pk).name == "Ani"
    assert not User.objects.filter(email="baru@example.com").exists()
    assert PaymentSettings.objects.count() == 0
    assert OwnerAction.objects.count() == 0


def menu_entries(user):
    """The URL names of the dashboard menu ``user`` is shown (Oscar's menu, as its template
    tag builds it)."""
    from oscar.apps.dashboard.menu import get_nodes

    return {child.url_name for node in get_nodes(user) for child in [node, *node.children] if child.url_name}


def test_the_menu_shows_the_helper_only_their_pages(helper, owner_user):
    helper_menu = menu_entries(helper)
    assert {"dashboard:order-list", "dashboard:crm-feedback-list", "dashboard:loyalty-counter"} <= helper_menu
    assert helper_menu <= set(roles.HELPER_PAGES)
    owner_menu = menu_entries(owner_user)
    for owners_only in (
        "dashboard:crm-customer-list",
        "dashboard:payment-settings",
        "dashboard:loyalty-settings",
        "dashboard:staff",
        "dashboard:staff-log",
        "dashboard:catalogue-product-list",
    ):
        assert owners_only in owner_menu and owners_only not in helper_menu, owners_only


def test_the_owner_adds_lists_and_removes_a_helper_and_the_log_keeps_it(client, owner_user):
    client.force_login(owner_user)
    staff_url = reverse("dashboard:staff")
    weak = client.post(staff_url, {"email": "sari@example.com", "password": "123"})
    assert weak.status_code == 200 and not User.objects.filter(email="sari@example.com").exists()
    client.post(staff_url, {"email": "Sari@Example.com", "name": "Sari", "password": "Kopi-Susu-2024"})
    sari = User.objects.get(email="sari@example.com")
    assert sari.is_staff and not sari.is_superuser
    assert list(sari.groups.values_list("name", flat=True)) == [roles.HELPER_GROUP]
    assert sari.check_password("Kopi-Susu-2024")
    page = client.get(staff_url).content.decode()
    assert "sari@example.com" in page and "Staf toko" in page

    # Sari signs in and works as a helper.
    assert client.login(username="sari@example.com", password="Kopi-Susu-2024")
    assert client.get(reverse("dashboard:order-list")).status_code == 200
    assert client.get(staff_url).status_code == 403

    client.force_login(owner_user)
    client.post(reverse("dashboard:staff-remove", kwargs={"pk": sari.pk}))
    sari.refresh_from_db()
    assert not sari.is_staff and not sari.groups.exists()
    client.force_login(sari)
    assert client.get(reverse("dashboard:order-list")).status_code in (302, 403)  # Oscar: not staff

    client.force_login(owner_user)
    assert log() == [
        ("pemilik@example.com", OwnerActionKind.STAFF_ADDED, "sari@example.com"),
        ("pemilik@example.com", OwnerActionKind.STAFF_REMOVED, "sari@example.com"),
    ]
    page = client.get(reverse("dashboard:staff-log")).content.decode()
    assert page.count("<td>sari@example.com</td>") == 2 and "<td>pemilik@example.com</td>" in page


def test_an_existing_buyer_account_becomes_a_helper_and_keeps_its_password(client, owner_user):
    buyer = User.objects.create_user(email="budi@example.com", password="punya-budi-123")
    client.force_login(owner_user)
    client.post(reverse("dashboard:staff"), {"email": "budi@example.com", "password": ""})
    buyer.refresh_from_db()
    assert buyer.is_staff and buyer.check_password("punya-budi-123")
    assert roles.may_use(buyer, "dashboard:order-list") and not roles.is_owner(buyer)


def test_owner_actions_are_recorded(client, owner_user):
    """Points adjusted, customer erased, exports downloaded, settings changed: who and what."""
    buyer = User.objects.create_user(email="ani@example.com", password="rahasia-123")
    customer = find_or_create_customer(email=buyer.email, name="Ani Rahasia", user=buyer)
    account = loyalty_services.account_for_user(buyer)
    client.force_login(owner_user)
    adjust_url = reverse("dashboard:loyalty-account", kwargs={"pk": account.pk})
    client.post(adjust_url, {"points": "50", "reason": "hadiah"})
    client.get(reverse("dashboard:crm-customer-export", kwargs={"fmt": "csv"}))
    client.get(reverse("dashboard:crm-customer-data", kwargs={"pk": customer.pk, "fmt": "json"}))
    client.post(reverse("dashboard:crm-customer-erase", kwargs={"pk": customer.pk}))
    kinds = [kind for _by, kind, _subject in log()]
    assert kinds == [
        OwnerActionKind.POINTS_ADJUSTED,
        OwnerActionKind.EXPORT_DOWNLOADED,
        OwnerActionKind.EXPORT_DOWNLOADED,
        OwnerActionKind.CUSTOMER_ERASED,
    ]
    assert {by for by, _kind, _subject in log()} == {"pemilik@example.com"}
    assert OwnerAction.objects.filter(kind=OwnerActionKind.POINTS_ADJUSTED).get().detail == "+50: hadiah"
    # The log of an erased customer does not keep the name that was erased.
    assert not OwnerAction.objects.filter(subject__icontains="Rahasia").exists()
    assert not OwnerAction.objects.filter(detail__icontains="Rahasia").exists()


def test_the_data_migration_creates_both_roles_and_keeps_existing_staff_in(db):
    """Existing staff accounts (not superusers) become owners; the groups hold their permissions."""
    old_staff = User.objects.create_user(email="lama@example.com", password="rahasia-123")
    User.objects.filter(pk=old_staff.pk).update(is_staff=True)
    Group.objects.filter(name__in=roles.ROLE_GROUPS).delete()
    migration = importlib.import_module("staff.migrations.0002_roles")
    migration.create_roles(django_apps, None)
    old_staff = User.objects.get(pk=old_staff.pk)
    assert roles.is_owner(old_staff)
    assert roles.may_use(old_staff, "dashboard:crm-customer-export")
    helpers = Group.objects.get(name=roles.HELPER_GROUP)
    assert sorted(helpers.permissions.values_list("codename", flat=True)) == [
        "dashboard_access",
        "handle_orders",
        "reply_feedback",
        "sell_at_counter",
    ]


def test_the_demo_shop_has_a_helper_with_the_readme_login(client):
    import io
    from pathlib import Path

    from storefront import demo

    demo.load_accounts(io.StringIO())
    demo.load_accounts(io.StringIO())  # idempotent
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    row = next(line for line in readme.splitlines() if line.startswith("| Staf toko (helper) |"))
    assert f"`{demo.HELPER_EMAIL}`" in row and f"`{demo.HELPER_PASSWORD}`" in row
    assert client.login(username=demo.HELPER_EMAIL, password=demo.HELPER_PASSWORD)
    assert client.get(reverse("dashboard:order-list")).status_code == 200
    assert client.get(reverse("dashboard:crm-customer-list")).status_code == 403


def test_the_helpers_pages_link_only_to_pages_the_helper_may_open(client, helper):
    """Every /dashboard/ link on the helper's pages (menu and content) leads somewhere the
    helper may go: what they may not use is not shown to them."""
    import re

    from django.urls import resolve

    shop_ready()
    order = place_with_order_creator()
    customer = find_or_create_customer(email=order.email or "siti@example.com", name="Siti")
    feedback = Feedback.objects.create(
        customer=customer, source=FeedbackSource.ORDER_COMPLAINT, order=order, comment="Rusak"
    )
    client.force_login(helper)
    pages = [
        reverse("dashboard:index"),
        reverse("dashboard:order-list"),
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        reverse("dashboard:crm-feedback-list"),
        reverse("dashboard:crm-feedback-detail", kwargs={"pk": feedback.pk}),
        reverse("dashboard:loyalty-counter"),
    ]
    # Oscar's order line table links each product and partner to their owner-only pages; the
    # table is Oscar's own markup (docs/security.md, out of scope).
    oscars_line_table = {"dashboard:catalogue-product", "dashboard:partner-manage"}
    dead_ends = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for href in set(re.findall(r'(?:href|action)="(/dashboard/[^"?#]*)', response.content.decode())):
            match = resolve(href)
            if match.view_name in oscars_line_table | {"dashboard:logout"}:
                continue
            if not roles.may_use(helper, match.view_name):
                dead_ends.append(f"{page} -> {href} ({match.view_name})")
    assert not dead_ends, "\n".join(sorted(dead_ends))
