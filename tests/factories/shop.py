"""The owner's setup that checkout needs."""

from storefront.payment.models import BankAccount
from storefront.payment.services import payment_settings
from storefront.shipping.rates import ensure_province_rates


def shop_ready(unique_code=True, cod_limited=False):
    """The owner's setup: one bank account, province rates seeded, payment settings."""
    ensure_province_rates()
    BankAccount.objects.get_or_create(
        bank_name="BCA", account_number="1234567890", account_holder="Toko Langganan"
    )
    config = payment_settings()
    config.unique_code_enabled = unique_code
    config.cod_limited_to_provinces = cod_limited
    config.save()
    return config
