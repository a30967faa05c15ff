"""The buyer's loyalty pages and the owner's screens through real HTTP."""

from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse

from crm.models import Customer
from loyalty import services
from loyalty.models import Account, BonusKind, Entry, EntryKind, Reward, RewardClaim, RewardKind
from staff import roles
from tests.factories import make_buyer, make_product

pytestmark = pytest.mark.django_db


def _give(user, points):
    account = services.account_for_user(user)
    services.adjust_points(account, points, "saldo awal", by=None)
    account.refresh_from_db()
    return account


def test_buyer_page_shows_points_value_tier_progress_and_history(client, buyer):
    _give(buyer, 120)
    response = client.get("/shop/accounts/loyalty/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "120 poin" in body
    assert "Rp\xa012.000" in body  # 120 × Rp 100
    assert "lagi ke Silver" in body
    assert "saldo awal" in body


def test_buyer_page_needs_a_login(client):
    response = client.get("/shop/accounts/loyalty/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_points_chosen_in_the_basket_show_as_an_oscar_discount(client, buyer):
    _give(buyer, 300)
    product = make_product(price=Decimal("100000"), stock=100)
    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 1})
    response = client.post(reverse("loyalty:redeem"), {"points": 200, "next": "/shop/basket/"})
    assert response.status_code == 302 and response["Location"] == "/shop/basket/"
    basket_page = client.get("/shop/basket/")
    body = basket_page.content.decode()
    assert "Penukaran poin" in body
    assert basket_page.context["basket"].total_incl_tax == Decimal("80000.00")


def test_too_many_points_give_a_clear_message_and_no_discount(client, buyer):
    _give(buyer, 1000)
    product = make_product(price=Decimal("100000"), stock=100)
    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 1})
    response = client.post(reverse("loyalty:redeem"), {"points": 700}, follow=True)
    assert "50%" in response.content.decode()
    assert response.context["basket"].total_incl_tax == Decimal("100000.00")


def test_redeem_partial_renders_the_form_for_a_buyer_with_points(client, buyer, rf):
    _give(buyer, 300)
    product = make_product(price=Decimal("100000"), stock=100)
    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 2})
    page = client.get("/shop/basket/")
    html = render_to_string(
        "loyalty/partials/checkout_points.html", {"basket": page.context["basket"]}, request=page.wsgi_request
    )
    assert 'action="/shop/accounts/loyalty/tukar/"' in html
    assert 'max="300"' in html
    assert "20 poin" in html  # Rp 200.000 earns 20 points


def test_claimed_reward_voucher_works_for_its_buyer_only(client, buyer):
    from django.test import Client

    _give(buyer, 500)
    reward = Reward.objects.create(
        name="Potongan Rp 25.000", kind=RewardKind.RUPIAH, points_cost=250, value=Decimal("25000"), stock=5
    )
    client.post(reverse("loyalty:claim", args=[reward.pk]))
    claim = RewardClaim.objects.get()
    assert services.account_for_user(buyer).available == 250
    product = make_product(price=Decimal("100000"), stock=100)

    other = Client()
    other.force_login(make_buyer("lain@example.com"))
    other.post(reverse("basket:add", args=[product.pk]), {"quantity": 1})
    other.post(reverse("basket:vouchers-add"), {"code": claim.voucher.code})
    assert other.get("/shop/basket/").context["basket"].total_incl_tax == Decimal("100000.00")

    client.post(reverse("basket:add", args=[product.pk]), {"quantity": 1})
    client.post(reverse("basket:vouchers-add"), {"code": claim.voucher.code})
    assert client.get("/shop/basket/").context["basket"].total_incl_tax == Decimal("75000.00")


def test_unused_reward_can_be_cancelled_back_to_points_but_not_by_another_buyer(client, buyer):
    from django.test import Client

    _give(buyer, 500)
    reward = Reward.objects.create(name="Gratis ongkir", kind=RewardKind.FREE_SHIPPING, points_cost=100)
    claim = services.claim_reward(services.account_for_user(buyer), reward)
    other = Client()
    other.force_login(make_buyer("lain@example.com"))
    assert other.post(reverse("loyalty:cancel-claim", args=[claim.pk])).status_code == 404
    client.post(reverse("loyalty:cancel-claim", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == "cancelled"
    assert services.account_for_user(buyer).available == 500


def test_sold_out_reward_is_refused_with_a_message(client, buyer):
    _give(buyer, 500)
    reward = Reward.objects.create(
        name="Tas kain", kind=RewardKind.RUPIAH, points_cost=100, value=10000, stock=0
    )
    response = client.post(reverse("loyalty:claim", args=[reward.pk]), follow=True)
    assert "habis" in response.content.decode()
    assert services.account_for_user(buyer).available == 500


def test_the_kept_rewards_on_offer_follow_every_change(client, buyer, monkeypatch):
    """The rewards on offer are kept for every buyer (``services.rewards_on_offer``): a new
    reward, a rename, a claim's stock, a tier's new name and a reward's end all show at once."""
    import datetime

    from django.utils import timezone

    account = _give(buyer, 500)

    def page():
        return client.get("/shop/accounts/loyalty/").content.decode()

    assert "Tas kain" not in page()  # kept: no rewards
    reward = Reward.objects.create(
        name="Tas kain", kind=RewardKind.RUPIAH, points_cost=100, value=10000, stock=3
    )
    on_offer = f'action="{reverse("loyalty:claim", args=[reward.pk])}"'  # its claim button
    assert "Tas kain" in page() and "sisa 3" in page()
    reward.name = "Tas batik"
    reward.save()
    assert "Tas batik" in page() and "Tas kain" not in page()
    services.claim_reward(account, reward)
    assert "sisa 2" in page()
    gold = services.tier_levels()[-1]
    reward.min_tier = gold
    reward.save()
    assert f"untuk {gold.name} ke atas" in page()
    gold.name = "Emas"
    gold.save()
    assert "untuk Emas ke atas" in page()
    reward.ends_at = timezone.now() + datetime.timedelta(hours=1)
    reward.save()
    assert on_offer in page()
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert on_offer not in page()  # ended: nothing was saved, the kept dates are checked


def test_birthday_is_locked_for_30_days_after_a_change(client, buyer):
    client.post(reverse("loyalty:birthday"), {"birthday": "1990-05-01"})
    response = client.post(reverse("loyalty:birthday"), {"birthday": "1990-06-01"}, follow=True)
    assert Customer.objects.get(user=buyer).birthday.isoformat() == "1990-05-01"
    assert "30 hari" in response.content.decode() or "setelah" in response.content.decode()


def test_referral_link_credits_both_after_the_friends_first_completed_order(
    client, settings, django_capture_on_commit_callbacks
):
    from core import order_statuses
    from tests.factories import make_basket, move_to, place_with_order_creator

    referrer = make_buyer("ani@example.com")
    code = services.account_for_user(referrer).referral_code
    client.get(reverse("loyalty:referral", args=[code]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/shop/accounts/register/",
            {
                "email": "teman@example.com",
                "password1": "Kopi-susu-2026!",
                "password2": "Kopi-susu-2026!",
            },
        )
    friend = Customer.objects.get(email="teman@example.com").user
    assert services.account_for_user(friend).referred_by.customer.user == referrer
    with django_capture_on_commit_callbacks(execute=True):
        order = place_with_order_creator(
            make_basket(friend, Decimal("50000")), user=friend, payment_method=None, shipping_address=None
        )
    with django_capture_on_commit_callbacks(execute=True):
        move_to(order, order_statuses.COMPLETED)
    assert Entry.objects.filter(kind=EntryKind.BONUS, source_type=BonusKind.REFERRAL).count() == 2
    assert services.account_for_user(referrer).available == 50


def test_dashboard_screens_answer_for_staff(client, owner):
    _give(make_buyer(), 10)
    for name in ["index", "settings", "tiers", "bonuses", "rewards", "reward-create", "accounts", "counter"]:
        assert client.get(reverse(f"dashboard:loyalty-{name}")).status_code == 200, name


def test_dashboard_is_refused_to_buyers(client, buyer):
    assert client.get(reverse("dashboard:loyalty-counter")).status_code in (302, 403)


def test_counter_sale_finds_the_customer_by_phone_and_prints_a_receipt(client, owner):
    page = client.get(reverse("dashboard:loyalty-counter"))
    token = page.context["form"].initial["token"]
    data = {"phone": "0812-3456-7890", "amount": "75000", "name": "Bu Wati", "token": token}
    response = client.post(reverse("dashboard:loyalty-counter"), data, follow=True)
    assert "Rp\xa075.000" in response.content.decode()
    customer = Customer.objects.get(phone="+6281234567890")
    assert services.points_summary(customer).available == 7
    client.post(reverse("dashboard:loyalty-counter"), data)  # double tap: same token
    assert Entry.objects.filter(source_type="counter").count() == 1


@pytest.mark.parametrize(
    "phone, amount, message", [("12ab", "5000", "tidak valid"), ("08123456789", "0", "nol")]
)
def test_counter_sale_bad_input_is_refused_with_a_message(client, owner, phone, amount, message):
    data = {"phone": phone, "amount": amount, "token": "8c1c3d2e-6b0e-4a38-9c61-3c9d0f1b2a11"}
    response = client.post(reverse("dashboard:loyalty-counter"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Entry.objects.exists()


def test_manual_adjustment_needs_a_reason_and_cannot_go_negative(client, owner, owner_user):
    account = _give(make_buyer(), 40)
    url = reverse("dashboard:loyalty-account", args=[account.pk])
    refused = client.post(url, {"points": 10, "reason": "  "})
    assert refused.context["form"].errors["reason"]
    assert "cukup" in client.post(url, {"points": -100, "reason": "koreksi"}).content.decode()
    client.post(url, {"points": -15, "reason": "salah input"})
    account.refresh_from_db()
    assert account.available == 25
    entry = account.entries.filter(kind=EntryKind.ADJUST, available_delta=-15).get()
    assert entry.created_by == owner_user and entry.note == "salah input"


def test_reward_form_needs_the_product_for_a_free_product_reward(client, owner):
    response = client.post(
        reverse("dashboard:loyalty-reward-create"),
        {
            "name": "Gratis kopi",
            "kind": "product",
            "points_cost": 100,
            "value": 0,
            "voucher_days": 30,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert not Reward.objects.exists()


def _fill_account(user, n):
    account = _give(user, 10_000)
    for i in range(n):
        services.adjust_points(account, 1, f"koreksi {i}", by=None)
        reward = Reward.objects.create(name=f"Hadiah {i}", kind=RewardKind.RUPIAH, points_cost=10, value=1000)
        if i % 3 == 0:
            services.claim_reward(account, reward)
    return account


def test_buyer_page_queries_do_not_grow_with_history(client, buyer, django_assert_max_num_queries):
    _fill_account(buyer, 3)
    client.get("/shop/accounts/loyalty/")  # first visit creates the default rows
    with django_assert_max_num_queries(30) as few:
        client.get("/shop/accounts/loyalty/")
    budget = len(few.captured_queries)  # read now: every request starts a new query log
    _fill_account(buyer, 15)
    client.get("/shop/accounts/loyalty/")  # the rewards on offer, kept, are read again once
    with django_assert_max_num_queries(budget):
        assert client.get("/shop/accounts/loyalty/").status_code == 200


def test_dashboard_lists_queries_do_not_grow(client, owner, django_assert_max_num_queries):
    for i in range(3):
        _fill_account(make_buyer(f"b{i}@example.com"), 2)
    urls = [
        reverse("dashboard:loyalty-accounts"),
        reverse("dashboard:loyalty-rewards"),
        reverse("dashboard:loyalty-index"),
    ]
    budgets = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(40) as few:
            client.get(url)
        budgets[url] = len(few.captured_queries)
    for i in range(3, 12):
        _fill_account(make_buyer(f"b{i}@example.com"), 2)
    for url in urls:
        with django_assert_max_num_queries(budgets[url]):
            assert client.get(url).status_code == 200
    account = Account.objects.first()
    with django_assert_max_num_queries(30):
        assert client.get(reverse("dashboard:loyalty-account", args=[account.pk])).status_code == 200


def test_a_buyer_typing_someone_elses_phone_never_sees_their_points(client):
    owner_of_phone = make_buyer("asli@example.com", phone="+6281298765432")
    _give(owner_of_phone, 500)
    impostor = make_buyer("palsu@example.com", phone="+6281298765432")
    client.force_login(impostor)
    response = client.get("/shop/accounts/loyalty/")
    assert response.context["account"].available == 0
    assert response.context["account"].customer.user == impostor


def test_product_page_says_how_many_points_it_earns(client, buyer):
    product = make_product(price=Decimal("125000"), stock=100)
    response = client.get(product.get_absolute_url())
    assert "Dapat 12 poin" in response.content.decode()


def test_product_cards_do_not_add_loyalty_queries_per_product(rf, buyer, django_assert_max_num_queries):
    from django.db.models import prefetch_related_objects
    from django.template import Context, Template
    from oscar.apps.partner.strategy import Default

    products = [make_product(price=Decimal("50000"), title=f"Kopi {i}", stock=100) for i in range(5)]
    prefetch_related_objects(products, "stockrecords__partner")  # as a list page does
    services.get_settings()  # the shop's settings row exists after the first page
    request = rf.get("/")
    request.user = buyer
    request.strategy = Default()
    template = Template(
        "{% for p in products %}"
        "{% include 'loyalty/partials/product_points.html' with product=p %}"
        "{% endfor %}"
    )
    with django_assert_max_num_queries(2):  # the buyer's account (+ settings if not cached), once
        html = template.render(Context({"products": products, "request": request}))
    assert html.count("Dapat 5 poin") == 5


def test_owner_changes_the_settings_and_the_shop_uses_them_at_once(client, owner):
    assert services.get_settings().point_value == 100
    data = {
        "rupiah_per_point_earned": 5000,
        "point_value": 50,
        "min_redeem_points": 20,
        "max_redeem_percent": 30,
        "release_days_after_shipping": 5,
        "expiry_months": 6,
        "expiry_warning_days": 7,
    }
    assert client.post(reverse("dashboard:loyalty-settings"), data).status_code == 302
    assert services.get_settings().point_value == 50
    bad = client.post(reverse("dashboard:loyalty-settings"), dict(data, max_redeem_percent=150))
    assert bad.status_code == 200 and bad.context["form"].errors["max_redeem_percent"]
    services.get_settings().__class__.objects.filter(pk=1).delete()
    from django.core.cache import cache

    cache.delete("loyalty:settings")  # the test database is rolled back; the cache is not


def test_a_reward_voucher_in_the_basket_is_named_once_with_its_code_once(client, buyer):
    """Issue 14: the basket showed "Potongan Rp 10.000 (POIN-…) (POIN-…)"."""
    _give(buyer, 500)
    reward = Reward.objects.create(
        name="Potongan Rp 10.000", kind=RewardKind.RUPIAH, points_cost=100, value=Decimal("10000"), stock=5
    )
    claim = services.claim_reward(services.account_for_user(buyer), reward)
    client.post(
        reverse("basket:add", args=[make_product(price=Decimal("100000"), stock=100).pk]), {"quantity": 1}
    )
    client.post(reverse("basket:vouchers-add"), {"code": claim.voucher.code})
    page = client.get("/shop/basket/").content.decode()
    code = claim.voucher.code
    assert f"Potongan Rp 10.000 ({code})" in page
    assert f"({code}) ({code})" not in page


def _writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


def test_pages_show_used_and_expired_rewards_without_writing(client, buyer):
    """A reward's voucher was used or ran out since the nightly task: the buyer's page and the
    owner's rewards page already say so, and a page view writes nothing."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone, translation

    from loyalty.models import ClaimStatus

    account = _give(buyer, 1000)
    used, expired, ready = (
        services.claim_reward(
            account, Reward.objects.create(name=name, kind=RewardKind.RUPIAH, points_cost=100, value=1000)
        )
        for name in ("Hadiah dipakai", "Hadiah kedaluwarsa", "Hadiah siap")
    )
    owner = get_user_model().objects.create_user(email="pemilik@example.com", password="x")
    roles.give_role(owner, roles.OWNER_GROUP)
    dashboard = Client()
    dashboard.force_login(owner)
    pages = [(client, "/shop/accounts/loyalty/"), (dashboard, reverse("dashboard:loyalty-rewards"))]
    for visitor, url in pages:  # first visits create the default rows (settings, tiers)
        assert visitor.get(url).status_code == 200
    used.voucher.num_orders = 1
    used.voucher.save()
    expired.voucher.end_datetime = timezone.now() - datetime.timedelta(minutes=1)
    expired.voucher.save()

    expected = {used.pk: ClaimStatus.USED, expired.pk: ClaimStatus.EXPIRED, ready.pk: ClaimStatus.CLAIMED}
    for visitor, url in pages:
        with CaptureQueriesContext(connection) as queries:
            response = visitor.get(url)
        assert response.status_code == 200
        assert _writes(queries.captured_queries) == []
        assert {claim.pk: claim.status_now for claim in response.context["claims"]} == expected
        with translation.override(response.wsgi_request.LANGUAGE_CODE):
            text = response.content.decode()
            assert str(ClaimStatus.USED.label) in text and str(ClaimStatus.EXPIRED.label) in text
    buyer_page = client.get("/shop/accounts/loyalty/").content.decode()
    assert ready.voucher.code in buyer_page
    assert used.voucher.code not in buyer_page and expired.voucher.code not in buyer_page
    assert set(RewardClaim.objects.values_list("status", flat=True)) == {ClaimStatus.CLAIMED}

    services.refresh_claim_statuses()  # the nightly task stores the same answer
    assert dict(RewardClaim.objects.values_list("pk", "status")) == expected
