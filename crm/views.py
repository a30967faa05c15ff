"""Buyer-facing CRM pages: the post-order survey (no login), unsubscribe, and the buyer's own
feedback with the shop's replies; plus the complaint form on the buyer's order page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView
from oscar.core.loading import get_model

from . import campaigns, ratelimit
from .feedback import AlreadyAnswered, record_order_complaint, record_survey_answer
from .forms import ComplaintForm, SurveyForm
from .models import Feedback
from .survey import ExpiredLink, InvalidLink, order_id_from_token

Order = get_model("order", "Order")

SURVEY_TEMPLATE = "crm/survey/form.html"
PROBLEM_TEMPLATE = "crm/survey/problem.html"


class SurveyView(View):
    """The one-page survey a buyer opens from the e-mailed link."""

    def dispatch(self, request, token):
        try:
            order_id = order_id_from_token(token)
        except ExpiredLink:
            return self.problem(_("This survey link has expired. Thank you all the same!"), status=410)
        except InvalidLink:
            return self.problem(
                _("This survey link is not valid. Please open the link from the e-mail."), 404
            )
        self.order = Order.objects.filter(pk=order_id).first()
        if self.order is None:
            return self.problem(
                _("This survey link is not valid. Please open the link from the e-mail."), 404
            )
        if Feedback.objects.filter(order=self.order, source="survey").exists():
            return self.problem(_("You have already answered this survey. Thank you!"), status=200)
        return super().dispatch(request)

    def problem(self, text, status):
        return render(self.request, PROBLEM_TEMPLATE, {"problem": text}, status=status)

    def get(self, request):
        return render(request, SURVEY_TEMPLATE, {"form": SurveyForm(), "order": self.order})

    def post(self, request):
        if not ratelimit.allow(request, "survey"):
            return self.problem(_("Too many answers from this connection. Please try again later."), 429)
        form = SurveyForm(request.POST)
        if not form.is_valid():
            return render(request, SURVEY_TEMPLATE, {"form": form, "order": self.order}, status=400)
        try:
            feedback = record_survey_answer(self.order, **form.cleaned_data)
        except AlreadyAnswered:
            return self.problem(_("You have already answered this survey. Thank you!"), status=200)
        return render(request, "crm/survey/thanks.html", {"feedback": feedback, "order": self.order})


class UnsubscribeView(View):
    """Stop e-mail promotions from the link in a campaign e-mail (GET asks, POST does it)."""

    def dispatch(self, request, token):
        self.customer = campaigns.customer_from_unsubscribe_token(token)
        if self.customer is None:
            return render(
                request,
                PROBLEM_TEMPLATE,
                {"problem": _("This link is not valid. Please open the link from the e-mail.")},
                status=404,
            )
        return super().dispatch(request)

    def get(self, request):
        return render(request, "crm/survey/unsubscribe.html", {"done": False})

    def post(self, request):
        campaigns.unsubscribe(self.customer)
        return render(request, "crm/survey/unsubscribe.html", {"done": True})


class MyFeedbackListView(LoginRequiredMixin, ListView):
    """The buyer's own feedback and complaints, with the shop's replies."""

    template_name = "crm/account/feedback_list.html"
    context_object_name = "feedback_list"
    paginate_by = 20

    def get_queryset(self):
        return (
            Feedback.objects.for_buyer(self.request.user).select_related("order").prefetch_related("replies")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("My feedback"), active_tab="feedback", **kwargs)


class MyFeedbackDetailView(LoginRequiredMixin, DetailView):
    """One of the buyer's feedback with all replies; anybody else's is a 404."""

    template_name = "crm/account/feedback_detail.html"
    context_object_name = "feedback"

    def get_queryset(self):
        return (
            Feedback.objects.for_buyer(self.request.user).select_related("order").prefetch_related("replies")
        )

    def get_context_data(self, **kwargs):
        title = _("Feedback of %(date)s") % {"date": date_format(self.object.created_at, "j F Y")}
        return super().get_context_data(page_title=title, **kwargs)


class OrderComplaintView(LoginRequiredMixin, View):
    """POST from the complaint form on the buyer's order page; another buyer's order is a 404."""

    def post(self, request, order_number):
        order = get_object_or_404(Order, number=order_number, user=request.user)
        back = reverse("customer:order", kwargs={"order_number": order.number})
        if not ratelimit.allow(request, "complaint"):
            messages.error(request, _("Too many messages from this connection. Please try again later."))
            return redirect(back)
        form = ComplaintForm(request.POST)
        if not form.is_valid():
            return render(
                request, "crm/account/complaint_form.html", {"form": form, "order": order}, status=400
            )
        feedback = record_order_complaint(order, message=form.cleaned_data["message"])
        messages.success(request, _("Thank you. We have received your complaint and will answer soon."))
        return redirect("crm_account:feedback-detail", pk=feedback.pk)
