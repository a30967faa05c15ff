from django.urls import path

from . import views

app_name = "loyalty"

urlpatterns = [
    path("", views.LoyaltyAccountView.as_view(), name="account"),
    path("tukar/", views.RedeemPointsView.as_view(), name="redeem"),
    path("hadiah/<int:pk>/klaim/", views.ClaimRewardView.as_view(), name="claim"),
    path("hadiah-saya/<int:pk>/batal/", views.CancelClaimView.as_view(), name="cancel-claim"),
    path("ulang-tahun/", views.BirthdayView.as_view(), name="birthday"),
    path("ajak/<str:code>/", views.ReferralView.as_view(), name="referral"),
]
