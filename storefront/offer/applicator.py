"""Applies the shop's offers; adds the loyalty points discount for signed-in buyers."""

from oscar.apps.offer.applicator import Applicator as CoreApplicator


class Applicator(CoreApplicator):
    def get_offers(self, basket, user=None, request=None):
        self.request = request  # for get_site_offers
        return super().get_offers(basket, user, request)

    def get_site_offers(self):
        """The site's offers, read once per request: the basket page asks for them when it
        applies them and again for its "spend more" messages."""
        request = getattr(self, "request", None)
        if request is None:
            return super().get_site_offers()
        if not hasattr(request, "_site_offers"):
            request._site_offers = list(super().get_site_offers())
        return request._site_offers

    def get_user_offers(self, user):
        """A signed-in buyer may pay part of the basket with points (docs/design.md § 3)."""
        from storefront.offer.points import ensure_points_offer  # models must be loaded first

        if user is None or not user.is_authenticated:
            return []
        return [ensure_points_offer()]
