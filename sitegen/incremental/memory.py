"""What the preview server keeps in memory from one build to the next.

Entries are checked by object identity (`is`) and hold their objects, so an id reused by
another object is never taken for the one remembered.

A CLI build starts from nothing but its `.cache/`. The preview server builds
after every save in the same process, and at 10,000 articles re-reading every
source, making every article object again and hashing each of them cost about
a second per save. With a `BuildMemory` in `BuildOptions.memory` a build
reuses, from the previous one:

- each source's digest, while the file keeps its identity (inode, size,
  modification time) and the watcher has not reported it changed;
- each `Article` object, when its document, rendered body, photos and the
  config are the ones it was made from (documents come back from the
  document store as the same objects when their file is unchanged);
- each article's fingerprint token, which belongs to the object;
- the last successful build's model, pages and templates, from which an edited article's page
  is shown before the full rebuild (edit_first.py).

Nothing here decides *what* is rebuilt: the same keys and fingerprints as a
CLI build do; this only avoids computing them again.
"""

from __future__ import annotations

import os
from typing import Any


class BuildMemory:
    def __init__(self) -> None:
        self._digests: dict[str, tuple[tuple[int, int, int, int], str]] = {}
        self._articles: dict[int, tuple[Any, Any, Any, bool, Any]] = {}
        self._articles_config: Any = None
        self.tokens: dict[int, tuple[Any, bytes]] = {}  # id(object) → (object, token): cache.Fingerprinter
        self.last_build: Any = None  # edit_first.LastBuild of the last successful build

    # --- sources -----------------------------------------------------------------------------

    def forget_files(self, paths) -> None:
        """The watcher saw these change: read them again, whatever their identity says."""
        for path in paths:
            self._digests.pop(str(path), None)

    def known_digest(self, path: str) -> tuple[tuple[int, int, int, int] | None, str | None]:
        """(the file's identity now, its digest if it is unchanged since it was last read)."""
        try:
            stat = os.stat(path)
        except OSError:
            return None, None
        identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
        known = self._digests.get(path)
        return identity, (known[1] if known is not None and known[0] == identity else None)

    def remember_digest(self, path: str, identity, digest: str) -> None:
        if identity is not None:
            self._digests[path] = (identity, digest)

    # --- articles ----------------------------------------------------------------------------

    def use_config(self, config: Any) -> None:
        """Articles made under another config are not reused (a site.toml edit)."""
        if config != self._articles_config:
            self._articles.clear()
            self._articles_config = config

    def article(self, document: Any, body: Any, media: Any, is_future: bool) -> Any | None:
        known = self._articles.get(id(document))
        if known is not None and known[0] is document and known[1] is body and known[3] == is_future \
                and known[2] == media:
            return known[4]
        return None

    def remember_article(self, document: Any, body: Any, media: Any, is_future: bool, article: Any) -> None:
        self._articles[id(document)] = (document, body, media, is_future, article)

    # --- after a build -----------------------------------------------------------------------

    def keep_only(self, documents: list, objects: tuple) -> None:
        """Forget what the last build did not use (deleted articles, a past build's months), so
        that memory does not grow with every save. Each entry holds its object, so an id is never
        mistaken for another object's, even without this."""
        wanted = {id(document) for document in documents}
        self._articles = {key: value for key, value in self._articles.items() if key in wanted}
        alive = {id(value) for value in objects}
        self.tokens = {key: entry for key, entry in self.tokens.items() if key in alive}
