"""The buyer's own feedback pages, under /shop/accounts/feedback/ (login required)."""

from django.urls import path

from . import views

app_name = "crm_account"

urlpatterns = [
    path("", views.MyFeedbackListView.as_view(), name="feedback-list"),
    path("<int:pk>/", views.MyFeedbackDetailView.as_view(), name="feedback-detail"),
    path("order/<str:order_number>/complaint/", views.OrderComplaintView.as_view(), name="order-complaint"),
]
