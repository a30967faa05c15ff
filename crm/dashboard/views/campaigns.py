"""The owner's campaigns: e-mail sends and WhatsApp lists to a segment."""

import tablib
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView

from core.tasking import QUEUE_DOWN_MESSAGE, send_task
from crm import campaigns, exports, segments, tasks
from crm.models import Campaign, Customer
from staff.audit import record_owner_action
from staff.models import OwnerActionKind

from ..forms import CampaignForm


class CampaignListView(ListView):
    template_name = "crm/dashboard/campaign_list.html"
    context_object_name = "campaigns"
    paginate_by = 30

    def get_queryset(self):
        return Campaign.objects.select_related("voucher").annotate(sent=Count("sends"))


class CampaignCreateView(CreateView):
    """Write a campaign for a segment, optionally with a new voucher."""

    model = Campaign
    form_class = CampaignForm
    template_name = "crm/dashboard/campaign_form.html"

    def get_initial(self):
        return {"segment": self.request.GET.get("segment", "")}

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        response = super().form_valid(form)
        if form.cleaned_data["voucher_percent"]:
            campaigns.create_voucher(
                self.object,
                percent=form.cleaned_data["voucher_percent"],
                valid_days=form.cleaned_data["voucher_days"],
            )
        return response

    def get_success_url(self):
        return reverse("dashboard:crm-campaign-detail", args=[self.object.pk])


class CampaignDetailView(DetailView):
    """A campaign: who will get it, sends so far, voucher uses; send it; WhatsApp list."""

    template_name = "crm/dashboard/campaign_detail.html"
    context_object_name = "campaign"
    queryset = Campaign.objects.select_related("voucher")

    def get_context_data(self, **kwargs):
        campaign = self.object
        return super().get_context_data(
            segment_label=segments.segment_label(campaign.segment),
            sent=campaign.sends.count(),
            waiting=campaigns.recipients(campaign).count(),
            segment_size=Customer.objects.active().filter(segment=campaign.segment).count(),
            **kwargs,
        )

    def post(self, request, pk):
        campaign = self.get_object()
        if send_task(tasks.send_campaign_batch, campaign.pk) is None:
            messages.error(request, QUEUE_DOWN_MESSAGE)
        else:
            messages.success(request, _("Sending started. Only customers who agreed to e-mail get it."))
        return redirect("dashboard:crm-campaign-detail", pk=campaign.pk)


class CampaignWhatsAppExportView(View):
    """CSV of names, numbers and prefilled wa.me links for sending the campaign by WhatsApp."""

    def get(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        dataset = tablib.Dataset(headers=["nama", "hp", "link whatsapp"])
        for row in campaigns.whatsapp_list(campaign):
            dataset.append(row)
        name = f"whatsapp-kampanye-{campaign.pk}"
        record_owner_action(request.user, OwnerActionKind.EXPORT_DOWNLOADED, f"{name}.csv")
        return exports.spreadsheet_response(dataset, name, "csv")
