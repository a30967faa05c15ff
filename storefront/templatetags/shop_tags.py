"""Template helpers shared by every page of the shop."""
from django import template

from storefront.order.statuses import status_label
from storefront.whatsapp import shop_whatsapp_url, whatsapp_url

register = template.Library()


@register.simple_tag
def whatsapp(phone, text=""):
    """``{% whatsapp customer.phone "Halo…" %}`` → a wa.me link with the message prefilled."""
    return whatsapp_url(phone, text)


@register.simple_tag
def shop_whatsapp(text=""):
    """``{% shop_whatsapp "Halo, saya mau tanya…" %}`` → a wa.me link to the shop."""
    return shop_whatsapp_url(text)


@register.filter
def order_status(status):
    """``{{ order.status|order_status }}`` → "Menunggu pembayaran", "Dikirim" …"""
    return status_label(status)


@register.filter
def minutes(duration):
    """``{{ cooloff_timedelta|minutes }}`` → whole minutes of a ``timedelta`` (rounded up)."""
    seconds = duration.total_seconds()
    return int(-(-seconds // 60))
