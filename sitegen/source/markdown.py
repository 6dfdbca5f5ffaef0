"""Markdown to safe HTML, plus a plain-text summary. Pure: same input, same output.

The only module that calls Python-Markdown. Raw HTML in a body is cleaned
by sanitize.py (nh3), so an article cannot inject script; what was removed
is returned with its line, for a warning.
"""

from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit
from functools import lru_cache
from xml.etree import ElementTree

import markdown as python_markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ..common.errors import Problems
from .sanitize import Removal, SanitizePolicy, clean_html, find_removals, sanitize_policy
from ..text.vietnamese import slugify

EXTENSIONS = ["extra", "sane_lists", "toc"]

_URL_ATTRIBUTES = {"a": "href", "img": "src"}
_TAG = re.compile(r"<[^>]+>")
# Block tags separate words; inline tags do not ("<b>đầu</b>." is "đầu.", not "đầu .").
_BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|br|hr|table|thead|tbody|tr|td|th|caption"
                        r"|blockquote|pre|figure|figcaption|section|article)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
SUMMARY_LENGTH = 300

# Documents a link publishes with the article, by extension, with the label readers see.
ATTACHMENT_TYPES = {".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".xls": "XLS", ".xlsx": "XLSX",
                    ".odt": "ODT"}
IMAGE, ATTACHMENT = "image", "attachment"
# Where a photo or attachment goes, until media.py knows its published URL and size.
# STX/ETX survive Markdown and nh3 untouched, and editors do not type them.
_TOKEN = "\x02sitegen-media:{}\x03"
_TOKEN_PATTERN = re.compile("\x02sitegen-media:(\\d+)\x03")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#|\?)", re.IGNORECASE)


@dataclass(frozen=True)
class MediaReference:
    """A photo (Markdown image) or attachment (link to a document) found in a body."""

    kind: str     # IMAGE or ATTACHMENT
    target: str   # the path as written, decoded: "anh-1.jpg", "/media/so-do.png"
    text: str     # the image's alt text, or the link's text
    title: str    # the image's title: its caption
    line: int     # line within the body (1 = its first line), for messages
    block: bool   # an image alone in its paragraph: a figure with a caption
    token: str    # the placeholder in `RenderedBody.html`


def pack(text: str) -> bytes:
    """A body's HTML or plain text as it is kept in memory: UTF-8, then zlib at its fastest level."""
    return zlib.compress(text.encode(), 1)


def unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode()


class PackedHtml:
    """`html`, unpacked from the `html_packed` field at each read.

    A build holds every body at once: as str, 90 MB at 10,000 articles (Python holds Vietnamese
    text at 2 bytes a character); packed, a fifth of that. Unpacking one costs about 20 µs, once
    per page that shows it. Bytes also unpickle (the document store) far faster and, unlike a str,
    keep no cached UTF-8 copy once pickled."""

    html_packed: bytes

    @property
    def html(self) -> str:
        return unpack(self.html_packed)


class PackedText(PackedHtml):
    """`html`, and `plain_text` unpacked from the `plain_packed` field."""

    plain_packed: bytes

    @property
    def plain_text(self) -> str:
        return unpack(self.plain_packed)


@dataclass(frozen=True)
class RenderedBody(PackedText):

    html_packed: bytes
    summary: str         # first paragraph as plain text, cut at SUMMARY_LENGTH
    plain_packed: bytes  # the whole body as plain text
    media: tuple[MediaReference, ...] = field(default=())  # placeholders in html, see fill_media()
    removed: tuple[Removal, ...] = ()  # unsafe HTML the sanitiser took out, by body line

    @classmethod
    def of(cls, html: str, summary: str, plain_text: str, media: tuple[MediaReference, ...] = (),
           removed: tuple[Removal, ...] = ()) -> "RenderedBody":
        return cls(pack(html), summary, pack(plain_text), media, removed)


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


class _MediaReferences(Treeprocessor):
    """Local images and document links become placeholders, recorded with their body line.

    Their final HTML needs the file (size, dimensions, published URL), which
    this pure module does not read: media.py fills the placeholders in.
    """

    def __init__(self, md):
        super().__init__(md)
        self.body = ""
        self.references: list[MediaReference] = []
        self._searched_from: dict[str, int] = {}

    def start(self, body: str) -> None:
        self.body, self.references, self._searched_from = body, [], {}

    def run(self, root: ElementTree.Element) -> None:
        for parent, link in _children_with_tag(root, "a"):
            target = _local_target(link.get("href", ""))
            if target and _extension(target) in ATTACHMENT_TYPES:
                text = _SPACES.sub(" ", "".join(link.itertext())).strip()
                token = self._record(ATTACHMENT, link.get("href", ""), target, text, "", False)
                _replace_with_text(parent, link, token)
        for parent, image in _children_with_tag(root, "img"):
            target = _local_target(image.get("src", ""))
            if not target:
                continue
            alone = (parent.tag == "p" and len(parent) == 1 and not (parent.text or "").strip()
                     and not (image.tail or "").strip())
            token = self._record(IMAGE, image.get("src", ""), target, image.get("alt", ""),
                                 image.get("title", ""), alone)
            if alone:
                parent.tag, parent.text = "figure", token
                parent.set("class", "photo")
                parent.remove(image)
            else:
                _replace_with_text(parent, image, token)

    def _record(self, kind: str, written: str, target: str, text: str, title: str, block: bool) -> str:
        token = _TOKEN.format(len(self.references))
        self.references.append(MediaReference(kind, target, text.strip(), title.strip(),
                                              self._line_of(written), block, token))
        return token

    def _line_of(self, written: str) -> int:
        """The body line of the next occurrence of this path (tree order is source order)."""
        position = self.body.find(written, self._searched_from.get(written, 0))
        if position < 0:
            return 1
        self._searched_from[written] = position + len(written)
        return self.body.count("\n", 0, position) + 1


def _children_with_tag(root: ElementTree.Element, tag: str) -> list[tuple[ElementTree.Element, ElementTree.Element]]:
    return [(parent, child) for parent in root.iter() for child in parent if child.tag == tag]


def _replace_with_text(parent: ElementTree.Element, child: ElementTree.Element, text: str) -> None:
    """Put text (then the child's tail) where child was, and remove child."""
    text += child.tail or ""
    index = list(parent).index(child)
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    parent.remove(child)


def _local_target(url: str) -> str:
    """The file path of a link into content/ ("anh.jpg", "/media/x.pdf"), or "" for other links."""
    url = url.strip()
    if not url or _EXTERNAL.match(url):
        return ""
    return unquote(urlsplit(url).path)


def _extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


# Every inline pattern registered with EXTENSIONS needs one of these to match: ` (code), \\ (escape),
# [ (links, images, footnotes), < (raw HTML, autolinks), & (entities), * and _ (emphasis), two
# spaces before a newline (line break); STX starts a placeholder. Checked against this list:
KNOWN_INLINE_PATTERNS = frozenset({
    "backtick", "escape", "reference", "link", "image_link", "image_reference", "short_reference",
    "short_image_ref", "autolink", "automail", "linebreak", "html", "entity", "em_strong", "footnote"})
_INLINE_SYNTAX = re.compile(r"[`\\\[<&*_\x02]|  \n")


class _PlainText(AtomicString):
    """Text in which no inline pattern can match, kept from the inline processor for this build."""


class _SkipPlainText(Treeprocessor):
    """Mark text without inline syntax so the inline processor passes it by.

    It would otherwise try each of its 15 patterns, one Python call each, on every text (the inline
    processor is half of the Markdown time); most headings, list items and the words between
    links hold none of the characters the patterns need.
    """

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and not isinstance(text, AtomicString) and not _INLINE_SYNTAX.search(text):
                element.text = _PlainText(text)
            if tail and not isinstance(tail, AtomicString) and not _INLINE_SYNTAX.search(tail):
                element.tail = _PlainText(tail)


class _RestorePlainText(Treeprocessor):
    """After the inline processor: plain text again, as later steps (abbreviations) expect it."""

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if type(element.text) is _PlainText:
                element.text = str(element.text)
            if type(element.tail) is _PlainText:
                element.tail = str(element.tail)


def fill_media(fragment: str, html_by_token: dict[str, str]) -> str:
    """Replace each placeholder by its HTML (already escaped); unknown placeholders vanish."""
    return _TOKEN_PATTERN.sub(lambda match: html_by_token.get(match.group(0), ""), fragment)


def _heading_id(value: str, separator: str) -> str:
    """Heading anchors without diacritics: "Kết quả" → "ket-qua"."""
    return slugify(value) or "muc"


@lru_cache(maxsize=4)
def _converter(base_path: str) -> python_markdown.Markdown:
    configs = {"toc": {"slugify": _heading_id, "permalink": False}}
    converter = python_markdown.Markdown(extensions=EXTENSIONS, extension_configs=configs, output_format="html")
    converter.treeprocessors.register(_MediaReferences(converter), "media-references", 2)
    converter.treeprocessors.register(_SiteLinks(converter, base_path), "site-links", 1)
    patterns = converter.inlinePatterns
    if len(patterns) == len(KNOWN_INLINE_PATTERNS) and all(name in patterns for name in KNOWN_INLINE_PATTERNS):
        # (with a pattern we do not know, which might need other characters, every text is tried)
        converter.treeprocessors.register(_SkipPlainText(converter), "skip-plain-text", 30)
        converter.treeprocessors.register(_RestorePlainText(converter), "restore-plain-text", 19)
    # The inline processor looks its patterns up by index at every try: a list answers faster than
    # the registry, which no extension changes once the converter is made.
    converter.treeprocessors["inline"].inlinePatterns = list(patterns)
    return converter


def render_markdown(body: str, base_path: str = "/", policy: SanitizePolicy = SanitizePolicy()) -> RenderedBody:
    """Markdown text → sanitised HTML, summary, plain text and what was removed."""
    converter = _converter(base_path)
    converter.reset()
    media_references = converter.treeprocessors["media-references"]
    media_references.start(body)
    raw_html = converter.convert(body)
    safe_html = clean_html(raw_html, policy)
    references = tuple(media_references.references)
    # Text without the placeholders: an attachment link keeps its words, a photo has none.
    text_html = fill_media(safe_html, {r.token: html.escape(r.text) for r in references if r.kind == ATTACHMENT})
    return RenderedBody.of(html=safe_html, summary=first_paragraph_text(text_html),
                           plain_text=html_to_text(text_html), media=references,
                           removed=find_removals(raw_html, body, policy))


def render_document(document, config, problems: Problems) -> RenderedBody:
    """A document's body as safe HTML under the site's policy; what the sanitiser removed becomes a
    warning at its file line, a body the parser cannot handle an error (never a traceback)."""
    try:
        rendered = render_markdown(document.body, config.site.base_path, sanitize_policy(config))
    except RecursionError:
        problems.error(document.source, document.body_line, "nội dung bài lồng nhau quá sâu, không dựng được.",
                       "Bớt các cấp danh sách, trích dẫn hoặc thẻ lồng trong nhau.")
        return RenderedBody.of(html="", summary="", plain_text="")
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
