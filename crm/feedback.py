"""Feedback: recording what customers say, and the shop's answers (status Baru → Ditangani →
Selesai, replies, first-response time). What counts as a complaint is ``crm.rules.is_complaint``,
applied by ``Feedback.save``."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from notifications import outbox

from .customers import email_language
from .models import Feedback, FeedbackReply, FeedbackSource, FeedbackStatus
from .services import find_or_create_customer, link_order

REPLY_EMAIL = "crm-feedback-reply"


def record_contact_message(*, name, message, email="", phone="", rating=None, may_quote=False):
    """Store a message from the contact page as feedback, linked to the (new or known) customer.

    ``phone`` must already be validated; it is normalised here. Returns the Feedback.
    """
    customer = None
    if phone or email:
        customer = find_or_create_customer(phone=phone, email=email, name=name)
    return Feedback.objects.create(
        customer=customer,
        source=FeedbackSource.CONTACT,
        name=name,
        email=email,
        phone=customer.phone if customer else "",
        comment=message,
        rating=rating,
        may_quote=may_quote,
    )


class AlreadyAnswered(Exception):
    """The survey of this order was answered before."""


def record_survey_answer(order, *, nps, rating, comment="", may_quote=False):
    """Store the post-order survey answer for ``order`` and announce it (``survey_answered``).

    One answer per order: a second one (even at the same instant) raises AlreadyAnswered,
    guaranteed by the database's unique constraint.
    """
    from .signals import survey_answered

    customer = link_order(order)
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                customer=customer,
                source=FeedbackSource.SURVEY,
                order=order,
                nps=nps,
                rating=rating,
                comment=comment,
                may_quote=may_quote,
                name=customer.name if customer else "",
            )
    except IntegrityError as exc:
        raise AlreadyAnswered from exc
    transaction.on_commit(lambda: survey_answered.send(sender=Feedback, feedback=feedback))
    return feedback


def record_order_complaint(order, *, message, rating=None):
    """A buyer's complaint about one of their orders (from the order page): always a complaint."""
    customer = link_order(order)
    return Feedback.objects.create(
        customer=customer,
        source=FeedbackSource.ORDER_COMPLAINT,
        order=order,
        comment=message,
        rating=rating,
        name=customer.name if customer else "",
    )


def record_product_review(review):
    """Mirror an Oscar product review into the feedback inbox (once per review)."""
    customer = None
    if review.user_id:
        customer = find_or_create_customer(
            email=review.user.email, name=review.user.get_full_name(), user=review.user
        )
    elif review.email:
        customer = find_or_create_customer(email=review.email, name=review.name)
    text = "\n".join(filter(None, [review.title, review.body]))
    feedback, _ = Feedback.objects.get_or_create(
        review=review,
        defaults={
            "customer": customer,
            "source": FeedbackSource.REVIEW,
            "comment": text[:2000],
            "rating": review.score or None,
            "name": review.reviewer_name if review.user_id else review.name,
            "email": review.email,
        },
    )
    return feedback


def reply(feedback, *, author, message):
    """The shop answers ``feedback``: stores the reply, notes the first-response time, moves a
    new feedback to Ditangani and puts the e-mail to the customer in the outbox."""
    now = timezone.now()
    answer = FeedbackReply.objects.create(feedback=feedback, author=author, message=message)
    changed = []
    if feedback.first_response_at is None:
        feedback.first_response_at = now
        changed.append("first_response_at")
    if feedback.status == FeedbackStatus.NEW:
        feedback.status = FeedbackStatus.IN_PROGRESS
        changed.append("status")
    if feedback.assignee_id is None and author is not None:
        feedback.assignee = author
        changed.append("assignee")
    if changed:
        feedback.save(update_fields=changed)
    outbox.queue(REPLY_EMAIL, f"feedback-reply-{answer.pk}", {"reply_id": answer.pk})
    return answer


def reply_email(reply_id):
    """The outbox's composer of ``REPLY_EMAIL``: the shop's reply, to the address the customer
    left (None without one). Marks the reply e-mailed; the mark commits only with the send."""
    from .tasks import absolute_url

    answer = FeedbackReply.objects.select_related("feedback__customer").get(pk=reply_id)
    email = answer.feedback.contact_email
    if not email:
        return None
    with translation.override(email_language(answer.feedback.customer)):
        context = {
            "reply": answer,
            "feedback": answer.feedback,
            "shop_name": settings.OSCAR_SHOP_NAME,
            "account_link": absolute_url(reverse("crm_account:feedback-detail", args=[answer.feedback_id])),
        }
        subject = render_to_string("crm/emails/reply_subject.txt", context).strip()
        body = render_to_string("crm/emails/reply_body.txt", context)
    FeedbackReply.objects.filter(pk=reply_id).update(emailed_at=timezone.now())
    return EmailMessage(subject, body, None, [email])


def set_status(feedback, status):
    """Move feedback to ``status``; Selesai records when it was resolved."""
    feedback.status = status
    feedback.resolved_at = timezone.now() if status == FeedbackStatus.RESOLVED else None
    feedback.save(update_fields=["status", "resolved_at"])
    return feedback
