"""Buyer-facing CRM pages under /survey/: the post-order survey and the unsubscribe link."""

from django.urls import path

from . import views

app_name = "crm"

urlpatterns = [
    path("berhenti/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("<str:token>/", views.SurveyView.as_view(), name="survey"),
]
