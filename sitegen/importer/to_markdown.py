"""An article body (HTML) as the Markdown editors write: markdownify, taught our conventions.

- a `<figure>` is a captioned photo: `![alt](anh.jpg "caption")` alone in its paragraph;
- nested lists are indented four spaces, as Python-Markdown wants them;
- a paragraph that starts like Markdown ("1. ", "- ", "# ") stays a paragraph;
- every photo and link address goes through the caller's `rewrite`, which
  copies the file or points the link at the imported page (None: the photo
  is left out, the link's words kept).

markdownify (MIT) was chosen over html2text (GPL-3): see docs/importer.md.
"""

from __future__ import annotations

import re
from typing import Callable

from markdownify import ATX, MarkdownConverter

IMAGE, LINK = "image", "link"
Rewrite = Callable[[str, str], "str | None"]  # (address, IMAGE or LINK) → new address or None

_MARKDOWN_START = re.compile(r"^(\s*)(\d+)\.(\s)|^(\s*)([-+*#>])(\s|$)", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")


class _ArticleConverter(MarkdownConverter):
    def __init__(self, rewrite: Rewrite, **options):
        super().__init__(heading_style=ATX, bullets="-", table_infer_header=True, escape_misc=False,
                         strong_em_symbol="*", bs4_options="lxml", **options)
        self.rewrite = rewrite

    def convert_a(self, el, text, parent_tags):
        href = (el.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")):
            new = self.rewrite(href, LINK)
            if new is None:
                return text
            el["href"] = new
        elif href.startswith("javascript:"):
            return text
        if el.get("title"):
            del el["title"]  # portals repeat the link's words there; the build shows none
        return super().convert_a(el, text, parent_tags)

    def convert_img(self, el, text, parent_tags):
        if el.parent is not None and el.parent.name == "figure":
            return ""  # convert_figure writes it, with its caption
        src = self.rewrite((el.get("src") or "").strip(), IMAGE) if el.get("src") else None
        if not src:
            return ""
        return _image(el.get("alt") or "", src, el.get("title") or "")

    def convert_figure(self, el, text, parent_tags):
        image = el.find("img")
        if image is None:
            return text
        caption_element = el.find("figcaption")
        caption = " ".join(caption_element.get_text(" ").split()) if caption_element is not None else ""
        src = self.rewrite((image.get("src") or "").strip(), IMAGE) if image.get("src") else None
        if not src:
            return f"\n\n{_escape_start(caption)}\n\n" if caption else ""
        return "\n\n" + _image(image.get("alt") or "", src, caption or image.get("title") or "") + "\n\n"

    def convert_p(self, el, text, parent_tags):
        return _escape_start(super().convert_p(el, text, parent_tags))

    def convert_li(self, el, text, parent_tags):
        # Python-Markdown wants what belongs to an item (a nested list, a second paragraph) four
        # spaces in; markdownify indents it by the bullet's width ("- " is two).
        converted = super().convert_li(el, text, parent_tags)
        marker = re.match(r"^(\d+\.|-) ", converted)
        if not marker:
            return converted
        width = len(marker.group(0))
        lines = converted.split("\n")
        lines[1:] = [" " * max(4 - width, 0) + line if line.startswith(" " * width) else line for line in lines[1:]]
        return "\n".join(lines)


def _image(alt: str, src: str, caption: str) -> str:
    alt = " ".join(alt.split()).replace("[", "(").replace("]", ")")
    caption = " ".join(caption.split())
    if not caption:
        return f"![{alt}]({src})"
    quote = '"' if '"' not in caption else "'"
    if quote in caption:
        caption = caption.replace('"', "”")
        quote = '"'
    return f"![{alt}]({src} {quote}{caption}{quote})"


def _escape_start(text: str) -> str:
    """"1. Mục tiêu" written as a paragraph must not become a numbered list."""
    def escape(match: re.Match) -> str:
        if match.group(2) is not None:
            return f"{match.group(1)}{match.group(2)}\\.{match.group(3)}"
        return f"{match.group(4)}\\{match.group(5)}{match.group(6)}"
    return _MARKDOWN_START.sub(escape, text)


def to_markdown(body_html: str, rewrite: Rewrite) -> str:
    """Markdown for an article body; lines end without spaces but the hard breaks, one blank line between blocks."""
    markdown = _ArticleConverter(rewrite).convert(body_html)
    lines = [line if line.endswith("  ") and line.strip() else line.rstrip() for line in markdown.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"
