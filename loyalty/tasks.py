"""Celery tasks of the loyalty app. Each takes ids, is safe to run twice (the ledger's unique
(source type, source id, kind) key turns a repeat into a no-op), acknowledges late and retries
passing trouble with the shop's one retry policy (``core.tasking.TASK_OPTIONS``)."""

from celery import shared_task
from oscar.core.loading import get_model

from core.tasking import TASK_OPTIONS

from . import services
from .models import BonusKind


def _order(order_id):
    return (
        get_model("order", "Order")
        .objects.select_related("user", "shipping_address")
        .filter(pk=order_id)
        .first()
    )


@shared_task(**TASK_OPTIONS)
def add_pending_points(order_id):
    """Hold the points of a placed order as pending (one pending entry per order)."""
    order = _order(order_id)
    if order is not None:
        services.add_pending_for_order(order)


@shared_task(**TASK_OPTIONS)
def release_points(order_id):
    """Make a completed order's points available (one earn entry per order)."""
    order = _order(order_id)
    if order is not None:
        services.release_order_points(order)


@shared_task(**TASK_OPTIONS)
def cancel_points(order_id):
    """Remove a cancelled order's points and return its redeemed points (one of each per order)."""
    order = _order(order_id)
    if order is not None:
        services.cancel_order_points(order)


@shared_task(**TASK_OPTIONS)
def award_signup_bonus(user_id):
    """Sign-up bonus for a new account (keyed by the customer: once per person)."""
    user = get_model("users", "User").objects.filter(pk=user_id).first()
    if user is not None:
        customer = services.customer_for_user(user)
        services.award_bonus(customer, BonusKind.SIGNUP, customer.pk)


@shared_task(**TASK_OPTIONS)
def award_review_bonus(review_id):
    """Bonus for an approved product review (keyed by the review)."""
    review = get_model("reviews", "ProductReview").objects.select_related("user").filter(pk=review_id).first()
    if review is not None and review.user_id and review.status == review.APPROVED:
        services.award_bonus(services.customer_for_user(review.user), BonusKind.REVIEW, review.pk)


@shared_task(**TASK_OPTIONS)
def award_survey_bonus(feedback_id):
    """Bonus for answering a survey, whatever the score (keyed by the answer)."""
    from crm.models import Feedback

    feedback = Feedback.objects.select_related("customer").filter(pk=feedback_id).first()
    if feedback is not None and feedback.customer_id:
        services.award_bonus(feedback.customer, BonusKind.SURVEY, feedback.pk)


@shared_task(**TASK_OPTIONS)
def book_opening_points(customer_id):
    """Book a customer's imported opening points (one entry per customer)."""
    from crm.models import Customer

    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is not None:
        services.book_opening_points(customer)


@shared_task(**TASK_OPTIONS)
def nightly_expire_points():
    """Expire batches past their date (one expiry entry per batch)."""
    return services.expire_points()


@shared_task(**TASK_OPTIONS)
def nightly_warn_expiring_points():
    """E-mail buyers whose points expire in 7 days (a one-day window: one e-mail per night)."""
    return services.warn_expiring_points()


@shared_task(**TASK_OPTIONS)
def nightly_birthday_bonuses():
    """Birthday bonuses for today (keyed by customer and year)."""
    return services.award_birthday_bonuses()


@shared_task(**TASK_OPTIONS)
def nightly_update_tiers():
    """Recompute every tier (downgrades when old spend leaves the 12-month window)."""
    from .models import Account

    for account in Account.objects.select_related("tier").iterator():
        services.update_tier(account)


@shared_task(**TASK_OPTIONS)
def release_shipped_orders():
    """Release points of orders shipped N days ago and not yet marked completed."""
    return services.release_due_shipped_orders()


@shared_task(**TASK_OPTIONS)
def nightly_reconcile():
    """Repair orders missing their ledger entries; returns what was fixed."""
    services.refresh_claim_statuses()
    return services.reconcile_orders()


@shared_task(**TASK_OPTIONS)
def nightly_check_balance_drift():
    """E-mail the staff when cached balances differ from the ledger (read-only: a repeat only
    sends the same report again)."""
    from .monitoring import report_balance_drift

    return report_balance_drift()
