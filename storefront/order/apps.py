import oscar.apps.order.apps as apps


class OrderConfig(apps.OrderConfig):
    name = "storefront.order"

    def ready(self):
        super().ready()
        from notifications import outbox
        from storefront import owner_alerts
        from storefront.order import notifications, receivers, whatsapp_notices  # noqa: F401  (receivers connect)

        outbox.register_composer(notifications.BUYER_EMAIL, notifications.buyer_email)
        outbox.register_composer(whatsapp_notices.BUYER_WHATSAPP, whatsapp_notices.buyer_whatsapp)
        outbox.register_composer(owner_alerts.OWNER_ALERT_WHATSAPP, owner_alerts.owner_alert_whatsapp)
        outbox.register_composer(owner_alerts.OWNER_ALERT_EMAIL, owner_alerts.owner_alert_email)
