"""Markdown to safe HTML, plus a plain-text summary. Pure: same input, same output.

The only module that calls Python-Markdown. Raw HTML in a body is cleaned
with nh3 (a maintained sanitiser), so an article cannot inject script.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from xml.etree import ElementTree

import markdown as python_markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from .vietnamese import slugify

EXTENSIONS = ["extra", "sane_lists", "toc"]

_ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"figure", "figcaption", "caption", "colgroup", "col"}
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type", "reversed"},
    "abbr": {"title"},
}
_URL_ATTRIBUTES = {"a": "href", "img": "src"}
_TAG = re.compile(r"<[^>]+>")
# Block tags separate words; inline tags do not ("<b>đầu</b>." is "đầu.", not "đầu .").
_BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|br|hr|table|thead|tbody|tr|td|th|caption"
                        r"|blockquote|pre|figure|figcaption|section|article)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
SUMMARY_LENGTH = 300


@dataclass(frozen=True)
class RenderedBody:
    html: str
    summary: str     # first paragraph as plain text, cut at SUMMARY_LENGTH
    plain_text: str  # the whole body as plain text


class _SiteLinks(Treeprocessor):
    """Root-relative links get the site's base path; headings start at h2 (the page has the h1)."""

    def __init__(self, md, base_path: str):
        super().__init__(md)
        self.base_path = base_path

    def run(self, root: ElementTree.Element) -> None:
        headings = [el for el in root.iter() if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        shift = max(0, 2 - min((int(h.tag[1]) for h in headings), default=2))
        for element in root.iter():
            if shift and element in headings:
                element.tag = f"h{min(6, int(element.tag[1]) + shift)}"
            attribute = _URL_ATTRIBUTES.get(element.tag)
            url = element.get(attribute, "") if attribute else ""
            if url.startswith("/") and not url.startswith("//"):
                element.set(attribute, self.base_path + url[1:])


def _heading_id(value: str, separator: str) -> str:
    """Heading anchors without diacritics: "Kết quả" → "ket-qua"."""
    return slugify(value) or "muc"


@lru_cache(maxsize=4)
def _converter(base_path: str) -> python_markdown.Markdown:
    configs = {"toc": {"slugify": _heading_id, "permalink": False}}
    converter = python_markdown.Markdown(extensions=EXTENSIONS, extension_configs=configs, output_format="html")
    converter.treeprocessors.register(_SiteLinks(converter, base_path), "site-links", 1)
    return converter


def render_markdown(body: str, base_path: str = "/") -> RenderedBody:
    """Markdown text → sanitised HTML, summary and plain text."""
    converter = _converter(base_path)
    converter.reset()
    raw_html = converter.convert(body)
    clean_html = nh3.clean(raw_html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                           link_rel=None, url_schemes={"http", "https", "mailto", "tel"})
    return RenderedBody(html=clean_html, summary=first_paragraph_text(clean_html),
                        plain_text=html_to_text(clean_html))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, whitespace collapsed."""
    return _SPACES.sub(" ", html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", fragment)))).strip()


def first_paragraph_text(fragment: str) -> str:
    """The first non-empty paragraph as plain text, cut on a word boundary."""
    for match in _FIRST_PARAGRAPH.finditer(fragment):
        text = html_to_text(match.group(1))
        if text:
            return shorten(text, SUMMARY_LENGTH)
    return ""


def shorten(text: str, limit: int) -> str:
    """Cut text at the last space before limit and add "…"."""
    if len(text) <= limit:
        return text
    # Look one character further: a word that ends exactly at the limit is kept whole.
    cut = text[:limit + 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + "…"
