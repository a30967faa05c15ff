"""The owner's feedback inbox: list, detail, reply, status, export."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView

from crm import exports
from crm.feedback import reply, set_status
from crm.models import Feedback, FeedbackStatus
from staff.audit import record_owner_action
from staff.models import OwnerActionKind

from ..forms import FeedbackFilterForm, FeedbackUpdateForm, ReplyForm


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
        record_owner_action(request.user, OwnerActionKind.EXPORT_DOWNLOADED, f"masukan.{fmt}")
        return exports.spreadsheet_response(exports.feedback_dataset(), "masukan", fmt)
