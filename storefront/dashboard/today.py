""""Hari ini": the shop's lists of the day besides the customer ones (crm), each oldest first.

Orders to pack and ship, orders shipped long ago and not completed, low stock, reviews waiting
for approval and rewards claimed and not used. Each function returns a queryset; ``listing``
cuts it to the few rows the page shows and counts the rest.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from oscar.core.loading import get_model

from core import order_statuses as statuses
from loyalty.models import ClaimStatus, RewardClaim
from storefront.payment.models import PaymentMethod

Order = get_model("order", "Order")
OrderStatusChange = get_model("order", "OrderStatusChange")
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
    """The first ``size`` rows of ``queryset``; counted in the database only when there are more.

    The rows are picked by id in a subquery first: sorting a list by a worked-out value (when an
    order left) then reads only the ids and the sort's columns of every row (in an index), and
    the whole rows of the few shown.
    """
    first_ids = queryset.values("pk")[: size + 1]
    items = list(queryset.filter(pk__in=first_ids))
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
    ``shipped_on`` is when they left: the shipment's time, or for orders shipped without one
    (before shipments were recorded) the last change to "Shipped", else when they were placed.

    An order leaves after it is placed, so only orders placed before the cut-off are read (in
    the index on status and date placed, storefront/order migration 0026), and those that left
    since the cut-off are found by their shipment or status change, instead of working out
    ``shipped_on`` for every shipped order to compare it.
    """
    cutoff = now - SHIPPED_TOO_LONG
    shipped_changes = OrderStatusChange.objects.filter(new_status=statuses.SHIPPED)
    last_shipped_change = (
        shipped_changes.filter(order=OuterRef("pk")).values("order").annotate(last=Max("date_created")).values("last")
    )
    # Orders (re)shipped since the cut-off: a week's changes, looked up by their date.
    shipped_since = shipped_changes.filter(date_created__gte=cutoff).values("order")
    left_before_cutoff = Q(shipment__shipped_at__lt=cutoff) | Q(
        ~Q(pk__in=shipped_since), shipment__isnull=True
    )
    return (
        Order.objects.filter(left_before_cutoff, status=statuses.SHIPPED, date_placed__lt=cutoff)
        .annotate(shipped_on=Coalesce("shipment__shipped_at", Subquery(last_shipped_change), "date_placed"))
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
