"""The build, step by step: config → content → Markdown → model → pages → render → assets → write.

Every step before `write` is pure or read-only, so a failure anywhere leaves
the published folder as it was. Errors of all steps are collected and
reported together.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import jinja2

from .output.admin import has_documents, published_admin
from .output.assets import collect_assets
from .incremental.cache import (GENERATOR_VERSION, DocumentStore, Fingerprinter, OutputStore, ValueStore, cache_dir,
                    fingerprint)
from .source.config import Config, load_config
from .common.errors import BuildCancelled, BuildFailed, Problem, Problems
from .common.parallel import return_free_memory
from .common.progress import SILENT, Progress
from .media.image_cache import CACHE_FOLDER, ImageCache
from .output.edit_first import LastBuild
from .output.held_output import HeldOutput
from .output.feeds import feed_files, feed_inputs
from .output.register_data import REGISTER_DATA, register_data, register_data_inputs
from .source.content import OFFICIAL
from .source.loading import load_content
from .source.organisation import load_organisation
from .media.media import MediaSource, PublishedMedia, forgive_used_documents, publish_media
from .incremental.memory import BuildMemory
from .site.register_memo import RegisterMemo
from .site.model import HeldBack, SiteModel, build_model, document_url, is_published
from .output.sitemap import page_lastmod, robots_txt, sitemap_xml
from .output.redirects import Redirect, redirect_files, site_redirects, taken_output_paths
from .site.pages import PageSpec, plan_pages
from .site.register import Register, repeated_numbers, window_bounds
from .output.templates import make_environment
from .output.changed_pages import (GroupDecision, OutputPlan, decide_output_group, finish_output_group,
                                   recall_template_references, render_changed_pages, render_output, render_output_group)
from .search.index import IndexingQueue, bundle_folder, record_inputs, start_indexing, start_now
from .site.search_plan import shard_sources
from .incremental.uptodate import KnownFiles, in_window, input_snapshot, publication_window
from .output.writer import (InterruptedAfterPublishing, Staging, file_looks_as_written, output_is_intact,
                     recover_interrupted)

GENERATOR_ROOT = Path(__file__).resolve().parent.parent  # the repository: default templates and assets


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    output: Path | None = None          # default: root/public
    include_drafts: bool = False
    include_future: bool = False
    base_url: str | None = None         # overrides site.toml (the preview server uses it)
    preview: bool = False               # show draft / scheduled banners
    now: datetime | None = None         # default: SOURCE_DATE_EPOCH or the clock
    use_cache: bool = True              # read and update root/.cache (False: a clean build)
    scratch_output: bool = False        # output thrown away after (`check`): nothing about it is cached
    # False: keep the last search index even if stale (the preview server reloads the tab first,
    # then refreshes the index with another build); setting `cancel` stops that build part way.
    search: bool = True
    index_search: bool = True           # False: no search index at all (`check` only follows the links)
    cancel: threading.Event | None = field(default=None, compare=False)
    memory: BuildMemory | None = field(default=None, compare=False)  # the preview's, between builds
    # This process builds again (the preview server): the document store's shards stay in memory
    # from one build to the next. A one-off build frees them once the model is made (cache.py).
    builds_again: bool = False
    progress: Progress = field(default=SILENT, compare=False)  # the line on a terminal (`cli`)

    @property
    def output_dir(self) -> Path:
        return self.output or self.root / "public"

    @property
    def remembers_output(self) -> bool:
        """Whether what this build wrote is recorded for the next one (fingerprints, manifest)."""
        return self.use_cache and not self.scratch_output


@dataclass
class BuildReport:
    pages: int = 0
    files: int = 0
    articles: int = 0
    warnings: list[Problem] = field(default_factory=list)
    rendered: int = 0                   # pages rendered (the others were unchanged)
    changed_paths: tuple[str, ...] = ()  # files written or removed in the output
    held_back: HeldBack = HeldBack()
    timings: dict[str, float] = field(default_factory=dict)
    photos_encoded: int = 0
    photos_reused: int = 0              # read back from .cache/images/
    search_pending: bool = False        # the search index was kept stale (BuildOptions.search=False)

    @property
    def changed(self) -> int:
        return len(self.changed_paths)


def build_now(options: BuildOptions) -> datetime:
    """The moment that decides what is published: SOURCE_DATE_EPOCH makes builds reproducible."""
    if options.now is not None:
        return options.now
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc)


def site_dirs(root: Path, name: str) -> list[Path]:
    """A site's own templates/ or assets/ first, then the generator's (so a site may override one file)."""
    own, default = root / name, GENERATOR_ROOT / name
    dirs = [own] if own.is_dir() else []
    if default.is_dir() and default.resolve() != own.resolve():
        dirs.append(default)
    return dirs


class _Timer:
    def __init__(self, timings: dict[str, float]):
        self.timings = timings
        self.started = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.timings[step] = now - self.started
        self.started = now


def load_site_config(options: BuildOptions) -> Config:
    config = load_config(options.root)
    if options.base_url:
        base_url = checked_base_url(options.base_url)
        config = dataclasses.replace(config, site=dataclasses.replace(config.site, base_url=base_url))
    return config


def checked_base_url(base_url: str) -> str:
    """A --base-url as the templates need it: absolute, ending in "/" (added when missing)."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise BuildFailed([Problem("--base-url", 0, f"địa chỉ gốc \"{base_url}\" không hợp lệ.",
                                   "Viết đầy đủ, ví dụ --base-url https://example.gov.vn/hongngu/")])
    return parts._replace(path=parts.path.rstrip("/") + "/").geturl()


@dataclass(frozen=True)
class PreparedSite:
    """Everything a build knows before rendering: for `build`, `check` and the preview server."""

    config: Config
    model: SiteModel
    specs: list[PageSpec]
    problems: Problems
    media_files: dict[str, Path] = field(default_factory=dict)    # photos and attachments to publish
    image_cache: ImageCache | None = None
    redirects: list[Redirect] = field(default_factory=list)       # old addresses (front matter `aliases`)
    sources_read: int = 0    # sources parsed and rendered anew (not taken from the cache)
    register_memo: RegisterMemo | None = None    # the register as the last build made it (register_memo.py)
    file_digests: dict[str, str] | None = None   # the input files' digests, when just read (input_snapshot)
    media_digests: dict[str, str] = field(default_factory=dict)  # published path → digest (photos' variants)


def prepare_site(options: BuildOptions, timer: "_Timer | None" = None,
                 on_model: Callable[[SiteModel], None] | None = None,
                 known_digests: dict[str, str] | None = None) -> PreparedSite:
    """Read config and content and plan the pages; problems are collected, not raised
    (except for config errors, without which nothing else can be checked). `on_model` is called
    with the model, when it is built without errors, before the pages are planned;
    `known_digests` are the source files' digests, if they were just read (load_content)."""
    timer = timer or _Timer({})
    progress = options.progress
    progress.step("Đọc site.toml")
    config = load_site_config(options)
    organisation, organisation_problems = load_organisation(options.root, config)
    config = dataclasses.replace(config, english_pages=organisation is not None)
    timer.lap("config")

    progress.step("Đọc bài viết, chuyển Markdown")

    # The preview renders bodies for its own base URL: with one store, `serve` and `build` taking
    # turns would each find the other's bodies and render every article again.
    store = DocumentStore(options.root if options.use_cache else None,
                          "documents-preview" if options.preview else "documents", remember=options.builds_again)
    documents, bodies, problems = load_content(options.root, config, store, options.memory, known_digests)
    problems.extend(organisation_problems)
    store.save()
    return_free_memory()
    timer.lap("content")

    progress.step("Xử lý ảnh và tệp đính kèm")
    now = build_now(options)
    image_cache = ImageCache(options.root / CACHE_FOLDER)
    published = [MediaSource(d, bodies[d.source], document_url(config, d)) for d in documents
                 if is_published(d, now, options.include_drafts, options.include_future)]
    register_memo = RegisterMemo.for_build(options.root, config, documents, now, options.include_drafts,
                                           options.include_future, known_digests) \
        if known_digests is not None and options.use_cache and not options.preview else None
    media, register = publish_site_media(options.root, published, image_cache, config.site.base_path, register_memo,
                                         known_digests)
    image_cache.save_index()
    problems = forgive_used_documents(problems, media.used)
    problems.extend(media.problems)
    timer.lap("media")

    progress.step("Sắp xếp bài viết, chuyên mục")

    related_memo = ValueStore(options.root, "related-preview" if options.preview else "related") \
        if options.use_cache else None
    model = build_model(config, documents, bodies, now, include_drafts=options.include_drafts,
                        include_future=options.include_future, media=media.documents, memory=options.memory,
                        related_memo=related_memo, register=register,
                        urls={source.document.source: source.url for source in published})
    model = dataclasses.replace(model, organisation=organisation)
    problems.extend(list(model.register.problems))  # two documents with one number, a missing citation
    if options.memory is not None:
        options.memory.keep_only(documents, model.articles + model.pages)
    # The model holds what it uses of the sources read: the rest (documents, rendered bodies, the
    # store's copy of them) is freed now, before the search records and the pages are made, which
    # then reuse its memory. Kept to the end of this function, it added 10 MB to an article edit's
    # peak, while Pagefind indexes (349 → 340 MB at 10,000 articles and 5,000 documents).
    media_files, media_digests, sources_read = media.files, media.digests, store.added
    del documents, bodies, published, media, store
    timer.lap("model")
    progress.step("Lập danh sách trang")
    if on_model is not None and not problems.errors:
        on_model(model)
    specs, collisions = plan_pages(model)
    problems.extend(collisions)
    redirects, alias_problems = site_redirects(model, taken_output_paths(specs, media_files))
    problems.extend(alias_problems)
    timer.lap("pages")
    return PreparedSite(config, model, specs, problems, media_files, image_cache, redirects, sources_read,
                        register_memo, known_digests, media_digests)


def publish_site_media(root: Path, published: list[MediaSource], image_cache: ImageCache, base_path: str,
                       memo: RegisterMemo | None, file_digests: dict[str, str] | None
                       ) -> tuple[PublishedMedia, Register | None]:
    """The photos and attachments of the published documents, and the register if the memo has it
    for these inputs (its documents' files then replayed, not looked at again)."""
    official = frozenset(source.document.source for source in published if source.document.kind == OFFICIAL)
    kept = memo.recall(official) if memo is not None else None
    if kept is not None:
        media = publish_media(root, published, image_cache, base_path, replay=kept.media, file_digests=file_digests)
        if media is not None:
            return media, kept.register
        memo.forget_recalled()  # a file now claimed twice: published as without the memo, which reports it
    repeated = repeated_numbers([source.document for source in published])  # reported by the register, once
    published = [source for source in published if source.document.source not in repeated]
    media = publish_media(root, published, image_cache, base_path, record=official if memo is not None else frozenset(),
                          file_digests=file_digests)
    if memo is not None:
        memo.made = media.kept
    return media, None


# Reading leaves about 17 objects in reference cycles per source it parses in this process (125,000
# after a cold build of 15,000 sources, measured), and a collection walks the whole heap (0.13 s at
# 10,000 articles and 5,000 documents): below this many sources read, they wait for the build's end.
SOURCES_READ_BEFORE_COLLECTING = 500


@contextlib.contextmanager
def cycle_collector_for_a_build():
    """Python's cycle collector during a build: off while the site is read and modelled; then, once
    `site_read(sources_read)` is called, on, with what was read kept out of its sight (gc.freeze);
    as it was after.

    Reading makes millions of long-lived objects (documents, rendered bodies, articles) and very
    few reference cycles: each full collection walked the whole heap again to free almost nothing
    (2.3 s of the 8.4 s it took to read a 50,000-article site, the same memory without it). Turned
    on again with all of them in its young generations, it then walked them four times in the first
    second of rendering (0.3 s of an article edit at 10,000 articles and 5,000 documents, measured
    with gc.callbacks). The cycles reading left are collected first when there are many. The forked
    workers collect their own (parallel.py).
    """
    enabled = gc.isenabled()
    gc.disable()

    def site_read(sources_read: int) -> None:
        if enabled:
            if sources_read >= SOURCES_READ_BEFORE_COLLECTING:
                gc.collect()
            gc.freeze()
            gc.enable()

    try:
        yield site_read
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def build_site(options: BuildOptions) -> BuildReport:
    """Build the whole site into options.output_dir; raise BuildFailed listing every error."""
    report = BuildReport()
    timer = _Timer(report.timings)
    check_output_dir(options)  # before anything is read or written, the cache included
    options = dataclasses.replace(options, now=build_now(options))  # one clock reading for the whole build
    output_store = OutputStore(options.root if options.remembers_output else None, options.output_dir)
    # A one-off build locks the output at once and checks its files meanwhile (held_output.py);
    # either way, what a killed build left is recovered first, even if this one then fails.
    held = HeldOutput(options.output_dir, output_store.manifest) \
        if options.remembers_output and not options.builds_again else None
    if held is None:
        recover_interrupted(options.output_dir)
    try:
        with cycle_collector_for_a_build() as site_read:
            return _build_site(options, output_store, held, report, timer, site_read)
    finally:
        if held is not None:
            held.release()


def _build_site(options: BuildOptions, output_store: OutputStore, held: HeldOutput | None, report: BuildReport,
                timer: _Timer, site_read: Callable[[int], None]) -> BuildReport:
    if held is not None:
        # On the core that is idle meanwhile: while the inputs are hashed (a build with nothing to do
        # stops after both, 0.65 s instead of 0.81 at 10,000 articles and 5,000 documents, median
        # of 10) or the site is read.
        held.compare_in_background()
    # The preview server builds because something changed: reading every input to prove nothing did
    # (0.3 s at 10,000 articles) would only delay the reload.
    snapshot, file_digests, known_files = input_snapshot(
        options.root, site_dirs(options.root, "templates") + site_dirs(options.root, "assets"),
        (options.include_drafts, options.include_future, options.base_url, options.preview, options.index_search),
        output_store.known_files
    ) if options.remembers_output and not options.preview else (None, None, None)
    last = up_to_date_report(options, output_store, snapshot, held)
    if last is not None:
        timer.lap("up-to-date")
        return dataclasses.replace(last, timings=report.timings)
    if known_files is not None:
        output_store.known_files = None  # its successor is kept: 7 MB less at 10,000 articles + 5,000 documents
    fingerprint_values = Fingerprinter(options.memory.tokens if options.memory is not None else None)
    searches: list[SearchStep] = []

    def start_search_early(model: SiteModel) -> None:
        # Pagefind is the longest step of an article edit: it starts as soon as the model is
        # built, and runs while the pages are planned, the theme loaded and the pages rendered.
        searches.append(start_search(output_store, fingerprint_values, model, options))
        timer.lap("search-start")

    interrupted = None
    try:
        prepared = prepare_site(options, timer, on_model=start_search_early, known_digests=file_digests)
        if prepared.register_memo is not None:
            prepared.register_memo.seed(fingerprint_values)
        site_read(prepared.sources_read)
        stop_if_cancelled(options)
        prepared.problems.raise_if_errors()
        search = searches[0]
        theme = load_theme(options, prepared.config)
        # Replaced output files are freed after the build, by another process (trash.py).
        trash_dir = cache_dir(options.root) / "trash" if options.remembers_output else None
        with Staging(options.output_dir, output_store.manifest, trash_dir, held) as staging:
            plan = OutputPlan(staging, output_store.fingerprints, theme.global_inputs, fingerprint_values)
            if search.indexing is not None:
                search.indexing.deliver_to(staging.put_all)  # each bundle staged once made, not held
            timer.lap("plan")
            try:
                write_outputs(plan, prepared, theme, options, report, timer, search)
            finally:
                search.close()  # before the staging folder is committed or removed: nothing is put into it after
    except InterruptedAfterPublishing as stop:
        interrupted = stop  # Ctrl+C during the commit: the new site is in place; record it, then stop
    finally:
        for search in searches:
            search.close()  # Pagefind stopped if the build failed meanwhile; its scratch folder removed
    options.progress.step("Lưu bộ nhớ đệm .cache/")
    fill_report(report, staging, prepared)
    remember_build(output_store, plan, staging, report, snapshot, known_files, prepared.model)
    if prepared.register_memo is not None:
        prepared.register_memo.keep(prepared.model.register, fingerprint_values)
    if options.memory is not None:
        options.memory.last_build = LastBuild(
            prepared.config, prepared.model,
            {spec.origin: spec for spec in prepared.specs if "article" in spec.context},
            theme.environment, prepared.media_files, prepared.image_cache)
    timer.lap("write")
    if interrupted is not None:
        raise interrupted
    return report


def up_to_date_report(options: BuildOptions, output_store: OutputStore, snapshot: str | None,
                      held: HeldOutput | None) -> BuildReport | None:
    """The last build's report when nothing it read has changed and its output is intact, else None."""
    last = output_store.state
    if snapshot is None or not last or last["inputs"] != snapshot or not in_window(last["window"], options.now):
        return None
    intact = held.intact() if held is not None else output_is_intact(options.output_dir, output_store.manifest)
    return last["report"] if intact else None


@dataclass(frozen=True)
class Theme:
    """The templates and assets a build renders with, and what every page reads besides its own data."""

    template_dirs: list[Path]
    assets: dict
    environment: jinja2.Environment
    global_inputs: tuple    # a change here re-renders every page


def load_theme(options: BuildOptions, config: Config) -> Theme:
    template_dirs = site_dirs(options.root, "templates")
    assets = {}
    for assets_dir in reversed(site_dirs(options.root, "assets")):
        assets.update(collect_assets(assets_dir))
    global_inputs = (GENERATOR_VERSION, config, {name: a.output_path for name, a in assets.items()},
                     options.preview)
    compiled_cache = compiled_templates_folder(options.root, global_inputs) if options.use_cache else None
    environment = make_environment(template_dirs, config, assets, preview=options.preview,
                                   compiled_cache=compiled_cache)
    if options.use_cache:
        recall_template_references(environment, ValueStore(options.root, "template-references"))
    return Theme(template_dirs, assets, environment, global_inputs)


@dataclass
class SearchStep:
    """The search bundles of a build: kept from the last build, or being made by Pagefind."""

    decisions: dict[str, GroupDecision]               # bundle key ("2026") → keep or make
    make: dict[str, functools.partial]                 # bundle key → how to start its indexing
    indexing: IndexingQueue | None                     # the stale bundles, indexed in the background

    def bundle(self, key: str, cancel: threading.Event | None) -> dict[str, bytes]:
        """The files of one bundle made anew (also one the decision kept whose files were altered)."""
        if self.indexing is not None and self.indexing.has(key):
            return self.indexing.result(key, cancel)
        indexing = self.make[key]()
        try:
            return indexing.result(cancel)
        finally:
            indexing.close()

    def close(self) -> None:
        if self.indexing is not None:
            self.indexing.close()


def start_search(output_store: OutputStore, fingerprint_values: Fingerprinter, model: SiteModel,
                 options: BuildOptions) -> SearchStep:
    """Decide which search bundles are stale and start Pagefind on them at once (in the background).

    A bundle per year (or run of months) is made from its articles and pages alone: a site.toml or
    template edit leaves it as it is, an article edit re-makes its own bundle. Only a stale
    bundle's records are made; a build that defers the index (the preview's) makes none."""
    language = model.config.site.language
    vocabulary_memo = ValueStore(options.root, "search-vocabulary-preview" if options.preview else "search-vocabulary") \
        if options.use_cache else None
    sources = shard_sources(model, vocabulary_memo) if options.index_search else {}
    make = {key: functools.partial(start_indexing, sources[key], language, bundle_folder(key)) for key in sources}
    decisions: dict[str, GroupDecision] = {}
    stale: dict[str, tuple[int, functools.partial]] = {}
    started = None  # the first stale bundle's indexing: Pagefind starts before the others are decided
    try:
        for key, items in sources.items():
            decision = decisions[key] = decide_output_group(
                output_store.fingerprints, fingerprint_values, f"search-{key}",
                lambda items=items: (record_inputs(items), language), defer=not options.search)
            # One stat per kept bundle: a deleted `public/` (the cache kept) has its bundles indexed from the
            # start, in the background, not one by one at the end (finish_output_group checks every file).
            if not (decision.keep and file_looks_as_written(options.output_dir, output_store.manifest,
                                                            decision.last[1][0])):
                stale[key] = (len(items), make[key])
                if started is None:
                    # An edit of a recent article (the newest bundle, decided first) does not wait for the
                    # other bundles' fingerprints: 0.1 s at 10,000 articles and 5,000 documents.
                    started = (key, start_now(make[key]))
        return SearchStep(decisions, make, IndexingQueue(stale, started) if stale else None)
    except BaseException:
        if started is not None:
            started[1].close()
        raise


def write_outputs(plan: OutputPlan, prepared: PreparedSite, theme: Theme, options: BuildOptions,
                  report: BuildReport, timer: _Timer, search: SearchStep) -> None:
    """Every output file into the staging folder: pages, sitemap, feeds, search index, assets, media."""
    model, specs = prepared.model, prepared.specs
    # Pagefind on a big bundle takes the place of one rendering worker (IndexingQueue).
    cores_taken = search.indexing.cores_taken() if search.indexing is not None else 0
    report.rendered = render_changed_pages(plan, theme.environment, specs, theme.template_dirs, options.root,
                                           cores_taken, options.progress)
    timer.lap("render")
    options.progress.step("Tạo sơ đồ trang, nguồn tin RSS/Atom")
    stop_if_cancelled(options)
    render_output(plan, "sitemap.xml", ([s.url for s in specs], page_lastmod(model)),
                  lambda: sitemap_xml(model, specs))
    render_output(plan, "robots.txt", (), lambda: robots_txt(model))
    render_output_group(plan, "feeds", feed_inputs(model), lambda: feed_files(model))
    render_output_group(plan, "redirects", (prepared.redirects, model.config.site.origin, model.config.site.base_path),
                        lambda: redirect_files(prepared.redirects, model))
    if model.register.documents:
        render_output(plan, REGISTER_DATA, register_data_inputs(model), lambda: register_data(model))
    timer.lap("outputs")
    options.progress.step("Chờ chỉ mục tìm kiếm (Pagefind)", total=len(search.decisions))
    for key, decision in search.decisions.items():
        checked = finish_output_group(plan, decision, lambda key=key: search.bundle(key, options.cancel))
        report.search_pending = report.search_pending or not checked
        options.progress.advance()
    timer.lap("search")
    options.progress.step("Ghi ảnh, tệp đính kèm, tài nguyên giao diện")
    for asset in theme.assets.values():
        plan.staging.write(asset.output_path, asset.data)
    digests = prepared.file_digests or {}
    for path, source in sorted(prepared.media_files.items()):
        plan.staging.copy(path, source, prepared.media_digests.get(path) or digests.get(str(source)))
    if prepared.config.admin.publish and not options.preview:  # the preview has its own (serve --admin)
        # Made again only when site.toml, the assets or the admin's scripts and lock file changed
        # (the generator version hashes admin/): 7 MB are not read and hashed on every build.
        base = prepared.config.site.base_path
        favicon = theme.assets.get("favicon.svg")
        render_output_group(plan, "admin", (has_documents(options.root),), lambda: published_admin(
            prepared.config, options.root, base + theme.assets["css/site.css"].output_path,
            base + favicon.output_path if favicon else ""))


def fill_report(report: BuildReport, staging: Staging, prepared: PreparedSite) -> None:
    report.files = staging.written
    report.changed_paths = tuple(staging.changed) + tuple(staging.removed)
    report.pages = len(prepared.specs)
    report.articles = len(prepared.model.articles)
    report.warnings = prepared.problems.warnings
    report.photos_encoded = prepared.image_cache.encoded
    report.photos_reused = prepared.image_cache.reused
    report.held_back = prepared.model.held_back


def remember_build(output_store: OutputStore, plan: OutputPlan, staging: Staging, report: BuildReport,
                   snapshot: str | None, known_files: KnownFiles | None, model: SiteModel) -> None:
    """Save what the next build compares with: fingerprints, the output's manifest, the inputs' snapshot."""
    register_opens, register_closes = window_bounds(model.register, model.config.site.tz)  # statuses hold one day
    window = publication_window([a.date for a in model.articles if not a.scheduled] + register_opens,
                                [a.date for a in model.articles if a.scheduled] + list(model.held_back.scheduled)
                                + register_closes)
    # What a build with nothing changed reports: no page rendered, no file written, every photo from the cache.
    unchanged = dataclasses.replace(report, rendered=0, changed_paths=(), timings={}, photos_encoded=0,
                                    photos_reused=report.photos_encoded + report.photos_reused)
    # A build that left the index stale must not let the next one skip its work as "up to date".
    up_to_date_state = snapshot and not report.search_pending
    output_store.save(plan.fingerprints, staging.manifest,
                      {"inputs": snapshot, "window": window, "report": unchanged} if up_to_date_state else None,
                      known_files)


def compiled_templates_folder(root: Path, global_inputs: tuple, keep: int = 4) -> Path:
    """Where compiled templates are kept for these global inputs (the few most recent sets are kept).

    Jinja folds constant expressions such as `{{ '' | url }}` when it compiles, so compiled code
    is only valid for the config and assets it was compiled with."""
    parent = cache_dir(root) / "templates"
    folder = parent / fingerprint(global_inputs)
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)
    others = sorted((f for f in parent.iterdir() if f != folder), key=lambda f: f.stat().st_mtime_ns, reverse=True)
    for stale in others[keep - 1:]:
        shutil.rmtree(stale, ignore_errors=True)
    return folder


def stop_if_cancelled(options: BuildOptions) -> None:
    if options.cancel is not None and options.cancel.is_set():
        raise BuildCancelled()


def check_output_dir(options: BuildOptions) -> None:
    """Refuse an output folder whose replacement would delete the site's own sources.

    A successful build replaces the output folder as a whole, so `--output .`
    or `--output content` would otherwise wipe the repository or the articles.
    """
    output = options.output_dir.resolve()
    root = options.root.resolve()
    sources = [root / name for name in ("content", "templates", "assets", "site.toml")]
    if output == root or output in root.parents or any(output == s or s in output.parents or output in s.parents
                                                       for s in sources):
        raise BuildFailed([Problem("--output", 0, f"không thể ghi trang vào {options.output_dir}: "
                                   "thư mục này chứa (hoặc nằm trong) mã nguồn của trang và sẽ bị thay thế.",
                                   "Chọn một thư mục riêng, ví dụ public/.")])
