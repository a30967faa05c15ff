"""Finding the one customer record behind an order, an account or a counter sale."""
from django.db import IntegrityError, transaction

from .models import Customer
from .phones import normalise_phone


def find_or_create_customer(*, phone="", email="", name="", user=None):
    """Return the customer with this phone or e-mail (phone wins), creating one if needed.

    ``phone`` may be in any common Indonesian form; it is normalised first. Missing fields
    on an existing record (name, e-mail, account) are filled in, never overwritten.
    Safe under concurrent calls: a lost race on the unique phone re-reads the winner.
    """
    phone = normalise_phone(phone) if phone else ""
    email = (email or "").strip().lower()
    customer = None
    if user is not None:
        customer = Customer.objects.filter(user=user).first()
    if customer is None and phone:
        customer = Customer.objects.filter(phone=phone).first()
    if customer is None and email:
        customer = Customer.objects.filter(email__iexact=email).order_by("pk").first()
    if customer is None:
        try:
            with transaction.atomic():
                return Customer.objects.create(phone=phone, email=email, name=name, user=user)
        except IntegrityError:
            customer = Customer.objects.get(phone=phone)
    changed = []
    for field, value in (("phone", phone), ("email", email), ("name", name), ("user", user)):
        if value and not getattr(customer, field):
            setattr(customer, field, value)
            changed.append(field)
    if changed:
        customer.save(update_fields=changed)
    return customer
