"""Tidy an article body found on an old portal, without rewriting what the agency published.

Drops what the portal printed around the words (scripts, forms, "null",
"Chi tiết bài viết …" lines, empty paragraphs), turns the portals' photo
layouts (a photo over an italic caption, in a two-row table or in two
paragraphs) into `<figure>`s, and cleans the text: NFC, non-breaking and
zero-width spaces. Typing slips stay: `check` reports them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html

from ..source.config import DEFAULT_DEBRIS
from ..text.vietnamese import nfc

_DROPPED_TAGS = ("script", "style", "noscript", "form", "input", "button", "select", "textarea", "iframe",
                 "object", "embed", "svg", "canvas", "template", "link", "meta")
# Zero-width space, joiners, word joiner, BOM, soft hyphen: invisible, and they split words in search.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "blockquote", "figure",
           "pre", "section", "article", "center"}
CAPTION_LIMIT = 300  # characters: longer text beside a photo is an article's paragraph, not its caption


def clean_text(text: str) -> str:
    """NFC, no invisible characters, every kind of space a plain space."""
    return _SPACES.sub(" ", nfc(text).translate(_INVISIBLE))


def is_debris(text: str, debris: tuple[str, ...]) -> bool:
    """A line a portal printed instead of content: exact, or a prefix when the pattern ends with "*"."""
    exact, prefixes = _debris_patterns(debris)
    line = " ".join(clean_text(text).split()).casefold()
    return line in exact or line.startswith(prefixes)


@lru_cache(maxsize=8)
def _debris_patterns(debris: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact lines, prefixes), case-folded once: asked for every short element of 5,000 pages."""
    normal = [" ".join(clean_text(pattern).split()).casefold() for pattern in debris]
    return (frozenset(p for p in normal if not p.endswith("*")),
            tuple(p[:-1] for p in normal if p.endswith("*")))


def clean_body(body: lxml_html.HtmlElement, debris: tuple[str, ...] = DEFAULT_DEBRIS) -> None:
    """Tidy body in place (see the module's docstring)."""
    for element in list(body.iter(*_DROPPED_TAGS)):
        _drop(element)
    for element in body.iter():
        if isinstance(element.tag, str):
            if element.text:
                element.text = clean_text(element.text)
            if element.tail:
                element.tail = clean_text(element.tail)
    for comment in list(body.iter(etree.Comment)):
        _drop(comment)
    _drop_debris(body, debris)
    for table in list(body.iter("table")):
        _photo_table_to_figures(table)
    _photo_then_caption_to_figure(body)
    _drop_empty_blocks(body)


def _drop(element) -> None:
    """Remove element but keep its tail text in place."""
    parent = element.getparent()
    if parent is None:
        return
    element.drop_tree() if hasattr(element, "drop_tree") else parent.remove(element)


def _drop_debris(body: lxml_html.HtmlElement, debris: tuple[str, ...]) -> None:
    # Only short elements can be a line of debris: libxml2 measures them, not Python.
    # (a pattern ending in "*" stands for a line that starts so: "Chi tiết bài viết Tin tức – Sự kiện")
    longest = max((len(pattern) + (100 if pattern.endswith("*") else 2) for pattern in debris), default=0)
    short = body.xpath(f".//*[string-length(normalize-space(.)) <= {longest}][not(.//img)]")
    exact, prefixes = _debris_patterns(debris)

    def matches(text: str) -> bool:  # the text was cleaned above: only spaces and case are left to even out
        line = " ".join(text.split()).casefold()
        return line in exact or line.startswith(prefixes)

    for element in short:
        if element.getparent() is None or not isinstance(element.tag, str):
            continue
        if (element.tag in _BLOCKS or element.tag in ("span", "strong", "b", "em", "i")) \
                and matches(element.text_content()):
            _drop(element)
    # Debris as bare text: "null" straight in the body or a cell.
    for element in body.iter():
        if isinstance(element.tag, str):
            if element.text and matches(element.text):
                element.text = ""
            if element.tail and matches(element.tail):
                element.tail = ""


def _photo_table_to_figures(table: lxml_html.HtmlElement) -> None:
    """A layout table of photos and their captions (a photo row, then an italic caption row)
    becomes one <figure> per photo; a table of data is left alone."""
    rows = [row for row in table.iter("tr")]
    images = table.xpath(".//img")
    if not images or not rows or len(rows) > 2 * len(images) + 1:
        return
    figures = []
    pending = None
    for row in rows:
        row_images = row.xpath(".//img")
        text = " ".join(row.text_content().split())
        if row_images:
            if len(row_images) > 1 and text:
                return  # photos with words between them: not a simple photo layout
            for image in row_images:
                if pending is not None:
                    figures.append((pending, ""))
                pending = image
        elif text:
            if pending is None or len(text) > CAPTION_LIMIT:
                return  # words with no photo above them: a data table
            figures.append((pending, text))
            pending = None
    if pending is not None:
        figures.append((pending, ""))
    parent = table.getparent()
    if parent is None:
        return
    index = parent.index(table)
    for offset, (image, caption) in enumerate(figures):
        parent.insert(index + offset, _figure(image, caption))
    tail = table.tail
    parent.remove(table)
    if tail and tail.strip():
        figures_end = parent[index + len(figures) - 1]
        figures_end.tail = (figures_end.tail or "") + tail


def _figure(image: lxml_html.HtmlElement, caption: str) -> lxml_html.HtmlElement:
    figure = lxml_html.Element("figure")
    picture = lxml_html.Element("img", src=image.get("src", ""), alt=(image.get("alt") or "").strip())
    figure.append(picture)
    if caption:
        figcaption = lxml_html.Element("figcaption")
        figcaption.text = caption
        figure.append(figcaption)
    return figure


def _photo_then_caption_to_figure(body: lxml_html.HtmlElement) -> None:
    """<p><img></p> followed by <p><em>caption</em></p>: one figure."""
    for block in list(body.iter("p", "div")):
        images = block.xpath(".//img")
        if len(images) != 1 or " ".join(block.text_content().split()):
            continue
        following = block.getnext()
        if following is None or following.tag not in ("p", "div") or following.xpath(".//img"):
            continue
        text = " ".join(following.text_content().split())
        italic = following.xpath("./em | ./i | ./span/em | ./span/i | ./em/span | ./i/span")
        italic_text = " ".join(" ".join(part.text_content().split()) for part in italic)
        if not text or text != italic_text.strip() or len(text) > CAPTION_LIMIT:
            continue
        figure = _figure(images[0], text)
        figure.tail = following.tail
        parent = block.getparent()
        parent.replace(block, figure)
        parent.remove(following)


def _drop_empty_blocks(body: lxml_html.HtmlElement) -> None:
    """Paragraphs and divisions left with neither words nor photos (spacers, emptied debris)."""
    for element in reversed(list(body.iter("p", "div", "span", "strong", "b", "em", "i", "li", "ul", "ol",
                                           "center", "font"))):
        if element is body or element.getparent() is None:
            continue
        if not element.text_content().strip() and not element.xpath(".//img"):
            _drop(element)
