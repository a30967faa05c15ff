"""Buyers and where they live: a registered buyer and an address in Indonesia."""

from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from storefront.shipping.regions import ensure_indonesia

# The buyer's address as typed into the checkout's shipping form.
ADDRESS = {
    "first_name": "Siti Aminah",
    "phone_number": "0812-3456-7890",
    "line1": "Jl. Merdeka No. 10 RT 02/RW 05",
    "line2": "Kel. Braga, Kec. Sumur Bandung",
    "line4": "Kota Bandung",
    "state": "Jawa Barat",
    "postcode": "40111",
}


def make_buyer(email="budi@example.com", password="rahasia-123", phone="", **fields):
    """A registered buyer (the custom user model has no username; ``phone`` is the WhatsApp
    number)."""
    return get_user_model().objects.create_user(email=email, password=password, phone=phone, **fields)


def make_shipping_address(first_name=ADDRESS["first_name"], last_name="", phone_number="+6281234567890"):
    """An order's shipping address: ``ADDRESS`` with the phone stored as the checkout stores it."""
    fields = {key: ADDRESS[key] for key in ("line1", "line2", "line4", "state", "postcode")}
    return get_model("order", "ShippingAddress").objects.create(
        first_name=first_name,
        last_name=last_name,
        phone_number=phone_number,
        country=ensure_indonesia(),
        **fields,
    )
