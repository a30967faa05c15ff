"""Background work for online payments: checking payments whose notification never came,
refunding cancelled paid orders, and telling the owner about payment problems."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core.tasking import TASK_OPTIONS
from storefront.payment import online


@shared_task(**TASK_OPTIONS)
def check_pending_online_payments():
    """Ask the gateway about online payments still waiting (storefront.payment.online)."""
    return online.check_pending_payments()


@shared_task(**TASK_OPTIONS)
def refund_cancelled_order(order_id):
    """Record and request the refund of a cancelled order paid online (once)."""
    refund = online.refund_cancelled_order(order_id)
    return refund.state if refund else None


@shared_task(**TASK_OPTIONS)
def email_owner(order_id, message):
    """E-mail ``message`` about order ``order_id`` to the shop's active staff."""
    order = get_model("order", "Order").objects.get(pk=order_id)
    recipients = list(
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("dashboard:order-detail", kwargs={"number": order.number})
    subject = _("Payment problem on order %(number)s") % {"number": order.number}
    return send_mail(subject, f"{message}\n\n{link}", None, recipients)
