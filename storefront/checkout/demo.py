"""Demo set-up of payments and shipping for ``manage.py seed_demo`` (idempotent)."""

import io
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from storefront.payment.models import BankAccount
from storefront.payment.services import payment_settings
from storefront.shipping.rates import ensure_province_rates, shipping_settings
from storefront.shipping.regions import ensure_indonesia

PICKUP_ADDRESS = "Jl. Prawirotaman No. 12, Mergangsan, Yogyakarta (Senin–Sabtu 09.00–17.00)"


def _demo_qris_png():
    """A drawn stand-in for the shop's QRIS code (a real shop uploads the one from its bank)."""
    modules, size, margin = 29, 10, 40
    rng = random.Random(13)
    image = Image.new("RGB", (modules * size + 2 * margin, modules * size + 3 * margin), "white")
    draw = ImageDraw.Draw(image)

    def square(col, row, width, fill):
        x, y = margin + col * size, margin + row * size
        draw.rectangle([x, y, x + width * size - 1, y + width * size - 1], fill=fill)

    for row in range(modules):
        for col in range(modules):
            if rng.random() < 0.5:
                square(col, row, 1, "black")
    for col, row in ((0, 0), (modules - 7, 0), (0, modules - 7)):  # the three corner marks
        square(col, row, 8 if col == 0 and row == 0 else 7, "white")
        square(col, row, 7, "black")
        square(col + 1, row + 1, 5, "white")
        square(col + 2, row + 2, 3, "black")
    draw.text((margin, modules * size + margin + 10), "QRIS DEMO - Toko Langganan", fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def load(stdout):
    """Indonesia as the shipping country, the 38 province rates (COD on Java), two bank
    accounts, a QRIS image, free shipping from Rp 300.000 and pick-up at the shop in
    Yogyakarta (where the demo shop is)."""
    from storefront.shipping.models import ProvinceRate

    ensure_indonesia()
    created = ensure_province_rates()
    if created:
        java = ["DKI Jakarta", "Jawa Barat", "Banten", "Jawa Tengah", "DI Yogyakarta", "Jawa Timur"]
        ProvinceRate.objects.filter(province__in=java).update(cod_available=True)
    for position, (bank, number, holder) in enumerate(
        [("BCA", "1234567890", "Toko Langganan"), ("BRI", "0021-01-000123-30-5", "Toko Langganan")]
    ):
        BankAccount.objects.get_or_create(
            bank_name=bank, account_number=number, defaults={"account_holder": holder, "position": position}
        )
    config = payment_settings()
    if not config.qris_image:
        config.qris_image.save("qris-demo.png", ContentFile(_demo_qris_png()), save=False)
    config.save()
    shipping = shipping_settings()
    if shipping.free_shipping_threshold is None:
        shipping.free_shipping_threshold = Decimal("300000")
    if not shipping.pickup_address or "Bandung" in shipping.pickup_address:  # earlier demos said Bandung
        shipping.pickup_address = PICKUP_ADDRESS
    shipping.save()
    stdout.write(f"Checkout: {created} province rates created, bank accounts and shipping set up.\n")
