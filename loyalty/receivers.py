"""Signal receivers: thin, they enqueue tasks after the transaction commits."""

import contextlib

from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from oscar.apps.customer.signals import user_registered
from oscar.apps.order.signals import order_placed, order_status_changed
from oscar.core.loading import get_model

from core import order_statuses
from core.tasking import enqueue
from crm.models import Customer
from crm.signals import customers_merged, survey_answered

from . import services, tasks
from .models import Tier
from .rules import LoyaltyError

REFERRAL_SESSION_KEY = "loyalty_referral_code"


@receiver(order_placed, dispatch_uid="loyalty_order_placed")
def order_placed_points(sender, order, **kwargs):
    enqueue(tasks.add_pending_points, order.pk)


@receiver(order_status_changed, dispatch_uid="loyalty_order_status_changed")
def order_status_points(sender, order, old_status, new_status, **kwargs):
    if new_status == order_statuses.COMPLETED:
        enqueue(tasks.release_points, order.pk)
    elif new_status == order_statuses.CANCELLED:
        enqueue(tasks.cancel_points, order.pk)


@receiver(user_registered, dispatch_uid="loyalty_user_registered")
def registered(sender, user, request=None, **kwargs):
    """Claims guest points (links the customer), records a referral, queues the sign-up bonus."""
    account = services.account_for_user(user)
    code = request.session.pop(REFERRAL_SESSION_KEY, "") if request is not None else ""
    if code:
        # A bad or self-referral code must never block registration.
        with contextlib.suppress(LoyaltyError):
            services.link_referral(account, code)
    enqueue(tasks.award_signup_bonus, user.pk)


@receiver(user_logged_in, dispatch_uid="loyalty_user_logged_in")
def logged_in(sender, user, **kwargs):
    """Signing in claims points of guest orders made with the same e-mail or phone."""
    if not user.is_staff:
        services.customer_for_user(user)


@receiver(post_save, sender=get_model("reviews", "ProductReview"), dispatch_uid="loyalty_review_saved")
def review_saved(sender, instance, **kwargs):
    if instance.status == instance.APPROVED and instance.user_id:
        enqueue(tasks.award_review_bonus, instance.pk)


@receiver(survey_answered, dispatch_uid="loyalty_survey_answered")
def survey_points(sender, feedback, **kwargs):
    enqueue(tasks.award_survey_bonus, feedback.pk)


@receiver(post_save, sender=Customer, dispatch_uid="loyalty_customer_opening_points")
def customer_saved(sender, instance, **kwargs):
    """Imported opening points are booked once, after the import commits."""
    if instance.opening_points > 0:
        enqueue(tasks.book_opening_points, instance.pk)


@receiver(customers_merged, dispatch_uid="loyalty_customers_merged")
def customers_merged_points(sender, source, target, **kwargs):
    """Runs inside the CRM's merge transaction, before ``source`` is deleted."""
    services.merge_accounts(source, target)


@receiver(post_save, sender=Tier, dispatch_uid="loyalty_tier_saved")
@receiver(post_delete, sender=Tier, dispatch_uid="loyalty_tier_deleted")
def tier_changed(sender, **kwargs):
    """Forget the cached tiers now and again on commit (a reader between the two could have
    cached the rows as they were before this transaction)."""
    cache.delete(services.TIERS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(services.TIERS_CACHE_KEY))
