"""Processed photos kept in `.cache/images/`, keyed by a hash of the source bytes and settings.

A rebuild reads the variants back instead of re-encoding them (encoding is
by far the slowest part of a build with photos). The key is the content, not
the file name or mtime: a renamed photo is a hit, an edited one a miss.

Layout: `<key>-<width>.<ext>` for each variant and `<key>.json` describing
them; the description is written last, so a build killed half-way leaves no
entry that looks complete. What `process` returns names the cached files
rather than holding their bytes: an archive of thousands of photos is
copied from the cache to the output, never held in memory at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .images import EXTENSIONS, ImageSettings, ProcessedImage, process_image
from ..common.files import write_atomically

CACHE_FOLDER = Path(".cache") / "images"


@dataclass(frozen=True)
class CachedVariant:
    width: int
    height: int
    format: str   # "jpeg" or "webp"
    path: Path    # the encoded file in the cache

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


@dataclass(frozen=True)
class CachedImage:
    width: int    # of the upright original
    height: int
    variants: tuple[CachedVariant, ...]


class ImageCache:
    """`process(data)` as images.process_image, but each distinct photo is encoded only once."""

    def __init__(self, directory: Path, settings: ImageSettings = ImageSettings()):
        self.directory = directory
        self.settings = settings
        self.encoded = 0             # photos encoded by this build
        self.reused = 0              # photos found in the cache
        self._memory: dict[str, CachedImage] = {}

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.settings.fingerprint().encode() + b"\0" + data).hexdigest()[:32]

    def process(self, data: bytes) -> CachedImage:
        """The photo's variants, already in the cache or freshly encoded and stored.

        Raises images.ImageError for a file that is not a usable photo, and
        OSError when the cache cannot be written."""
        key = self.key(data)
        if key in self._memory:
            return self._memory[key]
        cached = self._read(key)
        if cached is None:
            cached = self._store(key, process_image(data, self.settings))
            self.encoded += 1
        else:
            self.reused += 1
        self._memory[key] = cached
        return cached

    def _variant_path(self, key: str, width: int, output_format: str) -> Path:
        return self.directory / f"{key}-{width}.{EXTENSIONS[output_format]}"

    def _read(self, key: str) -> CachedImage | None:
        try:
            manifest = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            variants = tuple(CachedVariant(width, height, output_format,
                                           self._variant_path(key, width, output_format))
                             for width, height, output_format in manifest["variants"])
            if not all(variant.path.is_file() for variant in variants):
                return None
            return CachedImage(manifest["width"], manifest["height"], variants)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or damaged entry: encode again

    def _store(self, key: str, processed: ProcessedImage) -> CachedImage:
        self.directory.mkdir(parents=True, exist_ok=True)
        variants = []
        for variant in processed.variants:
            path = self._variant_path(key, variant.width, variant.format)
            write_atomically(path, variant.data)
            variants.append(CachedVariant(variant.width, variant.height, variant.format, path))
        manifest = {"width": processed.width, "height": processed.height,
                    "variants": [[v.width, v.height, v.format] for v in processed.variants]}
        write_atomically(self.directory / f"{key}.json", json.dumps(manifest).encode())
        return CachedImage(processed.width, processed.height, tuple(variants))
