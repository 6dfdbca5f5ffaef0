"""Names for the photos and files an article brings along: safe, readable, never two files
under one name (the "photos overwritten by name collisions" bug of other importers)."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from ..text.vietnamese import slugify

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
ATTACHMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt"}
_MAGIC = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG", ".png"), (b"GIF8", ".gif"), (b"%PDF", ".pdf"))


def file_name_of(url: str, fallback: str = "") -> str:
    """The file name an address stands for. Liferay serves "/documents/10180/0/anh.jpg/<uuid>?t=…":
    the name is the segment before the uuid."""
    segments = [unquote(part) for part in urlsplit(url).path.split("/") if part]
    if len(segments) >= 2 and _UUID.match(segments[-1]):
        return segments[-2]
    return segments[-1] if segments else fallback


def suffix_of(name: str, data: bytes = b"") -> str:
    """The lower-case suffix of name, else the one the bytes show (a photo served without one)."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".jpeg":
        return ".jpg"
    if suffix in IMAGE_SUFFIXES | ATTACHMENT_SUFFIXES:
        return suffix
    for magic, found in _MAGIC:
        if data.startswith(magic):
            return found
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return suffix


def safe_name(name: str, data: bytes = b"") -> str:
    """"Ảnh Hội nghị (1).JPG" → "anh-hoi-nghi-1.jpg": no spaces, accents or characters a server mangles."""
    suffix = suffix_of(name, data)
    stem = PurePosixPath(name).stem if PurePosixPath(name).suffix else name
    return (slugify(stem)[:80].strip("-") or "tep") + suffix


class BundleFiles:
    """The files of one article bundle: one name per distinct content, a new name for a clash."""

    def __init__(self, taken: set[str] = frozenset()):
        self.files: dict[str, bytes] = {}
        self._by_digest: dict[str, str] = {}
        self._taken = set(taken) | {"index.md"}

    def add(self, name: str, data: bytes) -> str:
        """The name under which data is kept (the same bytes twice: one file)."""
        digest = hashlib.sha256(data).hexdigest()
        if digest in self._by_digest:
            return self._by_digest[digest]
        wanted = safe_name(name, data)
        stem, suffix = wanted[: len(wanted) - len(PurePosixPath(wanted).suffix)], PurePosixPath(wanted).suffix
        chosen, number = wanted, 1
        while chosen in self.files or chosen in self._taken:
            number += 1
            chosen = f"{stem}-{number}{suffix}"
        self.files[chosen] = data
        self._by_digest[digest] = chosen
        return chosen
