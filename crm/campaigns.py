"""Campaigns: a message to one segment, e-mailed in batches to consenting customers only,
with an unsubscribe link in every e-mail; a WhatsApp list for the owner to send by hand."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core.whatsapp import whatsapp_url

from .customers import email_language
from .models import CampaignSend, ConsentChannel, Customer

BATCH_SIZE = 100
UNSUBSCRIBE_SALT = "crm.unsubscribe"
NAME_PLACEHOLDER = "{nama}"


def recipients(campaign):
    """Customers of the campaign's segment who agreed to e-mail and were not sent it yet."""
    return (
        Customer.objects.reachable_by_email()
        .filter(segment=campaign.segment)
        .exclude(campaign_sends__campaign=campaign)
        .order_by("pk")
    )


def personalise(message, customer):
    """The campaign text for one customer: ``{nama}`` becomes their name."""
    return message.replace(NAME_PLACEHOLDER, customer.name or _("friend"))


def unsubscribe_token(customer):
    """A signed, non-expiring token that lets a customer stop e-mail promotions without login."""
    return signing.dumps(customer.pk, salt=UNSUBSCRIBE_SALT)


def customer_from_unsubscribe_token(token):
    """The customer a token was made for, or None when the token is not genuine."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Customer.objects.filter(pk=pk).first()


def send_next_batch(campaign, *, absolute_url):
    """E-mail the next BATCH_SIZE recipients; returns True when more remain.

    Each send row is created before its e-mail leaves, inside a savepoint, so a repeated
    batch (task retry) skips customers already sent to.
    """
    if campaign.queued_at is None:
        campaign.queued_at = timezone.now()
        campaign.save(update_fields=["queued_at"])
    batch = list(recipients(campaign)[:BATCH_SIZE])
    for customer in batch:
        try:
            with transaction.atomic(), translation.override(email_language(customer)):
                CampaignSend.objects.create(campaign=campaign, customer=customer)
                _email(campaign, customer, absolute_url)
        except IntegrityError:
            continue  # already sent by an earlier run
    return len(batch) == BATCH_SIZE


def _email(campaign, customer, absolute_url):
    context = {
        "campaign": campaign,
        "customer": customer,
        "message": personalise(campaign.message, customer),
        "voucher": campaign.voucher,
        "shop_name": settings.OSCAR_SHOP_NAME,
        "unsubscribe_link": absolute_url(reverse("crm:unsubscribe", args=[unsubscribe_token(customer)])),
    }
    body = render_to_string("crm/emails/campaign_body.txt", context)
    email = EmailMultiAlternatives(campaign.subject, body, None, [customer.email])
    email.extra_headers["List-Unsubscribe"] = f"<{context['unsubscribe_link']}>"
    email.send()


def whatsapp_list(campaign):
    """(name, phone, wa.me link) for the segment's customers who agreed to WhatsApp messages."""
    customers = (
        Customer.objects.active()
        .filter(segment=campaign.segment, whatsapp_consent=True)
        .exclude(phone="")
        .order_by("name")
    )
    return [
        (customer.name, customer.phone, whatsapp_url(customer.phone, personalise(campaign.message, customer)))
        for customer in customers
    ]


def create_voucher(campaign, *, percent, valid_days):
    """A new multi-use Oscar voucher giving ``percent`` % off everything for ``valid_days`` days."""
    Range = get_model("offer", "Range")
    Condition = get_model("offer", "Condition")
    Benefit = get_model("offer", "Benefit")
    ConditionalOffer = get_model("offer", "ConditionalOffer")
    Voucher = get_model("voucher", "Voucher")
    everything, _created = Range.objects.get_or_create(
        slug="semua-produk", defaults={"name": "Semua produk", "includes_all_products": True}
    )
    condition = Condition.objects.create(range=everything, type=Condition.COUNT, value=1)
    benefit = Benefit.objects.create(range=everything, type=Benefit.PERCENTAGE, value=percent)
    name = f"{campaign.name} ({percent}%)"
    offer = ConditionalOffer.objects.create(
        name=f"{name} {secrets.token_hex(3)}",
        offer_type=ConditionalOffer.VOUCHER,
        condition=condition,
        benefit=benefit,
    )
    now = timezone.now()
    voucher = Voucher.objects.create(
        name=offer.name,
        code=secrets.token_hex(4).upper(),
        usage=Voucher.MULTI_USE,
        start_datetime=now,
        end_datetime=now + timedelta(days=valid_days),
    )
    voucher.offers.add(offer)
    campaign.voucher = voucher
    campaign.save(update_fields=["voucher"])
    return voucher


def unsubscribe(customer):
    """Stop e-mail promotions for ``customer`` (from the link in a campaign e-mail)."""
    from .services import record_consent

    return record_consent(customer, ConsentChannel.EMAIL, False, "unsubscribe link")
