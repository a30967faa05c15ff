"""The post-order survey: when it is sent and the signed link that needs no login.

The link carries the order id signed with the site's secret (``django.core.signing``), so it
cannot be forged or pointed at another order; it expires 30 days after it was made.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import SurveyInvitation

SALT = "crm.survey"
LINK_VALID_DAYS = 30


def delay_days():
    """Days between an order being completed and its survey e-mail (setting CRM_SURVEY_DELAY_DAYS)."""
    return getattr(settings, "CRM_SURVEY_DELAY_DAYS", 3)


def make_token(order):
    """The signed token for ``order``'s survey link."""
    return signing.dumps({"order": order.pk}, salt=SALT, compress=True)


class InvalidLink(Exception):
    """The link was tampered with or is not a survey link."""


class ExpiredLink(Exception):
    """The link is genuine but older than 30 days."""


def order_id_from_token(token):
    """The order id inside a survey token; raises InvalidLink or ExpiredLink."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=LINK_VALID_DAYS))
    except signing.SignatureExpired as exc:
        raise ExpiredLink from exc
    except signing.BadSignature as exc:
        raise InvalidLink from exc
    if not isinstance(data, dict) or not isinstance(data.get("order"), int):
        raise InvalidLink
    return data["order"]


def schedule_survey(order, completed_at=None):
    """Plan the survey e-mail for a completed order (once per order; later calls change nothing)."""
    due = (completed_at or timezone.now()) + timedelta(days=delay_days())
    invitation, _ = SurveyInvitation.objects.get_or_create(order=order, defaults={"due_at": due})
    return invitation


def due_invitations(now=None):
    """Invitations whose time has come and that were not sent yet."""
    return SurveyInvitation.objects.filter(sent_at__isnull=True, due_at__lte=now or timezone.now())
