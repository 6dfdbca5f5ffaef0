"""Photos for the web: one source image's bytes → resized JPEG and WebP variants. Pure.

The only module that calls Pillow. `process_image` takes bytes and settings
and returns bytes, touching no files, so it can be cached by content hash
(see image_cache.py) and later run in a process pool.

What is published is re-encoded pixels only: EXIF orientation is applied to
the pixels, then every metadata block (EXIF with GPS, XMP, comments) is
dropped. Encoding is deterministic: the same bytes and settings give the same
output with the same Pillow version.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

# Photo formats editors bring (cameras, phones, screenshots); decoders are limited to these.
SOURCE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
OUTPUT_FORMATS = (("webp", "image/webp"), ("jpeg", "image/jpeg"))
EXTENSIONS = {"jpeg": "jpg", "webp": "webp"}
MEGABYTE = 1_000_000
_ORIENTATION = 0x0112  # EXIF tag


@dataclass(frozen=True)
class ImageSettings:
    """How photos are published. Part of the cache key: changing it re-encodes every photo."""

    widths: tuple[int, ...] = (480, 960, 1600)
    jpeg_quality: int = 82
    webp_quality: int = 80
    max_bytes: int = 20 * MEGABYTE         # a camera original larger than this is refused
    max_pixels: int = 50_000_000           # ~8700 × 5800; also stops decompression bombs

    def fingerprint(self) -> str:
        """Identifies these settings and the encoder, so a change invalidates cached variants."""
        text = f"{self.widths}|{self.jpeg_quality}|{self.webp_quality}|{Image.__version__}"
        return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Variant:
    """One published file of a photo."""

    width: int
    height: int
    format: str   # "jpeg" or "webp"
    data: bytes

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


@dataclass(frozen=True)
class ProcessedImage:
    """A photo upright, with its variants (smallest first, WebP and JPEG for each width)."""

    width: int    # of the upright original
    height: int
    variants: tuple[Variant, ...]


class ImageError(ValueError):
    """A photo that cannot be published; message and hint are in Vietnamese, for editors."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


def target_widths(original_width: int, widths: tuple[int, ...]) -> list[int]:
    """The configured widths narrower than the original, plus the original when it is narrower
    than the widest one: never upscaled. 1200 px with (480, 960, 1600) → [480, 960, 1200]."""
    largest = max(widths)
    chosen = sorted({w for w in widths if w < original_width})
    top = min(original_width, largest)
    if top not in chosen:
        chosen.append(top)
    return chosen


def check_size(size: int, settings: ImageSettings) -> None:
    """Refuse oversized files before decoding them."""
    if size > settings.max_bytes:
        raise ImageError(
            f"ảnh quá lớn ({format_megabytes(size)}); tối đa {format_megabytes(settings.max_bytes)}.",
            "Thu nhỏ ảnh (ví dụ còn rộng 2000 điểm ảnh) hoặc lưu lại dạng JPEG chất lượng 85 rồi dùng tệp mới.")


def format_megabytes(size: int) -> str:
    """21_300_000 → "21,3 MB" (Vietnamese decimal comma)."""
    return f"{size / MEGABYTE:.1f}".replace(".", ",") + " MB"


def process_image(data: bytes, settings: ImageSettings = ImageSettings()) -> ProcessedImage:
    """Decode a photo, turn it upright, and encode every width as WebP and JPEG."""
    check_size(len(data), settings)
    upright, (original_width, original_height) = _decode_upright(data, settings)
    variants = []
    for width in target_widths(original_width, settings.widths):
        height = max(1, round(original_height * width / original_width))
        resized = upright if upright.size == (width, height) else upright.resize(
            (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        for output_format, _mime in OUTPUT_FORMATS:
            variants.append(Variant(width, height, output_format, encode(resized, output_format, settings)))
    return ProcessedImage(original_width, original_height, tuple(variants))


def _decode_upright(data: bytes, settings: ImageSettings) -> tuple[Image.Image, tuple[int, int]]:
    """Pixels only, rotated as the camera's EXIF orientation says, in RGB or RGBA; and the size
    of the upright original (the pixels may be decoded smaller, see _decode_smaller)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=sorted(set(SOURCE_FORMATS.values()))) as image:
                pixels = image.width * image.height
                if pixels > settings.max_pixels:
                    raise _too_many_pixels(image.width, image.height, settings)
                turned = image.getexif().get(_ORIENTATION) in (5, 6, 7, 8)  # a quarter turn
                original_size = (image.height, image.width) if turned else image.size
                _decode_smaller(image, max(settings.widths), turned)
                image.load()
                upright = ImageOps.exif_transpose(image)
                has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
                converted = upright.convert("RGBA" if has_alpha else "RGB")
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("ảnh có kích thước điểm ảnh quá lớn (có thể là tệp độc hại).",
                         "Mở ảnh bằng phần mềm xem ảnh, lưu lại với kích thước nhỏ hơn rồi dùng tệp mới.") from None
    except UnidentifiedImageError:
        raise ImageError("tệp không phải là ảnh đọc được (JPEG, PNG, WebP hoặc GIF).",
                         "Mở ảnh bằng phần mềm xem ảnh và lưu lại dạng JPEG, rồi dùng tệp mới.") from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise ImageError("ảnh bị hỏng hoặc không đầy đủ (tệp bị cắt ngang hay lỗi khi chép).",
                         "Chép lại ảnh từ máy ảnh hoặc điện thoại, hoặc mở ảnh và lưu lại dạng JPEG.") from None
    converted.info = {}  # no EXIF, XMP, ICC or comments travel to the output
    return converted, original_size


def _decode_smaller(image: Image.Image, largest_width: int, turned: bool) -> None:
    """Let the JPEG decoder scale by 1/2, 1/4 or 1/8 while staying at least the largest width
    wide (several times faster on a camera photo). A turned photo's width is its stored height."""
    if image.format == "JPEG" and image.mode in ("RGB", "L"):
        image.draft(image.mode, (1, largest_width) if turned else (largest_width, 1))


def _too_many_pixels(width: int, height: int, settings: ImageSettings) -> ImageError:
    return ImageError(f"ảnh có kích thước {width} × {height} điểm ảnh, quá lớn "
                      f"(tối đa {settings.max_pixels // 1_000_000} triệu điểm ảnh).",
                      "Thu nhỏ ảnh (ví dụ còn rộng 2000 điểm ảnh) rồi dùng tệp mới.")


def encode(image: Image.Image, output_format: str, settings: ImageSettings) -> bytes:
    """Encode with fixed options and no metadata, so the bytes depend only on the pixels."""
    buffer = io.BytesIO()
    if output_format == "jpeg":
        if image.mode != "RGB":
            image = _flatten(image)
        image.save(buffer, "JPEG", quality=settings.jpeg_quality, optimize=True, progressive=True)
    else:
        image.save(buffer, "WEBP", quality=settings.webp_quality, method=4)
    return buffer.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent pixels on white: JPEG has no alpha channel."""
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background
