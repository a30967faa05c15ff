import oscar.apps.offer.apps as apps


class OfferConfig(apps.OfferConfig):
    name = "storefront.offer"

    def ready(self):
        """Loyalty delivers claimed rewards as Oscar vouchers made here (loyalty never imports
        the storefront; it calls what is registered)."""
        super().ready()
        from loyalty.services import register_voucher_issuer
        from storefront.offer.points import create_reward_voucher

        register_voucher_issuer(create_reward_voucher)
