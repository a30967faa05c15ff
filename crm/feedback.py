"""Rules for feedback: what counts as a complaint, and recording what customers say."""
from .models import Feedback, FeedbackSource
from .services import find_or_create_customer

COMPLAINT_MAX_RATING = 3
COMPLAINT_MAX_NPS = 6


def is_complaint(*, rating=None, nps=None):
    """A rating of 3 or less, or an NPS answer of 6 or less, is a complaint (DESIGN §5)."""
    return (rating is not None and rating <= COMPLAINT_MAX_RATING) or (
        nps is not None and nps <= COMPLAINT_MAX_NPS
    )


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
