"""Each SOURCE of `build.py import` to the articles it holds: a folder of saved pages, a feed
file, a WordPress export, one saved page, or an http(s) address of a page or a feed."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

from lxml import etree

from .article import FoundArticle, PassedOver, body_fields
from .decoding import decode_page
from .extract import Selectors, extract_article, parse_html
from .feed import looks_like_feed, read_feed
from .folder import read_saved_page, read_saved_pages, saved_files_fetcher
from .web import PoliteClient, WebError
from .wordpress import looks_like_wordpress, read_wordpress


def is_address(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def missing_sources(sources: list[str]) -> list[str]:
    """The sources that are neither an address nor an existing file or folder."""
    return [source for source in sources if not is_address(source) and not Path(source).exists()]


def read_sources(sources: list[str], selectors: Selectors, tz: ZoneInfo,
                 client: PoliteClient | None = None) -> Iterator[FoundArticle | PassedOver]:
    for source in sources:
        if is_address(source):
            yield from _read_address(source, selectors, client or PoliteClient())
            continue
        path = Path(source)
        if path.is_dir():
            yield from read_saved_pages(path, selectors)
            continue
        try:
            head = path.read_bytes()[:8192]
        except OSError as error:
            yield PassedOver(path.name, f"không đọc được tệp ({error.strerror}).", "Kiểm tra quyền đọc.", True)
            continue
        if looks_like_wordpress(head):
            yield from read_wordpress(path, tz, selectors.debris)
        elif looks_like_feed(head):
            yield from read_feed(path.read_bytes(), path.name, selectors.debris,
                                 fetch=saved_files_fetcher(path.parent, path))
        else:
            yield from read_saved_page(path, selectors)


def _read_address(url: str, selectors: Selectors, client: PoliteClient) -> Iterator[FoundArticle | PassedOver]:
    try:
        raw, charset, final = client.get(url)
    except WebError as error:
        yield PassedOver(url, str(error), "Kiểm tra địa chỉ và kết nối mạng rồi chạy lại.", True)
        return
    if looks_like_feed(raw):
        for entry in read_feed(raw, url, selectors.debris, fetch=client.fetcher(final), base_url=final):
            yield _completed(entry, selectors, client) if isinstance(entry, FoundArticle) else entry
        return
    yield _page_at(url, final, raw, charset, selectors, client)


def _page_at(origin: str, final: str, raw: bytes, charset: str, selectors: Selectors,
             client: PoliteClient) -> FoundArticle | PassedOver:
    text, _used = decode_page(raw, charset)
    try:
        page = extract_article(parse_html(text), selectors)
    except (etree.LxmlError, ValueError, RecursionError):
        return PassedOver(origin, "trang hỏng, không đọc được HTML.", "Lưu trang bằng wget rồi nhập từ thư mục.", True)
    if page is None:
        return PassedOver(origin, "không phải trang bài viết.")
    return FoundArticle(origin=origin, url=final, title=page.title, date=None, date_text=page.date_text,
                        **body_fields(page.body), author=page.author, category=page.category, tags=page.tags,
                        summary=page.summary, image=page.image, fetch=client.fetcher(final))


def _completed(entry: FoundArticle, selectors: Selectors, client: PoliteClient) -> FoundArticle:
    """A feed entry with only its summary (Liferay's feeds): the full article read from its page,
    the feed's title, date and category kept where the page has none."""
    if entry.complete or not is_address(entry.url):
        return entry
    try:
        raw, charset, final = client.get(entry.url)
    except WebError:
        return entry  # the warning that the article is incomplete stays
    page = _page_at(entry.origin, final, raw, charset, selectors, client)
    if isinstance(page, PassedOver) or page.empty:
        return entry
    page.url = entry.url
    page.title = page.title or entry.title
    page.date, page.date_text = (None, page.date_text) if page.date_text else (entry.date, entry.date_text)
    page.category = page.category or entry.category
    page.tags = page.tags or entry.tags
    page.author = page.author or entry.author
    page.summary = page.summary or entry.summary
    return page
