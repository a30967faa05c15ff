"""The owner's CRM screens. Thin: queries live in crm.managers, rules in crm.* modules."""

from datetime import timedelta

import tablib
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView
from oscar.core.loading import get_model

from core import caching
from core.order_statuses import PENDING_PAYMENT
from core.tasking import QUEUE_DOWN_MESSAGE, send_task
from crm import campaigns, charts, exports, imports, metrics, segments, services, tasks
from crm.feedback import reply, set_status
from crm.models import (
    Campaign,
    ConsentChannel,
    Customer,
    CustomerOrder,
    Feedback,
    FeedbackStatus,
)

from .forms import (
    CampaignForm,
    ConsentForm,
    CustomerForm,
    CustomerSearchForm,
    FeedbackFilterForm,
    FeedbackUpdateForm,
    ImportForm,
    MergeForm,
    ReplyForm,
)

Order = get_model("order", "Order")
TODAY_LIST_SIZE = 20
IMPORT_SESSION_KEY = "crm-import-rows"


class TodayView(TemplateView):
    """The customer side of the owner's start page "Hari ini" (complaints, payments, late
    regulars, new customers, birthdays), each with a one-tap action; the shop's start page
    (``storefront.dashboard.views.IndexView``) adds the orders, stock and rewards."""

    template_name = "crm/dashboard/today.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        customers = Customer.objects.active()
        return super().get_context_data(
            complaints=Feedback.objects.open_complaints()[:TODAY_LIST_SIZE],
            late_customers=customers.late_regulars(now)[:TODAY_LIST_SIZE],
            new_customers=customers.new_to_thank(now)[:TODAY_LIST_SIZE],
            birthdays=customers.birthdays_on(timezone.localdate())[:TODAY_LIST_SIZE],
            waiting_orders=Order.objects.filter(status=PENDING_PAYMENT)
            .select_related("shipping_address", "user")
            .order_by("date_placed")[:TODAY_LIST_SIZE],
            **kwargs,
        )


class CustomerListView(ListView):
    """All customers with their order numbers, searchable and filterable."""

    paginate_by = 50
    template_name = "crm/dashboard/customer_list.html"
    context_object_name = "customers"

    def get_queryset(self):
        self.form = CustomerSearchForm(self.request.GET or None)
        queryset = Customer.objects.active().prefetch_related("tags")
        if self.form.is_valid():
            data = self.form.cleaned_data
            queryset = queryset.search(data["q"])
            if data["segment"]:
                queryset = queryset.filter(segment=data["segment"])
            if data["tag"]:
                queryset = queryset.filter(tags=data["tag"])
            if data["city"]:
                queryset = queryset.filter(city__icontains=data["city"])
        return queryset.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class CustomerCreateView(CreateView):
    """Add a customer by hand (e.g. a buyer at the counter)."""

    model = Customer
    form_class = CustomerForm
    template_name = "crm/dashboard/customer_form.html"

    def get_success_url(self):
        messages.success(self.request, _("Customer saved."))
        return reverse("dashboard:crm-customer-detail", args=[self.object.pk])


class CustomerUpdateView(CustomerCreateView, UpdateView):
    """Edit a customer's contact data, tags and notes."""

    def get_queryset(self):
        return Customer.objects.active()


class CustomerDetailView(DetailView):
    """Customer 360: contact, orders, spend, points, feedback, tags, notes and consent."""

    template_name = "crm/dashboard/customer_detail.html"
    context_object_name = "customer"

    def get_queryset(self):
        return Customer.objects.prefetch_related("tags")

    def get_context_data(self, **kwargs):
        customer = self.object
        gap = customer.usual_gap
        return super().get_context_data(
            orders=CustomerOrder.objects.filter(customer=customer)
            .select_related("order")
            .order_by("-order__date_placed")[:50],
            feedback_list=customer.feedback.prefetch_related("replies").order_by("-created_at")[:50],
            consent_records=customer.consent_records.all()[:20],
            usual_gap_days=gap.days if gap is not None else None,
            segment=segments.SEGMENTS.get(customer.segment),
            consent_form=ConsentForm(
                initial={
                    "email_consent": customer.email_consent,
                    "whatsapp_consent": customer.whatsapp_consent,
                }
            ),
            merge_form=MergeForm(customer=customer),
            **kwargs,
        )


class CustomerConsentView(View):
    """Record the customer's consent per channel, with when and how (UU PDP)."""

    def post(self, request, pk):
        customer = get_object_or_404(Customer.objects.active(), pk=pk)
        form = ConsentForm(request.POST)
        if form.is_valid():
            for channel in ConsentChannel.values:
                services.record_consent(
                    customer, channel, form.cleaned_data[f"{channel}_consent"], form.cleaned_data["source"]
                )
            messages.success(request, _("Consent saved."))
        else:
            messages.error(request, _("Please say how the customer agreed."))
        return redirect("dashboard:crm-customer-detail", pk=pk)


class CustomerMergeView(View):
    """Merge a duplicate into this customer: GET with ?other= shows both, POST merges."""

    template_name = "crm/dashboard/customer_merge.html"

    def dispatch(self, request, pk):
        self.customer = get_object_or_404(Customer.objects.active(), pk=pk)
        return super().dispatch(request, pk)

    def get(self, request, pk):
        form = MergeForm(request.GET, customer=self.customer)
        if not form.is_valid():
            return render(request, self.template_name, {"customer": self.customer, "form": form}, status=400)
        other = form.cleaned_data["other"]
        return render(request, self.template_name, {"customer": self.customer, "other": other, "form": form})

    def post(self, request, pk):
        form = MergeForm(request.POST, customer=self.customer)
        if not form.is_valid():
            return render(request, self.template_name, {"customer": self.customer, "form": form}, status=400)
        services.merge_customers(source=form.cleaned_data["other"], target=self.customer)
        messages.success(request, _("The two records are now one customer."))
        return redirect("dashboard:crm-customer-detail", pk=pk)


class CustomerDataExportView(View):
    """One customer's personal data as JSON or CSV (UU PDP right of access)."""

    def get(self, request, pk, fmt):
        customer = get_object_or_404(Customer, pk=pk)
        if fmt == "json":
            content, content_type = exports.customer_json(customer), "application/json"
        else:
            content, content_type = exports.customer_csv(customer), "text/csv"
        response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="pelanggan-{customer.pk}.{fmt}"'
        return response


class CustomerEraseView(View):
    """Erase a customer's personal data after a confirmation (orders keep their amounts)."""

    def get(self, request, pk):
        customer = get_object_or_404(Customer.objects.active(), pk=pk)
        return render(request, "crm/dashboard/customer_erase.html", {"customer": customer})

    def post(self, request, pk):
        customer = get_object_or_404(Customer.objects.active(), pk=pk)
        services.erase_customer(customer)
        messages.success(request, _("The customer's personal data has been erased."))
        return redirect("dashboard:crm-customer-list")


class FeedbackListView(ListView):
    """The feedback inbox: surveys, contact messages, order complaints and product reviews."""

    paginate_by = 50
    template_name = "crm/dashboard/feedback_list.html"
    context_object_name = "feedback_list"

    def get_queryset(self):
        self.form = FeedbackFilterForm(self.request.GET or None)
        queryset = Feedback.objects.select_related(
            "customer", "order", "assignee", "review__product"
        ).annotate(reply_count=Count("replies"))
        if self.form.is_valid():
            data = self.form.cleaned_data
            if data["status"] == "open":
                queryset = queryset.exclude(status=FeedbackStatus.RESOLVED)
            elif data["status"]:
                queryset = queryset.filter(status=data["status"])
            if data["source"]:
                queryset = queryset.filter(source=data["source"])
            if data["complaints"]:
                queryset = queryset.filter(is_complaint=True)
            if data["q"]:
                text = data["q"]
                queryset = queryset.filter(
                    Q(comment__icontains=text)
                    | Q(name__icontains=text)
                    | Q(customer__name__icontains=text)
                    | Q(order__number=text)
                )
        return queryset.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class FeedbackDetailView(DetailView):
    """One feedback: the customer's words, replies, status, assignee, internal notes."""

    template_name = "crm/dashboard/feedback_detail.html"
    context_object_name = "feedback"
    queryset = Feedback.objects.select_related("customer", "order", "assignee", "review__product")

    def get_context_data(self, **kwargs):
        feedback = self.object
        kwargs.setdefault("reply_form", ReplyForm())
        kwargs.setdefault(
            "update_form",
            FeedbackUpdateForm(
                initial={
                    "status": feedback.status,
                    "assignee": feedback.assignee_id,
                    "internal_notes": feedback.internal_notes,
                }
            ),
        )
        return super().get_context_data(replies=feedback.replies.select_related("author"), **kwargs)


class FeedbackReplyView(FeedbackDetailView):
    """POST: send a reply (e-mailed by Celery); the page then offers the WhatsApp link too."""

    def post(self, request, pk):
        self.object = self.get_object()
        form = ReplyForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reply_form=form), status=400)
        reply(self.object, author=request.user, message=form.cleaned_data["message"])
        messages.success(request, _("Reply saved and e-mailed to the customer."))
        return redirect(reverse("dashboard:crm-feedback-detail", args=[pk]) + "#replies")


class FeedbackUpdateView(FeedbackDetailView):
    """POST: change status, assignee and internal notes."""

    def post(self, request, pk):
        self.object = feedback = self.get_object()
        form = FeedbackUpdateForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(update_form=form), status=400)
        feedback.assignee = form.cleaned_data["assignee"]
        feedback.internal_notes = form.cleaned_data["internal_notes"]
        feedback.save(update_fields=["assignee", "internal_notes"])
        if form.cleaned_data["status"] != feedback.status:
            set_status(feedback, form.cleaned_data["status"])
        messages.success(request, _("Feedback updated."))
        return redirect("dashboard:crm-feedback-detail", pk=pk)


class FeedbackResolveView(View):
    """One tap from "Hari ini": mark a feedback Selesai."""

    def post(self, request, pk):
        set_status(get_object_or_404(Feedback, pk=pk), FeedbackStatus.RESOLVED)
        messages.success(request, _("Marked as resolved."))
        return redirect(request.POST.get("next") or "dashboard:index")


class FeedbackExportView(View):
    """All feedback as CSV or Excel."""

    def get(self, request, fmt):
        return spreadsheet_response(exports.feedback_dataset(), "masukan", fmt)


def spreadsheet_response(dataset, name, fmt):
    if fmt == "xlsx":
        response = HttpResponse(
            dataset.export("xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(dataset.export("csv"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.{fmt}"'
    return response


class CustomerExportView(View):
    """All customers with their order stats as CSV or Excel."""

    def get(self, request, fmt):
        return spreadsheet_response(exports.customers_dataset(), "pelanggan", fmt)


class CustomerImportView(View):
    """Upload a customer list, see a preview with row errors, then import the good rows."""

    template_name = "crm/dashboard/customer_import.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ImportForm()})

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        try:
            rows = imports.check_rows(imports.read_file(form.cleaned_data["file"]))
        except (imports.ImportFileError, ValidationError) as exc:
            form.add_error("file", str(exc.args[0]) if exc.args else str(exc))
            return render(request, self.template_name, {"form": form}, status=400)
        request.session[IMPORT_SESSION_KEY] = imports.serialise(rows)
        return render(
            request,
            self.template_name,
            {
                "form": ImportForm(),
                "rows": rows,
                "good": sum(r.ok for r in rows),
                "bad": sum(not r.ok for r in rows),
            },
        )

    def confirm(self, request):
        data = request.session.pop(IMPORT_SESSION_KEY, None)
        if not data:
            messages.error(request, _("Nothing to import; please upload the file again."))
            return redirect("dashboard:crm-customer-import")
        try:
            created, updated = imports.import_rows(imports.deserialise(data))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("dashboard:crm-customer-import")
        messages.success(
            request,
            _("Import done: %(created)s new, %(updated)s updated.")
            % {"created": created, "updated": updated},
        )
        return redirect("dashboard:crm-customer-list")


class SegmentListView(TemplateView):
    """The RFM segments with their sizes; POST recomputes them now."""

    template_name = "crm/dashboard/segment_list.html"

    def get_context_data(self, **kwargs):
        counts = segments.segment_counts()
        rows = [
            {"key": key, "label": label, "advice": advice, "count": counts[key]}
            for key, (label, advice) in segments.SEGMENTS.items()
        ]
        return super().get_context_data(segments=rows, **kwargs)

    def post(self, request):
        if send_task(tasks.refresh_customer_segments) is None:
            messages.error(request, QUEUE_DOWN_MESSAGE)
        else:
            messages.success(request, _("Segments are being recomputed; refresh the page in a moment."))
        return redirect("dashboard:crm-segment-list")


class SegmentDetailView(ListView):
    """The customers of one segment, with a WhatsApp button each."""

    paginate_by = 50
    template_name = "crm/dashboard/segment_detail.html"
    context_object_name = "customers"

    def get_queryset(self):
        if self.kwargs["key"] not in segments.SEGMENTS:
            raise Http404
        return Customer.objects.active().filter(segment=self.kwargs["key"]).order_by("-total_spent", "pk")

    def get_context_data(self, **kwargs):
        label, advice = segments.SEGMENTS[self.kwargs["key"]]
        return super().get_context_data(segment_key=self.kwargs["key"], label=label, advice=advice, **kwargs)


class AnalyticsView(TemplateView):
    """The owner's numbers for the last 12 months, as SVG charts and tables."""

    template_name = "crm/dashboard/analytics.html"
    MONTHS = 12
    CACHE_SECONDS = 10 * 60

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # The orders version makes a new order, status change or answer show at once.
        key = caching.key(caching.ORDERS, f"crm-analytics:{today.isoformat()}:{translation.get_language()}")
        return super().get_context_data(**cache.get_or_set(key, self.numbers, self.CACHE_SECONDS), **kwargs)

    def numbers(self):
        """Everything the page shows; cached for a few minutes, the queries scan all orders."""
        now = timezone.now()
        first_month = metrics.month_start(timezone.localdate() - timedelta(days=31 * (self.MONTHS - 1)))
        start = timezone.make_aware(timezone.datetime(first_month.year, first_month.month, 1))
        orders = metrics.orders_by_month(start, now)
        feedback = metrics.feedback_by_month(start, now)
        label = "{:%m/%y}".format
        return {
            "customers_total": Customer.objects.active().count(),
            "counts": metrics.customer_counts(start, now),
            "aov": metrics.average_order_value(orders),
            "orders_by_month": orders,
            "feedback_by_month": feedback,
            "cohorts": metrics.cohort_table(start, now),
            "aov_chart": charts.bar_chart(
                [(label(r["month"]), r["aov"]) for r in orders], title=_("Average order value")
            ),
            "nps_chart": charts.bar_chart(
                [(label(r["month"]), r["nps"]) for r in feedback], title="NPS", allow_negative=True
            ),
            "csat_chart": charts.bar_chart([(label(r["month"]), r["csat"]) for r in feedback], title="CSAT"),
            "computed_at": now,
        }


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
        return spreadsheet_response(dataset, f"whatsapp-kampanye-{campaign.pk}", "csv")
