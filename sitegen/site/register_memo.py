"""The documents of the register as the last build made them, while nothing they are made from changed.

With 5,000 documents beside 10,000 articles, an article edit spent 0.3 s publishing the documents'
files and building the register before Pagefind could start, and 0.1 s fingerprinting the documents
(measured): the same work on the same inputs at every build. A one-off build knows the digest of
every input file (uptodate.input_snapshot), so it keys that work on everything the work reads:

- the config, the drafts/future options and the day the statuses are worked out for;
- each document of content/van-ban/: its source, its bytes, whether it is a draft or dated later;
- every file of content/ that is not Markdown, by its bytes (the files the documents attach);

and for the same key takes back the register, what publishing the documents' files gave
(media.KeptMedia, replayed in its place by publish_media, so a file claimed by an article too is
reported as before) and the documents' fingerprint tokens (cache.Fingerprinter). What is kept is
only what a successful build made. A document with a photo is not kept: its photo's variants are
the image cache's (a build with one makes the register anew).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..common.files import write_atomically
from ..incremental.cache import Fingerprinter, Uncacheable, cache_dir, read_store, write_store
from ..media.media import KeptMedia
from ..source.config import Config
from ..source.content import OFFICIAL, Document
from .register import Register

MARKDOWN_SUFFIX = ".md"


@dataclass(frozen=True)
class KeptRegister:
    register: Register
    media: dict[str, KeptMedia]     # document source → its files and problems, for every published document
    tokens: tuple[bytes, ...]       # the tokens of register.documents, in order (() when not all are known)


class RegisterMemo:
    """One build's use of the memo: `recall` what the last build kept for this key, or `keep` what
    this build made once it has succeeded."""

    def __init__(self, root: Path, key: str):
        self.path = cache_dir(root) / "register.pickle"
        # The key alone, beside it: a build whose key differs (a document edited) does not unpickle
        # the last register only to drop it, which left 15 MB more in its peak (measured).
        self.key_path = cache_dir(root) / "register.key"
        self.key = key
        self.recalled: KeptRegister | None = None
        self.made: dict[str, KeptMedia | None] = {}   # this build's documents' media, when it recalled nothing

    @classmethod
    def for_build(cls, root: Path, config: Config, documents: list[Document], now: datetime,
                  include_drafts: bool, include_future: bool, file_digests: dict[str, str]) -> "RegisterMemo | None":
        """The memo for these inputs; None when there is no document (nothing to keep)."""
        official = [(d.source, d.digest, d.draft, d.date is not None and d.date > now)
                    for d in documents if d.kind == OFFICIAL]
        if not official:
            return None
        content = os.path.join(str(root), "content") + os.sep
        files = sorted((path, digest) for path, digest in file_digests.items()
                       if path.startswith(content) and not path.lower().endswith(MARKDOWN_SUFFIX))
        try:
            key = Fingerprinter()(config, include_drafts, include_future, now.astimezone(config.site.tz).date(),
                                  official, files)
        except Uncacheable:
            return None
        return cls(root, key)

    def recall(self, published: frozenset[str]) -> KeptRegister | None:
        """What the last build kept for this key, if it covers every published document."""
        try:
            last_key = self.key_path.read_text(encoding="ascii")
        except (OSError, ValueError):
            return None
        stored = read_store(self.path, "register") if last_key == self.key else None
        kept = stored.get("kept") if stored and stored.get("key") == self.key else None  # the pair may be torn
        if not isinstance(kept, KeptRegister) or any(source not in kept.media for source in published):
            return None
        self.recalled = kept
        return kept

    def forget_recalled(self) -> None:
        """What `recall` gave cannot be used after all (a file of it is now claimed by another
        document): this build makes the register anew, kept if the build succeeds."""
        self.recalled = None

    def seed(self, fingerprint: Fingerprinter) -> None:
        """Give the fingerprinter the recalled documents' tokens, as if it had made them."""
        if self.recalled is not None and len(self.recalled.tokens) == len(self.recalled.register.documents):
            for document, token in zip(self.recalled.register.documents, self.recalled.tokens):
                fingerprint.tokens[id(document)] = (document, token)

    def keep(self, register: Register, fingerprint: Fingerprinter) -> None:
        """Store what this (successful) build made, unless it was recalled or cannot be replayed."""
        if self.recalled is not None or not self.made or any(media is None for media in self.made.values()):
            return
        known = [fingerprint.tokens.get(id(document)) for document in register.documents]
        tokens = tuple(entry[1] if entry is not None and entry[0] is document else None
                       for entry, document in zip(known, register.documents))
        kept = KeptRegister(register, dict(self.made), tokens if all(tokens) else ())
        write_store(self.path, "register", {"key": self.key, "kept": kept})
        write_atomically(self.key_path, self.key.encode("ascii"))
