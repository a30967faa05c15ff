from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView


class LoyaltyAccountView(LoginRequiredMixin, TemplateView):
    """The buyer's points, tier and history (/shop/accounts/loyalty/)."""

    template_name = "loyalty/account.html"
