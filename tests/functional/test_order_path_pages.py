"""The smaller pieces of the order path, through real HTTP: the buyer's order history, review
links, one history row per order, rewards above the buyer's tier, the owner's summary."""

from decimal import Decimal

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from core import order_statuses
from loyalty import services
from loyalty.models import Reward, RewardKind, Tier
from storefront.order import services as order_services
from tests.factories import make_basket, make_buyer, move_to, place_with_order_creator, shop_ready

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
ProductReview = get_model("reviews", "ProductReview")


def test_order_history_is_a_card_per_order_with_its_status_and_no_date_widget(client, buyer):
    shop_ready()
    waiting = place_with_order_creator()
    cancelled = place_with_order_creator()
    Order.objects.filter(pk__in=[waiting.pk, cancelled.pk]).update(user=buyer)
    order_services.cancel(cancelled.pk, "stok habis")

    for url in (
        reverse("customer:order-list"),
        reverse("customer:order-list") + f"?order_number={waiting.number}",
    ):
        page = client.get(url).content.decode()
        assert "%(" not in page
        assert "tempusdominus" not in page and "moment-with-locales" not in page
        assert "Menunggu pembayaran" in page
    page = client.get(reverse("customer:order-list")).content.decode()
    assert page.count('class="order-card') == 2
    assert "Dibatalkan" in page and "Nomor pesanan" in page


def test_write_a_review_only_on_paid_orders_and_a_sent_review_waits_for_moderation(client, buyer):
    shop_ready()
    unpaid = place_with_order_creator()
    Order.objects.filter(pk=unpaid.pk).update(user=buyer)
    page = client.get(reverse("customer:order", kwargs={"order_number": unpaid.number})).content.decode()
    assert "Tulis ulasan" not in page

    order_services.confirm_payment(unpaid.pk)
    page = client.get(reverse("customer:order", kwargs={"order_number": unpaid.number})).content.decode()
    assert "Tulis ulasan" in page

    product = unpaid.lines.get().product
    ProductReview.objects.create(product=product, user=buyer, title="Enak", body="Mantap", score=5)
    page = client.get(reverse("customer:order", kwargs={"order_number": unpaid.number})).content.decode()
    assert "Tulis ulasan" not in page and "menunggu moderasi" in page


def test_loyalty_history_shows_one_row_per_order(client, buyer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = place_with_order_creator(
            make_basket(buyer, Decimal("120000")), user=buyer, payment_method=None, shipping_address=None
        )
    page = client.get(reverse("loyalty:account")).content.decode()
    assert page.count(f"Pesanan {order.number}") == 1
    with django_capture_on_commit_callbacks(execute=True):
        move_to(order, order_statuses.COMPLETED)
    page = client.get(reverse("loyalty:account")).content.decode()
    assert page.count(f"Pesanan {order.number}") == 1
    assert "+12" in page


def test_a_reward_above_the_buyers_tier_has_no_active_claim_button(client, buyer):
    services.ensure_default_tiers()
    account = services.account_for_user(buyer)
    services.adjust_points(account, 1000, "saldo", by=None)
    services.update_tier(account)
    gold = Tier.objects.get(name="Gold")
    Reward.objects.create(
        name="Tas Gold", kind=RewardKind.RUPIAH, points_cost=100, value=10000, min_tier=gold
    )
    page = client.get(reverse("loyalty:account")).content.decode()
    form = page.split("Tas Gold", 1)[1].split("</form>", 1)[0]
    assert "disabled" in form and "Gold" in form


def test_owner_summary_does_not_count_a_refunded_redemption(client, django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model

    buyer = make_buyer()
    account = services.account_for_user(buyer)
    services.adjust_points(account, 500, "saldo", by=None)
    reward = Reward.objects.create(name="Potongan", kind=RewardKind.RUPIAH, points_cost=200, value=20000)
    services.cancel_claim(services.claim_reward(account, reward))
    report = services.owner_report()
    assert report["redeemed"] == 0
    assert all(month["redeemed"] == 0 for month in report["months"])
    owner = get_user_model().objects.create_user(email="pemilik@example.com", password="x")
    owner.is_staff = owner.is_superuser = True
    owner.save()
    client.force_login(owner)
    page = client.get("/dashboard/loyalty/").content.decode()
    assert "0 dari 500 poin" in page or "0 of 500" in page


def test_the_demo_shop_picks_up_in_yogyakarta_and_offers_qris(settings, tmp_path):
    import io

    from storefront.checkout import demo
    from storefront.payment.models import PaymentMethod
    from storefront.payment.services import available_methods
    from storefront.shipping.rates import shipping_settings

    settings.MEDIA_ROOT = tmp_path
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent
    assert "Yogyakarta" in shipping_settings().pickup_address
    assert "Bandung" not in shipping_settings().pickup_address
    assert PaymentMethod.QRIS in available_methods("DI Yogyakarta")
