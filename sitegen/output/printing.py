"""Pure: give an article body's root-relative links their full address for paper.

print.css writes a link's address after its text (`attr(data-print-url)`); on paper
"/thong-bao/x/" means nothing without the site's host, so root-relative links carry
the absolute address in `data-print-url`. External links print their own `href`.
"""

from __future__ import annotations

import html
import re

# The body is nh3's output: every attribute is double-quoted and escaped, so this match is exact.
_ROOT_RELATIVE_LINK = re.compile(r'<a\b([^>]*?)\shref="(/(?!/)[^"]*)"')


def add_print_urls(body_html: str, origin: str) -> str:
    """'<a href="/x/">' → '<a href="/x/" data-print-url="https://host/x/">' (origin without a slash)."""
    def annotate(match: re.Match) -> str:
        attributes, href = match.group(1), match.group(2)
        full = html.escape(origin.rstrip("/") + html.unescape(href), quote=True)
        return f'<a{attributes} href="{href}" data-print-url="{full}"'

    return _ROOT_RELATIVE_LINK.sub(annotate, body_html)
