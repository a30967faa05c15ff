"""The shop's forks of Oscar's dashboard tables keep Oscar's table template and classes (a
django-tables2 subclass without its own ``Meta`` falls back to the library's plain table,
which on a phone grew the accounts page to 453 px)."""

import pytest
from oscar.apps.dashboard.catalogue.tables import CategoryTable as OscarCategoryTable
from oscar.apps.dashboard.users.tables import UserTable as OscarUserTable

from storefront.dashboard.catalogue.tables import CategoryTable
from storefront.dashboard.users.tables import UserTable


@pytest.mark.parametrize(
    ("table", "oscars"), [(UserTable, OscarUserTable), (CategoryTable, OscarCategoryTable)]
)
def test_forked_tables_keep_oscars_template_and_classes(table, oscars):
    assert table._meta.template_name == oscars._meta.template_name
    assert table._meta.attrs == oscars._meta.attrs
    assert "table" in table._meta.attrs["class"].split()
