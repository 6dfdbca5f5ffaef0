"""Pure: the site model → the list of pages to render, each with its template and view data.

This is where URLs meet templates: home, articles, static pages, category,
tag and archive listings (paginated), and the 404 page. Two pages claiming
one URL is an error naming both sources.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from math import ceil
from typing import Any

from ..source.config import CONFIG_NAME
from ..common.errors import Problems
from .organisation_pages import organisation_pages, static_page_context
from .model import ARCHIVE_PATH, PAGE_SEGMENT, TAGS_PATH, Article, Month, SiteModel
from .search_plan import SEARCH_PATH, shard_keys

RESERVED_ORIGIN = "trang do hệ thống tạo"  # "a page the generator makes", in collision messages


@dataclass(frozen=True)
class PageSpec:
    """One HTML page to render: where it goes, with which template and data."""

    url: str                 # site-relative: "" (home), "tin-tuc/", "404.html"
    template: str
    context: dict[str, Any]
    origin: str              # the source file, or a description of a generated page

    @functools.cached_property  # read five times a page in a build (plan, collisions, fingerprints…)
    def output_path(self) -> str:
        """Pretty URLs: "tin-tuc/" → "tin-tuc/index.html"."""
        return self.url + "index.html" if self.url == "" or self.url.endswith("/") else self.url


@dataclass(frozen=True)
class Pagination:
    """One page of a listing. Its URLs and numbered links are worked out when a template reads
    them: kept for 5,600 listing pages at 10,000 articles, they were 12 MB of small dicts, and
    hashing them into every listing's fingerprint took time too."""

    articles: tuple
    number: int
    count: int
    base_url: str  # the listing's first page: "tin-tuc/"

    def url_of(self, number: int) -> str:
        return self.base_url if number == 1 else f"{self.base_url}{PAGE_SEGMENT}-{number}/"

    @property
    def url(self) -> str:
        return self.url_of(self.number)

    @property
    def previous_url(self) -> str | None:
        return self.url_of(self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url_of(self.number + 1) if self.number < self.count else None

    @property
    def links(self) -> list[dict[str, Any]]:
        """Numbered links: first, last and two either side of this page; None marks a gap ("…")."""
        wanted = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        links: list[dict[str, Any]] = []
        for number in wanted:
            if links and number - links[-1]["number"] > 1:
                links.append({"number": None, "url": None, "current": False})
            links.append({"number": number, "url": self.url_of(number), "current": number == self.number})
        return links


def paginate(items: tuple, per_page: int, base_url: str) -> list[Pagination]:
    """Split items into pages: base_url, base_url/trang-2/, …"""
    count = max(1, ceil(len(items) / per_page))
    return [Pagination(items[(number - 1) * per_page: number * per_page], number, count, base_url)
            for number in range(1, count + 1)]


def home_articles(model: SiteModel) -> list[Article]:
    """Featured (and weighted) articles first, then the latest."""
    site = model.config.site
    promoted = sorted((a for a in model.articles if a.featured or a.weight > 0),
                      key=lambda a: (-a.weight, -a.date.timestamp(), a.url))
    rest = [a for a in model.articles if not (a.featured or a.weight > 0)]
    return (promoted + rest)[: site.home_latest]


def plan_pages(model: SiteModel) -> tuple[list[PageSpec], Problems]:
    """Every HTML page of the site, and an error for each URL claimed twice."""
    site = model.config.site
    per_page = site.articles_per_page
    specs: list[PageSpec] = []

    sections = [{"category": c, "articles": model.by_category[c.slug][: site.home_per_category],
                 "count": len(model.by_category[c.slug])} for c in model.config.categories]
    latest_documents = model.register.documents[: model.config.documents.home_latest]
    specs.append(PageSpec("", "home.html", {"latest": home_articles(model), "sections": sections,
                                            "documents": latest_documents},
                          RESERVED_ORIGIN + " (trang chủ)"))

    for article in model.articles:
        newer, older = model.neighbours.get(article.url, (None, None))
        specs.append(PageSpec(article.url, "article.html",
                              {"article": article, "newer": newer, "older": older,
                               "related": model.related.get(article.url, ())}, article.source))

    for page in model.pages:
        specs.append(PageSpec(page.url, "page.html", static_page_context(model, {"page": page}), page.source))
    specs.extend(PageSpec(url, template, context, f"{RESERVED_ORIGIN} ({what})")
                 for url, template, context, what in organisation_pages(model))

    for category in model.config.categories:
        origin = f"{RESERVED_ORIGIN} (chuyên mục {category.name})"
        for listing in paginate(model.by_category[category.slug], per_page, f"{category.slug}/"):
            specs.append(PageSpec(listing.url, "category.html",
                                  {"category": category, "pagination": listing}, origin))

    specs.append(PageSpec(f"{TAGS_PATH}/", "tags.html",
                          {"tags": [{"tag": tag, "count": len(items)} for tag, items in model.by_tag.items()]},
                          RESERVED_ORIGIN + " (danh sách từ khóa)"))
    for tag, items in model.by_tag.items():
        for listing in paginate(items, per_page, tag.url):
            specs.append(PageSpec(listing.url, "tag.html", {"tag": tag, "pagination": listing},
                                  f"{RESERVED_ORIGIN} (từ khóa {tag.name})"))

    # Archive pages name months by their headings (number and link), not with their articles:
    # a page is re-rendered when what its view data holds changes.
    months_by_year: dict[int, list[Month]] = {}
    for month in model.months:
        months_by_year.setdefault(month.year, []).append(month)
    year_entries = [{"year": year, "url": f"{ARCHIVE_PATH}/{year}/",
                     "months": [{"month": month.heading, "count": len(month.articles)} for month in months],
                     "count": sum(len(month.articles) for month in months)}
                    for year, months in months_by_year.items()]
    specs.append(PageSpec(f"{ARCHIVE_PATH}/", "archive.html", {"years": year_entries},
                          RESERVED_ORIGIN + " (lưu trữ)"))
    for entry, months in zip(year_entries, months_by_year.values()):
        # Months are newest first and so are their articles: the year's list is newest first too.
        articles = tuple(article for month in months for article in month.articles)
        for listing in paginate(articles, per_page, entry["url"]):
            specs.append(PageSpec(listing.url, "year.html", {"year": entry, "pagination": listing},
                                  f"{RESERVED_ORIGIN} (lưu trữ năm {entry['year']})"))
    for month in model.months:
        for listing in paginate(month.articles, per_page, month.url):
            specs.append(PageSpec(listing.url, "month.html", {"month": month.heading, "pagination": listing},
                                  f"{RESERVED_ORIGIN} (lưu trữ {month.month}/{month.year})"))

    from .register_pages import register_pages  # it builds on PageSpec and paginate, defined here
    specs.extend(register_pages(model))
    # A bundle per year, newest first; none when nothing is published (Pagefind refuses an empty index).
    specs.append(PageSpec(f"{SEARCH_PATH}/", "search.html", {"search_bundles": shard_keys(model),
                                                             "has_documents": bool(model.register.documents)},
                          RESERVED_ORIGIN + " (tìm kiếm)"))
    specs.append(PageSpec("404.html", "404.html", {}, RESERVED_ORIGIN + " (trang 404)"))
    problems = find_url_collisions(specs)
    problems.extend(find_future_collisions(specs, model.held_back.urls))
    problems.extend(find_broken_menu_links(model, specs))
    return specs, problems


def find_url_collisions(specs: list[PageSpec]) -> Problems:
    """An error for every URL claimed by two pages, naming both."""
    problems = Problems()
    owners: dict[str, PageSpec] = {}
    for spec in specs:
        first = owners.setdefault(spec.output_path, spec)
        if first is not spec:
            blame, other = (spec, first) if not spec.origin.startswith(RESERVED_ORIGIN) else (first, spec)
            problems.error(blame.origin, 0 if blame.origin.startswith(RESERVED_ORIGIN) else 1,
                           f"địa chỉ /{spec.url} bị trùng với {other.origin}.",
                           "Đổi tiêu đề hoặc thêm dòng slug: … khác trong phần đầu bài.")
    return problems


def find_future_collisions(specs: list[PageSpec], held_back_urls: tuple[tuple[str, str], ...]) -> Problems:
    """A warning for each draft or scheduled article whose URL is already taken.

    Not an error, so a draft never blocks today's build; but said now, because on the
    morning a scheduled article goes live the collision would stop the build.
    """
    problems = Problems()
    owners = {spec.output_path: spec.origin for spec in specs}
    for url, source in held_back_urls:
        output_path = PageSpec(url, "", {}, source).output_path
        other = owners.setdefault(output_path, source)
        if other != source:
            problems.warning(source, 1, f"khi được đăng, bài này sẽ trùng địa chỉ /{url} với {other}.",
                             "Thêm dòng slug: … khác vào phần đầu bài.", code="future-collision")
    return problems


def find_broken_menu_links(model: SiteModel, specs: list[PageSpec]) -> Problems:
    """A warning for each menu item pointing at a page of this site that does not exist:
    it would be a broken link on every page (say, after a category was renamed)."""
    problems = Problems()
    pages = {spec.url for spec in specs}
    for item in model.config.menu:
        url = item.url
        if not url.startswith("/") or url.startswith("//"):
            continue  # another site, mailto:, tel:
        path = url.split("#")[0].split("?")[0].lstrip("/")
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if path not in pages and "." not in last:  # "rss.xml" and other files are not pages
            problems.warning(CONFIG_NAME, 0, f"mục menu \"{item.title}\" trỏ tới {url} nhưng trang không có địa chỉ này.",
                             "Sửa url của mục này trong [[menu]], hoặc tạo chuyên mục/trang có địa chỉ đó.",
                             code="broken-menu-link")
    return problems
