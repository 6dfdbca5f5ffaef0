"""images.py: widths, formats, dimensions, orientation, stripped EXIF, refused files. Pure, no site."""

import io
import struct
import zlib

import pytest
from PIL import Image

from conftest import photo
from sitegen.media.images import ImageError, ImageSettings, process_image, target_widths

SMALL = ImageSettings(widths=(16, 32, 64))  # the real widths, scaled down so tests stay fast


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_widths_never_exceed_the_original():
    assert target_widths(4000, (480, 960, 1600)) == [480, 960, 1600]
    assert target_widths(1200, (480, 960, 1600)) == [480, 960, 1200]
    assert target_widths(960, (480, 960, 1600)) == [480, 960]
    assert target_widths(300, (480, 960, 1600)) == [300]


def test_each_width_is_published_as_webp_and_jpeg_with_its_real_size():
    processed = process_image(photo(100, 50), SMALL)
    assert (processed.width, processed.height) == (100, 50)
    found = [(v.format, v.width, v.height) for v in processed.variants]
    assert found == [("webp", 16, 8), ("jpeg", 16, 8), ("webp", 32, 16), ("jpeg", 32, 16),
                     ("webp", 64, 32), ("jpeg", 64, 32)]
    for variant in processed.variants:
        image = decode(variant.data)
        assert image.format == variant.format.upper()
        assert image.size == (variant.width, variant.height)
        assert image.mode == "RGB"


def test_a_narrow_photo_is_not_enlarged():
    processed = process_image(photo(40, 30), SMALL)
    assert {v.width for v in processed.variants} == {16, 32, 40}
    assert max(decode(v.data).width for v in processed.variants) == 40


def test_exif_orientation_is_applied_and_all_exif_with_gps_is_removed():
    original = photo(60, 40, orientation=6, gps=True)  # a phone held upright: stored sideways
    assert decode(original).getexif().get_ifd(0x8825), "the test photo must carry GPS"
    processed = process_image(original, SMALL)
    assert (processed.width, processed.height) == (40, 60)
    for variant in processed.variants:
        image = decode(variant.data)
        assert image.width < image.height
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info and "xmp" not in image.info
        assert b"TestCam" not in variant.data and b"Exif" not in variant.data
    # Rotated 90° clockwise: the dark left half of the stored image is now on top.
    upright = decode(processed.variants[-1].data)
    assert upright.getpixel((upright.width // 2, 2))[0] < 60
    assert upright.getpixel((upright.width // 2, upright.height - 3))[2] > 120


def test_transparent_png_becomes_jpeg_on_white_and_keeps_alpha_in_webp():
    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    processed = process_image(buffer.getvalue(), SMALL)
    jpeg = decode(processed.variants[1].data)
    assert jpeg.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)
    assert decode(processed.variants[0].data).mode == "RGBA"


def test_output_is_the_same_bytes_every_time():
    data = photo(100, 70, orientation=3)
    assert process_image(data, SMALL) == process_image(data, SMALL)


@pytest.mark.parametrize("data", [b"not an image at all", photo(64, 48)[:300], b""])
def test_corrupt_or_truncated_files_give_a_vietnamese_error(data):
    with pytest.raises(ImageError) as caught:
        process_image(data, SMALL)
    assert "ảnh" in caught.value.message and caught.value.hint


def test_oversized_file_is_refused_before_decoding():
    with pytest.raises(ImageError) as caught:
        process_image(photo(64, 48) + b"\0" * 21_000_000)
    assert "quá lớn" in caught.value.message and "20,0 MB" in caught.value.message


def test_decompression_bomb_is_refused_without_decoding():
    """A tiny PNG whose header claims 30000 × 30000 pixels."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    header = struct.pack(">II", 30000, 30000) + bytes(data[24:29])
    data[16:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    with pytest.raises(ImageError) as caught:
        process_image(bytes(data), SMALL)
    assert "quá lớn" in caught.value.message
