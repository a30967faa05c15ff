"""Never fill or benchmark a real shop: the database must be empty or made by generate_scale_data."""

from django.core.management.base import CommandError
from oscar.core.loading import get_model

from bench.models import ScaleDataRun


def is_scale_database():
    """True when ``generate_scale_data`` has filled this database."""
    return ScaleDataRun.objects.exists()


def is_empty_shop():
    """True when the shop has no orders, products or customers yet."""
    from crm.models import Customer

    return not (
        get_model("order", "Order").objects.exists()
        or get_model("catalogue", "Product").objects.exists()
        or Customer.objects.exists()
    )


def refuse_real_shop(force=False, *, allow_empty):
    """Raise ``CommandError`` unless the database was made by generate_scale_data (or is empty,
    when ``allow_empty``) — or ``force`` says the operator knows what they are doing."""
    if force or is_scale_database() or (allow_empty and is_empty_shop()):
        return
    raise CommandError(
        "This database holds a shop that generate_scale_data did not make. Refusing to touch it; "
        "point DATABASE_URL at an empty benchmark database (or pass --force)."
    )
