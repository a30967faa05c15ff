from django.views.generic import TemplateView


class LoyaltyOverviewView(TemplateView):
    """The owner's loyalty overview."""

    template_name = "loyalty/dashboard/overview.html"
