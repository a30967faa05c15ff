"""The "Loyalty" entries of OSCAR_DASHBOARD_NAVIGATION (plain data: the settings import it)."""
from django.utils.translation import gettext_lazy as _

CHILDREN = [
    {"label": _("Overview"), "url_name": "dashboard:loyalty-index"},
    {"label": _("Counter sale"), "url_name": "dashboard:loyalty-counter"},
    {"label": _("Customers' points"), "url_name": "dashboard:loyalty-accounts"},
    {"label": _("Rewards"), "url_name": "dashboard:loyalty-rewards"},
    {"label": _("Tiers"), "url_name": "dashboard:loyalty-tiers"},
    {"label": _("Bonus rules"), "url_name": "dashboard:loyalty-bonuses"},
    {"label": _("Loyalty settings"), "url_name": "dashboard:loyalty-settings"},
]
