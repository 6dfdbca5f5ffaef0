"""Read `content/` and render its Markdown, only for sources that changed, on every core.

A source is known by the hash of its bytes, its kind and the part of the
config that reading it depends on (time zone, default author, categories,
base URL, security policy). When that key is in the document store, the stored `Document`,
rendered body and problems are used as they are; otherwise the file is
parsed and rendered (in worker processes when there are many).

The Markdown text of a `Document` (its `body`) is emptied once rendered:
every later step uses the `RenderedBody` (html, summary, plain text), and
keeping 10,000 bodies twice would cost memory and cache size for nothing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..incremental.cache import DocumentStore, bytes_digest, fingerprint
from .config import Config
from .content import Document, list_sources, parse_document, read_file
from ..common.errors import Problems
from ..incremental.memory import BuildMemory
from ..common.parallel import parallel_map


def content_config_key(config: Config) -> str:
    """The config values that `parse_document` and `render_document` read (the sanitiser's
    policy depends on the iframe hosts and on base_url's host)."""
    site = config.site
    return fingerprint(site.tz, site.default_author, site.base_url, site.base_path, config.categories,
                       config.security, config.documents, config.agency.name)


def read_source(raw: bytes, display: str, kind: str, config: Config) -> tuple:
    """(Document or None, RenderedBody or None, problems) for one file's bytes."""
    from .markdown import render_document  # Python-Markdown is imported only when something changed

    problems = Problems()
    document = parse_document(raw, display, kind, config, problems)
    if document is None:
        return None, None, problems.items
    body = render_document(document, config, problems)
    return dataclasses.replace(document, body=""), body, problems.items


def load_content(root: Path, config: Config, store: DocumentStore | None = None, memory: BuildMemory | None = None,
                 known_digests: dict[str, str] | None = None):
    """(documents, bodies by source, problems) for every source under content/.

    With `memory` (the preview server's), a file whose identity has not changed since the last
    build is not read again to know its digest. `known_digests` (path → digest of its bytes, read
    moments ago by uptodate.input_snapshot) saves reading a source whose stored result is used;
    a source that must be parsed is read, and its digest taken from the bytes parsed."""
    store = store or DocumentStore(None)
    config_key = content_config_key(config)
    results: dict[str, tuple] = {}
    missing: list[tuple[bytes, str, str, str]] = []
    known_digests = known_digests or {}
    sources, problems = list_sources(root)
    for path, display, kind in sources:
        raw, digest = None, known_digests.get(path)
        if memory is not None:
            identity, digest = memory.known_digest(path)
        if digest is None:
            raw = read_file(path)
            digest = bytes_digest(raw)
            if memory is not None:
                memory.remember_digest(path, identity, digest)
        key = f"{digest}:{kind}:{config_key}"
        cached = store.get(display, key)
        if cached is not None:
            results[display] = cached
        else:
            if raw is None:
                raw = read_file(path)
                key = f"{bytes_digest(raw)}:{kind}:{config_key}"  # the file may have changed since
            missing.append((raw, display, kind, key))

    def read(item: tuple[bytes, str, str, str]) -> tuple:
        raw, display, kind, _key = item
        return read_source(raw, display, kind, config)

    for (_raw, display, _kind, key), result in zip(missing, parallel_map(read, missing)):
        results[display] = result
        store.put(display, key, result)
    store.forget_except({display for _path, display, _kind in sources})

    documents: list[Document] = []
    bodies = {}
    for _path, display, _kind in sources:
        document, body, found = results[display]
        problems.extend(list(found))
        if document is not None:
            documents.append(document)
            bodies[display] = body
    return documents, bodies, problems
