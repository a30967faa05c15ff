from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from oscar.core.application import OscarDashboardConfig


class CrmDashboardConfig(OscarDashboardConfig):
    """The owner's customer screens ("Hari ini", customers, feedback, segments, analytics,
    campaigns, import/export) in Oscar's dashboard, under /dashboard/crm/."""

    label = "crm_dashboard"
    name = "crm.dashboard"
    verbose_name = _("Customers")
    default_permissions = ["is_staff"]

    def get_urls(self):
        from . import views as v

        urls = [
            # "Hari ini" is the dashboard's start page now (storefront.dashboard.views.IndexView).
            path("today/", RedirectView.as_view(pattern_name="dashboard:index"), name="crm-today"),
            path("customers/", v.CustomerListView.as_view(), name="crm-customer-list"),
            path("customers/new/", v.CustomerCreateView.as_view(), name="crm-customer-create"),
            path("customers/import/", v.CustomerImportView.as_view(), name="crm-customer-import"),
            re_path(
                r"^customers/export\.(?P<fmt>csv|xlsx)$",
                v.CustomerExportView.as_view(),
                name="crm-customer-export",
            ),
            path("customers/<int:pk>/", v.CustomerDetailView.as_view(), name="crm-customer-detail"),
            path("customers/<int:pk>/edit/", v.CustomerUpdateView.as_view(), name="crm-customer-update"),
            path("customers/<int:pk>/consent/", v.CustomerConsentView.as_view(), name="crm-customer-consent"),
            path("customers/<int:pk>/merge/", v.CustomerMergeView.as_view(), name="crm-customer-merge"),
            path("customers/<int:pk>/erase/", v.CustomerEraseView.as_view(), name="crm-customer-erase"),
            re_path(
                r"^customers/(?P<pk>\d+)/data\.(?P<fmt>json|csv)$",
                v.CustomerDataExportView.as_view(),
                name="crm-customer-data",
            ),
            path("feedback/", v.FeedbackListView.as_view(), name="crm-feedback-list"),
            re_path(
                r"^feedback/export\.(?P<fmt>csv|xlsx)$",
                v.FeedbackExportView.as_view(),
                name="crm-feedback-export",
            ),
            path("feedback/<int:pk>/", v.FeedbackDetailView.as_view(), name="crm-feedback-detail"),
            path("feedback/<int:pk>/reply/", v.FeedbackReplyView.as_view(), name="crm-feedback-reply"),
            path("feedback/<int:pk>/update/", v.FeedbackUpdateView.as_view(), name="crm-feedback-update"),
            path("feedback/<int:pk>/resolve/", v.FeedbackResolveView.as_view(), name="crm-feedback-resolve"),
            path("segments/", v.SegmentListView.as_view(), name="crm-segment-list"),
            path("segments/<str:key>/", v.SegmentDetailView.as_view(), name="crm-segment-detail"),
            path("analytics/", v.AnalyticsView.as_view(), name="crm-analytics"),
            path("campaigns/", v.CampaignListView.as_view(), name="crm-campaign-list"),
            path("campaigns/new/", v.CampaignCreateView.as_view(), name="crm-campaign-create"),
            path("campaigns/<int:pk>/", v.CampaignDetailView.as_view(), name="crm-campaign-detail"),
            path(
                "campaigns/<int:pk>/whatsapp.csv",
                v.CampaignWhatsAppExportView.as_view(),
                name="crm-campaign-whatsapp",
            ),
        ]
        return self.post_process_urls(urls)
