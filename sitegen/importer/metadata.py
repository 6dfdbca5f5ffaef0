"""A page's own description of itself: Open Graph, Dublin Core, `article:*` and JSON-LD."""

from __future__ import annotations

import json
from dataclasses import dataclass

from lxml import html as lxml_html

_ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "Report", "ReportageNewsArticle")


@dataclass(frozen=True)
class PageMetadata:
    title: str = ""
    date: str = ""
    author: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""
    image: str = ""
    url: str = ""
    says_article: bool = False   # og:type article, a publication date or a JSON-LD article


def read_metadata(document: lxml_html.HtmlElement) -> PageMetadata:
    """The first value each vocabulary gives, JSON-LD first (the most precise), Dublin Core last."""
    meta: dict[str, list[str]] = {}
    for element in document.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        value = (element.get("content") or "").strip()
        if key and value:
            meta.setdefault(key, []).append(value)
    linked = _json_ld_article(document)

    def first(*keys: str) -> str:
        for key in keys:
            if meta.get(key):
                return meta[key][0]
        return ""

    author = linked.get("author")
    if isinstance(author, list):
        author = author[0] if author else ""
    if isinstance(author, dict):
        author = author.get("name", "")
    image = linked.get("image")
    if isinstance(image, list):
        image = image[0] if image else ""
    if isinstance(image, dict):
        image = image.get("url", "")
    keywords = linked.get("keywords") or ""
    tags = tuple(keywords) if isinstance(keywords, list) else tuple(k.strip() for k in str(keywords).split(",") if k.strip())
    if not tags:
        tags = tuple(meta.get("article:tag", ())) or tuple(
            k.strip() for k in first("dc.subject", "dcterms.subject").split(";") if k.strip())
    canonical = next((link.get("href", "") for link in document.iter("link")
                      if "canonical" in (link.get("rel") or "").lower().split()), "")
    date = str(linked.get("datePublished") or "") or first(
        "article:published_time", "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created",
        "dc.date", "dcterms.date", "pubdate", "publishdate", "date")
    return PageMetadata(
        title=str(linked.get("headline") or "") or first("og:title", "dc.title", "dcterms.title", "twitter:title"),
        date=date,
        author=str(author or "") or first("article:author", "dc.creator", "dcterms.creator", "author"),
        category=str(linked.get("articleSection") or "") or first("article:section", "dc.type.category"),
        tags=tags,
        summary=str(linked.get("description") or "") or first("og:description", "dc.description",
                                                              "dcterms.abstract", "description"),
        image=str(image or "") or first("og:image", "twitter:image"),
        url=canonical or first("og:url") or str(linked.get("url") or ""),
        says_article=bool(linked) or first("og:type").lower() == "article" or bool(date),
    )


def _json_ld_article(document: lxml_html.HtmlElement) -> dict:
    """The first JSON-LD object whose @type is an article kind (inside @graph too)."""
    for script in document.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(kind in _ARTICLE_TYPES for kind in kinds):
                    return item
                stack.extend(item.get("@graph", []))
    return {}
