"""The tests' makers: one per thing the shop has, imported from here (``from tests.factories
import make_product``).

- Catalogue (``catalogue``): ``make_product`` (stock, Rupiah price, category),
  ``make_category``, ``add_product_photo``. The ``make_product`` fixture in ``tests/conftest.py``
  is this maker with a catalogue product's defaults (Rp 15.000, 10 in stock, under "Kopi").
- Buyers (``customers``): ``make_buyer`` (a registered buyer), ``make_shipping_address``, and
  ``ADDRESS``, the address as typed into the checkout form.
- The owner's setup (``shop``): ``shop_ready`` (bank account, shipping rates, payment settings).
- The owner's account (``staff``): ``make_owner`` (a staff superuser, as the demo shop makes
  it) with ``OWNER_EMAIL`` and ``OWNER_PASSWORD``. The ``owner_user`` and ``owner`` fixtures in
  ``tests/conftest.py`` are this owner and the test client logged in as them.
- Baskets and orders (``orders``): ``make_basket``, ``apply_offers``, ``move_to`` (walk an
  order through the pipeline), and three ways to make an order, fastest first:

  - ``make_order_row``: an Order row only (no lines, no signals), for tests that read orders:
    CRM, analytics, lists, exports.
  - ``place_with_order_creator``: through the shop's OrderCreator, so stock, signals, the CRM
    link and the loyalty hooks run; for tests of what happens to a placed order.
  - ``checkout_over_http``: a buyer walks the real checkout pages with the test client (with
    ``add_to_basket`` and ``tap_place_order``, its steps); for tests of the checkout itself.
- Shop pages (``cms``): ``build_site`` (home with every kind of page), ``add_page``,
  ``make_wagtail_image``.
- Uploaded files (``files``): ``phone_photo``/``phone_photo_bytes`` (EXIF orientation and GPS),
  ``png_bytes``, ``jpeg_file``, ``upload``, ``receipt_pdf``.
"""

from tests.factories.catalogue import add_product_photo, make_category, make_product
from tests.factories.cms import add_page, build_site, make_wagtail_image
from tests.factories.customers import ADDRESS, make_buyer, make_shipping_address
from tests.factories.files import (
    GPS_IFD,
    ORIENTATION,
    jpeg_file,
    phone_photo,
    phone_photo_bytes,
    png_bytes,
    receipt_pdf,
    upload,
)
from tests.factories.orders import (
    add_to_basket,
    apply_offers,
    checkout_over_http,
    make_basket,
    make_order_row,
    move_to,
    place_with_order_creator,
    tap_place_order,
)
from tests.factories.shop import shop_ready
from tests.factories.staff import OWNER_EMAIL, OWNER_PASSWORD, make_owner

__all__ = [
    "ADDRESS",
    "GPS_IFD",
    "ORIENTATION",
    "OWNER_EMAIL",
    "OWNER_PASSWORD",
    "add_page",
    "add_product_photo",
    "add_to_basket",
    "apply_offers",
    "build_site",
    "checkout_over_http",
    "jpeg_file",
    "make_basket",
    "make_buyer",
    "make_category",
    "make_order_row",
    "make_owner",
    "make_product",
    "make_shipping_address",
    "make_wagtail_image",
    "move_to",
    "phone_photo",
    "phone_photo_bytes",
    "place_with_order_creator",
    "png_bytes",
    "receipt_pdf",
    "shop_ready",
    "tap_place_order",
    "upload",
]
