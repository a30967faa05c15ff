"""Bonus points: sign-up, birthday, review, survey and referral (each once per occasion)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.models import Customer

from .. import rules
from ..models import Account, BonusKind, BonusRule, Entry, EntryKind, SourceType
from ..rules import LoyaltyError
from . import ledger
from .accounts import get_account
from .config import expiry_from, get_settings

DEFAULT_BONUSES = {
    BonusKind.SIGNUP: 20,
    BonusKind.BIRTHDAY: 50,
    BonusKind.REVIEW: 10,
    BonusKind.SURVEY: 10,
    BonusKind.REFERRAL: 50,
}


def ensure_default_bonus_rules():
    """Create a rule for each bonus kind with the default size (idempotent)."""
    for kind, points in DEFAULT_BONUSES.items():
        BonusRule.objects.get_or_create(kind=kind, defaults={"points": points})


def award_bonus(customer, kind, source_id, note=""):
    """Give the bonus ``kind`` to ``customer`` once per ``source_id`` if the owner switched it on."""
    ensure_default_bonus_rules()
    rule = BonusRule.objects.get(kind=kind)
    if not rule.is_active or rule.points <= 0:
        return None
    config = get_settings()
    account = get_account(customer)
    with transaction.atomic():
        account = ledger.lock(account)
        return ledger.post(
            account,
            EntryKind.BONUS,
            kind,
            source_id,
            available=rule.points,
            expires_at=expiry_from(timezone.now(), config),
            note=note or rule.get_kind_display(),
        )


def award_birthday_bonuses(today=None):
    """Birthday bonus for everyone who celebrates their birthday today (once per person per
    year): the same people as the owner's "Hari ini" list (``Customer.objects.birthdays_on``)."""
    today = today or timezone.localdate()
    given = 0
    for customer in Customer.objects.birthdays_on(today):
        if award_bonus(customer, BonusKind.BIRTHDAY, f"{customer.pk}:{today.year}", _("Happy birthday!")):
            given += 1
    return given


def change_birthday(account, birthday, now=None):
    """Set the customer's birthday, at most once per 30 days (stops birthday-bonus farming)."""
    now = now or timezone.now()
    customer = account.customer
    if customer.birthday == birthday:
        return
    if customer.birthday is not None and not rules.can_change_birthday(account.birthday_changed_at, now):
        raise LoyaltyError(
            _("Your birthday can be changed again after %(date)s.")
            % {
                "date": timezone.localdate(
                    account.birthday_changed_at + datetime.timedelta(days=rules.BIRTHDAY_LOCK_DAYS)
                )
            }
        )
    customer.birthday = birthday
    customer.save(update_fields=["birthday"])
    account.birthday_changed_at = now
    account.save(update_fields=["birthday_changed_at"])


def link_referral(friend_account, code):
    """Record that ``friend_account`` came through ``code``; raises ``LoyaltyError`` on abuse."""
    referrer = (
        Account.objects.select_related("customer").filter(referral_code=(code or "").strip().upper()).first()
    )
    if referrer is None:
        raise LoyaltyError(_("Unknown referral code."))
    friend = friend_account.customer
    completed = Entry.objects.filter(account=friend_account, kind=EntryKind.EARN).exists()
    refusal = rules.referral_refusal(
        {"id": referrer.customer_id, "phone": referrer.customer.phone, "email": referrer.customer.email},
        {
            "id": friend.pk,
            "phone": friend.phone,
            "email": friend.email,
            "completed_orders": int(completed),
            "referred": friend_account.referred_by_id is not None,
        },
    )
    if refusal:
        raise LoyaltyError(refusal)
    friend_account.referred_by = referrer
    friend_account.save(update_fields=["referred_by"])
    return referrer


def pay_referral_bonus(account):
    """After a referred friend's first completed order, both sides get the referral bonus once."""
    if not account.referred_by_id:
        return
    first = (
        not account.entries.filter(kind=EntryKind.EARN, source_type=SourceType.ORDER)
        .exclude(
            pk=account.entries.filter(kind=EntryKind.EARN, source_type=SourceType.ORDER)
            .order_by("pk")
            .values("pk")[:1]
        )
        .exists()
    )
    if not first:
        return
    referrer = account.referred_by
    award_bonus(account.customer, BonusKind.REFERRAL, f"{account.customer_id}:friend", _("Referral welcome"))
    award_bonus(
        referrer.customer,
        BonusKind.REFERRAL,
        f"{account.customer_id}:referrer",
        _("A friend you referred ordered"),
    )
