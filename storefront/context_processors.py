"""Template context every page gets, at the price only the pages that use it pay."""

from functools import cache

from django.utils.functional import SimpleLazyObject
from oscar.core.loading import get_class, get_model

from cms.navigation import shop_settings_for

Notification = get_model("communication", "Notification")
SearchForm = get_class("search.forms", "SearchForm")


def search_form(request):
    """Oscar's site-wide ``search_form``, built only when a template reads it.

    Oscar's context processor built the form on every page (~0.25 ms); only the listings use
    it (the words and the sort field), and the shop's header has its own search box.
    """
    return {"search_form": SimpleLazyObject(lambda: SearchForm(request.GET))}


def notifications(request):
    """Oscar's ``num_unread_notifications``, counted only when a template shows it.

    Oscar's context processor counted a signed-in visitor's unread notifications on every page
    (one query each); only Oscar's account bar shows the number, and the shop's layout does not
    include it. A template calls a callable it finds in the context.
    """
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}

    @cache
    def unread():
        return Notification.objects.filter(recipient=user, date_read=None).count()

    return {"num_unread_notifications": unread}


def shop_name(request):
    """The shop's name as its owner gave it (Shop details, the dashboard's first steps), where
    Oscar's ``metadata`` gives the installation's ``OSCAR_SHOP_NAME``: the page titles, the
    footer and Oscar's dashboard print it."""
    return {"shop_name": SimpleLazyObject(lambda: shop_settings_for(request).display_name)}
