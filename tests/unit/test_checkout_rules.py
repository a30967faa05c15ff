"""Unit tests of the checkout rules: shipping rates, unique code, deadline, pipeline moves."""

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from core import order_statuses
from storefront.payment.services import PaymentRefused, payment_deadline, pick_unique_code
from storefront.shipping.models import ProvinceRate, ShippingSettings
from storefront.shipping.rates import ensure_province_rates, province_rate
from storefront.shipping.regions import PROVINCES, ensure_indonesia
from storefront.shipping.repository import Repository


def basket_of(total):
    return SimpleNamespace(total_incl_tax=Decimal(total), currency="IDR")


# --- shipping ---------------------------------------------------------------------------


def test_there_are_38_provinces_with_positive_rates():
    assert len(PROVINCES) == 38
    assert len({name for name, _rate in PROVINCES}) == 38
    assert all(rate > 0 for _name, rate in PROVINCES)


@pytest.mark.django_db
def test_seeding_province_rates_is_idempotent_and_keeps_owner_edits():
    assert ensure_province_rates() == 38
    ProvinceRate.objects.filter(province="Bali").update(rate=Decimal("99000"))
    assert ensure_province_rates() == 0
    assert ProvinceRate.objects.count() == 38
    assert province_rate("Bali").rate == Decimal("99000")
    assert province_rate("Atlantis") is None


@pytest.mark.django_db
def test_indonesia_exists_once_and_ships():
    first = ensure_indonesia()
    second = ensure_indonesia()
    assert first.pk == second.pk == "ID"
    assert second.is_shipping_country


@pytest.mark.django_db
def test_courier_rate_follows_the_province_and_pickup_is_free():
    ensure_province_rates()
    address = SimpleNamespace(state="Papua")
    methods = Repository().get_available_shipping_methods(basket_of("50000"), shipping_addr=address)
    codes = [m.code for m in methods]
    assert codes == ["province-flat-rate", "pickup"]
    courier = methods[0].calculate(basket_of("50000"))
    assert courier.incl_tax == Decimal("65000")
    assert methods[1].calculate(basket_of("50000")).incl_tax == Decimal("0")


@pytest.mark.django_db
def test_free_shipping_from_the_threshold_and_pickup_can_be_switched_off():
    ensure_province_rates()
    ShippingSettings.objects.create(pk=1, free_shipping_threshold=Decimal("200000"), pickup_enabled=False)
    address = SimpleNamespace(state="Bali")
    below = Repository().get_available_shipping_methods(basket_of("199999"), shipping_addr=address)
    at = Repository().get_available_shipping_methods(basket_of("200000"), shipping_addr=address)
    assert [m.code for m in below] == ["province-flat-rate"]
    assert [m.code for m in at] == ["free-shipping"]


def test_free_shipping_threshold_empty_or_zero_means_none():
    assert not ShippingSettings(free_shipping_threshold=None).gives_free_shipping(Decimal("10000000"))
    assert not ShippingSettings(free_shipping_threshold=Decimal("0")).gives_free_shipping(Decimal("1"))


# --- unique code and deadline -------------------------------------------------------------


def test_unique_code_is_between_1_and_999_and_avoids_taken_amounts():
    total = Decimal("65000")
    taken = [total + code for code in range(1, 999)]  # only 999 is free
    assert pick_unique_code(total, taken) == 999
    code = pick_unique_code(total, [], rng=random.Random(7))
    assert 1 <= code <= 999


def test_unique_code_refused_when_every_amount_is_taken():
    total = Decimal("10000")
    with pytest.raises(PaymentRefused):
        pick_unique_code(total, [total + code for code in range(1, 1000)])


def test_deadline_is_the_window_after_placing():
    placed = datetime(2026, 1, 31, 20, 0, tzinfo=UTC)
    assert payment_deadline(placed, 24) == placed + timedelta(days=1)
    assert payment_deadline(placed, 6) == datetime(2026, 2, 1, 2, 0, tzinfo=UTC)


# --- pipeline ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (order_statuses.PENDING_PAYMENT, order_statuses.PAID),
        (order_statuses.PENDING_PAYMENT, order_statuses.PROCESSING),  # cash on delivery
        (order_statuses.PENDING_PAYMENT, order_statuses.CANCELLED),
        (order_statuses.PAID, order_statuses.PROCESSING),
        (order_statuses.PROCESSING, order_statuses.SHIPPED),
        (order_statuses.SHIPPED, order_statuses.COMPLETED),
    ],
)
def test_allowed_moves(old, new):
    assert order_statuses.can_move(old, new)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (order_statuses.PAID, order_statuses.PAID),
        (order_statuses.CANCELLED, order_statuses.PAID),
        (order_statuses.COMPLETED, order_statuses.CANCELLED),
        (order_statuses.SHIPPED, order_statuses.CANCELLED),
        (order_statuses.PENDING_PAYMENT, order_statuses.SHIPPED),
        (order_statuses.PAID, order_statuses.COMPLETED),
        ("Nonsense", order_statuses.PAID),
    ],
)
def test_illegal_moves(old, new):
    assert not order_statuses.can_move(old, new)


def test_every_status_has_an_indonesian_label():
    from django.utils import translation

    with translation.override("id"):
        labels = [str(order_statuses.status_label(s)) for s in order_statuses.ORDER_PIPELINE]
    assert labels == ["Menunggu pembayaran", "Dibayar", "Diproses", "Dikirim", "Selesai", "Dibatalkan"]


@pytest.mark.django_db
def test_demo_setup_is_idempotent():
    import io

    from storefront.checkout import demo
    from storefront.payment.models import BankAccount

    demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert BankAccount.objects.count() == 2
    assert ProvinceRate.objects.count() == 38
    assert ProvinceRate.objects.filter(cod_available=True).count() == 6
    assert ShippingSettings.objects.get().free_shipping_threshold == Decimal("300000")
