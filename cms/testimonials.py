"""Testimonials on the shop's pages: only good feedback whose author agreed to be quoted."""
from dataclasses import dataclass

from crm.models import Feedback

MIN_RATING = 4


@dataclass(frozen=True)
class Testimonial:
    """What a page may show: the words, the stars, the first name and the city — nothing
    that identifies the customer further (UU PDP: the phone, e-mail and surname stay private)."""

    text: str
    rating: int
    first_name: str
    city: str


def first_name(full_name):
    """``"Siti Rahmawati"`` → ``"Siti"``."""
    parts = (full_name or "").split()
    return parts[0] if parts else ""


def quotable_testimonials(limit=3):
    """The newest ``limit`` feedback with a rating of 4–5, a comment and the author's consent."""
    feedback = (
        Feedback.objects.filter(may_quote=True, rating__gte=MIN_RATING)
        .exclude(comment="")
        .select_related("customer")
        .order_by("-created_at")[:limit]
    )
    return [
        Testimonial(
            text=item.comment,
            rating=item.rating,
            first_name=first_name(item.name or (item.customer.name if item.customer else "")),
            city=item.customer.city if item.customer else "",
        )
        for item in feedback
    ]
