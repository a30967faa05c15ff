"""The buyer's loyalty pages (/shop/accounts/loyalty/): points, tier, history, rewards."""
import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core.pagination import CountedPaginator

from . import rules, services
from .forms import BirthdayForm, RedeemForm
from .models import Entry, Reward, RewardClaim
from .receivers import REFERRAL_SESSION_KEY
from .rules import LoyaltyError


class LoyaltyAccountView(LoginRequiredMixin, TemplateView):
    """The buyer's points, tier and history (/shop/accounts/loyalty/)."""

    template_name = "loyalty/account.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        account = services.account_for_user(self.request.user)
        config = services.get_settings()
        tier = services.tier_of(account)  # from the cached tiers, not a query
        now = timezone.now()
        figures = services.ledger_figures(account, now)
        spend = figures.spend
        upcoming, missing = rules.next_tier(spend, services.tier_levels())
        history = CountedPaginator(services.history_entries(account), 20, figures.history_size)
        ctx.update(
            account=account,
            tier=tier,
            config=config,
            page_title=_("My points"),
            active_tab="loyalty",
            available_value=services.points_to_rupiah(account.available, config),
            pending_value=services.points_to_rupiah(account.pending, config),
            spend=spend,
            next_tier=upcoming,
            missing=missing,
            progress=rules.tier_progress_percent(spend, tier, upcoming),
            history=history.get_page(self.request.GET.get("page")),
            expiring=Entry.objects.filter(account=account)
            .expiring_between(now, now + datetime.timedelta(days=30))
            .order_by("expires_at"),
            rewards=services.rewards_on_offer(now),
            # A reward for a higher tier shows, but its button stays off (-1: no tier yet).
            tier_threshold=tier.threshold if tier else -1,
            claims=account.claims.as_of(now).select_related("reward", "voucher")[:20],
            birthday_form=BirthdayForm(initial={"birthday": account.customer.birthday}),
            birthday_locked=not rules.can_change_birthday(account.birthday_changed_at, now),
            referral_url=self.request.build_absolute_uri(
                reverse("loyalty:referral", args=[account.referral_code])
            ),
        )
        return ctx


def _back(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(target)
    return redirect(fallback)


def _chosen_message(points):
    if points:
        return _("%(points)d points will be used on this order.") % {"points": points}
    return _("No points will be used on this order.")


class RedeemPointsView(LoginRequiredMixin, View):
    """Sets the points to use on the buyer's basket (from the basket or checkout partial)."""

    def post(self, request):
        form = RedeemForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter a whole number of points."))
            return _back(request, "basket:summary")
        points = form.cleaned_data["points"]
        try:
            services.choose_points(request.basket, services.account_for_user(request.user), points)
        except LoyaltyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _chosen_message(points))
        return _back(request, "basket:summary")


class ClaimRewardView(LoginRequiredMixin, View):
    def post(self, request, pk):
        reward = get_object_or_404(Reward, pk=pk)
        try:
            claim = services.claim_reward(services.account_for_user(request.user), reward)
        except LoyaltyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Reward claimed. Your voucher code is %(code)s: enter it in the basket.")
                % {"code": claim.voucher.code},
            )
        return redirect("loyalty:account")


class CancelClaimView(LoginRequiredMixin, View):
    def post(self, request, pk):
        account = services.account_for_user(request.user)
        claim = get_object_or_404(RewardClaim, pk=pk, account=account)  # another buyer's → 404
        try:
            services.cancel_claim(claim)
        except LoyaltyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Reward cancelled; the points are back."))
        return redirect("loyalty:account")


class BirthdayView(LoginRequiredMixin, View):
    def post(self, request):
        form = BirthdayForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter a valid date."))
            return redirect("loyalty:account")
        try:
            services.change_birthday(services.account_for_user(request.user), form.cleaned_data["birthday"])
        except LoyaltyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Birthday saved."))
        return redirect("loyalty:account")


class ReferralView(View):
    """A friend's personal link: remembers the code and sends the visitor to registration."""

    def get(self, request, code):
        request.session[REFERRAL_SESSION_KEY] = code
        if request.user.is_authenticated:
            return redirect("loyalty:account")
        return redirect(reverse("customer:register"))
