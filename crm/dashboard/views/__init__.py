"""The owner's CRM screens, one module per screen group. Thin: queries live in crm.managers,
rules in crm.* modules."""

from .campaigns import (
    CampaignCreateView,
    CampaignDetailView,
    CampaignListView,
    CampaignWhatsAppExportView,
)
from .customers import (
    CustomerConsentView,
    CustomerCreateView,
    CustomerDataExportView,
    CustomerDetailView,
    CustomerEraseView,
    CustomerExportView,
    CustomerImportView,
    CustomerListView,
    CustomerMergeView,
    CustomerUpdateView,
)
from .feedback import (
    FeedbackDetailView,
    FeedbackExportView,
    FeedbackListView,
    FeedbackReplyView,
    FeedbackResolveView,
    FeedbackUpdateView,
)
from .reports import (
    AnalyticsView,
    SegmentDetailView,
    SegmentListView,
)
from .today import (
    TodayView,
)

__all__ = [
    "AnalyticsView",
    "CampaignCreateView",
    "CampaignDetailView",
    "CampaignListView",
    "CampaignWhatsAppExportView",
    "CustomerConsentView",
    "CustomerCreateView",
    "CustomerDataExportView",
    "CustomerDetailView",
    "CustomerEraseView",
    "CustomerExportView",
    "CustomerImportView",
    "CustomerListView",
    "CustomerMergeView",
    "CustomerUpdateView",
    "FeedbackDetailView",
    "FeedbackExportView",
    "FeedbackListView",
    "FeedbackReplyView",
    "FeedbackResolveView",
    "FeedbackUpdateView",
    "SegmentDetailView",
    "SegmentListView",
    "TodayView",
]
