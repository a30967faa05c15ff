"""Dashboard views the shop overrides (picked up by Oscar's get_class)."""

from django.urls import reverse, reverse_lazy
from oscar.apps.dashboard.views import LoginView as OscarLoginView


class LoginView(OscarLoginView):
    """After the owner logs in, open "Hari ini" (what needs attention today) instead of
    Oscar's statistics page, unless the login was for a specific other page."""

    login_redirect_url = reverse_lazy("dashboard:crm-today")

    def get_success_url(self):
        url = self.get_redirect_url()
        if url and url != reverse("dashboard:index"):
            return url
        return self.login_redirect_url
