"""The shop's checkout: Indonesian address, payment by transfer/QRIS/COD, and the buyer's
order tools (receipt upload, receipt file, invoice) reached through Oscar's signed order link."""

import dataclasses

from django import http
from django.contrib import messages
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.checkout import exceptions
from oscar.apps.checkout import views as oscar_views
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_class, get_model

from cms.navigation import shop_settings_for
from crm import ratelimit
from crm import services as crm_services
from storefront import owner_alerts
from storefront.checkout import placement
from storefront.checkout.forms import PaymentMethodForm, ReceiptUploadForm
from storefront.order import guest_pages
from storefront.order.notifications import enqueue_buyer_email
from storefront.order.pages import order_page_path
from storefront.order.whatsapp_notices import enqueue_buyer_whatsapp
from storefront.payment import online
from storefront.payment import services as payment_services
from storefront.payment.gateways import active_gateway
from storefront.payment.models import PaymentMethod, PaymentReceipt
from storefront.shipping import couriers

CheckoutSessionData = get_class("checkout.utils", "CheckoutSessionData")
# The buyer ticked "send me news on WhatsApp" at the payment step (recorded when the order is placed).
WHATSAPP_UPDATES_KEY = "checkout_whatsapp_updates"
Order = get_model("order", "Order")


class ShippingAddressView(oscar_views.ShippingAddressView):
    """Oscar's address step with the Indonesian form; a signed-in buyer's name and phone are
    filled in for a new address."""

    def get_initial(self):
        initial = super().get_initial()
        user = self.request.user
        if not initial and user.is_authenticated:
            initial = {"first_name": user.get_full_name(), "phone_number": getattr(user, "phone", "")}
        return initial


class CourierAreaSearchView(generic.View):
    """``?q=sumur`` → the courier provider's districts as JSON, for the address form's district
    field (``couriers.search_areas``: cached, at most 3 s, [] when the provider fails). 404
    without a provider: the field is then plain text. Limited per IP, as each new word may
    reach the provider."""

    limit_per_ten_minutes = 120

    def get(self, request, *args, **kwargs):
        if couriers.provider() is None:
            raise http.Http404("No courier provider")
        areas = []
        if ratelimit.allow(request, "courier-areas", limit=self.limit_per_ten_minutes, window=600):
            areas = couriers.search_areas(request.GET.get("q", ""))
        return http.JsonResponse(
            {"areas": [dataclasses.asdict(area) for area in areas]},
            headers={"Cache-Control": "private, max-age=3600"},
        )


class PaymentMethodMixin:
    def get_shipping_province(self):
        address = self.get_shipping_address(self.request.basket)
        return address.state if address else ""

    def get_payment_methods(self):
        return payment_services.available_methods(self.get_shipping_province())


class PaymentMethodView(PaymentMethodMixin, oscar_views.PaymentMethodView):
    """Step 3: transfer, QRIS or cash on delivery (COD only where the owner allows it)."""

    template_name = "oscar/checkout/payment_method.html"
    success_url = reverse_lazy("checkout:preview")
    # Always ask, even for a zero total: the order needs a method (and the preview checks it).
    skip_conditions = []

    def get(self, request, *args, **kwargs):
        initial = {
            "method": self.checkout_session.payment_method(),
            "whatsapp_updates": request.session.get(WHATSAPP_UPDATES_KEY, False),
        }
        form = PaymentMethodForm(self.get_payment_methods(), initial=initial)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = PaymentMethodForm(self.get_payment_methods(), data=request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        self.checkout_session.pay_by(form.cleaned_data["method"])
        request.session[WHATSAPP_UPDATES_KEY] = form.cleaned_data["whatsapp_updates"]
        return self.get_success_response()


class PaymentDetailsView(PaymentMethodMixin, oscar_views.PaymentDetailsView):
    """The preview page and order placement. No money is taken online: the order records how
    the buyer will pay (``OrderPayment``) and the confirmation e-mail goes out via Celery."""

    template_name_preview = "storefront/checkout/preview.html"

    def dispatch(self, request, *args, **kwargs):
        # Before Oscar's pre-conditions: after the first tap the basket is empty, and the
        # second tap must still find the order instead of "your basket is empty".
        if request.method == "POST" and request.POST.get("action") == "place_order":
            order = placement.already_placed(request)
            if order is not None:
                return self.show_placed_order(order)
        return super().dispatch(request, *args, **kwargs)

    def handle_place_order_submission(self, request):
        # Submissions of one basket queue on its row lock; the later ones find the order.
        with transaction.atomic():
            basket = placement.lock_basket(request.basket)
            order = placement.order_of_basket(basket)
            if order is not None:
                return self.show_placed_order(order)
            return super().handle_place_order_submission(request)

    def show_placed_order(self, order):
        """The answer to a repeated "place order": the thank-you page of the order made."""
        messages.info(self.request, _("This order has already been placed."))
        CheckoutSessionData(self.request).flush()
        self.request.session["checkout_order_id"] = order.pk
        if not order.user_id:
            self.request.session[guest_pages.SESSION_KEY] = order.guest_email
        return redirect("checkout:thank-you")

    def get(self, request, *args, **kwargs):
        if not self.preview:  # no card details to type: Oscar's step 3 is the method choice
            return redirect("checkout:payment-method")
        return super().get(request, *args, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        gateway = active_gateway()
        if gateway and self.checkout_session.payment_method() == PaymentMethod.ONLINE:
            # Placing the order redirects the form to the gateway's page: CSP's form-action
            # applies to that redirect too, so the page's origin is allowed on this page only.
            response._csp_update = {"form-action": [gateway.page_origin]}
        return response

    def check_payment_data_is_captured(self, request):
        if self.checkout_session.payment_method() not in self.get_payment_methods():
            raise exceptions.FailedPreCondition(
                url=reverse("checkout:payment-method"), message=_("Please choose how you want to pay.")
            )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        method = self.checkout_session.payment_method()
        if method in PaymentMethod.values:
            ctx["payment_method"] = PaymentMethod(method)
        ctx["payment_settings"] = payment_services.payment_settings()
        return ctx

    def handle_order_placement(self, *args, **kwargs):
        # All or nothing: if recording the payment fails, no half-made order is left behind.
        with transaction.atomic():
            return super().handle_order_placement(*args, **kwargs)

    def save_payment_details(self, order):
        super().save_payment_details(order)
        try:
            payment_services.record_order_payment(order, self.checkout_session.payment_method())
        except payment_services.PaymentRefused as refused:
            raise UnableToPlaceOrder(str(refused)) from refused

    def send_order_placed_email(self, order):
        enqueue_buyer_email(order.pk, "placed")
        enqueue_buyer_whatsapp(order.pk, "placed")
        owner_alerts.alert_owner(owner_alerts.NEW_ORDER, order.pk)

    def handle_successful_order(self, order):
        if not order.user_id:
            # The guest just gave this e-mail: let them open their order page without retyping it.
            self.request.session[guest_pages.SESSION_KEY] = order.guest_email
        crm_services.remember_language(order, translation.get_language())  # the e-mails' language
        if self.request.session.pop(WHATSAPP_UPDATES_KEY, False):
            crm_services.record_whatsapp_consent_at_checkout(order)
        response = super().handle_successful_order(order)
        payment = getattr(order, "payment_info", None)
        if payment is not None and payment.is_online:
            # Straight on to the gateway's payment page; it sends the buyer back to the order page.
            return redirect("checkout:pay-online", order_number=order.number, hash=order.verification_hash())
        return response


# What an order page shows for each line: its product with photos, and its options.
ORDER_LINE_PREFETCH = ("lines__product__images", "lines__attributes")


class ThankYouView(oscar_views.ThankYouView):
    """The confirmation page: how to pay, the order page link and WhatsApp to the shop. The
    order's lines, products and photos are loaded in a fixed number of queries."""

    template_name = "storefront/checkout/thank_you.html"

    def get_object(self, queryset=None):
        order = super().get_object(queryset)
        if order is not None:
            prefetch_related_objects([order], *ORDER_LINE_PREFETCH)
        return order


class OrderAccessMixin:
    """An order reached by number and Oscar's signed hash, by the owner (staff), by the
    signed-in buyer who placed it, or by a guest who proved their e-mail on Oscar's
    order-status page. Anything else is a 404: one buyer never reaches another's order."""

    def get_order(self):
        order = get_object_or_404(
            Order.objects.select_related("payment_info", "shipping_address", "user"),
            number=self.kwargs["order_number"],
        )
        if not order.check_verification_hash(self.kwargs["hash"]) or not self.may_see(order):
            raise http.Http404
        return order

    def may_see(self, order):
        user = self.request.user
        if user.is_staff:
            return True
        if order.user_id:
            return order.user_id == user.pk
        return guest_pages.contact_matches(order, self.request.session.get(guest_pages.SESSION_KEY))


class ReceiptUploadView(OrderAccessMixin, generic.View):
    """The buyer uploads a photo/PDF of the transfer from their order page."""

    def post(self, request, *args, **kwargs):
        order = self.get_order()
        form = ReceiptUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                payment_services.add_receipt(order, form.cleaned_data["receipt"], form.file_format)
            except payment_services.PaymentRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, _("Thank you! We will check your payment soon."))
        else:
            for error in form.errors.get("receipt", []):
                messages.error(request, error)
        return redirect(order_page_path(order) + "#payment")


class PayOnlineView(OrderAccessMixin, generic.View):
    """Sends the buyer to the payment gateway's page for their order (created on the first
    visit, reused after); the gateway sends them back to the order page when they finish."""

    def get(self, request, *args, **kwargs):
        order = self.get_order()
        order_page = order_page_path(order)
        try:
            url = online.start_payment(order, request.build_absolute_uri(order_page))
        except online.OnlinePaymentRefused as refused:
            messages.error(request, str(refused))
            return redirect(order_page + "#payment")
        return redirect(url)


class ReceiptFileView(OrderAccessMixin, generic.View):
    """Serves a receipt file to the buyer and the owner only (receipts have no public URL)."""

    def get(self, request, *args, **kwargs):
        order = self.get_order()
        receipt = get_object_or_404(PaymentReceipt, pk=self.kwargs["pk"], payment__order=order)
        response = http.FileResponse(receipt.file.open("rb"), content_type=receipt.content_type)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox"  # a crafted file can run nothing here
        return response


class InvoiceView(OrderAccessMixin, generic.TemplateView):
    """The printable invoice (nota) of an order, for the buyer and the owner."""

    template_name = "storefront/order/invoice.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        order = self.get_order()
        ctx["order"] = order
        ctx["lines"] = order.lines.all()
        ctx["shop_name"] = shop_settings_for(self.request).display_name
        return ctx
