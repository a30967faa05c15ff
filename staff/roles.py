"""The shop's two staff roles and the one rule for what a staff account may use.

*Pemilik* (owner) may use everything. *Staf toko* (shop helper) does the daily work: orders
(confirm or reject a payment, prepare, ship, complete), feedback (read, reply, handle), counter
sales — and nothing else: no customer list or export, no personal-data erase, no loyalty rules
or manual points, no payment or shipping settings, no catalogue, no staff page, no audit log.

Both are Django groups (created by the data migration ``staff/migrations/0002_roles.py`` and
kept complete after every ``migrate``): *Pemilik* holds every permission of the project,
*Staf toko* the three daily permissions of ``staff.OwnerAction`` plus Oscar's
``partner.dashboard_access``, which opens Oscar's order pages — and, unlike ``order.change_order``,
no model in the Django admin. A superuser is always an owner.

The rule is one table of the dashboard pages a helper may open (``HELPER_PAGES``): a
page not in it — including every page added later — is the owner's only. ``staff.middleware``
refuses the others with 403, Oscar's menu hides them (``dashboard_access``), templates ask
``request.user|may_use:"url-name"`` ({% load staff_roles %}).
"""

OWNER_GROUP = "Pemilik"
HELPER_GROUP = "Staf toko"

RUN_SHOP = "staff.run_shop"
HANDLE_ORDERS = "staff.handle_orders"
REPLY_FEEDBACK = "staff.reply_feedback"
SELL_AT_COUNTER = "staff.sell_at_counter"
HELPER_PERMISSIONS = (HANDLE_ORDERS, REPLY_FEEDBACK, SELL_AT_COUNTER)
# Oscar's order pages accept a model permission (order.view_order …) or this one. The model
# permissions would also open the raw order in the Django admin, around the order pipeline.
HELPER_OSCAR_PERMISSIONS = ("partner.dashboard_access",)
ROLE_GROUPS = (OWNER_GROUP, HELPER_GROUP)

ANY_ROLE = None
# Dashboard pages (URL names) a helper may open, and the permission each needs.
HELPER_PAGES = {
    "dashboard:index": ANY_ROLE,
    "dashboard:my-alerts": ANY_ROLE,
    "dashboard:crm-today": ANY_ROLE,
    "dashboard:order-list": HANDLE_ORDERS,
    "dashboard:order-detail": HANDLE_ORDERS,
    "dashboard:order-detail-note": HANDLE_ORDERS,
    "dashboard:order-pipeline-action": HANDLE_ORDERS,
    "dashboard:order-line-detail": HANDLE_ORDERS,
    "dashboard:order-shipping-address": HANDLE_ORDERS,
    "dashboard:order-ship": HANDLE_ORDERS,
    "dashboard:order-chat-create": SELL_AT_COUNTER,
    "dashboard:order-chat-placed": SELL_AT_COUNTER,
    "dashboard:crm-feedback-list": REPLY_FEEDBACK,
    "dashboard:crm-feedback-detail": REPLY_FEEDBACK,
    "dashboard:crm-feedback-reply": REPLY_FEEDBACK,
    "dashboard:crm-feedback-resolve": REPLY_FEEDBACK,
    "dashboard:crm-feedback-update": REPLY_FEEDBACK,
    "dashboard:loyalty-counter": SELL_AT_COUNTER,
    "dashboard:loyalty-counter-receipt": SELL_AT_COUNTER,
}
# Pipeline buttons of an order a helper may press; cancelling stays with the owner.
HELPER_ORDER_ACTIONS = {"confirm", "reject", "process", "ship", "complete", "check-online"}


def _is_staff(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def is_owner(user):
    """True for a staff account with the owner's role (or a superuser)."""
    return _is_staff(user) and user.has_perm(RUN_SHOP)


def may_use(user, url_name):
    """May ``user`` open the dashboard page ``url_name`` ("dashboard:order-list")?"""
    if not _is_staff(user):
        return False
    if user.has_perm(RUN_SHOP):
        return True
    if url_name not in HELPER_PAGES:
        return False
    needed = HELPER_PAGES[url_name]
    return user.has_module_perms("staff") if needed is ANY_ROLE else user.has_perm(needed)


def may_run_order_action(user, action):
    """May ``user`` press the order pipeline button ``action`` ("confirm", "cancel" …)?"""
    if is_owner(user):
        return True
    return action in HELPER_ORDER_ACTIONS and may_use(user, "dashboard:order-pipeline-action")


def dashboard_access(user, url_name, url_args=None, url_kwargs=None):
    """Oscar's menu asks this for every entry (``OSCAR_DASHBOARD_DEFAULT_ACCESS_FUNCTION``)."""
    return url_name is None or may_use(user, url_name)


def ensure_groups(group_model, permission_model):
    """Create both groups with their permissions (idempotent): the owner's gets every
    permission that exists, the helper's exactly its own. Takes the models so that the data
    migration can pass its historical ones."""
    owners, _created = group_model.objects.get_or_create(name=OWNER_GROUP)
    owners.permissions.add(*permission_model.objects.all())
    helpers, _created = group_model.objects.get_or_create(name=HELPER_GROUP)
    wanted = [name.split(".", 1) for name in (*HELPER_PERMISSIONS, *HELPER_OSCAR_PERMISSIONS)]
    helper_permissions = [
        permission_model.objects.filter(content_type__app_label=app, codename=codename).first()
        for app, codename in wanted
    ]
    helpers.permissions.set([permission for permission in helper_permissions if permission])


def give_role(user, group_name):
    """Make ``user`` a staff account with exactly the role ``group_name``."""
    from django.contrib.auth.models import Group, Permission

    ensure_groups(Group, Permission)
    user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS))
    user.groups.add(Group.objects.get(name=group_name))
    user.is_staff = True
    user.save(update_fields=["is_staff"])


def take_role(user):
    """``user`` is no longer staff: no role, no dashboard."""
    from django.contrib.auth.models import Group

    user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS))
    user.is_staff = False
    user.save(update_fields=["is_staff"])
