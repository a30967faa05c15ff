"""Signal receivers: the menu cache follows page and category edits, and Wagtail's admin
speaks Indonesian to the owner.

Wagtail ships its Indonesian catalogue as ``id_ID``, which Django only loads for the language
code ``id-id``, not for the shop's ``id``. Wagtail uses a staff member's saved admin language,
so new admin profiles start in ``id-id`` (the owner can still pick English in Account settings).
"""
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from oscar.core.loading import get_model
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.users.models import UserProfile

from .navigation import forget_menu

Category = get_model("catalogue", "Category")

ADMIN_LANGUAGE = "id-id"


@receiver(post_save)
@receiver(post_delete)
def forget_menu_when_pages_or_categories_change(sender, instance, **kwargs):
    if isinstance(instance, (Page, Category)):
        forget_menu()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def forget_menu_when_pages_move_or_publish(sender, **kwargs):
    forget_menu()


@receiver(pre_save, sender=UserProfile)
def default_admin_language(sender, instance, **kwargs):
    if instance._state.adding and not instance.preferred_language:
        instance.preferred_language = ADMIN_LANGUAGE


@receiver(user_logged_in)
def prepare_admin_profile(sender, request, user, **kwargs):
    """Give staff their admin profile on login, so the very first admin page is in Indonesian."""
    if user.is_staff:
        UserProfile.get_for_user(user)
