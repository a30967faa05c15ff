"""Oscar's customer accounts table in the owner's language: the "Name" column titled for
translation (Oscar leaves it untitled, so django-tables2 shows the English attribute name) and
the active and staff columns as Ya/Tidak (Oscar prints Python's True/False)."""

from django.template.defaultfilters import yesno
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import Column
from oscar.apps.dashboard.users import tables


class UserTable(tables.UserTable):
    name = Column(
        accessor="get_full_name", order_by=("last_name", "first_name"), verbose_name=gettext_lazy("Name")
    )

    def render_active(self, value):
        return yesno(value, _("Yes,No"))

    def render_staff(self, value):
        return yesno(value, _("Yes,No"))

    class Meta(tables.UserTable.Meta):  # django-tables2 does not inherit Meta by itself
        pass
