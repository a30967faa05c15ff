import oscar.apps.payment.apps as apps


class PaymentConfig(apps.PaymentConfig):
    name = "storefront.payment"

    def ready(self):
        super().ready()
        from storefront.payment import receivers  # noqa: F401  (connects the signal receivers)
