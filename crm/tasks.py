"""Background work of the CRM. Every task takes ids and is safe to run twice (see docstrings)."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from oscar.core.loading import get_model

from core.tasking import TASK_OPTIONS

from . import campaigns, segments, services, survey
from .customers import order_email_language
from .models import Campaign, Customer, SurveyInvitation


def absolute_url(path):
    return settings.SITE_URL.rstrip("/") + path


@shared_task(**TASK_OPTIONS)
def link_order_to_customer(order_id):
    """Attach a new or changed order to its customer and refresh the customer's order stats.
    Safe twice: an order keeps its first link (unique) and the stats are recomputed, not added."""
    Order = get_model("order", "Order")
    order = Order.objects.select_related("user", "shipping_address").filter(pk=order_id).first()
    if order is not None:
        services.link_order(order)


@shared_task(**TASK_OPTIONS)
def link_account_to_customer(user_id):
    """Give an account its customer record. Safe twice: find-or-create never duplicates."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is not None:
        services.link_user(user)


@shared_task(**TASK_OPTIONS)
def schedule_order_survey(order_id):
    """Plan the survey e-mail for a completed order. Safe twice: one invitation per order."""
    Order = get_model("order", "Order")
    order = Order.objects.filter(pk=order_id).first()
    if order is not None:
        services.link_order(order)
        survey.schedule_survey(order)


@shared_task(**TASK_OPTIONS)
def send_due_surveys():
    """Beat task: queue the survey e-mails that are due. Safe twice: sending checks ``sent_at``."""
    for invitation_id in survey.due_invitations().values_list("pk", flat=True)[:500]:
        send_survey_email.delay(invitation_id)


@shared_task(**TASK_OPTIONS)
def send_survey_email(invitation_id):
    """E-mail one survey link. Safe twice: the invitation row is locked and ``sent_at`` checked."""
    with transaction.atomic():
        invitation = (
            SurveyInvitation.objects.select_for_update(of=("self",))
            .select_related("order__user")
            .filter(pk=invitation_id, sent_at__isnull=True)
            .first()
        )
        if invitation is None:
            return
        order = invitation.order
        email = order.user.email if order.user_id else order.guest_email
        if email:
            with translation.override(order_email_language(order)):
                link = absolute_url(reverse("crm:survey", args=[survey.make_token(order)]))
                context = {"order": order, "link": link, "shop_name": settings.OSCAR_SHOP_NAME}
                subject = render_to_string("crm/emails/survey_subject.txt", context).strip()
                body = render_to_string("crm/emails/survey_body.txt", context)
            send_mail(subject, body, None, [email])
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])


@shared_task(**TASK_OPTIONS)
def refresh_customer_segments():
    """Nightly: recompute every customer's order stats, RFM scores and segment (catching any
    missed order event). Safe twice: it overwrites with the same result."""
    Customer.objects.refresh_order_stats()
    segments.refresh_segments()


@shared_task(**TASK_OPTIONS)
def send_campaign_batch(campaign_id):
    """Send the next batch of a campaign's e-mails and queue the next batch.

    Safe twice: each (campaign, customer) send is a unique row written with the e-mail, so a
    repeated batch skips everyone already sent to.
    """
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return
    if campaigns.send_next_batch(campaign, absolute_url=absolute_url):
        send_campaign_batch.delay(campaign_id)
