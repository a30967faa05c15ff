"""Mounted under /dashboard/staff/ by storefront.dashboard (names in the "dashboard" namespace)."""

from django.urls import path

from staff import views

urlpatterns = [
    path("", views.StaffView.as_view(), name="staff"),
    path("<int:pk>/remove/", views.RemoveHelperView.as_view(), name="staff-remove"),
    path("log/", views.OwnerActionLogView.as_view(), name="staff-log"),
]
