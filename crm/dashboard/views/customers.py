"""The owner's customer screens: list, add/edit, detail, consent, merge, personal data,
export and import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from crm import exports, imports, segments, services
from crm.models import ConsentChannel, Customer, CustomerOrder, PhoneConflict
from staff.audit import record_owner_action
from staff.models import OwnerActionKind

from ..forms import ConsentForm, CustomerForm, CustomerSearchForm, ImportForm, MergeForm

IMPORT_SESSION_KEY = "crm-import-rows"


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
            phone_conflicts=PhoneConflict.objects.filter(Q(customer=customer) | Q(holder=customer))
            .select_related("customer", "holder"),
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
        record_owner_action(request.user, OwnerActionKind.EXPORT_DOWNLOADED, f"pelanggan-{customer.pk}.{fmt}")
        return response


class CustomerEraseView(View):
    """Erase a customer's personal data after a confirmation (orders keep their amounts)."""

    def get(self, request, pk):
        customer = get_object_or_404(Customer.objects.active(), pk=pk)
        return render(request, "crm/dashboard/customer_erase.html", {"customer": customer})

    def post(self, request, pk):
        customer = get_object_or_404(Customer.objects.active(), pk=pk)
        services.erase_customer(customer)
        # The customer's number only: their name is exactly what was just erased.
        record_owner_action(request.user, OwnerActionKind.CUSTOMER_ERASED, _("Customer #%(pk)s") % {"pk": pk})
        messages.success(request, _("The customer's personal data has been erased."))
        return redirect("dashboard:crm-customer-list")


class CustomerExportView(View):
    """All customers with their order stats as CSV or Excel."""

    def get(self, request, fmt):
        record_owner_action(request.user, OwnerActionKind.EXPORT_DOWNLOADED, f"pelanggan.{fmt}")
        return exports.spreadsheet_response(exports.customers_dataset(), "pelanggan", fmt)


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
