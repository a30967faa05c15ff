"""The owner's loyalty screens (Oscar dashboard, staff only)."""

import contextlib
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from core.phones import normalise_phone
from loyalty import services
from loyalty.models import Account, BonusRule, Entry, Reward, RewardClaim, Tier
from loyalty.rules import LoyaltyError
from staff.audit import record_owner_action
from staff.models import OwnerActionKind

from .forms import (
    AccountSearchForm,
    AdjustForm,
    BonusRuleFormSet,
    CounterSaleForm,
    RewardForm,
    SettingsForm,
    TierFormSet,
)


class LoyaltyOverviewView(TemplateView):
    """Points outstanding (liability), earned/redeemed/expired per month, rewards, expiring soon."""

    template_name = "loyalty/dashboard/overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=services.owner_report(), **kwargs)


class SettingsUpdateView(UpdateView):
    form_class = SettingsForm
    template_name = "loyalty/dashboard/form.html"
    success_url = reverse_lazy("dashboard:loyalty-settings")
    extra_context = {"title": gettext_lazy("Loyalty settings")}

    def get_object(self, queryset=None):
        return services.get_settings()

    def form_valid(self, form):
        record_owner_action(self.request.user, OwnerActionKind.SETTINGS_CHANGED, self.extra_context["title"])
        messages.success(self.request, _("Settings saved."))
        return super().form_valid(form)


class FormSetView(TemplateView):
    """Edit all rows of a small table (tiers, bonus rules) on one phone-friendly page."""

    template_name = "loyalty/dashboard/formset.html"
    formset_class = None
    title = ""

    def prepare(self):
        """Create the default rows before showing them."""

    def get_context_data(self, **kwargs):
        self.prepare()
        kwargs.setdefault("formset", self.formset_class(queryset=self.get_queryset()))
        return super().get_context_data(title=self.title, **kwargs)

    def post(self, request):
        self.prepare()
        formset = self.formset_class(request.POST, queryset=self.get_queryset())
        if formset.is_valid():
            formset.save()
            record_owner_action(request.user, OwnerActionKind.SETTINGS_CHANGED, self.title)
            messages.success(request, _("Saved."))
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(formset=formset))


class TierListView(FormSetView):
    formset_class = TierFormSet
    title = gettext_lazy("Tiers")

    def prepare(self):
        services.ensure_default_tiers()

    def get_queryset(self):
        return Tier.objects.order_by("threshold")


class BonusRuleListView(FormSetView):
    formset_class = BonusRuleFormSet
    title = gettext_lazy("Bonus rules")

    def prepare(self):
        services.ensure_default_bonus_rules()

    def get_queryset(self):
        return BonusRule.objects.order_by("kind")


class RewardListView(ListView):
    template_name = "loyalty/dashboard/reward_list.html"
    context_object_name = "rewards"

    def get_queryset(self):
        return Reward.objects.select_related("min_tier", "product", "category").order_by(
            "-is_active", "points_cost"
        )

    def get_context_data(self, **kwargs):
        claims = RewardClaim.objects.as_of(timezone.now()).select_related(
            "reward", "account__customer", "voucher"
        )[:50]
        return super().get_context_data(claims=claims, **kwargs)


class RewardCreateView(CreateView):
    model = Reward
    form_class = RewardForm
    template_name = "loyalty/dashboard/form.html"
    success_url = reverse_lazy("dashboard:loyalty-rewards")
    extra_context = {"title": gettext_lazy("New reward")}


class RewardUpdateView(UpdateView):
    model = Reward
    form_class = RewardForm
    template_name = "loyalty/dashboard/form.html"
    success_url = reverse_lazy("dashboard:loyalty-rewards")
    extra_context = {"title": gettext_lazy("Edit reward")}


class AccountListView(ListView):
    template_name = "loyalty/dashboard/account_list.html"
    context_object_name = "accounts"
    paginate_by = 25

    def get_queryset(self):
        qs = Account.objects.select_related("customer", "tier").order_by("-available", "pk")
        self.form = AccountSearchForm(self.request.GET)
        q = self.form.data.get("q", "").strip()
        if q:
            match = Q(customer__name__icontains=q) | Q(customer__email__icontains=q)
            with contextlib.suppress(ValidationError):  # not a phone number: the other fields
                match |= Q(customer__phone=normalise_phone(q))
            qs = qs.filter(match)
        return qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class AccountDetailView(DetailView):
    """One customer's ledger, with the manual adjustment form (reason required, audited)."""

    model = Account
    template_name = "loyalty/dashboard/account_detail.html"
    context_object_name = "account"

    def get_queryset(self):
        return Account.objects.select_related("customer", "tier")

    def get_context_data(self, **kwargs):
        entries = self.object.entries.select_related("created_by").order_by("-created_at", "-pk")[:200]
        kwargs.setdefault("form", AdjustForm())
        return super().get_context_data(
            entries=entries, summary=services.points_summary(self.object.customer), **kwargs
        )

    def post(self, request, pk):
        self.object = get_object_or_404(self.get_queryset(), pk=pk)
        form = AdjustForm(request.POST)
        if form.is_valid():
            try:
                services.adjust_points(
                    self.object, form.cleaned_data["points"], form.cleaned_data["reason"], by=request.user
                )
            except LoyaltyError as exc:
                form.add_error("points", str(exc))
            else:
                record_owner_action(
                    request.user,
                    OwnerActionKind.POINTS_ADJUSTED,
                    _("Points account #%(pk)s") % {"pk": self.object.pk},
                    f"{form.cleaned_data['points']:+d}: {form.cleaned_data['reason']}",
                )
                messages.success(request, _("Points adjusted."))
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


class CounterSaleView(FormView):
    """A sale in the shop: phone number + amount → the customer earns points like online."""

    form_class = CounterSaleForm
    template_name = "loyalty/dashboard/counter_sale.html"

    def get_initial(self):
        return {"token": uuid.uuid4()}

    def form_valid(self, form):
        try:
            entry = services.record_counter_sale(
                phone=form.cleaned_data["phone"],
                amount=form.cleaned_data["amount"],
                name=form.cleaned_data["name"],
                token=form.cleaned_data["token"],
                by=self.request.user,
            )
        except LoyaltyError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return redirect(reverse("dashboard:loyalty-counter-receipt", args=[entry.pk]))


class CounterReceiptView(DetailView):
    template_name = "loyalty/dashboard/counter_receipt.html"
    context_object_name = "entry"

    def get_queryset(self):
        return Entry.objects.filter(source_type="counter").select_related(
            "account__customer", "account__tier"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            summary=services.points_summary(self.object.account.customer), **kwargs
        )
