"""Whose order, whose account: the one rule that decides which customer record an order or a
user account belongs to. Loyalty earns on it, the CRM counts it, the owner sees it — all
through these two functions, so they can never disagree.

- A signed-in buyer's order always belongs to that buyer's own record.
- An account takes over a guest record with its e-mail, or with its phone when that record's
  e-mail does not say otherwise; never a record already attached to another account.
- A guest order belongs to the record with its shipping phone, else its e-mail, else a new one.
- A phone already held by another record is never copied (the phone is unique): the clash is
  recorded as a ``PhoneConflict`` for the owner to look at ("merge?"), never an error.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

from core.phones import normalise_phone

from .models import Customer, CustomerOrder, PhoneConflict


def usable_phone(phone):
    """``phone`` normalised to ``+62…``, or '' when it is empty or not a usable number (a bad
    number must never stop an order from being counted)."""
    try:
        return normalise_phone(str(phone)) if phone else ""
    except ValidationError:
        return ""


def _record_conflict(customer, phone, order=None):
    """``customer`` used ``phone``, which another record holds: note it for the owner once."""
    holder = Customer.objects.filter(phone=phone).exclude(pk=customer.pk).first()
    if holder is not None:
        PhoneConflict.objects.get_or_create(
            customer=customer,
            holder=holder,
            defaults={"phone": phone, "order_id": getattr(order, "pk", None)},
        )


def _fill(customer, *, phone="", email="", name="", order=None):
    """Fill the record's empty name, e-mail and phone (never overwrite); a phone another record
    holds is recorded as a conflict instead."""
    changed = []
    if name and not customer.name:
        customer.name = name
        changed.append("name")
    if email and not customer.email:
        customer.email = email
        changed.append("email")
    if phone and not customer.phone:
        if Customer.objects.filter(phone=phone).exists():
            _record_conflict(customer, phone, order)
        else:
            customer.phone = phone
            changed.append("phone")
    elif phone and customer.phone != phone:
        _record_conflict(customer, phone, order)
    if changed:
        try:
            with transaction.atomic():
                customer.save(update_fields=changed)
        except IntegrityError:  # the phone was taken a moment ago
            customer.phone = ""
            changed.remove("phone")
            if changed:
                customer.save(update_fields=changed)
            _record_conflict(customer, phone, order)
    return customer


def _claimable_guest_record(email, phone):
    """A record without an account that this person may take over: by e-mail, or by phone
    when its e-mail is empty or the same."""
    guests = Customer.objects.filter(user__isnull=True, erased_at__isnull=True)
    if email:
        found = guests.filter(email__iexact=email).order_by("pk").first()
        if found is not None:
            return found
    if phone:
        found = guests.filter(phone=phone).first()
        if found is not None and (not found.email or found.email.lower() == email):
            return found
    return None


def customer_for_user(user):
    """The customer record of a signed-in account, claimed or created on first use.

    Serialised on the user row, so the registration's parallel tasks find one record."""
    customer = Customer.objects.filter(user=user).first()
    if customer is not None:
        return customer
    email = (user.email or "").strip().lower()
    phone = usable_phone(getattr(user, "phone", ""))
    name = user.get_full_name()
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
        customer = Customer.objects.filter(user=user).first()
        if customer is not None:
            return customer
        customer = _claimable_guest_record(email, phone)
        if customer is None:
            customer = Customer.objects.create(user=user, email=email, name=name)
        else:
            customer.user = user
            customer.save(update_fields=["user"])
    return _fill(customer, phone=phone, email=email, name=name)


def _guest_customer(phone, email, name):
    """The record of a guest: by phone when that record names no other e-mail, else by e-mail,
    else a new one (the phone, if another record holds it, then becomes a conflict)."""
    if phone:
        customer = Customer.objects.filter(phone=phone).first()
        if customer is not None and (not email or not customer.email or customer.email.lower() == email):
            return customer
    if email:
        customer = Customer.objects.filter(email__iexact=email).order_by("pk").first()
        if customer is not None:
            return customer
    free_phone = phone if phone and not Customer.objects.filter(phone=phone).exists() else ""
    try:
        with transaction.atomic():
            return Customer.objects.create(phone=free_phone, email=email, name=name)
    except IntegrityError:  # the phone was taken a moment ago
        return Customer.objects.create(email=email, name=name)


def order_contact(order):
    """(phone, e-mail, name) the buyer gave on ``order``; phone '' when unusable."""
    address = order.shipping_address if order.shipping_address_id else None
    phone = usable_phone(address.phone_number) if address is not None else ""
    email = (order.user.email if order.user_id else order.guest_email) or ""
    name = address.name if address is not None else ""
    if not name and order.user_id:
        name = order.user.get_full_name()
    return phone, email.strip().lower(), name


def customer_for_order(order):
    """The customer ``order`` belongs to (linked once, as ``CustomerOrder``), or None for a
    guest order with neither e-mail nor usable phone.

    Serialised on the order row, so the CRM's and loyalty's tasks for a new order decide once."""
    link = CustomerOrder.objects.filter(order_id=order.pk).select_related("customer").first()
    if link is not None:
        return link.customer
    phone, email, name = order_contact(order)
    if not (order.user_id or phone or email):
        return None
    Order = get_model("order", "Order")
    with transaction.atomic():
        Order.objects.select_for_update().filter(pk=order.pk).exists()
        link = CustomerOrder.objects.filter(order_id=order.pk).select_related("customer").first()
        if link is not None:
            return link.customer
        if order.user_id:
            customer = _fill(customer_for_user(order.user), phone=phone, name=name, order=order)
        else:
            customer = _guest_customer(phone, email, name)
            customer = _fill(customer, phone=phone, email=email, name=name, order=order)
        CustomerOrder.objects.create(order_id=order.pk, customer=customer)
    return customer


def link_guest_orders(user, customer):
    """A guest who registers gets their guest orders: the orders with the account's e-mail
    that belong to no other record, and the orders of the record the account took over (by
    e-mail, or by a phone whose record named no other e-mail). They become the account's
    orders (order history, reviews); the account gets the record's name and phone when it
    has none. Returns the number of orders linked."""
    from django.db.models import Q

    Order = get_model("order", "Order")
    mine = Order.objects.filter(user__isnull=True).filter(
        Q(crm_link__customer=customer) | Q(guest_email__iexact=user.email, crm_link__isnull=True)
    )
    order_ids = list(mine.values_list("pk", flat=True))
    Order.objects.filter(pk__in=order_ids).update(user=user)
    for order_id in order_ids:
        CustomerOrder.objects.get_or_create(order_id=order_id, defaults={"customer": customer})
    changed = []
    if not user.first_name and not user.last_name and customer.name:
        user.first_name = customer.name[: user._meta.get_field("first_name").max_length]
        changed.append("first_name")
    if not getattr(user, "phone", "") and customer.phone:
        user.phone = customer.phone
        changed.append("phone")
    if changed:
        user.save(update_fields=changed)
    return len(order_ids)


def email_language(customer):
    """The language to write to ``customer`` in: the one they last ordered in, while the shop
    still speaks it, else the shop's own (Indonesian)."""
    language = getattr(customer, "language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def order_email_language(order):
    """The language to write to the buyer of ``order`` in (``email_language`` of its customer)."""
    link = CustomerOrder.objects.filter(order_id=order.pk).select_related("customer").first()
    return email_language(link.customer if link is not None else None)
