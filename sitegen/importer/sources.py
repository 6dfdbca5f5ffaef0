"""Each SOURCE of `build.py import` to the articles it holds: a folder of saved pages, a feed
file, a WordPress export, one saved page, or an http(s) address of a page or a feed."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from zoneinfo import ZoneInfo

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
        yield from read_feed(raw, url, selectors.debris, fetch=client.fetcher(final), base_url=final)
        return
    text, _used = decode_page(raw, charset)
    page = extract_article(parse_html(text), selectors)
    if page is None:
        yield PassedOver(url, "không phải trang bài viết.")
        return
    yield FoundArticle(origin=url, url=final, title=page.title, date=None, date_text=page.date_text,
                       **body_fields(page.body), author=page.author, category=page.category, tags=page.tags,
                       summary=page.summary, image=page.image, fetch=client.fetcher(final))
