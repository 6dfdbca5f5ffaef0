"""What earlier imports wrote: for each old article, its bundle and the hash of each file as
written. It lives in `content/.import-record.json` (hidden, so the build skips it), beside
what it describes: copying or committing content/ keeps it, `make clean` does not erase it.

Re-running an import compares against it: a file whose hash still matches was not touched
by an editor and may be refreshed (`--update`); any other file is left alone.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

RECORD_NAME = ".import-record.json"
VERSION = 1


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def address_key(url: str) -> str:
    """An old address as compared: scheme, "www." and a final "/" do not make another article."""
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


class ImportRecord:
    def __init__(self, content_dir: Path):
        self.path = content_dir / RECORD_NAME
        self.entries: dict[str, dict] = {}
        if self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if isinstance(data, dict) and data.get("version") == VERSION:
                self.entries = dict(data.get("articles", {}))

    def get(self, key: str) -> dict | None:
        return self.entries.get(key)

    def remember(self, key: str, folder: str, files: dict[str, bytes]) -> None:
        self.entries[key] = {"folder": folder, "files": {name: digest(data) for name, data in sorted(files.items())}}

    def folders(self) -> set[str]:
        return {entry["folder"] for entry in self.entries.values()}

    def serialized(self) -> bytes:
        data = {"version": VERSION, "articles": dict(sorted(self.entries.items()))}
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
