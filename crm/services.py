"""Finding the one customer record behind an order, an account or a counter sale; merging
duplicates; consent; and the personal-data rights of UU PDP (export, erase)."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core.phones import normalise_phone

from . import customers
from .models import (
    CampaignSend,
    ConsentChannel,
    ConsentRecord,
    Customer,
    CustomerOrder,
    Feedback,
)
from .signals import customers_merged

logger = logging.getLogger(__name__)


def find_or_create_customer(*, phone="", email="", name="", user=None):
    """Return the customer with this phone or e-mail (phone wins), creating one if needed.

    ``phone`` may be in any common Indonesian form; it is normalised first. Missing fields
    on an existing record (name, e-mail, phone) are filled in, never overwritten; a phone held
    by another record is recorded as a ``PhoneConflict``. With ``user``, the account's own
    record (``crm.customers.customer_for_user``). Safe under concurrent calls.
    """
    phone = normalise_phone(phone) if phone else ""
    email = (email or "").strip().lower()
    if user is not None:
        return customers._fill(customers.customer_for_user(user), phone=phone, email=email, name=name)
    return customers._fill(customers._guest_customer(phone, email, name), phone=phone, email=email, name=name)


def link_order(order):
    """Attach ``order`` to its customer (``crm.customers.customer_for_order``) and refresh
    that customer's order stats. Returns the customer, or None for an order with no way to
    reach the buyer. Safe to repeat: an order keeps its first customer."""
    customer = customers.customer_for_order(order)
    if customer is not None:
        Customer.objects.filter(pk=customer.pk).refresh_order_stats()
    return customer


def link_user(user):
    """Give a (new or returning) account its customer record and its orders: those placed
    signed in, and its earlier guest orders (``link_guest_orders``).

    Called on registration and login; safe to call any number of times.
    """
    customer = customers.customer_for_user(user)
    Order = get_model("order", "Order")
    for order in Order.objects.filter(user=user, crm_link__isnull=True):
        CustomerOrder.objects.get_or_create(order=order, defaults={"customer": customer})
    customers.link_guest_orders(user, customer)
    Customer.objects.filter(pk=customer.pk).refresh_order_stats()
    return customer


def remember_language(order, language):
    """The buyer placed ``order`` reading the shop in ``language``: what the shop e-mails them
    from now on is written in it (``crm.customers.email_language``)."""
    customer = customers.customer_for_order(order)
    if customer is not None and customer.language != language:
        Customer.objects.filter(pk=customer.pk).update(language=language)


def record_whatsapp_consent_at_checkout(order):
    """The buyer of ``order`` ticked "send me news on WhatsApp" when placing it (UU PDP: their
    own consent, recorded with its source and time)."""
    customer = customers.customer_for_order(order)
    if customer is not None:
        record_consent(
            customer,
            ConsentChannel.WHATSAPP,
            True,
            _("ticked at checkout (order %(number)s)") % {"number": order.number},
        )


def record_consent(customer, channel, granted, source):
    """Record that ``customer`` agreed (or stopped agreeing) to promotions on ``channel``.

    Keeps the full history (time and source) for UU PDP; a repeat of the current state is
    not recorded again.
    """
    field = f"{channel}_consent"
    if channel not in ConsentChannel.values:
        raise ValueError(channel)
    if getattr(customer, field) == granted and customer.consent_records.filter(channel=channel).exists():
        return None
    setattr(customer, field, granted)
    customer.save(update_fields=[field])
    return ConsentRecord.objects.create(customer=customer, channel=channel, granted=granted, source=source)


@transaction.atomic
def merge_customers(*, source, target):
    """Fold the duplicate ``source`` into ``target`` and delete ``source``.

    Moves orders, feedback, consent history and campaign sends; fills target's empty
    fields from source; adds opening points. Other apps move their own rows by listening
    to ``crm.signals.customers_merged`` (sent before ``source`` is deleted).
    """
    if source.pk == target.pk:
        raise ValueError("cannot merge a customer into itself")
    source = Customer.objects.select_for_update().get(pk=source.pk)
    target = Customer.objects.select_for_update().get(pk=target.pk)
    CustomerOrder.objects.filter(customer=source).update(customer=target)
    Feedback.objects.filter(customer=source).update(customer=target)
    ConsentRecord.objects.filter(customer=source).update(customer=target)
    already = CampaignSend.objects.filter(customer=target).values("campaign_id")
    CampaignSend.objects.filter(customer=source).exclude(campaign_id__in=already).update(customer=target)
    target.tags.add(*source.tags.all())
    customers_merged.send(sender=Customer, source=source, target=target)

    user, phone = source.user, source.phone
    target.opening_points += source.opening_points
    target.email_consent = target.email_consent or source.email_consent
    target.whatsapp_consent = target.whatsapp_consent or source.whatsapp_consent
    if source.notes:
        target.notes = "\n".join(filter(None, [target.notes, source.notes]))
    source.delete()  # first, so that its unique phone and account are free for target
    for field, value in (
        ("user", user),
        ("phone", phone),
        ("email", source.email),
        ("name", source.name),
        ("city", source.city),
        ("birthday", source.birthday),
    ):
        if value and not getattr(target, field):
            setattr(target, field, value)
    target.save()
    Customer.objects.filter(pk=target.pk).refresh_order_stats()
    target.refresh_from_db()
    return target


class OrderClaimRefused(Exception):
    """A guest order that may not join this account; ``str()`` is the message for the buyer."""


@transaction.atomic
def claim_order(user, order):
    """Add the guest ``order`` to ``user``'s account, with the person's record behind it.

    The buyer proves the order is theirs by opening, signed in, the order page link the shop
    sent them (by WhatsApp for an order taken in a chat, by e-mail for a checkout). The order's
    record is folded into the account's when it belongs to no other account and names no other
    e-mail, so its points and its other guest orders come along (the rule of ``crm.customers``
    for a registering guest). Returns how many orders joined the account; refuses with
    ``OrderClaimRefused`` an order or record that belongs to someone else.
    """
    order = get_model("order", "Order").objects.select_for_update().get(pk=order.pk)
    if order.user_id == user.pk:
        return 0
    if order.user_id:
        raise OrderClaimRefused(_("This order belongs to another account."))
    record = customers.customer_for_order(order)
    mine = customers.customer_for_user(user)
    if record is not None and record.pk != mine.pk:
        if record.user_id:
            raise OrderClaimRefused(_("This order belongs to another account."))
        if record.email and record.email.lower() != (user.email or "").lower():
            raise OrderClaimRefused(
                _("This order was placed with another e-mail address: sign in with it, or ask the shop.")
            )
        mine = merge_customers(source=record, target=mine)
    elif record is None:
        CustomerOrder.objects.create(order=order, customer=mine)
    joined = customers.link_guest_orders(user, mine)
    Customer.objects.filter(pk=mine.pk).refresh_order_stats()
    return joined


def customer_data(customer):
    """Everything the shop holds about one person, as plain data (UU PDP right of access)."""
    from .segments import segment_label

    orders = [
        {
            "number": link.order.number,
            "placed": link.order.date_placed.isoformat(),
            "status": link.order.status,
            "total": str(link.order.total_incl_tax),
        }
        for link in customer.order_links.select_related("order").order_by("order__date_placed")
    ]
    return {
        "customer": {
            "name": customer.name,
            "phone": customer.phone,
            "email": customer.email,
            "birthday": customer.birthday.isoformat() if customer.birthday else None,
            "city": customer.city,
            "created_at": customer.created_at.isoformat(),
            "notes": customer.notes,
            "tags": [tag.name for tag in customer.tags.all()],
            "segment": str(segment_label(customer.segment)),
            "order_count": customer.order_count,
            "total_spent": str(customer.total_spent),
        },
        "consent": [
            {
                "channel": record.channel,
                "granted": record.granted,
                "source": record.source,
                "recorded_at": record.recorded_at.isoformat(),
            }
            for record in customer.consent_records.all()
        ],
        "orders": orders,
        "feedback": [
            {
                "source": item.source,
                "created_at": item.created_at.isoformat(),
                "rating": item.rating,
                "nps": item.nps,
                "comment": item.comment,
                "replies": [reply.message for reply in item.replies.all()],
            }
            for item in customer.feedback.prefetch_related("replies")
        ],
    }


@transaction.atomic
def erase_customer(customer):
    """Remove a customer's personal data (UU PDP right to erasure).

    The customer record stays as an anonymous row so that order amounts, points and
    analytics still add up; names, phone, e-mail, birthday, notes, tags and consent are
    removed, and the personal fields of their orders' addresses and feedback are blanked.
    """
    Order = get_model("order", "Order")
    ShippingAddress = get_model("order", "ShippingAddress")
    BillingAddress = get_model("order", "BillingAddress")
    order_ids = list(customer.order_links.values_list("order_id", flat=True))
    orders = Order.objects.filter(pk__in=order_ids)
    blank_address = {
        "first_name": "",
        "last_name": "",
        "line1": "-",
        "line2": "",
        "line3": "",
        "line4": "-",
        "postcode": "",
        "search_text": "",
    }
    ShippingAddress.objects.filter(order__in=orders).update(phone_number="", notes="", **blank_address)
    BillingAddress.objects.filter(order__in=orders).update(**blank_address)
    orders.update(guest_email="")
    customer.feedback.update(name="", email="", phone="", comment="", internal_notes="", may_quote=False)
    customer.consent_records.all().delete()
    customer.tags.clear()
    customer.user = None
    customer.name = customer.phone = customer.email = customer.city = customer.notes = ""
    customer.birthday = None
    customer.email_consent = customer.whatsapp_consent = False
    customer.erased_at = timezone.now()
    customer.save()
    return customer
