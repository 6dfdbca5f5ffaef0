"""The full-text search index: Pagefind records built from the model, never by scraping pages.

Pagefind (a maintained static-search library, PyPI `pagefind[bin]`) indexes,
ranks and serves the search from static files. It folds diacritics ("Thành
ủy" = "thanh uy", exact diacritics ranked first) but not "đ", which does not
decompose. So every indexed text has đ→d (`vietnamese.fold_d`) and the
browser folds the query the same way (assets/js/search.js).

Excerpts must still show the real text. Each record carries a `dmap`: one
mark per "d"/"D" of its indexed text, "-" where the editor wrote đ/Đ and "."
where they wrote d/D. Pagefind 1.5 searches metadata too, but it does not
index punctuation, so a map made of "-" and "." never matches a query.

Records are handed to Pagefind as tiny HTML documents in a temporary folder,
indexed in one run of the Pagefind binary from the pinned `pagefind-bin` wheel
(its Python API answers one message per 0.1 s: far too slow for one call per
record, and 0.3 s of waiting even for one folder), and the bundle it writes is
read back into memory and put into the build's staging folder as soon as it is
made (`IndexingQueue.deliver_to`); only writer.py writes `public/`. Pagefind writes its
filter files in random order: search/stable.py puts them in a fixed one.

The index is split by year (`search_shards`): one Pagefind bundle per year of
publication, in `pagefind/<year>/`, the static pages with the newest year. The
search page loads the newest bundle and merges the others into it (Pagefind's
`mergeIndex`), so a search still covers the whole site. An edit then re-indexes
its own year only (Pagefind costs about 1.3 ms and 200 KB of memory per record,
whatever else is indexed), and a cold build runs one Pagefind at a time
(`IndexingQueue`). A year with more than MAX_BUNDLE_RECORDS articles is split
into runs of whole months (`pagefind/2023-01/`, `pagefind/2023-07/`), so memory
and the time an edit takes are bounded by that size, not by the site. The documents
of the register come last, by runs of years (`pagefind/van-ban-2016/`), each
bundle with the whole register's words in a hidden record (search_plan.py).

Pagefind works mostly on one core (1.3 on average, measured at 10,000
records): a build starts it before it renders the pages, and waits for it after.
"""

from __future__ import annotations

import functools
import gzip
import html
import os
import re
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..common.errors import BuildCancelled, BuildFailed, Problem
from ..common.parallel import return_free_memory
from ..source.markdown import html_to_text
from ..site.model import Article, SiteModel, StaticPage
from ..site.register import OfficialDocument
from ..text.document_numbers import search_words
from ..site.search_plan import BUNDLE_DIR, RegisterVocabulary, shard_sources
from ..common.scratch import scratch_folder
from .stable import UnknownFormat, stable_bundle
from ..text.vietnamese import fold_d

# What the browser needs from Pagefind's output; its ready-made UIs and playground are left out.
_BUNDLE_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
_BUNDLE_PATTERNS = ("*.pf_meta", "wasm.*", "index/*", "fragment/*", "filter/*")
# Pagefind's own data files are gzip'd already; its two scripts are not. A `.gz` copy beside each
# lets a server send them compressed without compressing on the fly (nginx `gzip_static on;`).
PRECOMPRESSED = ("pagefind.js", "pagefind-worker.js")
# Smaller index chunks than Pagefind's default: a query fetches one chunk per word from every
# year's bundle, so the chunks must hold little besides that word. At 20,000 articles in 10 bundles
# (bench/search_bench.py) 100 fetched 480–840 KB a query, 500 fetched 750–1,130 KB and 40 about the
# same as 100 (smaller chunks, a longer list of them in each page list). The knob is an environment
# variable Pagefind marks unstable; the version is pinned, and an IT officer may still override it.
CHUNK_SIZE_VARIABLE = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"
CHUNK_SIZE = "100"
PAGEFIND_TIMEOUT_SECONDS = 1800
# Up to this many records (about 100 MB), Pagefind may run beside every rendering worker, and two at
# once at the end; a bigger bundle runs alone and takes the place of a worker (`IndexingQueue`).
SMALL_BUNDLE_RECORDS = 500
SCRATCH_BYTES_PER_CHARACTER = 6  # records and bundle: 4 measured at 10,000 articles, and a margin


@dataclass(frozen=True)
class SearchRecord:
    """One searchable page: what is indexed and what a result shows."""

    url: str          # site-relative: "tin-tuc/hoi-nghi/"
    title: str
    text: str         # plain text of the body
    date: str         # ISO 8601 with offset, or ""
    category: str     # category name, or "" for static pages
    tags: str = ""
    # A document of the register: "Văn bản" (the search page's filter), its trích yếu (shown as
    # the result's text), its number in the spellings a citizen types (indexed with the most weight).
    kind: str = ""
    summary: str = ""
    number_words: str = ""
    hidden: bool = False  # the register's RegisterVocabulary: matched, never shown (VOCABULARY_FILTER)


DOCUMENTS_FILTER = "kind"     # Pagefind filter holding DOCUMENTS_KIND on every document of the register
DOCUMENTS_KIND = "Văn bản"
# Pagefind filter on the hidden vocabulary records alone: search.js searches with it excluded.
VOCABULARY_FILTER = "tu-vung"


def search_shards(model: SiteModel) -> dict[str, list[SearchRecord]]:
    """The records of each bundle, newest first (`shard_sources`)."""
    return {key: [search_record(item) for item in items] for key, items in shard_sources(model).items()}


def search_record(item: Article | StaticPage | OfficialDocument | RegisterVocabulary) -> SearchRecord:
    """An article, static page or document of the register (or the register's vocabulary) as a search record."""
    if isinstance(item, RegisterVocabulary):
        return SearchRecord(url=item.url, title="", text=" ".join(vocabulary_words(item)), date="",
                            category="", hidden=True)
    if isinstance(item, OfficialDocument):
        text = " ".join(part for part in (item.summary, item.plain_text, item.issuer.name, item.signer,
                                          *(field.name for field in item.fields)) if part)
        return SearchRecord(url=item.url, title=item.title, text=text, date=item.date.isoformat(),
                            category=DOCUMENTS_KIND, kind=DOCUMENTS_KIND, summary=item.summary,
                            number_words=search_words(item.number))
    if isinstance(item, Article):
        return SearchRecord(url=item.url, title=item.title, text=item.plain_text or item.summary or item.title,
                            date=item.date.isoformat(), category=item.category.name,
                            tags=", ".join(t.name for t in item.tags))
    text = html_to_text(item.html) or item.summary or item.title
    return SearchRecord(url=item.url, title=item.title, text=text,
                        date=item.updated.isoformat() if item.updated else "", category="")


@functools.lru_cache(maxsize=1)
def vocabulary_words(vocabulary: RegisterVocabulary) -> tuple[str, ...]:
    """Every word of the records of the register's documents, as indexed (folded), sorted: the hidden
    record's text. Made once a build, as every documents' bundle holds the same object (shard_sources),
    and read back from the vocabulary's memo when no document's record changed: taking 5,000
    documents apart takes 70 ms, fingerprinting what they are made from 22 (measured, best of 3)."""
    if vocabulary.memo is None:
        return _words_of(vocabulary.documents)
    return vocabulary.memo.recall_or_make(record_inputs(vocabulary.documents),
                                          lambda: _words_of(vocabulary.documents))


def _words_of(documents: tuple[OfficialDocument, ...]) -> tuple[str, ...]:
    found: set[str] = set()
    for document in documents:
        record = search_record(document)
        for text in (record.title, record.text, record.number_words):
            found.update(fold_d(text).split())
    return tuple(sorted(found))


def record_inputs(items: tuple[Article | StaticPage | OfficialDocument | RegisterVocabulary, ...]) -> list[tuple]:
    """Everything `search_record` reads of these items, as plain strings: what a bundle's fingerprint
    is made from. The text is named by the digest it is made from (model.content_digest). Plain
    strings pickle in C: at 10,000 articles this is about 55 ms, where fingerprinting the articles
    themselves took 0.25–0.4 s, spent before Pagefind could start."""
    inputs = []
    for item in items:
        if isinstance(item, RegisterVocabulary):  # its words: a document edit adding none leaves the other bundles
            inputs.append((item.url, vocabulary_words(item)))
        elif isinstance(item, OfficialDocument):  # not its status: it changes with the day, the index need not
            inputs.append((item.url, item.title, item.digest, item.summary, item.date.isoformat(), item.number,
                           item.issuer.name, item.signer, tuple(field.name for field in item.fields)))
        elif isinstance(item, Article):
            inputs.append((item.url, item.title, item.digest, item.summary, item.date.isoformat(),
                           item.category.name, tuple(tag.name for tag in item.tags)))
        else:
            inputs.append((item.url, item.title, item.digest, item.summary,
                           item.updated.isoformat() if item.updated else ""))
    return inputs


def start_indexing(items: list[Article | StaticPage], language: str, folder: str) -> "SearchIndexing":
    """Pagefind started on these articles and pages. Their records are made here, when the bundle's
    turn comes: made up front, a cold build held every record (the text of the whole site) from
    start to end, in the process the rendering workers are forked from."""
    return SearchIndexing([search_record(item) for item in items], language, folder)


_D_LETTERS = re.compile("[dDđĐ]")
_D_MARKS = str.maketrans({"đ": "-", "Đ": "-", "d": ".", "D": "."})


def d_map(text: str) -> str:
    """"-" for each đ/Đ and "." for each d/D, in order; trailing "." dropped ("" if no đ)."""
    return "".join(_D_LETTERS.findall(text)).translate(_D_MARKS).rstrip(".")


# A record's date as punctuation, one mark per digit (1 is "!", 2 "@"… 0 ")", as on a keyboard's shifted
# digits): Pagefind searches metadata too, and a date's digits ("2024-03-12") made a query holding a
# number ("12/2024/QĐ-UBND", "qd ubnd 12 2024") match every page of a bundle dated that day, month or
# year. Punctuation is not indexed; search.js reads the date back (the maps above do the same).
_DATE_MARKS = str.maketrans("1234567890", "!@#$%^&*()")


def date_marks(iso: str) -> str:
    """"2024-03-12T08:30:00+07:00" → "@)@$-)#-!@": the day only, digits as marks."""
    return iso[:10].translate(_DATE_MARKS)


def record_html(record: SearchRecord, language: str) -> str:
    """The document Pagefind indexes for a record: the folded body, metadata and filter."""
    def meta(key: str, value: str) -> str:
        return f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>\n' if value else ""

    parts = [f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head><meta charset="utf-8">'
             f"<title>{html.escape(record.url)}</title></head>\n<body>\n",
             meta("title", fold_d(record.title)), meta("tmap", d_map(record.title)),
             meta("date", date_marks(record.date)), meta("category", record.category), meta("tags", fold_d(record.tags)),
             meta("dmap", d_map(record.text)), meta("summary", fold_d(record.summary)),
             meta("smap", d_map(record.summary))]
    if record.hidden:
        parts.append(f'<span data-pagefind-filter="{VOCABULARY_FILTER}">1</span>\n')
    if record.kind:
        parts.append(f'<span data-pagefind-filter="{DOCUMENTS_FILTER}">{html.escape(record.kind)}</span>\n')
    if record.category and not record.kind:  # documents are told apart by their own filter
        parts.append(f'<span data-pagefind-filter="category">{html.escape(record.category)}</span>\n')
    # A document's number, as written and in parts, with Pagefind's top weight: the document itself
    # comes before the articles that cite it, however the number is typed.
    number = (f'<p data-pagefind-weight="10">{html.escape(fold_d(record.number_words))}</p>'
              if record.number_words else "")
    parts.append(f"<main data-pagefind-body><p>{html.escape(fold_d(record.text))}</p>{number}</main>\n"
                 "</body>\n</html>\n")
    return "".join(parts)


def bundle_folder(key: str) -> str:
    """Where a shard's bundle goes in the site: "pagefind/2026"."""
    return f"{BUNDLE_DIR}/{key}"


def build_search_index(shards: dict[str, list[SearchRecord]], language: str,
                       cancel: threading.Event | None = None) -> dict[str, bytes]:
    """The Pagefind bundles of these shards (`search_shards`): site-relative path ("pagefind/…") → bytes.

    Setting `cancel` stops Pagefind and raises BuildCancelled."""
    if cancel is not None and cancel.is_set():
        raise BuildCancelled()
    queue = IndexingQueue({key: (len(records),
                                 functools.partial(SearchIndexing, records, language, bundle_folder(key)))
                           for key, records in shards.items()})
    try:
        return {path: data for key in shards for path, data in queue.result(key, cancel).items()}
    finally:
        queue.close()


def start_now(start: Callable[[], "SearchIndexing"]) -> "SearchIndexing":
    """start(), once what the build has freed meanwhile (rendered pages, records written) has gone
    back to the system, before Pagefind adds its own: 15–20 MB less at the peak of a cold build."""
    return_free_memory()
    return start()


class IndexingQueue:
    """Runs indexings in background threads, in the given order, each given with its record count.

    Pagefind's memory grows with the records it holds (200 KB each) and it works on a little more
    than one core. While every bundle is small (SMALL_BUNDLE_RECORDS), memory does not matter: one
    runs at a time while the build does other work, two once the build waits for a result, and the
    pages render on every core. A bigger bundle would add its memory to the rendering workers' or
    to another Pagefind's for little time on a busy machine: bundles then run one at a time,
    always, and while they do the pages render on one core fewer (`cores_taken`)."""

    def __init__(self, starts: dict[str, tuple[int, Callable[[], "SearchIndexing"]]],
                 started: "tuple[str, SearchIndexing] | None" = None):
        todo = [(key, start) for key, (_records, start) in starts.items()]
        self.small = all(records <= SMALL_BUNDLE_RECORDS for records, _start in starts.values())
        self._lock = threading.Lock()
        # key → the bundle's files (or what the sink made of them, deliver_to), or its error
        self._results: dict[str, dict[str, bytes] | object | BaseException] = {}
        self._done = {key: threading.Event() for key in starts}
        self._stop = threading.Event()
        self._sink: Callable[[dict[str, bytes]], object] | None = None  # deliver_to
        # The first bundle's records are written and Pagefind started by the caller (`started`, one
        # of `starts`, or here): in a thread, each file written waited for the GIL while the build
        # fingerprinted its pages, and Pagefind started 1.3 s late in an article edit.
        if started is None and todo:
            started = (todo[0][0], self._started(*todo[0]))
        self._first = started
        self._todo = iter([(key, start) for key, start in todo if started is None or key != started[0]])
        self._threads = [threading.Thread(target=self._run, name="search-index", daemon=True)]
        self._threads[0].start()

    def _started(self, key: str, start: Callable[[], "SearchIndexing"]) -> "SearchIndexing | None":
        """start(), or None after keeping its error as the bundle's result."""
        try:
            return start_now(start)
        except Exception as error:  # noqa: BLE001 - handed to the thread waiting in result()
            self._results[key] = error
            self._done[key].set()
            return None

    def _next(self) -> tuple[str | None, "SearchIndexing | None"]:
        with self._lock:
            if self._first is not None:
                first, self._first = self._first, None
                return first
            key, start = next(self._todo, (None, None))
        if key is None:
            return None, None
        if self._stop.is_set():
            self._results[key] = BuildCancelled()
            self._done[key].set()
            return key, None
        return key, self._started(key, start)

    def _run(self) -> None:
        while True:
            key, indexing = self._next()
            if key is None:
                return
            if indexing is None:
                continue  # its error is its result
            try:
                try:
                    files = indexing.result(self._stop)
                finally:
                    indexing.close()
                self._keep(key, files)
            except BaseException as error:  # noqa: BLE001 - handed to the thread waiting in result()
                self._results[key] = error
            self._done[key].set()

    def _keep(self, key: str, files: dict[str, bytes]) -> None:
        with self._lock:
            sink = self._sink
            if sink is None:
                self._results[key] = files
                return
        self._results[key] = sink(files)

    def deliver_to(self, sink: Callable[[dict[str, bytes]], object]) -> None:
        """From now on, hand each bundle to `sink` as soon as Pagefind has made it (the build's
        staging folder, Staging.put_all) and keep what it returns instead of the bytes, which
        were held until the pages were rendered: 29 MB at 10,000 articles, 141 MB at 50,000.
        Bundles already made are handed over now."""
        with self._lock:
            self._sink = sink
            held = [(key, files) for key, files in self._results.items() if isinstance(files, dict)]
        for key, files in held:
            self._results[key] = sink(files)

    def cores_taken(self) -> int:
        """Cores to leave to this queue when the pages render now: 1 while a big bundle is to be made."""
        return 0 if self.small or all(done.is_set() for done in self._done.values()) else 1

    def _use_every_core(self) -> None:
        with self._lock:
            while len(self._threads) < min(2, os.cpu_count() or 1):
                self._threads.append(threading.Thread(target=self._run, name="search-index", daemon=True))
                self._threads[-1].start()

    def has(self, key: str) -> bool:
        return key in self._done

    def result(self, key: str, cancel: threading.Event | None = None):
        """Wait for one shard's bundle: its files, or what the sink made of them (deliver_to).
        Setting `cancel` stops the queue (BuildCancelled)."""
        if self.small and not self._done[key].is_set():
            self._use_every_core()  # the build has nothing else to do
        while not self._done[key].wait(timeout=0.05):
            if cancel is not None and cancel.is_set():
                self.close()
                raise BuildCancelled()
        outcome = self._results[key]
        if isinstance(outcome, BaseException):
            self.close()
            raise outcome
        return outcome

    def close(self) -> None:
        """Stop the Pagefind that still runs (the build failed meanwhile) and skip the rest."""
        self._stop.set()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join()


class SearchIndexing:
    """One run of the Pagefind binary over the records, started at once and waited for by `result`
    (a build renders its pages meanwhile)."""

    def __init__(self, records: list[SearchRecord], language: str, folder: str = BUNDLE_DIR):
        self.process: subprocess.Popen | None = None
        self.folder = folder  # where the bundle goes in the site: "pagefind/2026"
        expected = SCRATCH_BYTES_PER_CHARACTER * sum(len(r.text) + len(r.title) + 200 for r in records)
        self._scratch = scratch_folder("sitegen-search", expected)
        self._source, self._bundle = Path(self._scratch.name) / "records", Path(self._scratch.name) / "bundle"
        self._output = tempfile.TemporaryFile()
        if not records:
            return  # nothing published yet: no index, and the search page says so
        for record in records:
            path = self._source / record.url / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(record_html(record, language), encoding="utf-8")
        try:
            self.process = _start_pagefind(self._source, self._bundle, language, self._output)
        except OSError as error:
            self.close()
            raise _pagefind_failed(error) from error

    def result(self, cancel: threading.Event | None = None) -> dict[str, bytes]:
        """Wait for Pagefind and read the bundle it wrote. Setting `cancel` stops it (BuildCancelled)."""
        if self.process is None:
            return {}
        try:
            _wait_for(self.process, cancel)
        except subprocess.SubprocessError as error:
            raise _pagefind_failed(error) from error
        if self.process.returncode != 0:
            self._output.seek(0)
            message = self._output.read().decode("utf-8", "replace").strip()[-500:]
            raise _pagefind_failed(subprocess.SubprocessError(message))
        try:
            files = stable_bundle(_read_bundle(self._bundle, self.folder), self.folder)
        except (UnknownFormat, KeyError, ValueError) as error:
            raise BuildFailed([Problem(BUNDLE_DIR, 0, f"không đọc được chỉ mục tìm kiếm (Pagefind): {error}.",
                                       "Cài đúng phiên bản pagefind[bin] ghi trong pyproject.toml.")]) from error
        return _with_gzip_copies(files, self.folder)

    def close(self) -> None:
        """Stop Pagefind if it still runs (the build failed meanwhile) and remove the scratch folder."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._output.close()
        self._scratch.cleanup()


def _pagefind_failed(error: Exception) -> BuildFailed:
    return BuildFailed([Problem(BUNDLE_DIR, 0, f"không tạo được chỉ mục tìm kiếm (Pagefind): {error}.",
                                "Chạy lại `make build`; nếu vẫn lỗi, cài lại gói pagefind[bin].")])


def _with_gzip_copies(files: dict[str, bytes], folder: str) -> dict[str, bytes]:
    """The bundle plus `X.gz` for the scripts in PRECOMPRESSED (no timestamp: builds stay reproducible)."""
    copies = {f"{folder}/{name}.gz": gzip.compress(files[f"{folder}/{name}"], compresslevel=9, mtime=0)
              for name in PRECOMPRESSED}
    return dict(sorted({**files, **copies}.items()))


def _start_pagefind(source: Path, bundle: Path, language: str, output) -> subprocess.Popen:
    """Index the record documents with the Pagefind binary shipped in the pagefind-bin wheel."""
    from pagefind_bin import get_executable

    executable = get_executable()
    if executable is None:
        raise FileNotFoundError("không thấy chương trình pagefind trong gói pagefind-bin")
    environment = {**os.environ, CHUNK_SIZE_VARIABLE: os.environ.get(CHUNK_SIZE_VARIABLE, CHUNK_SIZE)}
    command = [str(executable), "--site", str(source), "--output-path", str(bundle),
               "--force-language", language, "--silent"]
    return subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=environment)


def _wait_for(process: subprocess.Popen, cancel: threading.Event | None) -> None:
    """Wait in short steps, so that a cancel is seen at once; a run past the timeout is an error."""
    deadline = time.monotonic() + PAGEFIND_TIMEOUT_SECONDS
    while True:
        try:
            process.wait(timeout=0.05)
            return
        except subprocess.TimeoutExpired:
            cancelled = cancel is not None and cancel.is_set()
            if cancelled or time.monotonic() > deadline:
                process.kill()
                process.wait()
                if cancelled:
                    raise BuildCancelled() from None
                raise


def _read_bundle(bundle: Path, folder: str) -> dict[str, bytes]:
    files = {}
    paths = [bundle / name for name in _BUNDLE_FILES]
    for pattern in _BUNDLE_PATTERNS:
        paths += bundle.glob(pattern)
    for path in sorted(paths):
        if path.is_file():
            files[f"{folder}/{path.relative_to(bundle).as_posix()}"] = path.read_bytes()
    return files
