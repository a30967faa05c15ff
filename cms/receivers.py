"""Wagtail's admin in Indonesian for the owner.

Wagtail ships its Indonesian catalogue as ``id_ID``, which Django only loads for the language
code ``id-id``, not for the shop's ``id``. Wagtail uses a staff member's saved admin language,
so new admin profiles start in ``id-id`` (the owner can still pick English in Account settings).
"""
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.users.models import UserProfile

ADMIN_LANGUAGE = "id-id"


@receiver(pre_save, sender=UserProfile)
def default_admin_language(sender, instance, **kwargs):
    if instance._state.adding and not instance.preferred_language:
        instance.preferred_language = ADMIN_LANGUAGE


@receiver(user_logged_in)
def prepare_admin_profile(sender, request, user, **kwargs):
    """Give staff their admin profile on login, so the very first admin page is in Indonesian."""
    if user.is_staff:
        UserProfile.get_for_user(user)
