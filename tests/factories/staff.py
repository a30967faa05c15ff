"""The shop's owner account, as the demo shop makes it."""

from django.contrib.auth import get_user_model

OWNER_EMAIL = "pemilik@example.com"
OWNER_PASSWORD = "rahasia-123"


def make_owner(email=OWNER_EMAIL, password=OWNER_PASSWORD):
    """The shop's owner: a staff superuser, the kind of account ``storefront.demo.load_accounts``
    makes (every dashboard page, Oscar's editors and the Wagtail admin). Owners by the
    "Pemilik" group only are a migration's upgrade path; tests/security checks them."""
    return get_user_model().objects.create_superuser(email=email, password=password)
