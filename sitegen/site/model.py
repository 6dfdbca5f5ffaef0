"""Pure: documents + rendered bodies → the site (published, sorted, grouped, URLs assigned).

Everything here is a function from values to values. Costs stay linear in
the number of articles: grouping is done with dictionaries in one pass,
related articles look only at a bounded window of each tag's list.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from operator import attrgetter
from typing import Any

from ..source.config import Category, Config
from ..source.content import ARTICLE, OFFICIAL, Document, is_english_source
from ..source.organisation import OrganisationData
from ..source.markdown import PackedHtml, PackedText, RenderedBody, fill_media, pack
from ..media.media import Attachment, DocumentMedia, Picture
from ..incremental.memory import BuildMemory
from ..text.interface import ENGLISH_FOLDER
from ..text.vietnamese import slugify, sort_key
from .register import REGISTER_PATH, DocumentParts, Register, build_register

TAGS_PATH = "tu-khoa"
ARCHIVE_PATH = "luu-tru"
PAGE_SEGMENT = "trang"  # /tin-tuc/trang-2/
RELATED_WINDOW = 12     # neighbours looked at per shared tag: keeps related articles O(n)


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str

    @property
    def url(self) -> str:
        return f"{TAGS_PATH}/{self.slug}/"


@dataclass(frozen=True)
class Article(PackedText):
    """A published (or previewed) news article, with its URL and rendered body."""

    source: str
    url: str                 # site-relative, no leading slash: "tin-tuc/hoi-nghi/"
    title: str
    date: datetime
    updated: datetime | None
    category: Category
    tags: tuple[Tag, ...]
    author: str
    source_name: str
    summary: str
    image: str
    html_packed: bytes       # the body (markdown.PackedHtml: a fifth of its memory as str), read as `html`
    plain_packed: bytes      # ... and as `plain_text`
    draft: bool
    scheduled: bool          # dated in the future (shown only with --future)
    featured: bool
    weight: int
    digest: str              # of what html and plain_text are made from (content_digest)
    cover: Picture | None = None              # front matter `image`, published (cards, Open Graph)
    cover_in_body: bool = False               # the cover is one of the body's photos: not shown twice
    attachments: tuple[Attachment, ...] = ()  # front matter `attachments`, for the box under the article
    aliases: tuple[str, ...] = ()             # old addresses that redirect here (output/redirects.py)


@dataclass(frozen=True)
class StaticPage(PackedHtml):
    source: str
    url: str
    title: str
    summary: str
    html_packed: bytes       # as Article's
    layout: str
    image: str
    updated: datetime | None
    draft: bool
    digest: str              # as Article.digest
    cover: Picture | None = None
    attachments: tuple[Attachment, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeldBack:
    """What a build did not publish, so it can say so."""

    drafts: int = 0
    scheduled: tuple[datetime, ...] = ()
    urls: tuple[tuple[str, str], ...] = ()   # (url, source) each would take once published


@dataclass(frozen=True)
class MonthHeading:
    """A month as the archive pages show it: its name and link, not its articles. A page's
    fingerprint covers what its view data holds, so naming the whole Month re-rendered all of
    a year's archive pages (about 100 at 10,000 articles) when one article's text changed."""

    year: int
    month: int

    @property
    def url(self) -> str:
        return f"{ARCHIVE_PATH}/{self.year}/{self.month:02d}/"


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    articles: tuple[Article, ...]

    @property
    def url(self) -> str:
        return self.heading.url

    @property
    def heading(self) -> MonthHeading:
        return MonthHeading(self.year, self.month)


@dataclass(frozen=True)
class SiteModel:
    config: Config
    articles: tuple[Article, ...]                       # newest first
    pages: tuple[StaticPage, ...]
    by_category: dict[str, tuple[Article, ...]]          # category slug → articles, newest first
    by_tag: dict[Tag, tuple[Article, ...]]               # sorted by tag name, Vietnamese order
    months: tuple[Month, ...]                            # newest first
    neighbours: dict[str, tuple[Article | None, Article | None]] = field(default_factory=dict)  # newer, older
    held_back: HeldBack = HeldBack()
    organisation: OrganisationData | None = None        # to-chuc.toml, when there is one
    register: Register = Register()                      # the documents of content/van-ban/ (register.py)
    # What the last build worked out for related articles (cache.ValueStore), or None.
    related_memo: Any = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def related(self) -> dict[str, tuple[Article, ...]]:
        """Article URL → its related articles. Worked out when first read (when the pages are
        planned): a build starts indexing the search before that (0.4 s at 10,000 articles)."""
        return related_articles(self.articles, self.config.site.related_articles, self.related_memo)


def is_published(document: Document, now: datetime, include_drafts: bool = False,
                 include_future: bool = False) -> bool:
    """Drafts and future-dated documents wait, unless asked for (preview)."""
    return _shown(document, document.date is not None and document.date > now, include_drafts, include_future)


def _shown(document: Document, is_future: bool, include_drafts: bool, include_future: bool) -> bool:
    return (include_drafts or not document.draft) and (include_future or not is_future)


def build_model(config: Config, documents: list[Document], bodies: dict[str, RenderedBody], now: datetime,
                include_drafts: bool = False, include_future: bool = False,
                media: dict[str, DocumentMedia] | None = None, memory: BuildMemory | None = None,
                related_memo=None, register: Register | None = None, urls: dict[str, str] | None = None) -> SiteModel:
    """Decide what is published and group it. `bodies` maps a document's source to its HTML;
    `media` (from media.py) its photos and attachments, filled in; `memory` (the preview
    server's) gives back the articles of the last build that are made of the same parts;
    `register`, the register the last build made of the same documents (register_memo.py);
    `urls`, the addresses of the published documents when they are known already (by source)."""
    media = media or {}
    if memory is not None:
        memory.use_config(config)
    articles, pages, official_parts, official_held = [], [], [], []
    drafts, scheduled, held_urls = 0, [], []
    for document in documents:
        is_future = document.date is not None and document.date > now  # compared once: 15,000 cost 12 ms
        held = not _shown(document, is_future, include_drafts, include_future)
        if held:
            held_urls.append((document_url(config, document), document.source))
            if document.official is not None:
                official_held.append((document.source, document.official))
        if document.draft and not include_drafts:
            drafts += 1
            continue
        if is_future and not include_future:
            scheduled.append(document.date)
            continue
        if register is not None and document.kind == OFFICIAL:
            continue
        body = bodies[document.source]
        extra = media.get(document.source) or DocumentMedia(html=fill_media(body.html, {}) if body.media else None)
        if document.kind == ARTICLE:
            article = memory.article(document, body, extra, is_future) if memory is not None else None
            if article is None:
                article = make_article(config, document, body, is_future, extra, urls and urls.get(document.source))
                if memory is not None:
                    memory.remember_article(document, body, extra, is_future, article)
            articles.append(article)
        elif document.kind == OFFICIAL:
            official_parts.append(DocumentParts(
                source=document.source, url=document_url(config, document), fields=document.official,
                summary=document.summary, html_packed=published_html(body, extra), plain_packed=body.plain_packed,
                digest=content_digest(document, extra), files=extra.attachments, draft=document.draft,
                scheduled=is_future, moment=document.date))
        else:
            pages.append(StaticPage(source=document.source, url=document_url(config, document), title=document.title,
                                    summary=document.summary or body.summary, html_packed=published_html(body, extra),
                                    layout=document.layout, image=document.image, updated=document.updated,
                                    draft=document.draft, digest=content_digest(document, extra), cover=extra.cover,
                                    attachments=extra.attachments, aliases=document.aliases))
    articles = _newest_first(articles)
    pages.sort(key=lambda p: (sort_key(p.title), p.source))

    in_category: dict[str, list[Article]] = defaultdict(list)  # one pass, not one per category: 19 → 2 ms
    for article in articles:
        in_category[article.category.slug].append(article)
    by_category = {category.slug: tuple(in_category[category.slug]) for category in config.categories}
    return SiteModel(config=config, articles=tuple(articles), pages=tuple(pages), by_category=by_category,
                     by_tag=_group_by_tag(articles), months=_group_by_month(articles),
                     neighbours=_neighbours(by_category),
                     held_back=HeldBack(drafts=drafts, scheduled=tuple(sorted(scheduled)),
                                        urls=tuple(held_urls)),
                     register=register if register is not None else build_register(
                         official_parts, official_held, now.astimezone(config.site.tz).date(),
                         config.documents.types, config.documents.fields),
                     related_memo=related_memo)


def _newest_first(articles: list[Article]) -> list[Article]:
    """Newest first; articles of the same moment in Vietnamese title order, then by source.

    The title's collation key is only computed where two articles share a moment (it is the
    costliest part of the sort, and dates rarely tie)."""
    by_moment = sorted(articles, key=attrgetter("source"))
    by_moment.sort(key=attrgetter("date"), reverse=True)  # stable: equal moments stay in source order
    ordered = []
    for _moment, group in groupby(by_moment, key=attrgetter("date")):
        same_moment = list(group)
        if len(same_moment) > 1:
            same_moment.sort(key=lambda a: (sort_key(a.title), a.source))
        ordered += same_moment
    return ordered


def document_url(config: Config, document: Document) -> str:
    """Site-relative URL of an article (the permalink pattern), a document of the register
    ("van-ban/12-2024-qd-ubnd/") or a static page ("slug/")."""
    if document.kind == OFFICIAL:
        return f"{REGISTER_PATH}/{document.slug}/"
    if document.kind != ARTICLE:
        return f"{ENGLISH_FOLDER}/{document.slug}/" if is_english_source(document.source) else f"{document.slug}/"
    date = document.date
    path = config.site.permalink.format(category=document.category.slug, slug=document.slug,
                                        year=f"{date.year:04d}", month=f"{date.month:02d}", day=f"{date.day:02d}")
    return path.lstrip("/")


def content_digest(document: Document, extra: DocumentMedia) -> str:
    """What an article's or page's `html` and `plain_text` are made from, hashed: the fingerprints of
    pages skip those fields and trust this (cache.DERIVED_FROM_DIGEST). The source file's bytes, and
    the HTML of the photos and attachment links in its body: a photo replaced by one of another size
    changes the page, not the Markdown."""
    if not extra.inserted_digest:
        return document.digest
    return hashlib.blake2b(f"{document.digest}\0{extra.inserted_digest}".encode(), digest_size=16).hexdigest()


def published_html(body: RenderedBody, extra: DocumentMedia) -> bytes:
    """The body as published, photos and attachment links filled in (the body's own bytes, shared,
    when it has none)."""
    return body.html_packed if extra.html is None else pack(extra.html)


def make_article(config: Config, document: Document, body: RenderedBody, is_future: bool,
                  extra: DocumentMedia, url: str | None = None) -> Article:
    return Article(source=document.source, url=url or document_url(config, document), title=document.title,
                   date=document.date,
                   updated=document.updated, category=document.category,
                   tags=tuple(Tag(name, slugify(name)) for name in document.tags), author=document.author,
                   source_name=document.source_name, summary=document.summary or body.summary,
                   image=document.image, html_packed=published_html(body, extra), plain_packed=body.plain_packed,
                   draft=document.draft,
                   scheduled=is_future, featured=document.featured, weight=document.weight,
                   digest=content_digest(document, extra), cover=extra.cover, cover_in_body=extra.cover_in_body,
                   attachments=extra.attachments, aliases=document.aliases)


def _group_by_tag(articles: list[Article]) -> dict[Tag, tuple[Article, ...]]:
    """Tag → its articles. Tags with one slug but different spellings ("Ân Hữu", "ân hữu") merge
    under the most used spelling, ties going to the oldest, so a new article does not rename a tag."""
    groups: dict[str, list[Article]] = defaultdict(list)
    spellings: dict[str, dict[str, int]] = defaultdict(dict)  # slug → spelling → uses (oldest first)
    for article in articles:
        for tag in article.tags:
            groups[tag.slug].append(article)
    for article in reversed(articles):
        for tag in article.tags:
            uses = spellings[tag.slug]
            uses[tag.name] = uses.get(tag.name, 0) + 1
    names = {slug: max(uses, key=uses.__getitem__) for slug, uses in spellings.items()}
    ordered = sorted(groups, key=lambda slug: (sort_key(names[slug]), slug))
    return {Tag(names[slug], slug): tuple(groups[slug]) for slug in ordered}


def _group_by_month(articles: list[Article]) -> tuple[Month, ...]:
    groups: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        groups[(article.date.year, article.date.month)].append(article)
    return tuple(Month(year, month, tuple(groups[(year, month)])) for year, month in sorted(groups, reverse=True))


def _neighbours(by_category: dict[str, tuple[Article, ...]]) -> dict[str, tuple[Article | None, Article | None]]:
    """(newer, older) article in the same category, for "Tin sau" / "Tin trước" links."""
    result = {}
    for group in by_category.values():
        for index, article in enumerate(group):
            newer = group[index - 1] if index > 0 else None
            older = group[index + 1] if index + 1 < len(group) else None
            result[article.url] = (newer, older)
    return result


def related_articles(articles: tuple[Article, ...], limit: int, memo=None) -> dict[str, tuple[Article, ...]]:
    """`_related`, or, with a memo (`recall_or_make(inputs, make)`, cache.ValueStore), the last build's
    answer when no article was added, removed, moved in time or re-tagged: a text edit, a template
    or site.toml edit then skip the 0.26 s it takes at 10,000 articles."""
    if memo is None:
        return _related(articles, limit)
    inputs = (limit, RELATED_WINDOW,
              [(a.url, a.category.slug, [tag.slug for tag in a.tags], a.date.timestamp()) for a in articles])
    def positions() -> list[tuple[int, tuple[int, ...]]]:
        # Kept as positions in `articles` (which the inputs fix): small integers unpickle far faster
        # than the 60,000 addresses they stand for at 10,000 articles.
        position = {article.url: index for index, article in enumerate(articles)}
        return [(position[url], tuple(position[other.url] for other in others))
                for url, others in _related(articles, limit).items()]

    related = memo.recall_or_make(inputs, positions)
    return {articles[index].url: tuple(articles[other] for other in others) for index, others in related}


def _related(articles: tuple[Article, ...], limit: int) -> dict[str, tuple[Article, ...]]:
    """Articles sharing the most tags, nearest in time first; same-category neighbours fill the rest.

    Each tag's list is only looked at within RELATED_WINDOW positions of the
    article, so a tag on thousands of articles costs no more than a rare one.
    """
    if limit == 0:
        return {}
    position_in_tag: dict[str, dict[str, int]] = defaultdict(dict)
    tag_lists: dict[str, list[Article]] = defaultdict(list)
    category_lists: dict[str, list[Article]] = defaultdict(list)
    category_position: dict[str, int] = {}
    for article in articles:
        for tag in article.tags:
            position_in_tag[tag.slug][article.url] = len(tag_lists[tag.slug])
            tag_lists[tag.slug].append(article)
        category_position[article.url] = len(category_lists[article.category.slug])
        category_lists[article.category.slug].append(article)

    timestamps = {article.url: article.date.timestamp() for article in articles}
    by_url = {article.url: article for article in articles}
    related = {}
    for article in articles:
        shared: dict[str, int] = {}
        for tag in article.tags:
            members = tag_lists[tag.slug]
            here = position_in_tag[tag.slug][article.url]
            for other in members[max(0, here - RELATED_WINDOW): here + RELATED_WINDOW + 1]:
                shared[other.url] = shared.get(other.url, 0) + 1
        shared.pop(article.url, None)
        when = timestamps[article.url]
        # Most shared tags, then nearest in time, then URL: plain tuples sort fastest.
        ranked = sorted((-count, abs(timestamps[url] - when), url) for url, count in shared.items())
        chosen = [by_url[url] for _count, _distance, url in ranked[:limit]]
        if len(chosen) < limit:
            group = category_lists[article.category.slug]
            here = category_position[article.url]
            for other in group[max(0, here - limit): here + limit + 1]:
                if len(chosen) >= limit:
                    break
                if other.url != article.url and other not in chosen:
                    chosen.append(other)
        related[article.url] = tuple(chosen)
    return related
