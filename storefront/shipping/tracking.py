"""Tracking shipped orders with the courier provider (Biteship), from a beat task only — the
buyer's order page shows what was fetched, it never calls the provider itself. A parcel the
courier reports as delivered completes the order through the pipeline (``complete``)."""

import contextlib
import logging

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core import order_statuses
from storefront.order import services as order_services
from storefront.order.models import Courier, Shipment
from storefront.shipping import couriers

logger = logging.getLogger(__name__)

# The shop's couriers and the provider's courier codes.
PROVIDER_CODES = {Courier.JNE: "jne", Courier.JNT: "jnt", Courier.SICEPAT: "sicepat", Courier.POS: "pos"}
DELIVERED = "delivered"


def track_shipments(now=None):
    """Fetch the history of every shipped order with a tracking number of a known courier.
    Returns {order number: the courier's status, or "unavailable"}. Safe to run twice."""
    client = couriers.provider()
    if client is None:
        return {}
    now = now or timezone.now()
    shipments = (
        Shipment.objects.filter(order__status=order_statuses.SHIPPED, courier__in=list(PROVIDER_CODES))
        .exclude(tracking_number="")
        .select_related("order")
    )
    results = {}
    for shipment in shipments:
        number = shipment.order.number
        try:
            status, history = client.track(shipment.tracking_number, PROVIDER_CODES[shipment.courier])
        except couriers.CourierUnavailable as error:
            logger.warning("Could not track order %s: %s", number, error)
            results[number] = "unavailable"
            continue
        shipment.tracking_status, shipment.tracked_at = status, now
        shipment.tracking_history = [
            {**step, "updated_at": step["updated_at"].isoformat() if step["updated_at"] else ""}
            for step in history
        ]
        shipment.save(update_fields=["tracking_status", "tracking_history", "tracked_at"])
        if status == DELIVERED:
            with contextlib.suppress(order_services.OrderActionRefused):  # completed meanwhile
                order_services.complete(shipment.order_id)
        results[number] = status
    return results


def tracking_steps(shipment):
    """The stored history newest first, with datetimes, for the buyer's order page."""
    steps = []
    for step in reversed(getattr(shipment, "tracking_history", None) or []):
        steps.append({"note": step.get("note", ""), "when": parse_datetime(step.get("updated_at") or "")})
    return steps
