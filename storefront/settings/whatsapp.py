"""WhatsApp Cloud API settings (docs/providers.md "WhatsApp Cloud API", README's configuration
table), read from the environment. With a token and phone number id, order notices go to buyers
who agreed to WhatsApp as approved templates and the owner's alerts go to the owner's number;
without them nothing changes (wa.me links, alerts by e-mail)."""

import environ

env = environ.Env()

WHATSAPP_TOKEN = env.str("WHATSAPP_TOKEN", default="")
WHATSAPP_PHONE_NUMBER_ID = env.str("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_APP_SECRET = env.str("WHATSAPP_APP_SECRET", default="")  # checks the webhook's signature
WHATSAPP_VERIFY_TOKEN = env.str("WHATSAPP_VERIFY_TOKEN", default="")  # the webhook's set-up handshake
WHATSAPP_API_BASE_URL = env.str("WHATSAPP_API_BASE_URL", default="https://graph.facebook.com")
WHATSAPP_API_VERSION = env.str("WHATSAPP_API_VERSION", default="v21.0")
# The owner's alerts go here; empty: the shop's WhatsApp number (Shop details, SHOP_WHATSAPP_NUMBER).
WHATSAPP_OWNER_NUMBER = env.str("WHATSAPP_OWNER_NUMBER", default="")
# Names of the approved templates (created in Meta's WhatsApp Manager, docs/providers.md).
WHATSAPP_TEMPLATES = {
    "placed": env.str("WHATSAPP_TEMPLATE_ORDER_PLACED", default="order_placed"),
    "paid": env.str("WHATSAPP_TEMPLATE_ORDER_PAID", default="order_paid"),
    "shipped": env.str("WHATSAPP_TEMPLATE_ORDER_SHIPPED", default="order_shipped"),
    "completed": env.str("WHATSAPP_TEMPLATE_ORDER_COMPLETED", default="order_completed"),
    "owner_alert": env.str("WHATSAPP_TEMPLATE_OWNER_ALERT", default="owner_alert"),
}
