"""Saved pages: a `wget --mirror` folder (its top folder named after the host) or pages saved
from a browser. Finds each HTML page, its old address, and the files its photos and links name."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator
from urllib.parse import quote, unquote, urljoin, urlsplit

from lxml import etree

from ..common.parallel import parallel_imap

from .article import FoundArticle, MediaFetcher, PassedOver, body_fields
from .decoding import decode_page
from .extract import PageArticle, Selectors, extract_article, parse_html
from .media_names import file_name_of

_HOST = re.compile(r"^(?=.{4,253}$)[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?$", re.IGNORECASE)
_PAGE_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml", ".php", ".asp", ".aspx", ".jsp", ".do"}
_NOT_PAGE_SUFFIXES = {".css", ".js", ".json", ".xml", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".ico",
                      ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".zip", ".rar", ".mp4", ".mp3", ".txt",
                      ".woff", ".woff2", ".ttf", ".eot", ".bmp", ".ppt", ".pptx"}
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
_QUERY_MARKS = ("?", "@")  # wget writes "?" in names, or "@" with --restrict-file-names=windows


class SavedSite:
    """One folder of saved pages, and where each old address's file is in it."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.hosts: dict[str, Path] = {}
        if _HOST.match(self.root.name):
            self.hosts[self.root.name.lower()] = self.root
            for sibling in self.root.parent.iterdir():  # wget --span-hosts puts other hosts beside it
                if sibling.is_dir() and _HOST.match(sibling.name):
                    self.hosts.setdefault(sibling.name.lower(), sibling.resolve())
        else:
            for child in sorted(self.root.iterdir()):
                if child.is_dir() and _HOST.match(child.name):
                    self.hosts[child.name.lower()] = child.resolve()

    def pages(self) -> Iterator[Path]:
        """Every saved HTML page below the folder, in a stable order."""
        for folder, folders, files in os.walk(self.root):
            folders[:] = sorted(name for name in folders if not name.startswith(".") and not name.endswith("_files"))
            for name in sorted(files):
                path = Path(folder, name)
                if _looks_like_page(path):
                    yield path

    def address_of(self, path: Path, raw: bytes) -> tuple[str, tuple[str, ...]]:
        """(the page's old address, other addresses it had) from where wget saved it, or from the
        "saved from url" note a browser leaves; ("", ()) when neither tells."""
        for host, folder in self.hosts.items():
            if path.is_relative_to(folder):
                relative = path.relative_to(folder).as_posix()
                return _url_of_saved_name(host, relative)
        note = _SAVED_FROM.search(raw[:4096])
        if note:
            return note.group(1).decode("ascii", "replace"), ()
        return "", ()

    def _inside(self, path: Path) -> bool:
        """Only the saved copy is ever read: the folder given, or a host folder beside it."""
        return any(path.is_relative_to(folder) for folder in (self.root, *self.hosts.values()))

    def file_for(self, url: str, page: Path) -> Path | None:
        """The saved file behind an address a page names, or None (never a file outside the folder)."""
        parts = urlsplit(url)
        candidates: list[Path] = []
        if not parts.scheme and not parts.netloc and parts.path and not parts.path.startswith("/"):
            candidates += _name_variants(page.parent, parts.path, parts.query)  # browser: "Trang_files/anh.jpg"
        if parts.scheme in ("http", "https", "") and parts.netloc:
            folder = self.hosts.get(parts.netloc.lower())
            if folder is not None:
                candidates += _name_variants(folder, parts.path.lstrip("/"), parts.query)
        elif not parts.netloc and parts.path.startswith("/"):
            for folder in self.hosts.values() or [self.root]:
                candidates += _name_variants(folder, parts.path.lstrip("/"), parts.query)
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if resolved.is_file() and self._inside(resolved):
                return resolved
        return None


def _looks_like_page(path: Path) -> bool:
    """By its name ("x.html", "chi-tiet?id=7.html"), else by its first bytes (Liferay's "/-/slug" and
    "/documents/…/<uuid>" have no suffix: a page and a photo look alike by name)."""
    name = path.name.split("?", 1)[0]
    suffix = PurePosixPath(name).suffix.lower()
    if path.name.lower().endswith((".html", ".htm")) or suffix in _PAGE_SUFFIXES:
        return True
    if suffix in _NOT_PAGE_SUFFIXES:
        return False
    try:
        with open(path, "rb") as file:
            head = file.read(512).lstrip().lower()
    except OSError:
        return False
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _url_of_saved_name(host: str, relative: str) -> tuple[str, tuple[str, ...]]:
    """"-/hoi-nghi.html" → https://host/-/hoi-nghi (and the .html form as another address);
    "tin-tuc/chi-tiet?id=7.html" → https://host/tin-tuc/chi-tiet?id=7 (wget -E put .html after the query)."""
    path, query = relative, ""
    for mark in _QUERY_MARKS:
        head, found, tail = relative.rpartition(mark)
        if found and "/" not in tail and "=" in tail:
            path, query = head, tail
            break
    others: list[str] = []
    if query:
        query = re.sub(r"\.html?$", "", query)
    elif path.endswith("index.html") and (path == "index.html" or path.endswith("/index.html")):
        path = path[: -len("index.html")]
    elif path.endswith(".html") and "." not in PurePosixPath(path[:-5]).name:
        others.append(path)
        path = path[:-5]
    base = f"https://{host}/"
    address = base + quote(path, safe="/-._~%!$&'()*+,;=:@") + (f"?{query}" if query else "")
    return address, tuple(base + quote(other, safe="/-._~%!$&'()*+,;=:@") for other in others)


def _name_variants(folder: Path, path: str, query: str) -> list[Path]:
    names = [unquote(path), path] if unquote(path) != path else [path]
    variants = []
    for name in names:
        if query:
            variants += [folder / f"{name}?{query}", folder / f"{name}@{query}", folder / f"{name}?{query}.html"]
        variants.append(folder / name if name and not name.endswith("/") else folder / name / "index.html")
    return variants


def read_saved_pages(root: Path, selectors: Selectors) -> Iterator[FoundArticle | PassedOver]:
    """Each saved page of the folder: an article, or why it was passed over. Pages are read on every
    core (common/parallel.py): parsing and tidying them is a third of an import's time."""
    site = SavedSite(root)
    shown_root = site.root.parent

    def read(path: Path) -> FoundArticle | PassedOver:
        origin = path.relative_to(shown_root).as_posix() if path.is_relative_to(shown_root) else str(path)
        return _read_page(site, path, origin, selectors)
    yield from parallel_imap(read, site.pages())


def _read_page(site: SavedSite, path: Path, origin: str, selectors: Selectors) -> FoundArticle | PassedOver:
    """One saved page; a page that cannot be read is reported, never the end of the run."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return PassedOver(origin, f"không đọc được tệp ({error.strerror}).", "Kiểm tra quyền đọc của tệp.", True)
    text, _charset = decode_page(raw)
    try:
        found = extract_article(parse_html(text), selectors)
    except (etree.LxmlError, ValueError, RecursionError):  # readability's Unparseable is a ValueError
        return PassedOver(origin, "trang hỏng, không đọc được HTML.", "Lưu lại trang này từ trang cũ.", True)
    if found is None:
        return PassedOver(origin, "không phải trang bài viết.")
    address, other_addresses = site.address_of(path, raw)
    if found.url and urlsplit(found.url).netloc and not address:
        address = found.url
    return _found_article(origin, address, other_addresses, found, site, path)


@dataclass(frozen=True)
class SavedFiles:
    """A MediaFetcher: the files a saved page names, found in the saved copy (a plain object, not a
    closure, so that an article read by a worker process can be sent back with it)."""

    site: SavedSite
    page: Path
    address: str = ""

    def __call__(self, url: str) -> tuple[bytes, str] | None:
        local = self.site.file_for(url, self.page)
        if local is None and self.address:
            local = self.site.file_for(urljoin(self.address, url), self.page)
        return (local.read_bytes(), file_name_of(url, local.name)) if local else None


def _found_article(origin: str, address: str, others: tuple[str, ...], page: PageArticle, site: SavedSite,
                   path: Path) -> FoundArticle:
    return FoundArticle(origin=origin, url=address, title=page.title, date=None, date_text=page.date_text,
                        **body_fields(page.body), author=page.author, category=page.category, tags=page.tags,
                        summary=page.summary, image=page.image, fetch=SavedFiles(site, path, address),
                        extra_urls=others)


def saved_files_fetcher(folder: Path, beside: Path) -> MediaFetcher:
    """A MediaFetcher for a file (a feed, one page) saved in or beside a copy of the old site."""
    return SavedFiles(SavedSite(folder), beside)


def read_saved_page(path: Path, selectors: Selectors) -> Iterator[FoundArticle | PassedOver]:
    """One saved page given on its own."""
    yield _read_page(SavedSite(path.parent), path.resolve(), path.name, selectors)
