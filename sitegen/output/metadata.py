"""Metadata for search engines and sharing: JSON-LD data, feed links, safe JSON for <script>.

Templates (partials/head-meta.html) call these as Jinja globals; the Open
Graph, Twitter card and Dublin Core tags themselves are plain template text.
JSON-LD is produced with json.dumps and then made safe inside a <script>
element: "<", ">" and "&" become \\u escapes, so a title containing
"</script>" or "<!--" cannot end the element or start a comment.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from ..source.config import Category, Config
from .feeds import ATOM_NAME, RSS_NAME
from .legislation import legislation_ld
from ..site.register import REGISTER_PATH
from ..site.model import Article
from ..site.search_plan import SEARCH_PATH

SCHEMA_CONTEXT = "https://schema.org"
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def json_ld(data: Any) -> Markup:
    """JSON text that is safe as the content of <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group(0)], text))


def og_locale(language: str) -> str:
    """"vi" → "vi_VN" (Open Graph wants language_TERRITORY)."""
    return _OG_LOCALES.get(language, language.replace("-", "_"))


def _absolute(base_url: str, path: str) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", path):
        return path
    return base_url + path.lstrip("/")


def organization(config: Config) -> dict[str, Any]:
    """The managing agency as a schema.org GovernmentOrganization; unset fields are left out."""
    agency, site = config.agency, config.site
    data: dict[str, Any] = {"@type": "GovernmentOrganization", "@id": site.base_url + "#don-vi",
                            "name": agency.name, "url": site.base_url}
    if agency.address:
        data["address"] = {"@type": "PostalAddress", "streetAddress": agency.address, "addressCountry": "VN"}
    for key, value in (("telephone", agency.phone), ("faxNumber", agency.fax), ("email", agency.email)):
        if value:
            data[key] = value
    return data


def metadata_globals(config: Config) -> dict[str, Any]:
    """The functions head-meta.html uses, bound to this site's config."""
    site = config.site

    def article_ld(article: Article) -> dict[str, Any]:
        """schema.org NewsArticle: headline, dates, author, publisher = the agency."""
        url = site.base_url + article.url
        data: dict[str, Any] = {
            "@context": SCHEMA_CONTEXT, "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url}, "url": url,
            "headline": article.title, "description": article.summary,
            "datePublished": article.date.isoformat(),
            "dateModified": (article.updated or article.date).isoformat(),
            "author": ({"@type": "Person", "name": article.author} if article.author
                       else {"@type": "GovernmentOrganization", "name": config.agency.name}),
            "publisher": organization(config),
            "inLanguage": site.language, "articleSection": article.category.name,
        }
        if article.tags:
            data["keywords"] = ", ".join(tag.name for tag in article.tags)
        if article.cover:
            data["image"] = [_absolute(site.base_url, article.cover.url)]
        return data

    def home_ld() -> dict[str, Any]:
        """schema.org WebSite (with its search) and the GovernmentOrganization that runs it."""
        website = {"@type": "WebSite", "@id": site.base_url + "#trang", "name": site.name, "url": site.base_url,
                   "inLanguage": site.language, "publisher": {"@id": site.base_url + "#don-vi"},
                   "potentialAction": {"@type": "SearchAction",
                                       "target": f"{site.base_url}{SEARCH_PATH}/?q={{search_term_string}}",
                                       "query-input": "required name=search_term_string"}}
        if site.tagline:
            website["description"] = site.tagline
        return {"@context": SCHEMA_CONTEXT, "@graph": [website, organization(config)]}

    def feed_links(category: Category | None = None) -> list[dict[str, str]]:
        """<link rel="alternate"> targets: the site's feeds, then the category's."""
        links = [{"title": f"{site.name} (RSS)", "type": "application/rss+xml", "href": site.base_url + RSS_NAME},
                 {"title": f"{site.name} (Atom)", "type": "application/atom+xml", "href": site.base_url + ATOM_NAME}]
        if category is not None:
            folder = f"{site.base_url}{category.slug}/"
            links += [{"title": f"{category.name} (RSS)", "type": "application/rss+xml", "href": folder + RSS_NAME},
                      {"title": f"{category.name} (Atom)", "type": "application/atom+xml",
                       "href": folder + ATOM_NAME}]
        return links

    return {"json_ld": json_ld, "article_ld": article_ld, "home_ld": home_ld, "feed_links": feed_links,
            "og_locale": og_locale(site.language),
            "legislation_ld": lambda document: legislation_ld(config, document, organization(config)),
            "register_feeds": Category(REGISTER_PATH, "Văn bản", "")}  # feed_links(register_feeds): van-ban/rss.xml
