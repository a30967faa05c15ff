from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from storefront.catalogue_images import MAX_LONG_SIDE, process_product_photo
from tests.factories import GPS_IFD, ORIENTATION, phone_photo, phone_photo_bytes, png_bytes, upload


def open_result(content_file):
    return Image.open(BytesIO(content_file.read()))


def test_the_test_photo_really_carries_orientation_and_gps():
    # Guard: the other tests would pass vacuously with a photo that has no metadata.
    with Image.open(BytesIO(phone_photo_bytes())) as original:
        exif = original.getexif()
        assert exif[ORIENTATION] == 6
        assert exif.get_ifd(GPS_IFD)[1] == "S"
        assert original.size == (400, 200)


def test_photo_is_turned_upright_from_exif():
    with open_result(process_product_photo(phone_photo())) as result:
        assert result.size == (200, 400)  # stored landscape, shown portrait
        top = result.getpixel((100, 20))
        bottom = result.getpixel((100, 380))
    assert top[0] > 200 and top[1] < 60  # red is on top after turning 90° clockwise
    assert min(bottom) > 200  # white below


def test_gps_and_all_other_metadata_are_removed():
    processed = process_product_photo(phone_photo())
    data = processed.read()
    with Image.open(BytesIO(data)) as result:
        assert result.format == "JPEG"
        assert dict(result.getexif()) == {}
        assert result.getexif().get_ifd(GPS_IFD) == {}
        assert "exif" not in result.info and "xmp" not in result.info
    assert b"Exif" not in data and b"TestPhone" not in data


def test_large_photo_is_resized_to_the_long_side_limit():
    big = upload(phone_photo_bytes(size=(4000, 3000), orientation=1, gps=False))
    with open_result(process_product_photo(big)) as result:
        assert result.size == (MAX_LONG_SIDE, 1200)


def test_small_photo_is_not_enlarged_and_gets_a_jpg_name():
    processed = process_product_photo(upload(png_bytes((300, 120)), name="Kopi Gayo.PNG"))
    assert processed.name == "kopi-gayo.jpg"
    with open_result(processed) as result:
        assert result.size == (300, 120)
        assert result.mode == "RGB"


def test_transparent_png_gets_a_white_background():
    transparent = png_bytes((50, 50), mode="RGBA", color=(0, 0, 0, 0))
    processed = process_product_photo(upload(transparent, "logo.png"))
    with open_result(processed) as result:
        assert min(result.getpixel((25, 25))) > 240


def test_webp_is_accepted():
    buffer = BytesIO()
    Image.new("RGB", (80, 60), "blue").save(buffer, "WEBP")
    with open_result(process_product_photo(upload(buffer.getvalue(), "foto.webp", "image/webp"))) as result:
        assert result.format == "JPEG" and result.size == (80, 60)


def refused(data, name, content_type="image/jpeg"):
    with pytest.raises(ValidationError) as error:
        process_product_photo(upload(data, name, content_type))
    return error.value.messages[0]


def test_decompression_bomb_is_refused_in_indonesian():
    bomb = png_bytes((10_000, 5_000), mode="1")  # 50 megapixels in a few kilobytes
    assert len(bomb) < 100_000
    assert refused(bomb, "bom.png", "image/png").startswith("Ukuran gambar terlalu besar untuk diproses.")


def test_svg_with_script_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
    assert refused(svg, "produk.svg", "image/svg+xml").startswith("Berkas ini bukan gambar")


def test_other_image_types_are_refused():
    buffer = BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    assert refused(buffer.getvalue(), "anim.gif", "image/gif").startswith("Jenis berkas tidak didukung")


def test_file_above_five_megabytes_is_refused():
    assert refused(b"\xff\xd8" + b"0" * (5 * 1024 * 1024), "besar.jpg").startswith("Berkas terlalu besar")


def test_photo_cut_off_mid_upload_is_reported_as_unreadable():
    data = phone_photo_bytes(size=(800, 600), orientation=1, gps=False)
    with pytest.raises(ValidationError) as refused:  # every pixel is decoded before processing
        process_product_photo(upload(data[: len(data) // 2]))
    assert refused.value.code == "broken"
