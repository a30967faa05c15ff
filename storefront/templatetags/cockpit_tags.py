"""Template helpers of the owner's dashboard shell (``oscar/dashboard/layout.html``)."""

from django import template

from storefront.dashboard.shell import places_for

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_places(context):
    """``{% dashboard_places as places %}``: the bottom bar's places for the signed-in owner,
    the current one (and its tab) marked ``active``."""
    request = context["request"]
    return places_for(request.user, request.path)
