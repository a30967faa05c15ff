"""Signal receivers: thin, they queue tasks after the transaction commits."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from oscar.apps.customer.signals import user_registered
from oscar.apps.order.signals import order_placed, order_status_changed
from oscar.core.loading import get_model

from core.order_statuses import COMPLETED
from core.tasking import enqueue

from . import tasks
from .feedback import record_product_review

ProductReview = get_model("reviews", "ProductReview")


@receiver(order_placed, dispatch_uid="crm-link-order")
def link_placed_order(sender, order, **kwargs):
    order_id = order.pk
    enqueue(tasks.link_order_to_customer, order_id)


@receiver(order_status_changed, dispatch_uid="crm-order-status")
def order_changed(sender, order, new_status, **kwargs):
    order_id = order.pk
    enqueue(tasks.link_order_to_customer, order_id)  # e.g. cancelled
    if new_status == COMPLETED:
        enqueue(tasks.schedule_order_survey, order_id)


@receiver(user_registered, dispatch_uid="crm-link-registered")
@receiver(user_logged_in, dispatch_uid="crm-link-login")
def link_account(sender, user, **kwargs):
    if user.is_staff:
        return  # the shop's own staff are not customers
    user_id = user.pk
    enqueue(tasks.link_account_to_customer, user_id)


@receiver(post_save, sender=ProductReview, dispatch_uid="crm-review-feedback")
def review_to_inbox(sender, instance, created, **kwargs):
    if created:
        record_product_review(instance)
