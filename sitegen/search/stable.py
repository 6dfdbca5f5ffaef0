"""Make Pagefind's bundle reproducible: its filter files, re-written in a fixed order.

Pagefind 1.5.2 keeps filter values in a Rust HashMap and writes them in that
map's random order, so `filter/*.pf_filter` differs from one run to the next,
and with it the file's name (a hash of its bytes), the page list `*.pf_meta`
that names it, and `pagefind-entry.json` that names the page list. Nothing
else in the bundle moves (tests/test_search_stable.py builds twice and
compares every byte).

Each of those files is gzip'd "pagefind_dcd" + CBOR. This module decodes the
filter files, sorts them (values by name, pages by number), encodes them again
with `cbor2`, and renames them and the page list by a hash of their new bytes.
The browser side is untouched: the filter holds the same data, in another
order that Pagefind does not rely on (its search reads the values into a map).
Before changing a file, the decoder checks that it re-encodes the file exactly
as Pagefind wrote it; if a future Pagefind changes the format, the build stops
instead of writing a bundle the browser cannot read.
"""

from __future__ import annotations

import gzip
import hashlib
import json

import cbor2

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"


class UnknownFormat(ValueError):
    """The bundle is not laid out as Pagefind 1.5 lays it out."""


def decode(data: bytes, name: str):
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise UnknownFormat(f"{name}: no {SIGNATURE.decode()} signature")
    payload = raw[len(SIGNATURE):]
    value = cbor2.loads(payload)
    if cbor2.dumps(value) != payload:
        raise UnknownFormat(f"{name}: CBOR does not re-encode to the same bytes")
    return value


def encode(value) -> tuple[bytes, str]:
    """Gzip'd file bytes (no timestamp) and the hex digest of their content."""
    raw = SIGNATURE + cbor2.dumps(value)
    return gzip.compress(raw, compresslevel=9, mtime=0), hashlib.sha256(raw).hexdigest()


def free_name(files: dict[str, bytes], prefix: str, digest: str, length: int, suffix: str, data: bytes) -> str:
    """Store data as prefix + digest[:length] + suffix, the digest made longer while another file has
    that name (as Pagefind does); returns the name without prefix directory and suffix."""
    while (prefix + digest[:length] + suffix) in files and files[prefix + digest[:length] + suffix] != data:
        length += 1
    files[prefix + digest[:length] + suffix] = data
    return (prefix + digest[:length]).rsplit("/", 1)[-1]


def _sorted_filter(value):
    """A filter file ([name, [[value, [page, …]], …]]) with its values and pages in order."""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
        raise UnknownFormat("filter file is not [name, values]")
    name, values = value
    return [name, sorted(([v, sorted(pages)] for v, pages in values), key=lambda entry: entry[0])]


def stable_bundle(files: dict[str, bytes], directory: str) -> dict[str, bytes]:
    """The bundle (`directory/…` → bytes) with its filter files and their references in a fixed order."""
    files = dict(files)
    entry_path = f"{directory}/{ENTRY}"
    entry = json.loads(files[entry_path])
    for language, info in entry["languages"].items():
        meta_path = f"{directory}/pagefind.{info['hash']}.pf_meta"
        meta = decode(files.pop(meta_path), meta_path)
        if not (isinstance(meta, list) and len(meta) >= 4 and isinstance(meta[3], list)):
            raise UnknownFormat(f"{meta_path}: no filter list in the page list")
        filters = []
        for filter_name, old_hash in meta[3]:
            old_path = f"{directory}/filter/{old_hash}.pf_filter"
            data, digest = encode(_sorted_filter(decode(files.pop(old_path), old_path)))
            new_hash = free_name(files, f"{directory}/filter/{language}_", digest, 7, ".pf_filter", data)
            filters.append([filter_name, new_hash])
        meta[3] = sorted(filters)
        data, digest = encode(meta)
        info["hash"] = f"{language}_{digest[:10]}"
        files[f"{directory}/pagefind.{info['hash']}.pf_meta"] = data
    entry["languages"] = dict(sorted(entry["languages"].items()))
    # Written as Pagefind writes it: compact, UTF-8.
    files[entry_path] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return dict(sorted(files.items()))
