"""Oscar's own words, translated again for a shop in Indonesia.

Oscar's Indonesian catalogue is machine-like in places ("proses untuk proses akhir" for
"Proceed to checkout", "Rumah" for "Home"). Listing the msgids here puts them into
``storefront/locale``, which comes first in ``LOCALE_PATHS`` and so wins over Oscar's wording.
Nothing imports this module: ``makemessages`` reads it.
"""

from django.utils.translation import gettext_noop

OSCAR_WORDING = [
    gettext_noop("Home"),
    gettext_noop("Basket"),
    gettext_noop("Add to basket"),
    gettext_noop("Add to wish list"),
    gettext_noop("Proceed to checkout"),
    gettext_noop("Checkout"),
    gettext_noop("Basket total"),
    gettext_noop("Your basket is empty."),
    gettext_noop("Items to buy now"),
    gettext_noop("Update"),
    gettext_noop("Voucher/promo code"),
    gettext_noop("I have a voucher code..."),
    gettext_noop("Free shipping"),
    gettext_noop("Number of reviews"),
    gettext_noop("Price (incl. tax)"),
    gettext_noop("Price (excl. tax)"),
    gettext_noop("Relevancy"),
    gettext_noop("Refine by"),
    gettext_noop("Show results for"),
    gettext_noop("Search"),
    gettext_noop("Register"),
    gettext_noop("Write a review"),
    gettext_noop("In stock (%d available)"),
    gettext_noop("In stock"),
    # Oscar marks these but its Indonesian catalogue lacks them: the range form's help text, the
    # bulk-action messages and counter of the dashboard's lists, the category search.
    gettext_noop("No pending bulk action. Please select items and try again."),
    gettext_noop(
        '<span class="selected-records">0</span> of '
        '<span class="page-records-count">%(count)s</span> selected'
    ),
    gettext_noop("All %(count)s selected"),
    # Oscar's blocktranslate keeps the template's line breaks and indentation in the string.
    gettext_noop("\n                            Select all %(count)s %(module)s\n                        "),
    gettext_noop("Search Categories"),
    # django-treebeard's fields that place a category in the tree (Oscar's category form);
    # treebeard has no Indonesian catalogue.
    gettext_noop("Position"),
    gettext_noop("Relative to"),
    gettext_noop("-- root --"),
    gettext_noop("First child of"),
    gettext_noop("Before"),
    gettext_noop("After"),
    gettext_noop("Child of"),
    gettext_noop("Sibling of"),
    gettext_noop(
        "Products with these categories are excluded from the range when Includes all products is checked"
    ),
]
