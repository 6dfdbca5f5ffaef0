"""What changed since the last build: content hashes of every input, kept under `.cache/`.

Two stores, both plain files under `<site>/.cache/`:

- the document store: for each source file, the hash of its bytes and of
  the config it was read with, and what reading it gave (the `Document`,
  its rendered Markdown, its problems). A source whose key is unchanged is
  neither parsed nor rendered again.
- the output store (one per output folder): for each output file, the
  fingerprint of the inputs it was made from, and the manifest of what is
  on disk (bytes hash, size, mtime). A page whose fingerprint is unchanged,
  and whose file on disk is as we left it, is not rendered again.

A fingerprint is a hash of *values*, not of files or mtimes: a page's
template (with everything it includes), the site config, the asset names
and the view data it is rendered with. Any step can use it: give
`fingerprint()` everything your output is made from.

The stores are pickles read with an allow-list of classes (our own frozen
dataclasses, datetimes, time zones): a cache file cannot make the loader
run arbitrary code. A store that is missing, unreadable, of another format
or written by another version of the generator is discarded, never trusted.
"""

from __future__ import annotations

import copyreg
import dataclasses
import datetime as _datetime
import hashlib
import io
import operator
import os
import pickle
import tempfile
import types
import zoneinfo
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

CACHE_DIR = ".cache"
FORMAT = 1
_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # sitegen/, with every subpackage
_ADMIN_DIR = _PACKAGE_DIR.parent / "admin"
_LIBRARIES = ("jinja2", "markdown", "nh3", "babel", "python-frontmatter", "pyyaml", "pagefind-bin")
# Fields that are pure functions of an object's `digest` (the hash of its source file and of the
# photos and attachment links in its body, see model.content_digest): a fingerprint skips them,
# so a page naming an article does not hash its whole body.
DERIVED_FROM_DIGEST = frozenset({"html_packed", "plain_packed"})


def _generator_version() -> str:
    """Hash of our own code and the versions of the libraries that shape the output."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(_PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    # The admin's own scripts and its pinned Decap CMS, published with the site when site.toml says so.
    for path in sorted(_ADMIN_DIR.glob("src/*.js")) + sorted(_ADMIN_DIR.glob("package-lock.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?\0".encode())
    return digest.hexdigest()


GENERATOR_VERSION = _generator_version()


def zone_by_key(key: str) -> zoneinfo.ZoneInfo:
    """How a time zone is stored: by its name (ZoneInfo's own pickling goes through getattr)."""
    return zoneinfo.ZoneInfo(key)


class Uncacheable(TypeError):
    """A value the fingerprint cannot describe: the output is then always rebuilt."""


class Fingerprinter:
    """Hashes values; remembers the hash of each article and page object for one build.

    Values are serialised with pickle (C speed) without its memo, so equal values give equal bytes
    whatever objects they share. A dataclass with a `digest` (an article, a static page) is replaced
    by the hash of its fields, computed once per object, so a page naming an article costs one
    lookup, not the article's whole text.
    """

    def __init__(self, tokens: dict[int, tuple[Any, bytes]] | None = None) -> None:
        # id(object) → (the object, its token): holding the object keeps its id unique, and a
        # memo shared between builds (memory.BuildMemory) checks it is the very same object.
        self.tokens = tokens if tokens is not None else {}
        self._idle: list[tuple[_FingerprintPickler, io.BytesIO]] = []

    def __call__(self, *values: Any) -> str:
        return hashlib.blake2b(self._serialise(values), digest_size=16).hexdigest()

    def _serialise(self, value: Any) -> bytes:
        # Picklers are reused (making one costs more than a small dump); nested calls take another.
        pickler, buffer = self._idle.pop() if self._idle else self._new_pickler()
        buffer.seek(0)
        buffer.truncate()
        try:
            pickler.dump(value)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            raise Uncacheable(str(error)) from error
        data = buffer.getvalue()
        self._idle.append((pickler, buffer))
        return data

    def _new_pickler(self) -> tuple["_FingerprintPickler", io.BytesIO]:
        buffer = io.BytesIO()
        return _FingerprintPickler(buffer, self), buffer

    def flatten(self, value: Any, depth: int = 6) -> Any:
        """The value with every article and page in it replaced by its token, and the dicts, lists,
        tuples, dates and small dataclasses holding them (`depth` levels deep) by plain ones: pickle
        then stays on its C fast path instead of calling back into Python for each object (a
        dataclass took three calls and two lookups of a global). A page's view data names 4 to 12
        articles: fingerprinting the 15,600 pages of a 10,000-article site took half the time
        (0.63 → 0.30 s). A dataclass is named by its class alone: a change to its fields is a change
        to the generator, which every fingerprint holds (GENERATOR_VERSION). What is left (sets,
        time zones…) is pickled by the rules of `_FingerprintPickler`."""
        kind = type(value)
        if kind in _ATOMS:
            return value
        # Atoms are tested here rather than in a call each (a page's view data is mostly strings,
        # numbers and None): 350,000 calls for the 21,900 pages of 10,000 articles and 5,000 documents.
        if kind is dict:
            if not depth:
                return value
            return {key: item if type(item) in _ATOMS else self.flatten(item, depth - 1) for key, item in value.items()}
        if kind is tuple or kind is list:
            if not depth:
                return value
            return kind([item if type(item) in _ATOMS else self.flatten(item, depth - 1) for item in value])
        if kind is _datetime.datetime:
            return ("datetime", value.isoformat(), getattr(value.tzinfo, "key", repr(value.tzinfo)))
        if kind is _datetime.date:
            return ("date", value.toordinal())
        known = self.tokens.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if _is_dataclass_type(kind):
            if hasattr(value, "digest"):
                return self.token(value)
            if depth:
                name, _field_names, values_of = _fields_of(kind)
                return (name, self.flatten(values_of(value), depth - 1))
        return value

    def token(self, value: Any) -> bytes:
        """A dataclass's hash; fields derived from its `digest` (html, plain text) are skipped."""
        known = self.tokens.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        name, _field_names, values_of = _fields_of(type(value))
        token = hashlib.blake2b(self._serialise((name, self.flatten(values_of(value)))), digest_size=16).digest()
        self.tokens[id(value)] = (value, token)
        return token


_ATOMS = frozenset({str, int, float, bool, type(None), bytes})
_DATACLASS_TYPES: dict[type, bool] = {}


def _is_dataclass_type(kind: type) -> bool:
    """dataclasses.is_dataclass for an instance's type, remembered per type."""
    known = _DATACLASS_TYPES.get(kind)
    if known is None:
        known = _DATACLASS_TYPES[kind] = dataclasses.is_dataclass(kind) and kind is not type
    return known


_FIELD_GETTERS: dict[type, tuple[str, tuple[str, ...], Any]] = {}


def _fields_of(kind: type) -> tuple[str, tuple[str, ...], Any]:
    """(class name, the field names a fingerprint reads, a function giving their values as a tuple),
    made once per class: a C attrgetter instead of dataclasses.fields() and getattr per field
    (tokens of 10,000 articles: 0.43 → 0.35 s)."""
    known = _FIELD_GETTERS.get(kind)
    if known is None:
        names = [f.name for f in dataclasses.fields(kind)]
        if "digest" in names:
            names = [name for name in names if name not in DERIVED_FROM_DIGEST]
        if len(names) > 1:
            getter = operator.attrgetter(*names)  # gives a tuple only for two names or more
        else:
            getter = lambda value: tuple(getattr(value, name) for name in names)  # noqa: E731
        known = _FIELD_GETTERS[kind] = (kind.__qualname__, tuple(names), getter)
    return known


def _token_marker(token: bytes) -> bytes:
    return token


_REDUCTION_FUNCTION_IDS = {id(f) for f in (_token_marker, zone_by_key, sorted, copyreg.__newobj__,
                                            copyreg._reconstructor)}
_FUNCTION_TYPES = (types.FunctionType, types.BuiltinFunctionType)
_PICKLED_AS_IS = frozenset({_datetime.datetime, _datetime.date, _datetime.time, _datetime.timedelta,
                            _datetime.timezone, type(None), bool})


class _FingerprintPickler(pickle.Pickler):
    # Called only for objects pickle has no fast path for: not for str, int, list, dict, tuple…
    def __init__(self, buffer: io.BytesIO, owner: Fingerprinter):
        super().__init__(buffer, protocol=5)
        self.fast = True  # no memo: the bytes depend on values only, not on object identity
        self.owner = owner
        self.tokens = owner.tokens

    def reducer_override(self, value):
        known = self.tokens.get(id(value))
        if known is not None and known[0] is value:  # the common case: an article met before
            return _token_marker, (known[1],)
        kind = type(value)
        if kind in _PICKLED_AS_IS:
            return NotImplemented
        if kind is type:
            return NotImplemented  # a class: pickled by its name
        if kind in _FUNCTION_TYPES:
            if id(value) in _REDUCTION_FUNCTION_IDS:
                return NotImplemented  # the functions our reductions (and dataclasses') name
            raise Uncacheable(f"cannot fingerprint the function {value!r}")
        if kind is zoneinfo.ZoneInfo:
            return zone_by_key, (value.key,)
        if dataclasses.is_dataclass(value):
            # An article or page: hashed once, then named by its hash.
            if hasattr(value, "digest"):
                return _token_marker, (self.owner.token(value),)
            return NotImplemented  # a small value (tag, category): pickled field by field
        if isinstance(value, (set, frozenset)):
            return sorted, (sorted(value, key=repr),)  # set order varies between processes
        if isinstance(value, (str, bytes, int, float, tuple, list, dict, _datetime.date, _datetime.time,
                              _datetime.timedelta)):
            return NotImplemented  # subclasses (Markup…) pickle as their values
        raise Uncacheable(f"cannot fingerprint a {kind.__qualname__}")


def fingerprint(*values: Any) -> str:
    """One-off fingerprint of values (a fresh memo each call)."""
    return Fingerprinter()(*values)


def bytes_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


# --- storage -----------------------------------------------------------------------------------

_ALLOWED_CLASSES = {
    ("datetime", "datetime"), ("datetime", "date"), ("datetime", "timezone"), ("datetime", "timedelta"),
    ("sitegen.incremental.cache", "zone_by_key"), ("builtins", "frozenset"), ("builtins", "set"),
}


class _Pickler(pickle.Pickler):
    def reducer_override(self, value):
        if isinstance(value, zoneinfo.ZoneInfo):
            return zone_by_key, (value.key,)
        return NotImplemented


class _SafeUnpickler(pickle.Unpickler):
    """Loads only our own dataclasses and a few standard value types."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED_CLASSES or (module.startswith("sitegen.") and name[:1].isupper()):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"class {module}.{name} is not allowed in the cache")


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


def read_store(path: Path, kind: str) -> dict | None:
    """The stored dict, or None when missing, corrupt, of another kind, format or generator."""
    try:
        with open(path, "rb") as file:
            stored = _SafeUnpickler(io.BufferedReader(file, 1 << 20)).load()
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - any damage means: rebuild, never trust
        return None
    if not isinstance(stored, dict) or stored.get("kind") != kind or stored.get("format") != FORMAT \
            or stored.get("generator") != GENERATOR_VERSION or not isinstance(stored.get("data"), dict):
        return None
    return stored["data"]


def write_store(path: Path, kind: str, data: dict) -> None:
    """Write atomically (temp file + rename): a killed build leaves the old store or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"kind": kind, "format": FORMAT, "generator": GENERATOR_VERSION, "data": data}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            _Pickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(payload)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class DocumentStore:
    """Source → (key, what reading and rendering it gave).

    Kept in SHARDS files by a hash of the source name, so an edit to one article rewrites
    one small file, not the whole store; a damaged shard only costs its own sources.
    """

    SHARDS = 32

    def __init__(self, root: Path | None, name: str = "documents", remember: bool = False):
        self.folder = cache_dir(root) / name if root is not None else None
        self.entries: dict[str, tuple] = {}
        self.changed_shards: set[int] = set()
        self.added = 0  # sources read anew (put) by this build
        # Keep the shards read or written in memory for this process's next build (_SHARDS_READ).
        # A one-off build does not: they held every document read, 15–20 MB at 10,000 articles,
        # to the end of the build, under the search indexing's peak.
        self.remember = remember
        if self.folder is not None:
            for shard in range(self.SHARDS):
                path = self._path(shard)
                self.entries.update(_read_shard(path) if remember else read_store(path, "documents") or {})

    def _path(self, shard: int) -> Path:
        return self.folder / f"{shard:02d}.pickle"

    def _shard(self, source: str) -> int:
        return hashlib.blake2b(source.encode(), digest_size=2).digest()[0] % self.SHARDS

    def get(self, source: str, key: str):
        entry = self.entries.get(source)
        return entry[1] if entry is not None and entry[0] == key else None

    def put(self, source: str, key: str, value) -> None:
        self.entries[source] = (key, value)
        self.added += 1
        self.changed_shards.add(self._shard(source))

    def forget_except(self, sources: set[str]) -> None:
        for gone in set(self.entries) - sources:
            del self.entries[gone]
            self.changed_shards.add(self._shard(gone))

    def save(self) -> None:
        if self.folder is None or not self.changed_shards:
            return
        shards: dict[int, dict] = {shard: {} for shard in self.changed_shards}
        for source, entry in self.entries.items():
            shard = self._shard(source)
            if shard in shards:
                shards[shard][source] = entry
        for shard, entries in shards.items():
            write_store(self._path(shard), "documents", entries)
            if self.remember:
                _remember_shard(self._path(shard), entries)
        self.changed_shards = set()


# Shards read or written by this process, by file identity: the preview server builds after every
# save, and unpickling 10,000 documents each time cost 0.45 s. A file replaced by another build
# has another inode or mtime, so it is read again.
_SHARDS_READ: dict[Path, tuple[tuple[int, int, int], dict]] = {}


def _file_identity(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _read_shard(path: Path) -> dict:
    identity = _file_identity(path)
    if identity is None:
        return {}
    known = _SHARDS_READ.get(path)
    if known is not None and known[0] == identity:
        return known[1]
    data = read_store(path, "documents") or {}
    _SHARDS_READ[path] = (identity, data)
    return data


def _remember_shard(path: Path, entries: dict) -> None:
    identity = _file_identity(path)
    if identity is not None:
        _SHARDS_READ[path] = (identity, entries)


class ValueStore:
    """One value kept between builds, given back only for the same inputs (related articles)."""

    def __init__(self, root: Path | None, name: str):
        self.path = cache_dir(root) / f"{name}.pickle" if root is not None else None
        self.name = name

    def recall_or_make(self, inputs: Any, make: Callable[[], Any]) -> Any:
        """The value stored for these inputs, or `make()`'s, then stored for them."""
        key = fingerprint(inputs)
        stored = read_store(self.path, self.name) if self.path is not None else None
        if stored and stored.get("key") == key:
            return stored["value"]
        value = make()
        if self.path is not None:
            write_store(self.path, self.name, {"key": key, "value": value})
        return value


class OutputStore:
    """For one output folder: each file's input fingerprint and its manifest (hash, size, mtime)."""

    def __init__(self, root: Path | None, output_dir: Path):
        name = bytes_digest(str(output_dir.resolve()).encode())
        self.path = cache_dir(root) / f"output-{name}.pickle" if root is not None else None
        stored = (read_store(self.path, "output") or {}) if self.path else {}
        self.fingerprints: dict[str, str] = stored.get("fingerprints", {})
        self.manifest: dict[str, tuple[str, int, int]] | None = stored.get("manifest")
        self.state: dict | None = stored.get("state")  # the last build's input snapshot and report
        self.known_files = stored.get("known_files")    # uptodate.KnownFiles: input files as last read

    def save(self, fingerprints: dict[str, str], manifest: dict[str, tuple[str, int, int]],
             state: dict | None = None, known_files=None) -> None:
        if self.path is None:
            return
        if fingerprints == self.fingerprints and manifest == self.manifest and state == self.state \
                and known_files == self.known_files:
            return
        write_store(self.path, "output", {"fingerprints": fingerprints, "manifest": manifest, "state": state,
                                          "known_files": known_files})

    def forget(self) -> None:
        """Drop what we know (before a step that may leave the output in an unknown state)."""
        if self.path is not None:
            self.path.unlink(missing_ok=True)
