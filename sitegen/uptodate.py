"""Is the output already up to date? One hash over every input file, checked before any work.

A rebuild with nothing changed should cost no more than reading the inputs:
when the hash of every input (site.toml, content/, the template and asset
folders, the build options, the generator's version) equals the last
build's, the clock has not crossed an article's publication time, and the
output folder is exactly as the last build left it, the build stops there.

A build step that reads files from another folder must add that folder to
`INPUT_FOLDERS`, or an edit there would not be seen by this check.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from .cache import GENERATOR_VERSION, bytes_digest

INPUT_FOLDERS = ["content"]   # below the site root, besides site.toml, templates and assets
INPUT_FILES = ["site.toml"]


def input_snapshot(root: Path, folders: list[Path], options: tuple) -> tuple[str, dict[str, str]]:
    """(hash of the options and of every input file's path and bytes (not mtimes), the digest of
    each input file's bytes by path): reading the content then trusts these digests instead of
    reading and hashing every source a second time (0.15 s at 10,000 articles)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{GENERATOR_VERSION}\0{options!r}\0".encode())
    file_digests: dict[str, str] = {}
    for name in INPUT_FILES:
        _add_file(digest, root / name, name, file_digests)
    for folder in [root / name for name in INPUT_FOLDERS] + folders:
        digest.update(f"\0folder:{folder}\0".encode())
        for relative, path in _files_below(folder):
            _add_file(digest, path, relative, file_digests)
    return digest.hexdigest(), file_digests


def _add_file(digest, path: Path | str, name: str, file_digests: dict[str, str]) -> None:
    try:
        with open(path, "rb") as file:
            data = file.read()
    except FileNotFoundError:
        digest.update(f"\0{name}\0missing\0".encode())
        return
    file_digests[str(path)] = own = bytes_digest(data)
    digest.update(f"\0{name}\0{len(data)}\0{own}\0".encode())


def _files_below(folder: Path) -> list[tuple[str, str]]:
    found = []
    base = len(str(folder)) + 1
    for directory, subdirs, files in os.walk(folder):
        subdirs.sort()
        for name in sorted(files):
            path = os.path.join(directory, name)
            found.append((path[base:], path))
    return found


def publication_window(published: list[datetime], scheduled: list[datetime]) -> tuple[float, float]:
    """The clock readings for which the same articles are published: [latest published, earliest scheduled)."""
    start = max((moment.timestamp() for moment in published), default=float("-inf"))
    end = min((moment.timestamp() for moment in scheduled), default=float("inf"))
    return start, end


def in_window(window: tuple[float, float], now: datetime) -> bool:
    start, end = window
    return start <= now.timestamp() < end
