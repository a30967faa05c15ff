from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """The shop's staff: roles (owner, shop helper), the staff page and the owner's audit log.

    The lowest layer with ``core``: it imports nothing from crm, loyalty or storefront, so every
    app can record an owner action and ask what a staff account may use."""

    name = "staff"
    verbose_name = _("Staff")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_complete_roles, sender=self)


def _complete_roles(sender, **kwargs):
    """After every migrate (once Django has created the permissions of new models), the owner's
    group gets them too: "Pemilik" keeps every permission."""
    from django.contrib.auth.models import Group, Permission

    from staff.roles import ensure_groups

    ensure_groups(Group, Permission)
