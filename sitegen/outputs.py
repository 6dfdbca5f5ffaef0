"""Files other than HTML pages, built from the model (never by scraping HTML): sitemap, robots.txt.

XML is produced with ElementTree, so it is always well-formed and escaped.
"""

from __future__ import annotations

from xml.etree import ElementTree

from .model import SiteModel
from .pages import PageSpec

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _xml_bytes(root: ElementTree.Element) -> bytes:
    ElementTree.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="utf-8") + b"\n"


def page_lastmod(model: SiteModel) -> dict[str, str]:
    """Site-relative URL → last modification date (ISO), for articles and static pages."""
    lastmod = {}
    for article in model.articles:
        lastmod[article.url] = (article.updated or article.date).isoformat()
    for page in model.pages:
        if page.updated:
            lastmod[page.url] = page.updated.isoformat()
    if model.articles:
        lastmod[""] = max(a.updated or a.date for a in model.articles).isoformat()
    return lastmod


def sitemap_xml(model: SiteModel, specs: list[PageSpec]) -> bytes:
    """sitemap.xml listing every published page (not the 404 page)."""
    ElementTree.register_namespace("", SITEMAP_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    lastmod = page_lastmod(model)
    for spec in sorted(specs, key=lambda s: s.url):
        if spec.url == "404.html":
            continue
        entry = ElementTree.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = model.config.site.base_url + spec.url
        if spec.url in lastmod:
            ElementTree.SubElement(entry, f"{{{SITEMAP_NS}}}lastmod").text = lastmod[spec.url]
    return _xml_bytes(root)


def robots_txt(model: SiteModel) -> bytes:
    """robots.txt allowing everything and pointing to the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {model.config.site.base_url}sitemap.xml\n".encode()
