"""Applies the shop's offers; adds the loyalty points discount for signed-in buyers."""

from oscar.apps.offer.applicator import Applicator as CoreApplicator


class Applicator(CoreApplicator):
    def get_user_offers(self, user):
        """A signed-in buyer may pay part of the basket with points (docs/design.md § 3)."""
        from storefront.offer.points import ensure_points_offer  # models must be loaded first

        if user is None or not user.is_authenticated:
            return []
        return [ensure_points_offer()]
