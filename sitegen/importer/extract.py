"""Find the article in one saved page: site.toml's `[import]` selectors when given, else the
page's metadata (metadata.py) and readability-lxml for the body.

readability-lxml was measured against trafilatura on Liferay-like pages
(docs/importer.md): it alone kept photo captions and left the
sidebar and the portlet title out.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from dataclasses import dataclass

from lxml import etree
from lxml.cssselect import CSSSelector
from lxml import html as lxml_html
from readability import Document as Readability

from ..source.config import ImportSelectors as Selectors
from .cleanup import clean_body, clean_text, is_debris
from .metadata import PageMetadata, read_metadata

_AUTHOR_LIMIT = 60  # characters: a longer bold line at the end is a sentence, not a byline
_TITLE_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]+$")


@dataclass
class PageArticle:
    """The parts of an article page, text cleaned, the body tidied (links as in the page)."""

    title: str
    date_text: str
    author: str
    category: str
    tags: tuple[str, ...]
    summary: str
    image: str
    url: str
    body: lxml_html.HtmlElement


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(text: str) -> lxml_html.HtmlElement:
    """lxml refuses text that still declares an encoding (XHTML pages): the declaration goes."""
    return lxml_html.document_fromstring(_XML_DECLARATION.sub("", text, count=1) or "<html></html>")


@lru_cache(maxsize=256)
def _compiled(selector: str) -> CSSSelector:
    """A selector compiled to XPath once, not once per page (a third of the time spent finding articles)."""
    return CSSSelector(selector)


def select(element, selector: str) -> list:
    return _compiled(selector)(element)


def extract_article(document: lxml_html.HtmlElement, selectors: Selectors) -> PageArticle | None:
    """The article of a parsed page, or None when the page is not an article (a listing, a menu page)."""
    metadata = read_metadata(document)
    if selectors.given:
        return _by_selectors(document, selectors, metadata)
    return _by_readability(document, selectors, metadata)


def _by_selectors(document, selectors: Selectors, metadata: PageMetadata) -> PageArticle | None:
    if selectors.article and not select(document, selectors.article):
        return None
    bodies = select(document, selectors.body) if selectors.body else []
    if not bodies:
        return None
    body_source = bodies[0]
    found: dict[str, list] = {}
    for name in ("title", "date", "author", "category", "tags", "summary"):
        selector = getattr(selectors, name)
        found[name] = select(document, selector) if selector else []
    body = copy.deepcopy(body_source)
    # What the title, date, author or category selectors matched inside the body is said once, above it.
    inside = {id(element) for elements in found.values() for element in elements}
    copies = zip(body_source.iter(), body.iter())
    for original, duplicate in list(copies):
        if id(original) in inside and duplicate is not body:
            duplicate.drop_tree()
    for selector in selectors.remove:
        for element in select(body, selector):
            if element is not body:
                element.drop_tree()
    clean_body(body, selectors.debris)
    title = _text(found["title"][:1]) or metadata.title or _page_title(document)
    author = _text(found["author"][:1])
    if not author:
        author = _trailing_byline(body) or metadata.author
    return PageArticle(
        title=title, date_text=_date_text(found["date"][:1]) or metadata.date,
        author=author, category=_last_words(found["category"], selectors.debris) or metadata.category,
        tags=tuple(tag for tag in (_text([element]) for element in found["tags"]) if tag) or metadata.tags,
        summary=_summary(_text(found["summary"][:1]) or metadata.summary, selectors.debris),
        image=metadata.image, url=metadata.url, body=body)


def _by_readability(document, selectors: Selectors, metadata: PageMetadata) -> PageArticle | None:
    if not metadata.says_article:
        return None
    source = lxml_html.tostring(document, encoding="unicode")
    summary_html = Readability(source).summary(html_partial=True)
    body = lxml_html.fragment_fromstring(summary_html, create_parent="div") if summary_html.strip() else None
    if body is None:
        return None
    title = clean_text(metadata.title).strip() or _page_title(document)
    # Readability keeps the heading it found the title in: said once, above the body.
    for heading in body.xpath(".//h1 | .//h2 | .//h3"):
        if " ".join(heading.text_content().split()) == " ".join(title.split()):
            heading.drop_tree()
    clean_body(body, selectors.debris)
    # Readability drops the style that said "right-aligned": a short bold closing line is enough here.
    author = _trailing_byline(body, aligned=False) or clean_text(metadata.author).strip()
    return PageArticle(title=title, date_text=metadata.date, author=author,
                       category=clean_text(metadata.category).strip(), tags=metadata.tags,
                       summary=_summary(metadata.summary, selectors.debris), image=metadata.image,
                       url=metadata.url, body=body)


def _text(elements) -> str:
    return " ".join(clean_text(" ".join(e.text_content() for e in elements)).split())


def _date_text(elements) -> str:
    """A <time datetime> or <meta content> says it exactly; else the words shown."""
    for element in elements:
        for attribute in ("datetime", "content"):
            if element.get(attribute):
                return element.get(attribute)
    return _text(elements)


def _last_words(elements, debris: tuple[str, ...]) -> str:
    """The category: the last non-empty match (a breadcrumb's last step)."""
    for element in reversed(elements):
        text = _text([element]).strip(" /›»>")
        if text and not is_debris(text, debris):
            return text
    return ""


def _summary(text: str, debris: tuple[str, ...]) -> str:
    text = " ".join(clean_text(text).split())
    return "" if is_debris(text, debris) else text


def _page_title(document) -> str:
    """<h1>, else <title> without the site's name after " - "."""
    for heading in document.iter("h1"):
        text = _text([heading])
        if text:
            return text
    titles = document.xpath("//title")
    return _TITLE_SUFFIX.sub("", _text(titles[:1])) if titles else ""


def _trailing_byline(body: lxml_html.HtmlElement, aligned: bool = True) -> str:
    """The portals' byline: a short bold line, right-aligned, closing the body. Taken out of it."""
    blocks = [element for element in body.iter("p", "div") if len(element) or (element.text or "").strip()]
    if not blocks:
        return ""
    last = blocks[-1]
    text = " ".join(last.text_content().split())
    style = (last.get("style") or "").replace(" ", "").lower()
    right = "text-align:right" in style or (last.get("align") or "").lower() == "right" or not aligned
    bold = last.xpath("./strong | ./b | ./span/strong | ./span/b | ./strong/span | ./b/span")
    bold_text = " ".join(" ".join(part.text_content().split()) for part in bold)
    if text and right and bold_text == text and len(text) <= _AUTHOR_LIMIT and not last.xpath(".//img"):
        last.drop_tree()
        return text
    return ""


def serialize(body: lxml_html.HtmlElement) -> str:
    return etree.tostring(body, encoding="unicode", method="html")
