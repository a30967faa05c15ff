"""Refuse a staff account the dashboard pages its role does not include (staff/roles.py)."""

from django.core.exceptions import PermissionDenied

from staff.roles import may_use

# Reached before anybody is signed in as staff.
OPEN_PAGES = {"dashboard:login", "dashboard:logout"}


class DashboardRolesMiddleware:
    """403 for a signed-in staff account on a dashboard page outside its role. Everybody else
    is left to Oscar (anonymous visitors and buyers are sent to the dashboard login)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or not match.namespaces or match.namespaces[0] != "dashboard":
            return None
        user = request.user
        if match.view_name in OPEN_PAGES or not (user.is_authenticated and user.is_staff):
            return None
        if not may_use(user, match.view_name):
            raise PermissionDenied
        return None
