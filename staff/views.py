"""The owner's staff page (add, list, remove shop helpers) and the audit log (owner only)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View

from staff import roles
from staff.audit import record_owner_action
from staff.forms import AddHelperForm
from staff.models import OwnerAction, OwnerActionKind


def staff_accounts():
    """Every active staff account with its groups, owners first."""
    return (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True)
        .prefetch_related("groups")
        .order_by("-is_superuser", "email")
    )


class StaffView(FormView):
    """List of staff accounts with their role, and the form to add a helper."""

    template_name = "staff/staff.html"
    form_class = AddHelperForm

    def get_context_data(self, **kwargs):
        accounts = [(user, roles.is_owner(user)) for user in staff_accounts()]
        return super().get_context_data(accounts=accounts, **kwargs)

    def form_valid(self, form):
        helper = form.save()
        if roles.is_owner(helper):
            messages.info(self.request, _("%(email)s is an owner already.") % {"email": helper.email})
            return redirect("dashboard:staff")
        roles.give_role(helper, roles.HELPER_GROUP)
        record_owner_action(self.request.user, OwnerActionKind.STAFF_ADDED, helper.email)
        messages.success(
            self.request,
            _("%(email)s can now sign in to the dashboard as shop helper.") % {"email": helper.email},
        )
        return redirect("dashboard:staff")


class RemoveHelperView(View):
    """Take a helper's dashboard access away (the account itself stays, e.g. for their orders)."""

    def post(self, request, pk):
        helper = get_object_or_404(get_user_model(), pk=pk, is_staff=True)
        if roles.is_owner(helper):
            messages.error(request, _("An owner's account cannot be removed here."))
            return redirect("dashboard:staff")
        roles.take_role(helper)
        record_owner_action(request.user, OwnerActionKind.STAFF_REMOVED, helper.email)
        messages.success(
            request, _("%(email)s no longer has access to the dashboard.") % {"email": helper.email}
        )
        return redirect("dashboard:staff")


class OwnerActionLogView(ListView):
    """Who did what: the newest actions first, 50 a page."""

    template_name = "staff/log.html"
    context_object_name = "actions"
    paginate_by = 50

    def get_queryset(self):
        return OwnerAction.objects.all()
