"""Whose points: the customer of a user or an order, and their points account."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.phones import normalise_phone
from crm.models import Customer
from crm.services import find_or_create_customer

from ..models import Account

REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over WhatsApp


def _new_referral_code():
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _i in range(8))


def get_account(customer):
    """The customer's points account, created on first use (safe under concurrent calls)."""
    account = Account.objects.filter(customer=customer).first()
    if account:
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(customer=customer, referral_code=_new_referral_code())
    except IntegrityError:
        return Account.objects.get(customer=customer)


def customer_for_user(user):
    """The CRM customer of a signed-in user; links guest orders made with the same e-mail/phone.

    This is how points from guest orders are claimed: the customer that held them gets the
    user account attached when that person registers or signs in.
    """
    customer = Customer.objects.filter(user=user).first()
    if customer is not None:
        return customer
    customer = find_or_create_customer(
        user=user,
        email=user.email,
        phone=clean_phone(getattr(user, "phone", "")),
        name=user.get_full_name(),
    )
    if customer.user_id != user.pk:
        # That phone or e-mail belongs to another account: never hand over someone else's points.
        customer = find_or_create_customer(user=user, name=user.get_full_name())
    return customer


def account_for_user(user):
    """The points account of a signed-in user (None for anonymous users)."""
    if not user.is_authenticated:
        return None
    return get_account(customer_for_user(user))


def clean_phone(phone):
    """A phone good enough for matching, or '' (a bad number must not block earning points)."""

    try:
        return normalise_phone(str(phone)) if phone else ""
    except ValidationError:
        return ""


def customer_for_order(order):
    """The CRM customer an order belongs to: the buyer's account, or the guest's e-mail/phone
    (None for a guest order with neither)."""
    phone = order.shipping_address.phone_number if order.shipping_address_id else ""
    if order.user_id:
        user = order.user
        return find_or_create_customer(
            user=user,
            email=user.email,
            phone=clean_phone(getattr(user, "phone", "") or phone),
            name=user.get_full_name(),
        )
    if not order.guest_email and not clean_phone(phone):
        return None  # nobody to give the points to
    return find_or_create_customer(
        email=order.guest_email,
        phone=clean_phone(phone),
        name=order.shipping_address.name if order.shipping_address_id else "",
    )
