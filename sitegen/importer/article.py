"""What every source hands the importer: one article found, or one page passed over."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from lxml import etree
from lxml import html as lxml_html

# Finds the bytes behind a photo or file address of the old site: (bytes, file name) or None.
MediaFetcher = Callable[[str], "tuple[bytes, str] | None"]


@dataclass
class FoundArticle:
    """An article as read from its source, before it becomes a bundle."""

    origin: str                    # where it was read, for messages: "mirror/host/-/slug.html", "feed.xml#3"
    url: str                       # its old address (absolute), "" when unknown
    title: str
    date: datetime | None
    date_text: str                 # as written in the source, for the message when unreadable
    body: str                      # the body's HTML, cleaned, links still as in the source (text: it
                                   # crosses processes, and an lxml tree is ten times larger)
    empty: bool                    # the body has neither words nor photos
    author: str = ""
    category: str = ""
    tags: tuple[str, ...] = ()
    summary: str = ""
    image: str = ""                # the featured photo's address, when the source names one
    image_chosen: bool = False     # True: an editor chose it (WordPress, a feed's enclosure); False: a
                                   # page's og:image, often the portal's logo, used only if the body shows it
    draft: bool = False
    is_page: bool = False          # a static page (content/trang/), not a dated article
    complete: bool = True          # False: a feed gave only the summary
    fetch: MediaFetcher | None = None
    extra_urls: tuple[str, ...] = ()  # other old addresses of the same article (WordPress ?p=12)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (what is wrong, what to do)


def body_fields(body: lxml_html.HtmlElement) -> dict:
    """FoundArticle's `body` and `empty` from a tidied body element."""
    return {"body": etree.tostring(body, encoding="unicode", method="html"),
            "empty": not body.text_content().strip() and not body.xpath(".//img")}


@dataclass(frozen=True)
class PassedOver:
    """A page that was not imported: not an article (counted), or an article that could not be."""

    origin: str
    reason: str            # Vietnamese, for the report
    hint: str = ""
    is_article: bool = False  # True: an article was lost (exit status 1)
