"""RSS 2.0 and Atom feeds for the whole site and for each category, built from the model.

The latest `site.feed_items` articles, with absolute URLs, dates in the
site's offset (+07:00) and the summary. XML is produced with ElementTree, so
it is always well-formed and escaped. Nothing depends on the clock: a feed's
own date is its newest article's, so two builds give the same bytes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.etree import ElementTree

from ..source.config import Category
from ..site.model import Article, SiteModel
from ..site.register import REGISTER_PATH

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
RSS_NAME = "rss.xml"
ATOM_NAME = "atom.xml"
GENERATOR = "sitegen"


@dataclass(frozen=True)
class Feed:
    """One list of articles to publish as RSS and Atom, under `folder` ("" or "tin-tuc/")."""

    folder: str
    title: str
    description: str
    page_url: str                 # the HTML page the feed mirrors, site-relative
    articles: tuple[Article, ...]

    @property
    def rss_path(self) -> str:
        return self.folder + RSS_NAME

    @property
    def atom_path(self) -> str:
        return self.folder + ATOM_NAME


def site_feeds(model: SiteModel) -> list[Feed]:
    """The site-wide feed, then one per category (in site.toml's order), then the register's new documents."""
    site, limit = model.config.site, model.config.site.feed_items
    feeds = [Feed("", site.name, site.tagline or site.name, "", model.articles[:limit])]
    for category in model.config.categories:
        feeds.append(category_feed(model, category))
    if model.register.documents:
        # A document is an entry like an article: its title ("Quyết định số …"), the trích yếu as
        # summary, its type as category, its issuer as author.
        feeds.append(Feed(f"{REGISTER_PATH}/", f"Văn bản – {site.name}",
                          f"Văn bản mới ban hành của {model.config.agency.name}", f"{REGISTER_PATH}/",
                          model.register.documents[:limit]))
    return feeds


def category_feed(model: SiteModel, category: Category) -> Feed:
    site = model.config.site
    return Feed(f"{category.slug}/", f"{category.name} – {site.name}", category.description or category.name,
                f"{category.slug}/", model.by_category[category.slug][: site.feed_items])


def feed_inputs(model: SiteModel) -> tuple:
    """Everything the feed files are made of: the config, each feed's articles, and the site's
    newest change (an empty category's feed dates itself by it). Not the whole model: an edit to
    an article no feed lists leaves them alone, and hashing 10,000 articles' neighbours and
    related lists took 0.15 s of every build."""
    newest = max((_updated(a) for a in model.articles), default=None)
    return model.config, site_feeds(model), newest


def feed_files(model: SiteModel) -> dict[str, bytes]:
    """Every feed file: site-relative path → bytes."""
    files = {}
    for feed in site_feeds(model):
        files[feed.rss_path] = rss_xml(model, feed)
        files[feed.atom_path] = atom_xml(model, feed)
    return files


def _updated(article: Article) -> datetime:
    return article.updated or article.date


def _feed_updated(model: SiteModel, feed: Feed) -> datetime:
    """The newest change in the feed; an empty feed takes the site's newest (or the epoch)."""
    articles = feed.articles or model.articles
    if articles:
        return max(_updated(a) for a in articles)
    return datetime.fromtimestamp(0, tz=model.config.site.tz)


def _xml_bytes(root: ElementTree.Element) -> bytes:
    ElementTree.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="utf-8") + b"\n"


def _sub(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def as_html_text(plain: str) -> str:
    """Plain text for an RSS <description>, which feed readers read as HTML: a summary that
    mentions `<script>` must show those characters, not become markup. (Atom's <summary> is typed
    as text and stays plain.)"""
    return html.escape(plain, quote=False)


def rss_xml(model: SiteModel, feed: Feed) -> bytes:
    """RSS 2.0 with dc:creator for authors (RSS's own <author> must be an email address)."""
    ElementTree.register_namespace("atom", ATOM_NS)
    ElementTree.register_namespace("dc", DC_NS)
    base_url, site = model.config.site.base_url, model.config.site
    root = ElementTree.Element("rss", {"version": "2.0"})
    channel = _sub(root, "channel")
    _sub(channel, "title", feed.title)
    _sub(channel, "link", base_url + feed.page_url)
    _sub(channel, "description", as_html_text(feed.description))
    _sub(channel, "language", site.language)
    _sub(channel, "copyright", model.config.agency.copyright or model.config.agency.name)
    _sub(channel, "lastBuildDate", format_datetime(_feed_updated(model, feed)))
    _sub(channel, "generator", GENERATOR)
    _sub(channel, f"{{{ATOM_NS}}}link", href=base_url + feed.rss_path, rel="self", type="application/rss+xml")
    for article in feed.articles:
        url = base_url + article.url
        item = _sub(channel, "item")
        _sub(item, "title", article.title)
        _sub(item, "link", url)
        _sub(item, "guid", url, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(article.date))
        _sub(item, "description", as_html_text(article.summary))
        _sub(item, "category", article.category.name)
        if article.author:
            _sub(item, f"{{{DC_NS}}}creator", article.author)
    return _xml_bytes(root)


def atom_xml(model: SiteModel, feed: Feed) -> bytes:
    """Atom 1.0 (RFC 4287): ids are the pages' absolute URLs; the agency is the feed's author."""
    ElementTree.register_namespace("", ATOM_NS)
    base_url, site = model.config.site.base_url, model.config.site

    def tag(name: str) -> str:
        return f"{{{ATOM_NS}}}{name}"

    root = ElementTree.Element(tag("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": site.language})
    _sub(root, tag("id"), base_url + feed.atom_path)
    _sub(root, tag("title"), feed.title)
    _sub(root, tag("subtitle"), feed.description)
    _sub(root, tag("updated"), _feed_updated(model, feed).isoformat())
    _sub(root, tag("link"), href=base_url + feed.atom_path, rel="self", type="application/atom+xml")
    _sub(root, tag("link"), href=base_url + feed.page_url, rel="alternate", type="text/html")
    author = _sub(root, tag("author"))
    _sub(author, tag("name"), model.config.agency.name)
    _sub(root, tag("generator"), GENERATOR)
    if model.config.agency.copyright:
        _sub(root, tag("rights"), model.config.agency.copyright)
    for article in feed.articles:
        url = base_url + article.url
        entry = _sub(root, tag("entry"))
        _sub(entry, tag("id"), url)
        _sub(entry, tag("title"), article.title)
        _sub(entry, tag("link"), href=url, rel="alternate", type="text/html")
        _sub(entry, tag("published"), article.date.isoformat())
        _sub(entry, tag("updated"), _updated(article).isoformat())
        if article.author:
            _sub(_sub(entry, tag("author")), tag("name"), article.author)
        _sub(entry, tag("category"), term=article.category.slug, label=article.category.name)
        _sub(entry, tag("summary"), article.summary)
    return _xml_bytes(root)
