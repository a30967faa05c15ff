from django.urls import path

from . import views

app_name = "loyalty"

urlpatterns = [
    path("", views.LoyaltyAccountView.as_view(), name="account"),
]
