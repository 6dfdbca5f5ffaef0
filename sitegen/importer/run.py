"""`build.py import`: read every source, plan each article's place, then write the bundles.

Two passes: the first reads all sources and gives every article its category, slug and new
address; the second turns bodies into Markdown, where a link to another imported article
can then be pointed at its new address.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..common.errors import Problems
from ..common.parallel import parallel_imap
from ..common.progress import SILENT, Progress
from ..source.config import Category, Config, load_config
from ..source.content import PAGES_DIR, list_sources, parse_document, read_file
from ..text.vietnamese import fold_tone_placement, slugify
from .article import FoundArticle, PassedOver
from .bundles import CHANGED_AT_SOURCE, DELETED_BY_EDITOR, NEW, UNCHANGED, UPDATED, put_bundle, write_file
from .categories import CategoryMap
from .cleanup import clean_text
from .dates import parse_date
from .extract import Selectors
from .front_matter import front_matter
from .media_names import ATTACHMENT_SUFFIXES, IMAGE_SUFFIXES, BundleFiles, file_name_of, suffix_of
from .record import RECORD_NAME, ImportRecord, address_key
from .sources import read_sources
from .to_markdown import IMAGE, to_markdown
from .web import PoliteClient


@dataclass(frozen=True)
class ImportOptions:
    root: Path
    sources: tuple[str, ...]
    dry_run: bool = False
    update: bool = False
    category_map: dict[str, str] | None = None
    client: PoliteClient | None = None


@dataclass
class _Planned:
    found: FoundArticle
    key: str
    category: Category | None
    date: datetime | None
    folder: str          # below content/: "tin-tuc/hoi-nghi"
    slug: str
    url: str             # on the new site, root-relative: "/tin-tuc/hoi-nghi/"


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    changed_at_source: list[str] = field(default_factory=list)
    already_there: list[tuple[str, str]] = field(default_factory=list)  # (origin, the file already holding it)
    skipped: list[PassedOver] = field(default_factory=list)              # articles lost
    not_articles: int = 0
    photos: int = 0
    attachments: int = 0
    by_category: Counter = field(default_factory=Counter)
    unknown_categories: list[tuple[str, int, str]] = field(default_factory=list)  # (name, articles, closest)
    problems: Problems = field(default_factory=Problems)
    dry_run: bool = False

    @property
    def exit_status(self) -> int:
        return 1 if self.skipped or self.problems.errors else 0


def import_articles(options: ImportOptions, config: Config | None = None, progress: Progress | None = None,
                    selectors: Selectors | None = None) -> ImportReport:
    config = config or load_config(options.root)
    selectors = selectors or config.import_selectors
    progress = progress or SILENT
    report = ImportReport(dry_run=options.dry_run)
    content_dir = options.root / "content"
    record = ImportRecord(content_dir)
    categories = CategoryMap(config, options.category_map)
    known = _KnownArticles(options.root, config, record)

    # Pass 1: read everything, give each article its place.
    planned: list[_Planned] = []
    progress.step("Đọc trang cũ")
    for item in read_sources(list(options.sources), selectors, config.site.tz, options.client):
        progress.advance()
        if isinstance(item, PassedOver):
            if item.is_article:
                report.skipped.append(item)
            else:
                report.not_articles += 1
            continue
        place = _plan(item, config, categories, known, record, report)
        if place is not None:
            planned.append(place)
    for name, count in sorted(categories.unknown.items()):
        report.unknown_categories.append((name, count, categories.closest(name)))
    new_addresses = {}
    for place in planned:
        for url in (place.found.url, *place.found.extra_urls):
            if url:
                new_addresses[address_key(url)] = place.url

    # Pass 2: bodies to Markdown, bundles to content/.
    progress.step("Chuyển bài vào content/", total=len(planned))
    try:
        # Markdown on every core (the workers inherit `planned`: only indexes and results cross); the
        # files are written here, one process, in order.
        converted = parallel_imap(lambda index: _convert(planned[index], new_addresses), range(len(planned)))
        for place, ready in zip(planned, converted):
            progress.advance()
            _write(place, ready, record, options, report)
    finally:
        # Also when stopped part way (Ctrl+C): what was written is recorded, so a re-run goes on from there.
        progress.close()
        if not options.dry_run and (report.created or report.updated):
            write_file(content_dir / RECORD_NAME, record.serialized())
    return report


class _KnownArticles:
    """What content/ already holds: to find an article imported by other means, and to give a new
    one an address no other page has."""

    def __init__(self, root: Path, config: Config, record: ImportRecord):
        self.by_source: dict[str, str] = {}
        self.by_title_and_day: dict[tuple[str, str], str] = {}
        self.planned: dict[str, str] = {}  # keys planned in this run (also recorded earlier) → folder
        self.urls: set[str] = set()
        recorded = {f"content/{folder}/index.md" for folder in record.folders()}
        sources, _problems = list_sources(root)
        for path, display, kind in sources:
            if display in recorded:
                continue  # our own earlier import: the record speaks for it (and it is not read: 5,000 files)
            # Front matter only: the bodies are not rendered (load_content would, for the build).
            document = parse_document(read_file(path), display, kind, config, Problems())
            if document is None:
                continue
            if document.source_url:
                self.by_source[address_key(document.source_url)] = document.source
            if document.date:
                self.by_title_and_day[_title_key(document.title), document.date.date().isoformat()] = document.source
            if document.category is not None:
                self.urls.add(f"{document.category.slug}/{document.slug}")
            elif document.kind == "page":
                self.urls.add(f"{PAGES_DIR}/{document.slug}")
        self.folders = {path.relative_to(root / "content").as_posix()
                        for path in (root / "content").glob("*/*") if (root / "content").is_dir()}
        self.folders |= {folder.removesuffix(".md") for folder in set(self.folders) if folder.endswith(".md")}
        self.folders |= record.folders()


def _one_line(text: str) -> str:
    """NFC, no invisible characters, spaces collapsed: the front matter's text fields."""
    return " ".join(clean_text(text or "").split())


def _title_key(title: str) -> str:
    return " ".join(fold_tone_placement(title).split())


def _plan(found: FoundArticle, config: Config, categories: CategoryMap, known: _KnownArticles,
          record: ImportRecord, report: ImportReport) -> _Planned | None:
    found.title = _one_line(found.title)
    found.author, found.summary = _one_line(found.author), _one_line(found.summary)
    found.category = _one_line(found.category)
    found.tags = tuple(dict.fromkeys(tag for tag in map(_one_line, found.tags) if tag))
    if not found.title:
        report.skipped.append(PassedOver(found.origin, "bài không có tiêu đề, không nhập.",
                                         "Kiểm tra bộ chọn title trong [import] của site.toml.", True))
        return None
    if found.empty:
        report.skipped.append(PassedOver(found.origin, f"bài \"{found.title}\" không có nội dung, không nhập.",
                                         "Kiểm tra bộ chọn body trong [import] của site.toml.", True))
        return None
    date = found.date or parse_date(found.date_text, config.site.tz)
    if date is None and not found.is_page:
        said = f" \"{found.date_text}\"" if found.date_text else ""
        report.problems.warning(found.origin, 0, f"không đọc được ngày đăng{said}; bài được nhập dưới dạng bản nháp.",
                                "Sửa dòng date của bài cho đúng rồi xóa dòng draft: true.")
    category = None
    if not found.is_page:
        category = categories.find(found.category)
        if category is None:
            report.skipped.append(PassedOver(found.origin, f"chuyên mục \"{found.category}\" không có trong site.toml.",
                                             "Thêm chuyên mục này vào --category-map rồi chạy lại.", True))
            return None
    key = address_key(found.url) if found.url else f"{_title_key(found.title)}|{date.isoformat() if date else ''}"
    earlier = record.get(key)
    day_key = (_title_key(found.title), date.date().isoformat()) if date else None
    if earlier is None:
        there = known.by_source.get(key) or (known.by_title_and_day.get(day_key) if day_key else None)
        if there:
            report.already_there.append((found.origin, there))
            return None
    elif key in known.planned:
        report.already_there.append((found.origin, known.planned[key]))  # twice in this run's sources
        return None
    section = category.slug if category else PAGES_DIR
    if earlier is not None:
        folder = earlier["folder"]
        slug = folder.rsplit("/", 1)[1]
    else:
        base = slugify(found.title) or "bai-viet"
        slug, number = base, 1
        while f"{section}/{slug}" in known.folders or f"{section}/{slug}" in known.urls:
            number += 1
            slug = f"{base}-{number}"
        folder = f"{section}/{slug}"
        known.folders.add(folder)
        known.urls.add(folder)
    # The same article again later in this run (a feed entry after its saved page) is "already there".
    known.planned[key] = f"content/{folder}/"
    known.by_source[key] = f"content/{folder}/"
    if day_key:
        known.by_title_and_day.setdefault(day_key, f"content/{folder}/")
    if category is None:
        url = f"/{slug}/"
    else:
        url = config.site.permalink.format(category=category.slug, slug=slug,
                                           year=f"{date.year:04d}" if date else "2000",
                                           month=f"{date.month:02d}" if date else "01",
                                           day=f"{date.day:02d}" if date else "01")
    return _Planned(found=found, key=key, category=category, date=date, folder=folder,
                    slug=slug, url=url)


@dataclass
class _Converted:
    """An article made ready in a worker: its Markdown, its files, what went wrong."""

    markdown: str | None                 # None: the body could not be converted (skipped)
    files: dict[str, bytes]
    image: str                           # the cover's file name, or ""
    warnings: list[tuple[str, str]]


def _convert(place: _Planned, new_addresses: dict[str, str]) -> _Converted:
    """Body to Markdown, photos and files fetched under safe names. Pure but for reading the saved
    copy: runs in worker processes (common/parallel.py)."""
    found = place.found
    files = BundleFiles()
    warnings: list[tuple[str, str]] = []

    def fetched(address: str) -> tuple[bytes, str] | None:
        if found.fetch is None:
            return None
        return found.fetch(address) or (found.fetch(urljoin(found.url, address)) if found.url else None)

    def rewrite(address: str, kind: str) -> str | None:
        absolute = urljoin(found.url, address) if found.url else address
        if kind == IMAGE:
            data = fetched(address)
            if data is None:
                warnings.append((f"không tìm thấy ảnh \"{address}\"; bài được nhập không có ảnh này.",
                                 "Tải ảnh từ trang cũ rồi chèn lại vào bài, hoặc lưu lại trang kèm ảnh và nhập "
                                 "với --update."))
                return None
            return files.add(data[1], data[0])
        parts = urlsplit(absolute)
        new = new_addresses.get(address_key(absolute.split("#", 1)[0]))
        if new is not None:
            return new + (f"#{parts.fragment}" if parts.fragment else "")
        if suffix_of(file_name_of(absolute)) in ATTACHMENT_SUFFIXES:
            data = fetched(address)
            if data is None:
                warnings.append((f"không tìm thấy tệp đính kèm \"{address}\"; liên kết giữ địa chỉ cũ.",
                                 "Tải tệp từ trang cũ, đặt cạnh bài viết và sửa liên kết."))
                return absolute
            return files.add(data[1], data[0])
        return absolute

    try:
        markdown = to_markdown(found.body, rewrite)
    except RecursionError:
        return _Converted(None, {}, "", warnings)
    image = ""
    if found.image:
        data = fetched(found.image)
        wanted = data is not None and (found.image_chosen or data[0] in files.files.values())
        if wanted and suffix_of(data[1], data[0]) in IMAGE_SUFFIXES:
            image = files.add(data[1], data[0])
    return _Converted(markdown, files.files, image, warnings)


def _write(place: _Planned, converted: _Converted, record: ImportRecord, options: ImportOptions,
           report: ImportReport) -> None:
    """The bundle into content/ (or compared with it), and what happened into the report."""
    found = place.found
    for problem_text, hint in converted.warnings + found.warnings:
        report.problems.warning(found.origin, 0, problem_text, hint)
    if converted.markdown is None:
        report.skipped.append(PassedOver(found.origin, "nội dung bài lồng nhau quá sâu, không chuyển được.",
                                         "Chép nội dung bài này bằng tay.", True))
        return
    aliases = []
    for url in (found.url, *found.extra_urls):
        alias = _alias_of(url)
        if alias and alias != place.url and alias not in aliases:
            aliases.append(alias)
    text = front_matter(title=found.title, date=place.date, date_text=found.date_text,
                        category=place.category.name if place.category else "", author=found.author, tags=found.tags,
                        summary=found.summary, image=converted.image, source=found.url, aliases=tuple(aliases),
                        draft=found.draft, is_page=found.is_page,
                        slug=place.slug if place.slug != slugify(found.title) else "")
    files = dict(converted.files)
    files["index.md"] = (text + "\n" + converted.markdown).encode("utf-8")
    outcome = put_bundle(options.root / "content", place.folder, files, place.key, record,
                         options.update, options.dry_run)
    shown = f"content/{place.folder}/"
    if outcome.state == NEW:
        report.created.append(shown)
    elif outcome.state == UPDATED:
        report.updated.append(shown)
    elif outcome.state == CHANGED_AT_SOURCE:
        report.changed_at_source.append(shown)
    elif outcome.state == DELETED_BY_EDITOR:
        report.already_there.append((found.origin, shown + " (đã xóa sau lần nhập trước)"))
    elif outcome.state == UNCHANGED:
        report.unchanged += 1
    for kept in outcome.kept:
        report.problems.warning(f"content/{kept}", 0, "tệp đã được sửa sau lần nhập trước, giữ nguyên.",
                                "Muốn lấy bản từ trang cũ: xóa tệp này rồi chạy lại với --update.")
    if outcome.state in (NEW, UPDATED):
        suffixes = [suffix_of(name) for name in converted.files]
        report.photos += sum(suffix in IMAGE_SUFFIXES for suffix in suffixes)
        report.attachments += sum(suffix in ATTACHMENT_SUFFIXES for suffix in suffixes)
    if outcome.state in (NEW, UPDATED, UNCHANGED, CHANGED_AT_SOURCE):
        report.by_category[place.category.name if place.category else "Trang"] += 1


def _alias_of(url: str) -> str:
    """The old path (and query) of an address, where the new site publishes a redirect."""
    parts = urlsplit(url)
    if not parts.netloc or parts.path in ("", "/") and not parts.query:
        return ""
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
