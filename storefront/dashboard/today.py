""""Hari ini": the shop's lists of the day besides the customer ones (crm), each oldest first.

Orders to pack and ship, orders shipped long ago and not completed, low stock, reviews waiting
for approval and rewards claimed and not used. Each function returns a queryset; ``listing``
cuts it to the few rows the page shows and counts the rest.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F, Max, Q, Value
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from core import order_statuses as statuses
from loyalty.models import ClaimStatus, RewardClaim
from storefront.payment.models import PaymentMethod

Order = get_model("order", "Order")
ProductReview = get_model("reviews", "ProductReview")
StockRecord = get_model("partner", "StockRecord")

LIST_SIZE = 10
# A parcel normally arrives within a week anywhere in Indonesia; after that the owner asks the
# buyer whether it came (and marks the order completed, which gives the points).
SHIPPED_TOO_LONG = timedelta(days=7)
# Stock at or below this counts as low when the product has no threshold of its own.
LOW_STOCK_DEFAULT = 3


@dataclass
class Listing:
    """The first rows of a list and how many there are in all."""

    items: list
    count: int


def listing(queryset, size=LIST_SIZE):
    """The first ``size`` rows of ``queryset``; counted in the database only when there are more."""
    items = list(queryset[: size + 1])
    if len(items) <= size:
        return Listing(items, len(items))
    return Listing(items[:size], queryset.count())


def orders_to_ship():
    """Orders to pack and send: paid, being prepared, and new cash-on-delivery orders (paid on
    delivery), the oldest first."""
    cod_waiting = Q(status=statuses.PENDING_PAYMENT, payment_info__method=PaymentMethod.COD)
    return (
        Order.objects.filter(Q(status__in=(statuses.PAID, statuses.PROCESSING)) | cod_waiting)
        .select_related("shipping_address", "payment_info")
        .order_by("date_placed", "pk")
    )


def shipped_not_completed(now):
    """Orders shipped more than ``SHIPPED_TOO_LONG`` ago and not completed, the oldest first;
    ``shipped_on`` is when they left."""
    shipped_change = Max(
        "status_changes__date_created", filter=Q(status_changes__new_status=statuses.SHIPPED)
    )
    return (
        Order.objects.filter(status=statuses.SHIPPED)
        .annotate(shipped_on=Coalesce("shipment__shipped_at", shipped_change, "date_placed"))
        .filter(shipped_on__lt=now - SHIPPED_TOO_LONG)
        .select_related("shipping_address", "shipment")
        .order_by("shipped_on", "pk")
    )


def low_stock():
    """Stock records at or below their threshold (``LOW_STOCK_DEFAULT`` without one), the
    emptiest first; ``available`` is what can still be sold."""
    return (
        StockRecord.objects.annotate(available=F("num_in_stock") - Coalesce("num_allocated", 0))
        .filter(available__lte=Coalesce("low_stock_threshold", Value(LOW_STOCK_DEFAULT)))
        .select_related("product")
        .order_by("available", "product__title")
    )


def reviews_waiting():
    """Product reviews waiting for the owner's approval, the oldest first."""
    return (
        ProductReview.objects.filter(status=ProductReview.FOR_MODERATION)
        .select_related("product")
        .order_by("date_created", "pk")
    )


def rewards_not_used(now):
    """Rewards customers claimed with their points and can still use at ``now``, the oldest first."""
    return (
        RewardClaim.objects.as_of(now)
        .filter(status_now=ClaimStatus.CLAIMED)
        .select_related("reward", "account__customer", "voucher")
        .order_by("claimed_at", "pk")
    )
