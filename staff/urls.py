"""Mounted under /dashboard/staff/ by storefront.dashboard (names in the "dashboard" namespace).

Oscar's dashboard app does not decorate included URLs, so these are staff-only here (anonymous
visitors and buyers go to the dashboard login); staff.middleware then keeps them the owner's."""

from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path, reverse_lazy

from staff import views

staff_only = staff_member_required(login_url=reverse_lazy("dashboard:login"))

urlpatterns = [
    path("", staff_only(views.StaffView.as_view()), name="staff"),
    path("<int:pk>/remove/", staff_only(views.RemoveHelperView.as_view()), name="staff-remove"),
    path("log/", staff_only(views.OwnerActionLogView.as_view()), name="staff-log"),
]
