from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.abstract_models import AbstractUser


class User(AbstractUser):
    """A login for a buyer or staff: e-mail is the username (Oscar), plus a WhatsApp number.

    The phone is stored normalised (``+628…``) so the CRM can match the person to guest
    orders and counter sales made under the same number.
    """

    phone = models.CharField(_("WhatsApp number"), max_length=20, blank=True, db_index=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
