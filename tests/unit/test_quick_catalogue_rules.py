"""Rules of the quick catalogue without HTTP: reading Rupiah amounts and planning an import."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from oscar.core.loading import get_model

from storefront.dashboard.quickcatalogue import importing, services

Category = get_model("catalogue", "Category")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("15000", 15000),
        ("15.000", 15000),
        ("15,000", 15000),
        ("Rp 15.000", 15000),
        ("rp15.000,-", 15000),
        ("1.250.000", 1250000),
        ("15.000,00", 15000),
        (15000, 15000),
        (15000.0, 15000),
        (Decimal("15000.00"), 15000),
        ("", None),
        (None, None),
    ],
)
def test_whole_numbers_are_read_the_indonesian_way(typed, expected):
    assert services.parse_whole_number(typed) == expected


@pytest.mark.parametrize("typed", ["15.5", "15.000,50", "1.50", "dua ribu", "15.00.0", 15000.5, True])
def test_fractions_and_text_are_refused(typed):
    with pytest.raises(ValidationError):
        services.parse_whole_number(typed)


def test_prices_must_be_positive_and_stock_not_negative():
    assert services.parse_price("15.000") == Decimal(15000)
    for typed in ("0", "-5.000"):
        with pytest.raises(ValidationError):
            services.parse_price(typed)
    with pytest.raises(ValidationError) as error:
        services.parse_stock("-3")
    assert error.value.messages == ["Angka tidak boleh negatif."]


@pytest.mark.django_db
def test_import_plan_finds_categories_by_path_or_unique_name():
    drinks = Category.add_root(name="Minuman")
    coffee = drinks.add_child(name="Kopi")
    snacks = Category.add_root(name="Camilan")
    snacks.add_child(name="Kopi")  # a second "Kopi": the bare name becomes ambiguous
    plan = importing.plan_import(
        [
            {"nama": "A", "harga": "1.000", "berat": "250", "kategori": "minuman >  kopi"},
            {"nama": "B", "harga": "1.000", "berat": "250", "kategori": "Kopi"},
            {"nama": "C", "harga": "1.000", "berat": "250", "kategori": "Minuman"},
            {"nama": "D", "harga": "1.000", "berat": "250", "kategori": "Buah > Apel"},
            {"nama": "E", "harga": "1.000", "berat": "250", "kategori": "minuman>teh"},
        ]
    )
    a, b, c, d, e = plan.rows
    assert a.category == coffee and a.is_valid
    assert not b.is_valid and "jalur lengkap" in b.errors[0]
    assert c.category == drinks
    assert d.category is None and d.new_category == "Buah > Apel"
    assert e.new_category == "Minuman > teh"  # created under the existing "Minuman", not a new root
    importing.apply_import(importing.ImportPlan(rows=[e]))
    assert [child.name for child in drinks.get_children()] == ["Kopi", "teh"]
    assert Category.get_root_nodes().count() == 2


@pytest.mark.django_db
def test_import_plan_flags_repeated_skus_and_missing_values():
    plan = importing.plan_import(
        [
            {"nama": "A", "sku": "X1", "harga": "1.000", "berat": "250"},
            {"nama": "B", "sku": "X1", "harga": "2.000", "berat": "250"},
            {"nama": "", "harga": ""},
        ]
    )
    first, repeated, empty = plan.rows
    assert first.is_valid and first.action == importing.CREATE
    assert repeated.errors == ["SKU X1 juga ada di baris 2."]
    assert empty.errors[:2] == ["Nama kosong.", "Harga kosong."]
    assert len(empty.errors) == 3 and "Berat" in empty.errors[2]  # a new product needs its weight
    with pytest.raises(ValidationError):
        importing.apply_import(plan)  # wrong rows and no explicit "only the valid ones"


@pytest.mark.django_db
def test_generated_sku_never_clashes_with_one_the_owner_typed():
    first = services.add_product(title="A", price=Decimal(1000), num_in_stock=1)
    typed = f"LG{first.pk + 2:05d}"  # the code the product after "B" would get
    services.add_product(title="B", price=Decimal(1000), num_in_stock=1, upc=typed)
    third = services.add_product(title="C", price=Decimal(1000), num_in_stock=1)
    assert third.pk == first.pk + 2
    assert third.upc == f"LG{third.pk:05d}-2"
    assert third.stockrecords.get().partner_sku == third.upc
