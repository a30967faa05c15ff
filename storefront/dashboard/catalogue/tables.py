"""Oscar's category table with its actions column titled for translation: Oscar leaves it
untitled, so django-tables2 shows the English attribute name ("Actions") in every language."""

from django.utils.translation import gettext_lazy as _
from django_tables2 import TemplateColumn
from oscar.apps.dashboard.catalogue import tables


class CategoryTable(tables.CategoryTable):
    actions = TemplateColumn(
        verbose_name=_("Actions"),
        template_name="oscar/dashboard/catalogue/category_row_actions.html",
        orderable=False,
    )

    class Meta(tables.CategoryTable.Meta):  # django-tables2 does not inherit Meta by itself
        pass
