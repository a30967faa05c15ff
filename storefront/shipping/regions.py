"""Indonesia's 38 provinces and the country record every address points at."""

from decimal import Decimal

# (province, default flat shipping rate in Rupiah from a shop on Java). The owner edits the
# rates in the dashboard; these are only sensible starting points, cheaper near Java.
PROVINCES = (
    ("Aceh", Decimal("38000")),
    ("Sumatera Utara", Decimal("32000")),
    ("Sumatera Barat", Decimal("32000")),
    ("Riau", Decimal("32000")),
    ("Kepulauan Riau", Decimal("35000")),
    ("Jambi", Decimal("30000")),
    ("Sumatera Selatan", Decimal("28000")),
    ("Kepulauan Bangka Belitung", Decimal("32000")),
    ("Bengkulu", Decimal("30000")),
    ("Lampung", Decimal("25000")),
    ("DKI Jakarta", Decimal("15000")),
    ("Jawa Barat", Decimal("15000")),
    ("Banten", Decimal("15000")),
    ("Jawa Tengah", Decimal("18000")),
    ("DI Yogyakarta", Decimal("18000")),
    ("Jawa Timur", Decimal("20000")),
    ("Bali", Decimal("25000")),
    ("Nusa Tenggara Barat", Decimal("32000")),
    ("Nusa Tenggara Timur", Decimal("40000")),
    ("Kalimantan Barat", Decimal("35000")),
    ("Kalimantan Tengah", Decimal("38000")),
    ("Kalimantan Selatan", Decimal("35000")),
    ("Kalimantan Timur", Decimal("38000")),
    ("Kalimantan Utara", Decimal("45000")),
    ("Sulawesi Utara", Decimal("45000")),
    ("Gorontalo", Decimal("45000")),
    ("Sulawesi Tengah", Decimal("45000")),
    ("Sulawesi Barat", Decimal("45000")),
    ("Sulawesi Selatan", Decimal("38000")),
    ("Sulawesi Tenggara", Decimal("45000")),
    ("Maluku", Decimal("55000")),
    ("Maluku Utara", Decimal("55000")),
    ("Papua", Decimal("65000")),
    ("Papua Barat", Decimal("65000")),
    ("Papua Barat Daya", Decimal("65000")),
    ("Papua Tengah", Decimal("70000")),
    ("Papua Pegunungan", Decimal("75000")),
    ("Papua Selatan", Decimal("70000")),
)
PROVINCE_NAMES = tuple(name for name, _rate in PROVINCES)
PROVINCE_CHOICES = tuple((name, name) for name in PROVINCE_NAMES)


def ensure_indonesia():
    """Return the ``address.Country`` for Indonesia, creating it if missing (idempotent).

    Oscar's countries come from a data migration in real installs; the test suite builds tables
    without migrations, and every address of this shop is in Indonesia."""
    from oscar.core.loading import get_model

    Country = get_model("address", "Country")
    country, created = Country._default_manager.get_or_create(
        iso_3166_1_a2="ID",
        defaults={
            "iso_3166_1_a3": "IDN",
            "iso_3166_1_numeric": "360",
            "printable_name": "Indonesia",
            "name": "Republic of Indonesia",
            "is_shipping_country": True,
        },
    )
    if not created and not country.is_shipping_country:
        country.is_shipping_country = True
        country.save(update_fields=["is_shipping_country"])
    return country
