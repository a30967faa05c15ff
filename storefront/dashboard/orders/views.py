"""The owner's order screens: Oscar's order list and detail, with the shop's pipeline buttons
instead of free status changes, and the payment and shipping settings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.dashboard.orders import views as oscar_views
from oscar.core.loading import get_model

from core import order_statuses
from core.spreadsheet_formulas import neutralise_formula
from core.whatsapp import whatsapp_url
from staff import roles
from staff.audit import record_owner_action
from staff.models import OwnerActionKind
from storefront import providers
from storefront.dashboard.orders.forms import (
    BankAccountFormSet,
    ChatOrderForm,
    PaymentSettingsForm,
    ProvinceRateFormSet,
    ReasonForm,
    ShipForm,
    ShippingSettingsForm,
)
from storefront.order import chat, services
from storefront.order.messages import buyer_whatsapp_url, chat_order_message
from storefront.order.pages import order_page_url
from storefront.order.whatsapp_notices import whatsapp_notices
from storefront.payment import online
from storefront.payment.services import orders_awaiting_confirmation, payment_settings
from storefront.shipping.models import ProvinceRate
from storefront.shipping.rates import ensure_province_rates, shipping_settings

Order = get_model("order", "Order")
Product = get_model("catalogue", "Product")
# A small shop's whole catalogue fits on the chat-order screen (filtered in the browser).
CHAT_ORDER_PRODUCTS = 300


class OrderListView(oscar_views.OrderListView):
    # Status changes go only through the pipeline buttons on each order (they check the rules).
    actions = ("download_selected_orders",)
    template_name = "storefront/dashboard/order_list.html"

    def get_row_values(self, order):
        # The CSV download: a buyer's name cannot become a spreadsheet formula.
        return {column: neutralise_formula(value) for column, value in super().get_row_values(order).items()}

    def get_search_filter_descriptions(self):
        # Oscar names the stored status key ("Paid"); the owner reads the status's own name.
        data = getattr(self.form, "cleaned_data", None)
        status = data.get("status") if data else None
        descriptions = super().get_search_filter_descriptions()
        if status:
            description = _("Order status is {order_status}")
            stored = description.format(order_status=status)
            shown = description.format(order_status=order_statuses.status_label(status))
            descriptions = [shown if text == stored else text for text in descriptions]
        return descriptions

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["awaiting_confirmation"] = orders_awaiting_confirmation()[:20]
        return ctx


class OrderDetailView(oscar_views.OrderDetailView):
    template_name = "storefront/dashboard/order_detail.html"
    order_actions = ("save_note", "delete_note")
    line_actions = ()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        order = self.object
        payment = getattr(order, "payment_info", None)
        ctx.update(
            {
                "pipeline_actions": [
                    action
                    for action in services.owner_actions(order)
                    if roles.may_run_order_action(self.request.user, action)
                ],
                "payment": payment,
                "receipts": payment.receipts.all() if payment else (),
                "shipment": getattr(order, "shipment", None),
                "buyer_whatsapp_url": buyer_whatsapp_url(order),
                "whatsapp_notices": whatsapp_notices(order),
                "just_changed": self.request.GET.get("changed") == "1",
                "ship_form": ShipForm(),
                "reason_form": ReasonForm(),
            }
        )
        return ctx


# What each pipeline button is called in the owner's audit log.
AUDITED_ACTIONS = {
    "confirm": OwnerActionKind.PAYMENT_CONFIRMED,
    "reject": OwnerActionKind.PAYMENT_REJECTED,
    "process": OwnerActionKind.ORDER_PROCESSING,
    "ship": OwnerActionKind.ORDER_SHIPPED,
    "complete": OwnerActionKind.ORDER_COMPLETED,
    "cancel": OwnerActionKind.ORDER_CANCELLED,
}


class OrderPipelineActionView(generic.View):
    """One pipeline button (confirm, reject, process, ship, complete, cancel). A move the order's
    state does not allow comes back as a message, never an error page. Each done action is
    recorded in the owner's audit log; a helper may not cancel (staff/roles.py)."""

    def post(self, request, number, action):
        if not roles.may_run_order_action(request.user, action):
            raise PermissionDenied
        order = get_object_or_404(Order, number=number)
        detail_url = reverse("dashboard:order-detail", kwargs={"number": number})
        try:
            errors = self.perform(order, action, request)
        except services.OrderActionRefused as refused:
            errors = [str(refused)]
        if errors:
            for error in errors:
                messages.error(request, error)
            return redirect(detail_url)
        if action in AUDITED_ACTIONS:  # "check-online" only asks the payment provider
            reason = request.POST.get("reason", "")
            record_owner_action(request.user, AUDITED_ACTIONS[action], order.number, reason)
        messages.success(request, _("Saved. Let the buyer know with the WhatsApp button."))
        return redirect(detail_url + "?changed=1")

    def perform(self, order, action, request):
        """Run ``action``; return the form's error messages (empty when done)."""
        user = request.user
        simple = {
            "confirm": services.confirm_payment,
            "process": services.mark_processing,
            "complete": services.complete,
        }
        if action in simple:
            simple[action](order.pk, by=user)
            return []
        if action == "check-online":
            try:
                online.check_now(order.pk)
            except online.OnlinePaymentRefused as refused:
                return [str(refused)]
            return []
        if action == "ship":
            form = ShipForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                services.ship(
                    order.pk,
                    data["courier"],
                    data["tracking_number"],
                    courier_name=data["courier_name"],
                    by=user,
                )
        elif action in ("reject", "cancel"):
            form = ReasonForm(request.POST)
            if form.is_valid():
                perform_action = services.reject_receipt if action == "reject" else services.cancel
                perform_action(order.pk, form.cleaned_data["reason"], by=user)
        else:
            raise services.OrderActionRefused(_("Unknown action."))
        return [str(error) for errors in form.errors.values() for error in errors]


class ShipOrderView(generic.FormView):
    """"Kirim" from Hari ini: courier and tracking number (typed or scanned) of a paid or
    cash-on-delivery order in one screen; preparing is implied. With JavaScript the answer is
    JSON and the page opens the buyer's WhatsApp message (static/storefront/cockpit.js);
    without, the order page offers the message."""

    template_name = "storefront/dashboard/ship.html"
    form_class = ShipForm

    def dispatch(self, request, *args, **kwargs):
        self.order = get_object_or_404(
            Order.objects.select_related("shipping_address", "payment_info"), number=kwargs["number"]
        )
        return super().dispatch(request, *args, **kwargs)

    def wants_json(self):
        return self.request.headers.get("Accept") == "application/json"

    def get_context_data(self, **kwargs):
        return super().get_context_data(order=self.order, lines=self.order.lines.all(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.pack_and_ship(
                self.order.pk,
                data["courier"],
                data["tracking_number"],
                courier_name=data["courier_name"],
                by=self.request.user,
            )
        except services.OrderActionRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        order = Order.objects.select_related("shipping_address", "shipment").get(pk=self.order.pk)
        messages.success(self.request, _("Order %(number)s is shipped.") % {"number": order.number})
        if self.wants_json():
            return JsonResponse({"whatsapp": buyer_whatsapp_url(order), "next": reverse("dashboard:index")})
        return redirect(reverse("dashboard:order-detail", kwargs={"number": order.number}) + "?changed=1")

    def form_invalid(self, form):
        if self.wants_json():
            return JsonResponse({"errors": form.errors}, status=400)
        return super().form_invalid(form)


class ChatOrderView(generic.FormView):
    """"Pesanan dari WhatsApp": the owner enters an order that came by chat or phone; it is
    placed as a real order (``storefront.order.chat``) and the next page offers the message."""

    template_name = "storefront/dashboard/chat_order.html"
    form_class = ChatOrderForm

    def get_form_kwargs(self):
        from storefront.shipping.regions import PROVINCE_NAMES

        products = (
            Product.objects.browsable()
            .filter(stockrecords__isnull=False)
            .prefetch_related("stockrecords")
            .order_by("title")
            .distinct()[:CHAT_ORDER_PRODUCTS]
        )
        return {**super().get_form_kwargs(), "products": products, "provinces": PROVINCE_NAMES}

    def form_valid(self, form):
        try:
            order = chat.place_chat_order(form.chat_order(), by=self.request.user)
        except chat.ChatOrderRefused as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)
        return redirect("dashboard:order-chat-placed", number=order.number)


class ChatOrderPlacedView(generic.DetailView):
    """The chat order is placed: its summary and one tap to send it to the buyer on WhatsApp."""

    template_name = "storefront/dashboard/chat_order_placed.html"
    context_object_name = "order"
    slug_field = slug_url_kwarg = "number"

    def get_queryset(self):
        return Order.objects.select_related("payment_info", "shipping_address")

    def get_context_data(self, **kwargs):
        order = self.object
        message = chat_order_message(order, order_page_url(order))
        phone = str(order.shipping_address.phone_number) if order.shipping_address else ""
        return super().get_context_data(message=message, whatsapp=whatsapp_url(phone, message), **kwargs)


class PaymentSettingsView(generic.TemplateView):
    """Bank accounts, QRIS image, unique code, payment deadline and cash on delivery."""

    template_name = "oscar/dashboard/orders/payment_settings.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", PaymentSettingsForm(instance=payment_settings()))
        ctx.setdefault("accounts", BankAccountFormSet(prefix="accounts"))
        return ctx

    def post(self, request, *args, **kwargs):
        form = PaymentSettingsForm(request.POST, request.FILES, instance=payment_settings())
        accounts = BankAccountFormSet(request.POST, prefix="accounts")
        if form.is_valid() and accounts.is_valid():
            form.save()
            accounts.save()
            record_owner_action(request.user, OwnerActionKind.SETTINGS_CHANGED, _("Payment settings"))
            messages.success(request, _("Payment settings saved."))
            return redirect("dashboard:payment-settings")
        messages.error(request, _("Please correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form, accounts=accounts))


class ProviderSettingsView(generic.TemplateView):
    """Each outside provider (payment gateway …): configured or not, sandbox or production, the
    webhook URLs to paste into its console. The keys stay in the environment."""

    template_name = "oscar/dashboard/orders/provider_settings.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["providers"] = [providers.describe(provider) for provider in providers.all_providers()]
        return ctx


class ProviderTestView(generic.View):
    """The "test connection" button: asks the provider whether it accepts the shop's keys."""

    def post(self, request, name):
        try:
            provider = providers.get_provider(name)
        except LookupError:
            raise Http404 from None
        if not provider.is_configured:
            messages.error(request, _("%(name)s has no keys yet.") % {"name": provider.label})
        else:
            ok, why = providers.check_connection(provider)
            if ok:
                messages.success(request, _("%(name)s accepted the shop's keys.") % {"name": provider.label})
            else:
                messages.error(
                    request,
                    _("%(name)s could not be reached or refused the keys: %(why)s")
                    % {"name": provider.label, "why": why},
                )
        return redirect("dashboard:provider-settings")


class ShippingSettingsView(generic.TemplateView):
    """Free-shipping threshold, pick-up at the shop, and the flat rate of each province."""

    template_name = "oscar/dashboard/orders/shipping_settings.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ensure_province_rates()
        ctx.setdefault("form", ShippingSettingsForm(instance=shipping_settings()))
        ctx.setdefault("rates", ProvinceRateFormSet(queryset=ProvinceRate.objects.all(), prefix="rates"))
        return ctx

    def post(self, request, *args, **kwargs):
        form = ShippingSettingsForm(request.POST, instance=shipping_settings())
        rates = ProvinceRateFormSet(request.POST, queryset=ProvinceRate.objects.all(), prefix="rates")
        if form.is_valid() and rates.is_valid():
            form.save()
            rates.save()
            record_owner_action(request.user, OwnerActionKind.SETTINGS_CHANGED, _("Shipping settings"))
            messages.success(request, _("Shipping settings saved."))
            return redirect("dashboard:shipping-settings")
        messages.error(request, _("Please correct the errors below."))
        return self.render_to_response(self.get_context_data(form=form, rates=rates))
