"""The page of a guest order, reached by its link (the thank-you page, the order e-mail, or the
WhatsApp message of an order the owner took in a chat).

Oscar shows it only after the visitor typed the order's e-mail, so a forwarded link alone shows
nothing. An order taken in a chat often has no e-mail: here the phone number of the order
answers too. Both patterns are mounted before Oscar's (storefront/urls.py), so its URL names
keep working.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer import views as oscar_views
from oscar.core.loading import get_model

from crm.customers import order_contact, usable_phone

Order = get_model("order", "Order")
# Oscar's session key: the contact the visitor typed (or the checkout's e-mail, set on the
# thank-you page), now an e-mail or a phone number.
SESSION_KEY = "anon_order_email"


def contact_matches(order, typed):
    """True when ``typed`` is the order's e-mail (any letter case) or its phone (any spelling)."""
    typed = (typed or "").strip()
    if not typed:
        return False
    phone, email, _name = order_contact(order)
    if email and typed.lower() == email:
        return True
    return bool(phone) and usable_phone(typed) == phone


def guest_order_for(request, order_number, hash):
    """The guest order behind this link, when the visitor proved the order's e-mail or phone in
    this session; else None."""
    order = Order.objects.filter(user=None, number=order_number).select_related("shipping_address").first()
    if order is None or not order.check_verification_hash(hash):
        return None
    return order if contact_matches(order, request.session.get(SESSION_KEY)) else None


class GuestOrderMixin(oscar_views.AnonymousOrderMixin):
    def get_object(self):
        return guest_order_for(self.request, self.order_number, self.hash)


class OrderContactForm(forms.Form):
    contact = forms.CharField(
        label=_("The e-mail or WhatsApp number you gave with this order"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "email", "autocapitalize": "none"}),
    )


class GuestOrderFormView(GuestOrderMixin, oscar_views.AnonymousOrderFormView):
    """"Type your e-mail or phone" before a guest order's page."""

    form_class = OrderContactForm

    def form_valid(self, form):
        self.request.session[SESSION_KEY] = form.cleaned_data["contact"]
        if not self.get_object():
            form.add_error("contact", _("This is not the e-mail or number of this order."))
            return self.form_invalid(form)
        return super(oscar_views.AnonymousOrderFormView, self).form_valid(form)


class GuestOrderDetailView(GuestOrderMixin, oscar_views.AnonymousOrderDetailView):
    """A guest order's page, once the visitor proved its e-mail or phone."""
