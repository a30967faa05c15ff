"""What the loyalty programme e-mails to buyers: tier upgrades and points about to expire."""

import datetime

from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from crm.customers import email_language

from ..models import Account, Entry
from .config import get_settings, points_to_rupiah


def email_customer(account, subject, template, context):
    """Send a plain e-mail to the account's customer, in their language (``subject`` is a lazy
    text with ``%(name)s`` places filled from ``context``); returns 1 if sent, 0 without an address."""
    email = account.customer.email or (account.customer.user.email if account.customer.user_id else "")
    if not email:
        return 0
    with translation.override(email_language(account.customer)):
        subject = str(subject) % context
        context = {**context, "account": account, "customer": account.customer}
        body = render_to_string(template, {**context, "site_url": django_settings.SITE_URL})
    send_mail(subject, body, None, [email])
    return 1


def email_tier_upgrade(account, tier):
    """Tell the buyer they reached ``tier``."""
    email_customer(
        account,
        _("You are now %(tier)s!"),
        "loyalty/email/tier_upgrade.txt",
        {"tier": tier},
    )


def warn_expiring_points(now=None):
    """E-mail buyers whose points expire in ``expiry_warning_days`` days (one day's window, so a
    nightly run warns each batch once); returns the number of e-mails sent."""
    now = now or timezone.now()
    config = get_settings()
    day = timezone.localtime(now).date() + datetime.timedelta(days=config.expiry_warning_days)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    rows = (
        Entry.objects.expiring_between(start, end)
        .values("account")
        .annotate(points=Sum("remaining"))
        .order_by("account")
    )
    sent = 0
    for row in rows:
        account = Account.objects.select_related("customer").get(pk=row["account"])
        sent += email_customer(
            account,
            _("%(points)d points expire on %(date)s"),
            "loyalty/email/expiry_warning.txt",
            {"points": row["points"], "date": day, "value": points_to_rupiah(row["points"], config)},
        )
    return sent
