from celery import shared_task
from oscar.core.loading import get_model

from core.tasking import TASK_OPTIONS
from storefront.catalogue_images import warm_list_thumbnails


@shared_task(**TASK_OPTIONS)
def warm_product_thumbnails(image_id):
    """Generate the list thumbnails of one product photo.

    Safe to run twice: sorl-thumbnail finds an existing thumbnail in its key-value store and
    returns it without resizing again. A photo deleted in the meantime is simply skipped.
    """
    ProductImage = get_model("catalogue", "ProductImage")
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is not None:
        warm_list_thumbnails(image.original)
