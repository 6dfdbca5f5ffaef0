"""An RSS 2.0 or Atom feed (feedparser): each entry an article; the full text where the feed
carries it (content:encoded, Atom content), else the summary, marked incomplete."""

from __future__ import annotations

from typing import Iterator

import feedparser
from lxml import etree
from lxml import html as lxml_html

from .article import FoundArticle, MediaFetcher, PassedOver, body_fields
from .html_fragments import body_from_html, captions_to_figures, paragraphs


def looks_like_feed(raw: bytes) -> bool:
    head = raw[:1024].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def read_feed(raw: bytes, origin: str, debris: tuple[str, ...], fetch: MediaFetcher | None = None,
              base_url: str = "") -> Iterator[FoundArticle | PassedOver]:
    parsed = feedparser.parse(raw, response_headers={"content-location": base_url} if base_url else None,
                              sanitize_html=True, resolve_relative_uris=bool(base_url))
    if not parsed.entries and parsed.bozo:
        yield PassedOver(origin, f"nguồn tin hỏng, không đọc được ({parsed.bozo_exception}).",
                         "Tải lại tệp nguồn tin (RSS/Atom) từ trang cũ.", True)
        return
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{origin}#{number}"
        content = entry.get("content") or []
        full = next((part.get("value", "") for part in content if "html" in part.get("type", "html")), "")
        text = full or entry.get("summary", "")
        terms = [tag.get("term", "").strip() for tag in entry.get("tags", []) if tag.get("term", "").strip()]
        summary_given = bool(full and entry.get("summary"))
        article = FoundArticle(
            origin=where, url=entry.get("link", "") or entry.get("id", ""), title=entry.get("title", ""),
            date=None, date_text=entry.get("published") or entry.get("updated") or "",
            **body_fields(body_from_html(paragraphs(captions_to_figures(text)), debris)),
            author=entry.get("author", ""), category=terms[0] if terms else "", tags=tuple(terms[1:]),
            summary=_plain(entry.get("summary", "")) if summary_given else "",
            image=_enclosure_image(entry), image_chosen=True, complete=bool(full), fetch=fetch)
        if not full:
            article.warnings.append(("nguồn tin chỉ có tóm tắt, bài nhập vào chưa đủ nội dung.",
                                     "Lưu trang bài viết từ trang cũ (wget) rồi nhập lại bằng --update, "
                                     "hoặc chép phần còn thiếu vào bài."))
        yield article


def _plain(fragment: str) -> str:
    try:
        return " ".join(lxml_html.fragment_fromstring(fragment, create_parent="div").text_content().split())
    except (etree.ParserError, ValueError):  # a summary that is not HTML at all: its words are the summary
        return " ".join(fragment.split())


def _enclosure_image(entry) -> str:
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return link.get("href", "")
    for media in entry.get("media_content", []) + entry.get("media_thumbnail", []):
        if media.get("url"):
            return media["url"]
    return ""
