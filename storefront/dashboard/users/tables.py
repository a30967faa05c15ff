"""Oscar's customer accounts table with its "Name" column titled for translation: Oscar leaves
it untitled, so django-tables2 shows the English attribute name in every language."""

from django.utils.translation import gettext_lazy as _
from django_tables2 import Column
from oscar.apps.dashboard.users import tables


class UserTable(tables.UserTable):
    name = Column(accessor="get_full_name", order_by=("last_name", "first_name"), verbose_name=_("Name"))
