"""Signal receivers: the cached menu and shop details follow the owner's edits, and Wagtail's admin
speaks Indonesian to the owner.

Wagtail ships its Indonesian catalogue as ``id_ID``, which Django only loads for the language
code ``id-id``, not for the shop's ``id``. Wagtail uses a staff member's saved admin language,
so new admin profiles start in ``id-id`` (the owner can still pick English in Account settings).
"""
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from oscar.core.loading import get_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.users.models import UserProfile

from .models import ShopSettings
from .navigation import forget_site_parts

Category = get_model("catalogue", "Category")

ADMIN_LANGUAGE = "id-id"


@receiver(post_save)
@receiver(post_delete)
def forget_site_parts_when_they_change(sender, instance, created=False, **kwargs):
    # A site's settings row is created on its first read (Wagtail's for_site), with the defaults
    # an absent row already stood for: nothing cached changes, and forgetting here made the
    # next page rebuild the menu and shop details.
    if isinstance(instance, ShopSettings) and created:
        return
    if isinstance(instance, (Page, Category, Site, ShopSettings)):
        forget_site_parts()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def forget_site_parts_when_pages_move_or_publish(sender, **kwargs):
    forget_site_parts()


@receiver(pre_save, sender=UserProfile)
def default_admin_language(sender, instance, **kwargs):
    if instance._state.adding and not instance.preferred_language:
        instance.preferred_language = ADMIN_LANGUAGE


@receiver(user_logged_in)
def prepare_admin_profile(sender, request, user, **kwargs):
    """Staff get their admin profile on login, in Indonesian unless they chose a language
    (this also moves profiles made before this rule), so the first admin page is Indonesian."""
    if user.is_staff:
        profile = UserProfile.get_for_user(user)
        if not profile.preferred_language:
            profile.preferred_language = ADMIN_LANGUAGE
            profile.save(update_fields=["preferred_language"])
