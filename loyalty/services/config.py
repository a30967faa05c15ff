"""The owner's loyalty numbers and what follows directly from them."""

from dateutil.relativedelta import relativedelta

from .. import rules
from ..models import LoyaltySettings


def get_settings():
    """The shop's loyalty settings: the saved row, or the defaults until the owner saves them
    (``core.models.SettingsRow``: cached, reading never writes)."""
    return LoyaltySettings.load()


def points_to_rupiah(points, config=None):
    """What ``points`` are worth in Rupiah with the shop's current point value."""
    config = config or get_settings()
    return rules.points_to_rupiah(points, config.point_value)


def expiry_from(now, config):
    """When points earned at ``now`` expire (the settings' ``expiry_months`` later)."""
    return now + relativedelta(months=config.expiry_months)
