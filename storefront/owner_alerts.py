"""Alerts to the owner when there is work: a new order, an uploaded receipt, a new complaint.

With WhatsApp keys (docs/providers.md) the alert is the approved template ``owner_alert`` to
the owner's number (``WHATSAPP_OWNER_NUMBER``, else the shop's WhatsApp number), so the phone
buzzes; without them it is an e-mail to the owners' accounts. Helpers who opted in
("Notifikasi saya", ``staff.AlertPreference``) get the same: a WhatsApp message to their own
number, or the e-mail. All go through the outbox, in the transaction of the event, once per
event and recipient.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core.prices import currency
from notifications import outbox, whatsapp_cloud
from staff.models import AlertPreference
from staff.roles import OWNER_GROUP

OWNER_ALERT_WHATSAPP, OWNER_ALERT_EMAIL = "owner-alert-whatsapp", "owner-alert-email"

NEW_ORDER, RECEIPT, COMPLAINT = "order", "receipt", "complaint"


def owner_whatsapp_number():
    """The number the owner's WhatsApp alerts go to ("" when there is none)."""
    from cms.templatetags.cms_tags import shop_settings

    return settings.WHATSAPP_OWNER_NUMBER or shop_settings(None).contact_whatsapp


def opted_in_staff():
    """The active staff accounts that asked for the alerts, with their preference."""
    return AlertPreference.objects.filter(
        wants_alerts=True, user__is_active=True, user__is_staff=True
    ).select_related("user")


def alert_owner(event, object_id):
    """Queue the owner's alert for ``event`` (NEW_ORDER: an order id; RECEIPT: a receipt id;
    COMPLAINT: a feedback id), by WhatsApp when configured, else by e-mail; and the same for
    every helper who opted in."""
    key, payload = f"owner-{event}-{object_id}", {"event": event, "object_id": object_id}
    owner_number = whatsapp_cloud.is_configured() and owner_whatsapp_number()
    if owner_number:
        outbox.queue(OWNER_ALERT_WHATSAPP, key, payload, channel=outbox.Channel.WHATSAPP)
        numbers, emails = {owner_number}, set()
        for preference in opted_in_staff():
            if not preference.whatsapp_number:  # "else the e-mail"
                emails.add(preference.user.email)
            elif preference.whatsapp_number not in numbers:
                numbers.add(preference.whatsapp_number)
                outbox.queue(
                    OWNER_ALERT_WHATSAPP,
                    f"{key}-staff-{preference.user_id}",
                    {**payload, "to": preference.whatsapp_number},
                    channel=outbox.Channel.WHATSAPP,
                )
        if emails - {""}:
            outbox.queue(OWNER_ALERT_EMAIL, f"{key}-staff-email", {**payload, "to": sorted(emails - {""})})
    else:
        outbox.queue(OWNER_ALERT_EMAIL, key, payload)


def _describe(event, object_id):
    """(one-line text, dashboard link) of an alert."""
    site = settings.SITE_URL.rstrip("/")
    if event == COMPLAINT:
        feedback = get_model("crm", "Feedback").objects.select_related("order").get(pk=object_id)
        about = feedback.order.number if feedback.order_id else feedback.name or "-"
        comment = feedback.comment[:200]
        text = _("New complaint (%(about)s): %(comment)s") % {"about": about, "comment": comment}
        return text, site + reverse("dashboard:crm-feedback-detail", args=[object_id])
    if event == RECEIPT:
        from storefront.payment.models import PaymentReceipt

        order = PaymentReceipt.objects.select_related("payment__order").get(pk=object_id).payment.order
        text = _("Payment receipt uploaded for order %(number)s: please check it.") % {"number": order.number}
    else:
        order = get_model("order", "Order").objects.get(pk=object_id)
        text = _("New order %(number)s: %(total)s.") % {
            "number": order.number,
            "total": currency(order.total_incl_tax, order.currency),
        }
    return text, site + reverse("dashboard:order-detail", kwargs={"number": order.number})


def owner_emails():
    """The e-mail addresses of the shop's owner accounts and of the helpers who opted in."""
    owners = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | Q(groups__name=OWNER_GROUP) | Q(alert_preference__wants_alerts=True))
    )
    return sorted({email for email in owners.values_list("email", flat=True) if email})


def owner_alert_whatsapp(event, object_id, to=None):
    """The outbox's composer of ``OWNER_ALERT_WHATSAPP``: the ``owner_alert`` template (text,
    dashboard link) to the owner's number, or to a helper's (``to``)."""
    with translation.override(settings.LANGUAGE_CODE):
        text, link = _describe(event, object_id)
    return whatsapp_cloud.TemplateMessage(
        to=to or owner_whatsapp_number(),
        template=settings.WHATSAPP_TEMPLATES["owner_alert"],
        language=settings.LANGUAGE_CODE,
        parameters=(text, link),
    )


def owner_alert_email(event, object_id, to=None):
    """The outbox's composer of ``OWNER_ALERT_EMAIL``: the alert e-mailed to the owners, or to
    the helpers in ``to`` (None when nobody has an address)."""
    recipients = to or owner_emails()
    if not recipients:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        text, link = _describe(event, object_id)
    return EmailMessage(f"[{settings.OSCAR_SHOP_NAME}] {text}", f"{text}\n\n{link}\n", None, recipients)
