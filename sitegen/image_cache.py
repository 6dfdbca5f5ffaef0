"""Processed photos kept in `.cache/images/`, keyed by a hash of the source bytes and settings.

A rebuild reads the variants back instead of re-encoding them (encoding is
by far the slowest part of a build with photos). The key is the content, not
the file name or mtime: a renamed photo is a hit, an edited one a miss.

Layout: `<key>-<width>.<ext>` for each variant and `<key>.json` describing
them; the description is written last, so a build killed half-way leaves no
entry that looks complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .images import EXTENSIONS, ImageSettings, ProcessedImage, Variant, process_image

CACHE_FOLDER = Path(".cache") / "images"


class ImageCache:
    """`process(data)` as images.process_image, but each distinct photo is encoded only once."""

    def __init__(self, directory: Path | None, settings: ImageSettings = ImageSettings()):
        self.directory = directory   # None: no disk cache (still remembers within one build)
        self.settings = settings
        self.encoded = 0             # photos encoded by this build
        self.reused = 0              # photos read back from the cache
        self._memory: dict[str, ProcessedImage] = {}

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.settings.fingerprint().encode() + b"\0" + data).hexdigest()[:32]

    def process(self, data: bytes) -> ProcessedImage:
        """The photo's variants, from memory, from disk, or freshly encoded (and then stored)."""
        key = self.key(data)
        if key in self._memory:
            return self._memory[key]
        processed = self._read(key)
        if processed is None:
            processed = process_image(data, self.settings)
            self.encoded += 1
            self._store(key, processed)
        else:
            self.reused += 1
        self._memory[key] = processed
        return processed

    def _variant_path(self, key: str, width: int, output_format: str) -> Path:
        return self.directory / f"{key}-{width}.{EXTENSIONS[output_format]}"

    def _read(self, key: str) -> ProcessedImage | None:
        if self.directory is None:
            return None
        try:
            manifest = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            variants = tuple(Variant(width, height, output_format,
                                     self._variant_path(key, width, output_format).read_bytes())
                             for width, height, output_format in manifest["variants"])
            return ProcessedImage(manifest["width"], manifest["height"], variants)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or damaged entry: encode again

    def _store(self, key: str, processed: ProcessedImage) -> None:
        if self.directory is None:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for variant in processed.variants:
                _write_atomically(self._variant_path(key, variant.width, variant.format), variant.data)
            manifest = {"width": processed.width, "height": processed.height,
                        "variants": [[v.width, v.height, v.format] for v in processed.variants]}
            _write_atomically(self.directory / f"{key}.json", json.dumps(manifest).encode())
        except OSError:
            pass  # a read-only or full disk costs speed next time, never the build


def _write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a reader never sees half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
