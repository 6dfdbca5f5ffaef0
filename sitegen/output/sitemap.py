"""Files other than HTML pages, built from the model (never by scraping HTML): sitemap, robots.txt.

XML is produced with ElementTree, so it is always well-formed and escaped.
Feeds live in feeds.py and the search index in search_index.py.
"""

from __future__ import annotations

from xml.etree import ElementTree

from ..site.model import SiteModel
from ..site.pages import PageSpec
from ..site.register import REGISTER_PATH
from ..site.search_plan import BUNDLE_DIR, SEARCH_PATH

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Pages that are not content: the 404 page and the search page (its results are not crawlable).
NOT_IN_SITEMAP = ("404.html", f"{SEARCH_PATH}/")


def _xml_bytes(root: ElementTree.Element) -> bytes:
    ElementTree.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="utf-8") + b"\n"


def page_lastmod(model: SiteModel) -> dict[str, str]:
    """Site-relative URL → last modification date (ISO): articles, static pages, home, category lists,
    the register and its documents (their day of issue)."""
    lastmod = {}
    for article in model.articles:
        lastmod[article.url] = (article.updated or article.date).isoformat()
    for page in model.pages:
        if page.updated:
            lastmod[page.url] = page.updated.isoformat()
    if model.articles:
        lastmod[""] = max(a.updated or a.date for a in model.articles).isoformat()
    for slug, articles in model.by_category.items():
        if articles:
            lastmod[f"{slug}/"] = max(a.updated or a.date for a in articles).isoformat()
    for document in model.register.documents:  # newest first: the register's date is its newest document's
        lastmod.setdefault(f"{REGISTER_PATH}/", document.issued.isoformat())
        lastmod[document.url] = document.issued.isoformat()
    return lastmod


def sitemap_xml(model: SiteModel, specs: list[PageSpec]) -> bytes:
    """sitemap.xml listing every published page, with absolute URLs (base path included)."""
    ElementTree.register_namespace("", SITEMAP_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    lastmod = page_lastmod(model)
    for spec in sorted(specs, key=lambda s: s.url):
        if spec.url in NOT_IN_SITEMAP:
            continue
        entry = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = model.config.site.base_url + spec.url
        if spec.url in lastmod:
            ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = lastmod[spec.url]
    return _xml_bytes(root)


def robots_txt(model: SiteModel) -> bytes:
    """robots.txt: crawl everything but the search bundle, and find the sitemap.

    Crawlers read robots.txt only at the root of a host. When the site lives at
    a sub-path (base_url "https://host/hongngu/"), the file is still written
    (it documents the rules, with the sub-path in them) and says, in a comment,
    that its lines belong in the host's own /robots.txt.
    """
    site = model.config.site
    lines = []
    if site.base_path != "/":
        lines += [f"# Trang này nằm ở {site.base_path} chứ không ở gốc tên miền: máy tìm kiếm chỉ đọc",
                  f"# {site.origin}/robots.txt. Chép các dòng dưới đây vào tệp đó.",
                  "# (robots.txt only counts at the host root: copy these lines into it.)"]
    lines += ["User-agent: *",
              f"Disallow: {site.base_path}{BUNDLE_DIR}/",
              f"Allow: {site.base_path}",
              "",
              f"Sitemap: {site.base_url}sitemap.xml"]
    return ("\n".join(lines) + "\n").encode("utf-8")
