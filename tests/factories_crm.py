"""Small builders for CRM tests: Oscar orders with a chosen date, total, status and contact."""

import itertools
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from oscar.core.loading import get_model

from core.order_statuses import COMPLETED
from crm.services import link_order

Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")

_numbers = itertools.count(1)


def indonesia():
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="ID",
        defaults={"name": "Indonesia", "printable_name": "Indonesia", "is_shipping_country": True},
    )
    return country


def make_order(
    *,
    phone="",
    email="",
    user=None,
    total="100000",
    days_ago=0,
    status=COMPLETED,
    name="Budi Santoso",
    link=True,
    now=None,
):
    """An Oscar order placed ``days_ago`` days before ``now``, linked to its customer by default."""
    first, _, last = name.partition(" ")
    address = ShippingAddress.objects.create(
        first_name=first,
        last_name=last,
        line1="Jl. Merdeka 1",
        line4="Bandung",
        postcode="40111",
        country=indonesia(),
        phone_number=phone or "",
    )
    total = Decimal(total)
    order = Order.objects.create(
        number=f"T{next(_numbers):06d}",
        site_id=1,
        currency="IDR",
        total_incl_tax=total,
        total_excl_tax=total,
        shipping_incl_tax=0,
        shipping_excl_tax=0,
        shipping_address=address,
        user=user,
        guest_email="" if user else email,
        status=status,
        date_placed=(now or timezone.now()) - timedelta(days=days_ago),
    )
    if link:
        link_order(order)
    return order
