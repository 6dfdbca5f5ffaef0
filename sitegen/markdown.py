"""Markdown to safe HTML, plus a plain-text summary. Pure: same input, same output.

The only module that calls Python-Markdown. Raw HTML in a body is cleaned
by sanitize.py (nh3), so an article cannot inject script; what was removed
is returned with its line, for a warning.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from xml.etree import ElementTree

import markdown as python_markdown
from markdown.treeprocessors import Treeprocessor

from .errors import Problems
from .sanitize import Removal, SanitizePolicy, clean_html, find_removals, sanitize_policy
from .vietnamese import slugify

EXTENSIONS = ["extra", "sane_lists", "toc"]

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
    removed: tuple[Removal, ...] = ()  # unsafe HTML the sanitiser took out, by body line


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


def render_markdown(body: str, base_path: str = "/", policy: SanitizePolicy = SanitizePolicy()) -> RenderedBody:
    """Markdown text → sanitised HTML, summary, plain text and what was removed."""
    converter = _converter(base_path)
    converter.reset()
    raw_html = converter.convert(body)
    safe_html = clean_html(raw_html, policy)
    return RenderedBody(html=safe_html, summary=first_paragraph_text(safe_html),
                        plain_text=html_to_text(safe_html), removed=find_removals(raw_html, body, policy))


def render_document(document, config, problems: Problems) -> RenderedBody:
    """A document's body as safe HTML under the site's policy; what the sanitiser removed becomes a
    warning at its file line, a body the parser cannot handle an error (never a traceback)."""
    try:
        rendered = render_markdown(document.body, config.site.base_path, sanitize_policy(config))
    except RecursionError:
        problems.error(document.source, document.body_line, "nội dung bài lồng nhau quá sâu, không dựng được.",
                       "Bớt các cấp danh sách, trích dẫn hoặc thẻ lồng trong nhau.")
        return RenderedBody(html="", summary="", plain_text="")
    for removal in rendered.removed:
        line = document.body_line + removal.line - 1 if removal.line else document.body_line
        problems.warning(document.source, line, f"đã bỏ {removal.what} vì không an toàn cho trang.",
                         removal.hint, code="unsafe-html")
    return rendered


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
