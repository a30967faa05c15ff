import oscar.apps.order.apps as apps


class OrderConfig(apps.OrderConfig):
    name = "storefront.order"

    def ready(self):
        super().ready()
        from notifications import outbox
        from storefront.order import notifications, receivers  # noqa: F401  (connects the signal receivers)

        outbox.register_composer(notifications.BUYER_EMAIL, notifications.buyer_email)
