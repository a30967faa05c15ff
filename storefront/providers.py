"""The outside services the shop can use (docs/providers.md), as the owner's settings screen
shows them. Keys live in the environment only; this module just describes each provider:
configured or not, sandbox or production, the webhook URLs to paste, and a connection test.
"""

from django.conf import settings

from notifications.whatsapp_cloud import Provider as WhatsAppCloud
from notifications.whatsapp_cloud import WhatsAppUnavailable
from storefront.payment.gateways import GatewayUnavailable, all_gateways
from storefront.shipping.couriers import CourierUnavailable
from storefront.shipping.couriers.biteship import Biteship


def all_providers():
    """Every provider the shop knows, configured or not."""
    return [*all_gateways(), Biteship(), WhatsAppCloud()]


def get_provider(name):
    """The provider called ``name``; ``LookupError`` when there is none."""
    for provider in all_providers():
        if provider.name == name:
            return provider
    raise LookupError(name)


def describe(provider):
    """What the settings screen shows for ``provider`` (a dict)."""
    site = settings.SITE_URL.rstrip("/")
    return {
        "name": provider.name,
        "label": provider.label,
        "kind": provider.kind,
        "configured": provider.is_configured,
        "production": provider.is_production,
        "environment": provider.environment,
        "webhook_urls": [(label, site + path) for label, path in provider.notification_urls()],
        "console_url": provider.console_url,
    }


def check_connection(provider):
    """Ask ``provider`` whether it accepts the shop's keys: ``(True, "")`` or ``(False, why)``."""
    try:
        provider.test_connection()
    except (GatewayUnavailable, CourierUnavailable, WhatsAppUnavailable) as error:
        return False, str(error)
    return True, ""
