"""The owner's quick catalogue screens, through real HTTP requests as staff."""

from decimal import Decimal
from pathlib import Path

import pytest
import tablib
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from storefront.catalogue_images import LIST_THUMBNAILS
from storefront.dashboard.quickcatalogue import services
from tests.factories import phone_photo, phone_photo_bytes, upload

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

ADD_URL = reverse("dashboard:quick-catalogue-add")
LIST_URL = reverse("dashboard:quick-catalogue-list")
IMPORT_URL = reverse("dashboard:quick-catalogue-import")


@pytest.fixture
def drinks():
    return Category.add_root(name="Minuman")


def add_product(title, price=15000, stock=10, **kwargs):
    return services.add_product(title=title, price=Decimal(price), num_in_stock=stock, **kwargs)


def shop_record(product):
    return StockRecord.objects.get(product=product, partner__code=services.SHOP_PARTNER_CODE)


def thumbnail_files():
    cache = Path(settings.MEDIA_ROOT) / "cache"
    return {path for path in cache.rglob("*") if path.is_file()} if cache.exists() else set()


# --- Tambah produk -------------------------------------------------------------------------------


def test_owner_adds_a_product_with_a_phone_photo_and_buyers_see_it_with_a_thumbnail(
    owner, drinks, django_capture_on_commit_callbacks
):
    before = thumbnail_files()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(
            ADD_URL,
            {
                "photo": phone_photo(size=(2400, 1200)),
                "title": "Es Kopi Susu Gula Aren",
                "price": "15.000",
                "num_in_stock": "12",
                "weight": "350",
                "category": drinks.pk,
                "description": "Kopi susu dengan gula aren asli.",
            },
        )
    product = Product.objects.get(title="Es Kopi Susu Gula Aren")
    assert response.status_code == 302
    assert response["Location"] == f"{ADD_URL}?added={product.pk}"

    record = shop_record(product)
    assert (record.price, record.num_in_stock) == (Decimal("15000"), 12)
    assert product.is_public and product.upc == f"LG{product.pk:05d}"
    assert list(product.get_categories()) == [drinks]
    image = product.images.get()
    with Image.open(image.original.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (800, 1600)  # turned upright, long side 1600
        assert dict(stored.getexif()) == {}  # no GPS, no camera data
    assert len(thumbnail_files() - before) == len(LIST_THUMBNAILS)  # made right after the upload

    page = Client().get("/shop/catalogue/")  # a visitor, not the owner
    html = page.content.decode()
    assert "Es Kopi Susu Gula Aren" in html
    assert "/media/cache/" in html
    assert image.original.url not in html  # the list shows the small thumbnail, not the photo
    thumb_src = html.split("/media/cache/", 1)[1].split('"', 1)[0]
    with Image.open(Path(settings.MEDIA_ROOT) / "cache" / thumb_src) as thumb:
        assert thumb.height <= 155

    confirmation = owner.get(response["Location"])
    assert "Es Kopi Susu Gula Aren" in confirmation.content.decode()


def test_price_is_read_with_or_without_thousand_dots(owner):
    for title, typed in (("Keripik A", "15000"), ("Keripik B", "Rp 15.000")):
        owner.post(ADD_URL, {"title": title, "price": typed, "num_in_stock": "1.000", "weight": "200"})
        record = shop_record(Product.objects.get(title=title))
        assert (record.price, record.num_in_stock) == (Decimal("15000"), 1000)


def test_anonymous_and_buyers_cannot_use_the_quick_catalogue(client, django_user_model):
    for url in (ADD_URL, LIST_URL, IMPORT_URL):
        response = client.get(url)
        assert response.status_code == 302 and "/dashboard/login/" in response["Location"]
    buyer = django_user_model.objects.create_user(email="pembeli@toko.test", password="rahasia-123")
    client.force_login(buyer)
    response = client.post(
        ADD_URL, {"title": "Curang", "price": "1000", "num_in_stock": "1", "weight": "100"}
    )
    assert response.status_code in (302, 403)
    assert client.get(LIST_URL).status_code in (302, 403)
    assert not Product.objects.filter(title="Curang").exists()


def test_form_errors_are_indonesian_and_keep_what_was_typed(owner, drinks):
    response = owner.post(
        ADD_URL,
        {
            "photo": phone_photo(),
            "title": "Kue Lapis Legit",
            "price": "15.500,75",
            "num_in_stock": "-3",
            "category": drinks.pk,
            "description": "Resep nenek",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Product.objects.exists()
    assert "Tulis angka bulat" in html  # the price error
    assert "tidak boleh negatif" in html  # the stock error
    for typed in ('value="Kue Lapis Legit"', 'value="15.500,75"', 'value="-3"', "Resep nenek"):
        assert typed in html
    assert f'<option value="{drinks.pk}" selected>' in html
    assert "pilih foto lagi" in html  # the one thing the browser cannot keep


def test_the_weight_is_stored_where_the_courier_rates_read_it(owner):
    owner.post(
        ADD_URL, {"title": "Kopi Toraja", "price": "85.000", "num_in_stock": "3", "weight": "1.250"}
    )
    product = Product.objects.get(title="Kopi Toraja")
    assert product.attr.weight == 1250
    assert product.product_class.attributes.get(code="weight").type == "integer"


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Tulis berat dalam gram, misalnya 250."),
        ("0", "Berat harus lebih dari 0 gram."),
        ("-5", "tidak boleh negatif"),
        ("1,5", "Tulis angka bulat"),
        ("setengah kilo", "Tulis angka bulat"),
        ("250.000", "Berat terlalu besar (paling banyak 100.000 gram)."),
    ],
)
def test_the_weight_is_required_and_checked_in_indonesian(owner, typed, message):
    response = owner.post(
        ADD_URL, {"title": "Kopi Toraja", "price": "85.000", "num_in_stock": "3", "weight": typed}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Kopi Toraja"' in html and 'value="85.000"' in html
    if typed:
        assert f'value="{typed}"' in html
    assert not Product.objects.exists()


def test_a_bad_photo_is_refused_in_indonesian_and_nothing_else_is_lost(owner):
    svg = SimpleUploadedFile(
        "foto.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>x()</script></svg>"
    )
    response = owner.post(
        ADD_URL,
        {"photo": svg, "title": "Sambal Bawang", "price": "25.000", "num_in_stock": "5", "weight": "150"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Berkas ini bukan gambar yang bisa dibaca" in html
    assert 'value="Sambal Bawang"' in html and 'value="25.000"' in html
    assert not Product.objects.exists()

    data = phone_photo_bytes(size=(800, 600), orientation=1, gps=False)
    response = owner.post(
        ADD_URL,
        {
            "photo": upload(data[: len(data) // 2]),
            "title": "Sambal",
            "price": "25.000",
            "num_in_stock": "5",
            "weight": "150",
        },
    )
    assert "Foto tidak terbaca sepenuhnya" in response.content.decode()
    assert not Product.objects.exists()


def test_oscar_product_editor_processes_photos_too(owner, drinks):
    product = add_product("Teh Melati")
    data = {
        "title": "Teh Melati",
        "upc": product.upc,
        "description": "",
        "structure": "standalone",
        "is_public": "on",
        "is_discountable": "on",
        "stockrecords-TOTAL_FORMS": "0",
        "stockrecords-INITIAL_FORMS": "0",
        "productcategory_set-TOTAL_FORMS": "1",
        "productcategory_set-INITIAL_FORMS": "0",
        "productcategory_set-0-category": drinks.pk,
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-0-original": phone_photo(size=(3000, 1500)),
        "images-0-caption": "",
        "images-0-display_order": "0",
        "primary_recommendations-TOTAL_FORMS": "0",
        "primary_recommendations-INITIAL_FORMS": "0",
        "attributes-TOTAL_FORMS": "0",
        "attributes-INITIAL_FORMS": "0",
    }
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    response = owner.post(url, data)
    assert response.status_code == 302
    with Image.open(product.images.get().original.path) as stored:
        assert stored.size == (800, 1600) and dict(stored.getexif()) == {}

    too_large = phone_photo_bytes(size=(200, 100)) + b"\0" * (5 * 1024 * 1024)  # readable, but 5+ MB
    data["images-0-original"] = upload(too_large, "besar.jpg")
    response = owner.post(url, data)
    assert response.status_code == 200  # the editor is shown again with the reason, never a 500
    assert "Berkas terlalu besar" in response.content.decode()
    assert product.images.count() == 1


# --- Quick list: price, stock, visibility --------------------------------------------------------


def post_rows(client, products, changes=None, url=LIST_URL):
    """Post the quick list as the browser would: every row, with ``changes`` applied."""
    data = {"rows": [str(product.pk) for product in products]}
    for product in products:
        record = shop_record(product)
        weight = product.attribute_values.filter(attribute__code="weight").first()
        row = {
            "price": f"{int(record.price):,}".replace(",", "."),
            "num_in_stock": str(record.num_in_stock),
            "weight": f"{weight.value_integer:,}".replace(",", ".") if weight else "",
        }
        if product.is_public:
            row["is_public"] = "on"
        row.update((changes or {}).get(product.pk, {}))
        data.update({f"p{product.pk}-{name}": value for name, value in row.items() if value is not None})
    return client.post(url, data)


def test_quick_list_saves_only_the_changed_rows(owner, django_capture_on_commit_callbacks):
    kopi, teh, susu = add_product("Kopi"), add_product("Teh"), add_product("Susu")
    untouched_since = shop_record(susu).date_updated
    page = owner.get(LIST_URL).content.decode()
    assert 'value="15.000"' in page  # prices shown the Indonesian way

    with django_capture_on_commit_callbacks(execute=True):
        response = post_rows(
            owner,
            [kopi, teh, susu],
            {kopi.pk: {"price": "18.500", "num_in_stock": "7"}, teh.pk: {"is_public": None}},
        )
    assert response.status_code == 302
    assert (shop_record(kopi).price, shop_record(kopi).num_in_stock) == (Decimal("18500"), 7)
    teh.refresh_from_db()
    assert teh.is_public is False
    assert shop_record(susu).date_updated == untouched_since
    assert "2 produk disimpan" in owner.get(response["Location"]).content.decode()

    catalogue = Client().get("/shop/catalogue/").content.decode()  # a visitor, not the owner
    assert "Kopi" in catalogue and "Rp\xa018.500" in catalogue  # the search index has the new price
    assert ">Teh<" not in catalogue and 'title="Teh"' not in catalogue  # hidden from buyers


def test_quick_list_saves_nothing_when_one_changed_row_is_wrong(owner):
    kopi, teh = add_product("Kopi"), add_product("Teh")
    response = post_rows(
        owner, [kopi, teh], {kopi.pk: {"price": "20.000"}, teh.pk: {"num_in_stock": "banyak"}}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tidak ada yang disimpan" in html
    assert "Tulis angka bulat" in html
    assert 'value="banyak"' in html and 'value="20.000"' in html  # what was typed is kept
    assert shop_record(kopi).price == Decimal("15000")


def test_quick_list_shows_and_changes_the_weight(owner):
    kopi = add_product("Kopi", weight=1250)
    teh = add_product("Teh")  # added before weights were asked for
    page = owner.get(LIST_URL).content.decode()
    assert f'name="p{kopi.pk}-weight" id="id_p{kopi.pk}-weight" value="1.250"' in page
    assert f'name="p{teh.pk}-weight" id="id_p{teh.pk}-weight" value=""' in page

    response = post_rows(owner, [kopi, teh], {teh.pk: {"weight": "300"}, kopi.pk: {"weight": "0"}})
    assert response.status_code == 200 and "Berat harus lebih dari 0 gram." in response.content.decode()
    assert not teh.attribute_values.exists()  # nothing saved while a row is wrong

    response = post_rows(owner, [kopi, teh], {teh.pk: {"weight": "300"}, kopi.pk: {"weight": ""}})
    assert response.status_code == 302
    assert Product.objects.get(pk=teh.pk).attr.weight == 300
    assert Product.objects.get(pk=kopi.pk).attr.weight == 1250  # emptied: the weight is kept


def test_quick_list_search_by_name(owner):
    add_product("Kopi Gayo")
    add_product("Teh Tarik")
    html = owner.get(LIST_URL, {"q": "gayo"}).content.decode()
    assert "Kopi Gayo" in html and "Teh Tarik" not in html


@pytest.mark.parametrize("count", [1, 50])
def test_quick_list_query_count_does_not_grow_with_products(
    count, owner, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # Thumbnail look-ups are answered by the cache (Redis in production). The test's local-memory
    # cache keeps only 300 entries and other tests fill it, so give this test its own, big enough.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "quick-list-budget",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):  # photos' thumbnails made on commit
        for number in range(count):
            add_product(f"Produk {number:02d}", photo=services_photo())
    owner.get(LIST_URL)  # warms what every dashboard page reads once (menu, roles, settings)
    with django_assert_max_num_queries(12):
        response = owner.get(LIST_URL)
    assert response.status_code == 200
    assert response.content.decode().count('name="rows"') == min(count, 25)


def services_photo():
    from storefront.catalogue_images import process_product_photo

    return process_product_photo(phone_photo(size=(60, 40), gps=False))


# --- Spreadsheet import --------------------------------------------------------------------------


def csv_file(text, name="produk.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_preview_shows_row_errors_and_imports_nothing_until_confirmed(owner, drinks):
    existing = add_product("Kopi Lama", price=10000, upc="KOPI-1")
    sheet = (
        "nama;sku;kategori;harga;stok;berat (gram);deskripsi\n"
        "Kopi Gayo;KOPI-1;Minuman;85.000;20;;Biji kopi\n"
        "Teh Hijau;;Minuman > Teh;Rp 12.000;5;100;\n"
        "Gula Aren;;;dua ribu;3;500;\n"
        ";GULA-2;;5000;1;250;\n"
    )  # semicolons: how Excel with Indonesian settings saves CSV
    response = owner.post(IMPORT_URL, {"spreadsheet": csv_file(sheet)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 produk baru" in html and "1 produk diperbarui" in html and "2 baris salah" in html
    assert "Tulis angka bulat" in html and "Nama kosong" in html
    assert "kategori baru" in html  # "Minuman > Teh" will be created
    assert Product.objects.count() == 1  # the preview writes nothing

    token = response.context["form"].initial["token"]
    response = owner.post(IMPORT_URL, {"token": token})  # not "only the valid rows"
    assert response.status_code == 200
    assert "tidak ada yang diimpor" in response.content.decode()
    assert Product.objects.count() == 1
    assert shop_record(existing).price == Decimal("10000")

    response = owner.post(IMPORT_URL, {"token": token, "only_valid_rows": "on"})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.title == "Kopi Gayo"
    assert (shop_record(existing).price, shop_record(existing).num_in_stock) == (Decimal("85000"), 20)
    tea = Product.objects.get(title="Teh Hijau")
    assert shop_record(tea).price == Decimal("12000")
    assert [c.full_name for c in tea.get_categories()] == ["Minuman > Teh"]
    assert not Product.objects.filter(title="Gula Aren").exists()

    again = owner.post(IMPORT_URL, {"token": token, "only_valid_rows": "on"})
    assert again.status_code == 302 and Product.objects.count() == 2  # a second confirm does nothing


def test_import_reads_the_weight_and_needs_it_only_for_new_products(owner):
    existing = add_product("Kopi Lama", price=10000, upc="KOPI-1", weight=250)
    sheet = (
        "nama,sku,harga,berat (gram)\n"
        "Kopi Lama,KOPI-1,12.000,\n"  # an update without a weight keeps the weight
        "Teh Hijau,,8.000,1.000\n"
        "Gula Aren,,5.000,\n"
        "Garam,,3.000,sekilo\n"
        "Lada,,4.000,0\n"
    )
    response = owner.post(IMPORT_URL, {"spreadsheet": csv_file(sheet)})
    plan = response.context["plan"]
    errors = {row.values["nama"]: row.errors for row in plan.rows}
    assert errors["Kopi Lama"] == [] and errors["Teh Hijau"] == []
    assert [str(error) for error in errors["Gula Aren"]] == [
        "Berat (gram) kosong: produk baru memerlukannya untuk ongkos kirim kurir."
    ]
    assert [str(error) for error in errors["Garam"]] == ["Berat: Tulis angka bulat, misalnya 15.000."]
    assert [str(error) for error in errors["Lada"]] == ["Berat: Berat harus lebih dari 0 gram."]
    assert "Berat (gram) kosong" in response.content.decode()

    owner.post(
        IMPORT_URL, {"token": response.context["form"].initial["token"], "only_valid_rows": "on"}
    )
    assert Product.objects.get(title="Teh Hijau").attr.weight == 1000
    assert Product.objects.get(pk=existing.pk).attr.weight == 250
    assert shop_record(existing).price == Decimal("12000")
    assert not Product.objects.filter(title__in=["Gula Aren", "Garam", "Lada"]).exists()


def test_import_from_excel_using_the_downloaded_template(owner):
    response = owner.get(reverse("dashboard:quick-catalogue-import-template", args=["xlsx"]))
    assert response.status_code == 200
    template = tablib.Dataset().load(response.content, format="xlsx")
    assert template.headers == ["nama", "sku", "kategori", "harga", "stok", "berat (gram)", "deskripsi"]
    template.append(["Rendang Kering", "", "", 65000, 8, 250, "Pedas"])  # Excel keeps numbers as numbers
    workbook = SimpleUploadedFile("produk.xlsx", template.export("xlsx"))

    preview = owner.post(IMPORT_URL, {"spreadsheet": workbook})
    assert preview.context["created"] == 2 and not preview.context["plan"].invalid_rows
    token = preview.context["form"].initial["token"]
    owner.post(IMPORT_URL, {"token": token})
    rendang = Product.objects.get(title="Rendang Kering")
    assert (shop_record(rendang).price, shop_record(rendang).num_in_stock) == (Decimal("65000"), 8)
    assert rendang.attr.weight == 250
    assert Product.objects.get(upc="KOPI-250").title == "Kopi Gayo 250 g"


def test_owner_downloads_products_changes_prices_in_excel_and_imports_them_back(owner, drinks):
    coffee = drinks.add_child(name="Kopi")
    gayo = add_product("Kopi Gayo", price=85000, stock=4, category=coffee, weight=300)
    add_product("Teh Tarik", price=12000, stock=9)
    export = owner.get(reverse("dashboard:quick-catalogue-export", args=["xlsx"]))
    assert export["Content-Disposition"] == 'attachment; filename="produk-toko.xlsx"'
    sheet = tablib.Dataset().load(export.content, format="xlsx")
    assert sheet.dict[0] == {
        "nama": "Kopi Gayo", "sku": gayo.upc, "kategori": "Minuman > Kopi",
        "harga": 85000, "stok": 4, "berat (gram)": 300, "deskripsi": None,  # an empty Excel cell
    }  # fmt: skip
    sheet[0] = ("Kopi Gayo", gayo.upc, "Minuman > Kopi", 90000, 4, 320, "")
    edited = SimpleUploadedFile("produk-toko.xlsx", sheet.export("xlsx"))
    preview = owner.post(IMPORT_URL, {"spreadsheet": edited})
    assert (preview.context["created"], preview.context["updated"]) == (0, 2)
    owner.post(IMPORT_URL, {"token": preview.context["form"].initial["token"]})
    assert shop_record(gayo).price == Decimal("90000")
    assert Product.objects.get(pk=gayo.pk).attr.weight == 320
    assert Product.objects.count() == 2
    assert list(gayo.get_categories()) == [coffee]


def test_import_refuses_unreadable_files_in_indonesian(owner):
    for upload_file, message in (
        (csv_file("judul,nilai\nx,1\n"), "Baris pertama harus berisi nama kolom"),
        (SimpleUploadedFile("produk.xlsx", b"PK\x03\x04 rusak"), "Berkas Excel ini rusak"),
    ):
        response = owner.post(IMPORT_URL, {"spreadsheet": upload_file})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not Product.objects.exists()


def test_import_confirm_with_a_stale_token_is_refused(owner):
    response = owner.post(IMPORT_URL, {"token": "palsu"})
    assert response.status_code == 302
    assert "kedaluwarsa" in owner.get(response["Location"]).content.decode()


def test_template_csv_download(owner):
    response = owner.get(reverse("dashboard:quick-catalogue-import-template", args=["csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="template-produk.csv"'
    assert response.content.decode().startswith("nama,sku,kategori,harga,stok,berat (gram),deskripsi")
    unknown = owner.get(reverse("dashboard:quick-catalogue-import-template", args=["exe"]))
    assert unknown.status_code == 404
