"""HTML that feeds and WordPress hand over as text: parsed to a body element, paragraphs made
where the text only has blank lines (WordPress stores posts that way), WordPress's [caption]
shortcode made a <figure>."""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

from .cleanup import clean_body

_BLOCK_START = re.compile(r"^\s*<(?:p|div|h[1-6]|ul|ol|li|table|thead|tbody|tr|td|th|blockquote|figure|pre|hr|dl"
                          r"|section|address|form)\b", re.IGNORECASE)
_HAS_PARAGRAPHS = re.compile(r"<(?:p|div|br)\b", re.IGNORECASE)
_CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.IGNORECASE | re.DOTALL)
_CAPTION_ATTRIBUTE = re.compile(r"""caption\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)
_IMAGE_TAG = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.IGNORECASE | re.DOTALL)
_SHORTCODE = re.compile(r"\[(gallery|embed|video|audio|playlist)\b[^\]]*\](?:.*?\[/\1\])?", re.IGNORECASE | re.DOTALL)


def paragraphs(text: str) -> str:
    """WordPress's wpautop, the part that matters: blank lines separate paragraphs, a single
    newline is a line break. Text that already has paragraph tags is left alone."""
    if _HAS_PARAGRAPHS.search(text):
        return text
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    return "\n".join(block if _BLOCK_START.match(block) else "<p>" + block.replace("\n", "<br>\n") + "</p>"
                     for block in blocks)


def captions_to_figures(text: str) -> str:
    """[caption …]<img …> Words[/caption] → <figure><img …><figcaption>Words</figcaption></figure>."""
    def figure(match: re.Match) -> str:
        attributes, inner = match.group(1), match.group(2)
        image = _IMAGE_TAG.search(inner)
        if image is None:
            return inner
        words = (inner[:image.start()] + inner[image.end():]).strip()
        if not words:
            named = _CAPTION_ATTRIBUTE.search(attributes)
            words = html.escape(named.group(2)) if named else ""
        img = re.search(r"<img\b[^>]*>", image.group(0), re.IGNORECASE).group(0)
        return f"<figure>{img}<figcaption>{words}</figcaption></figure>" if words else f"<figure>{img}</figure>"
    return _CAPTION.sub(figure, text)


def dropped_shortcodes(text: str) -> tuple[str, list[str]]:
    """Text without the WordPress shortcodes no static page can show, and their names."""
    names = [match.group(1).lower() for match in _SHORTCODE.finditer(text)]
    return _SHORTCODE.sub("", text), names


def body_from_html(text: str, debris: tuple[str, ...]) -> lxml_html.HtmlElement:
    """A <div> holding the fragment, tidied like a saved page's body."""
    try:
        body = lxml_html.fragment_fromstring(text or "<p></p>", create_parent="div")
    except (etree.ParserError, ValueError):
        body = lxml_html.fragment_fromstring("<p></p>", create_parent="div")
        body[0].text = text
    clean_body(body, debris)
    return body
