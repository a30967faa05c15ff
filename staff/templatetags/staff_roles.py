"""``{% load staff_roles %}`` … ``{% if request.user|may_use:"dashboard:crm-customer-export" %}``:
show a link or button only to staff whose role may use it (staff/roles.py)."""

from django import template

from staff import roles

register = template.Library()


@register.filter
def may_use(user, url_name):
    """May ``user`` open the dashboard page ``url_name``?"""
    return roles.may_use(user, url_name)


@register.filter
def may_run_order_action(user, action):
    """May ``user`` press the order pipeline button ``action``?"""
    return roles.may_run_order_action(user, action)
