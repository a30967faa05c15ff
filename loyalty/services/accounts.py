"""Whose points: the customer of a user or an order (decided by the CRM's one rule,
``crm.customers``), and their points account."""

import secrets

from django.db import IntegrityError, transaction

from crm.customers import customer_for_order, customer_for_user

from ..models import Account

__all__ = ["account_for_user", "customer_for_order", "customer_for_user", "get_account"]

REFERRAL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over WhatsApp


def _new_referral_code():
    return "".join(secrets.choice(REFERRAL_ALPHABET) for _i in range(8))


def get_account(customer):
    """The customer's points account, created on first use (safe under concurrent calls)."""
    account = Account.objects.filter(customer=customer).first()
    if account:
        account.customer = customer  # the caller's copy: read again it would cost a query
        return account
    try:
        with transaction.atomic():
            return Account.objects.create(customer=customer, referral_code=_new_referral_code())
    except IntegrityError:
        return Account.objects.get(customer=customer)


def account_for_user(user):
    """The points account of a signed-in user (None for anonymous users), with its customer:
    one query once both exist (every visit after the first), else made as the CRM says."""
    if not user.is_authenticated:
        return None
    account = Account.objects.select_related("customer").filter(customer__user=user).first()
    return account or get_account(customer_for_user(user))

