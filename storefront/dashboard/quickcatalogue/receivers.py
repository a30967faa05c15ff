"""After a product photo is stored, its list thumbnails are made in the background."""

from django.db.models.signals import post_save
from oscar.core.loading import get_model

from core.tasking import enqueue

ProductImage = get_model("catalogue", "ProductImage")


def warm_thumbnails_after_upload(sender, instance, created, raw=False, **kwargs):
    """Queue ``warm_product_thumbnails`` once the new photo is committed (not for fixtures)."""
    if raw or not instance.original:
        return
    from .tasks import warm_product_thumbnails

    enqueue(warm_product_thumbnails, instance.pk)


def connect():
    post_save.connect(
        warm_thumbnails_after_upload, sender=ProductImage, dispatch_uid="quick_catalogue_warm_thumbnails"
    )
