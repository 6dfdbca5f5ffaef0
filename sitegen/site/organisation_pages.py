"""Pure: the organisation's pages in both languages, and which pages translate each other.

Vietnamese: "Cơ cấu tổ chức" (`co-cau-to-chuc/`); the static pages with
`layout: contact` and `layout: about` (content/trang/) show the same data.
English, under `en/`: About (`en/`), Organisation and Contact, made from the
English view of `to-chuc.toml`, and the pages written in `content/en/`.

A page's view data says its language (`lang`, when not the site's own) and
the address of its translation (`translation`): base.html turns these into
`lang`, the interface words, `hreflang` alternates and the language switch.
English pages carry their menu in their view data, so a new English page's
title re-renders the English pages alone.
"""

from __future__ import annotations

from typing import Any

from ..source.config import MenuItem
from ..source.content import is_english_source
from ..text.interface import ENGLISH, ENGLISH_FOLDER, interface_strings
from .model import SiteModel

ORGANISATION_PATH = "co-cau-to-chuc/"
ENGLISH_HOME = f"{ENGLISH_FOLDER}/"                    # the English About page
ENGLISH_ORGANISATION = f"{ENGLISH_FOLDER}/organisation/"
ENGLISH_CONTACT = f"{ENGLISH_FOLDER}/contact/"
ABOUT_LAYOUT = "about"
CONTACT_LAYOUT = "contact"


def organisation_pages(model: SiteModel) -> list[tuple[str, str, dict[str, Any], str]]:
    """(url, template, view data, what it is) of each page made from `to-chuc.toml`; none without it."""
    organisation = model.organisation
    if organisation is None:
        return []
    english = {"lang": ENGLISH, "menu": english_menu(model)}
    return [
        (ORGANISATION_PATH, "organisation.html",
         {"organisation": organisation.vietnamese, "translation": ENGLISH_ORGANISATION}, "cơ cấu tổ chức"),
        (ENGLISH_HOME, "about.html",
         {**english, "organisation": organisation.english, "translation": _vietnamese_url(model, ABOUT_LAYOUT),
          "more_pages": _english_static_pages(model)}, "giới thiệu bằng tiếng Anh"),
        (ENGLISH_ORGANISATION, "organisation.html",
         {**english, "organisation": organisation.english, "translation": ORGANISATION_PATH},
         "cơ cấu tổ chức bằng tiếng Anh"),
        (ENGLISH_CONTACT, "contact.html",
         {**english, "organisation": organisation.english, "translation": _vietnamese_url(model, CONTACT_LAYOUT)},
         "liên hệ bằng tiếng Anh"),
    ]


def static_page_context(model: SiteModel, context: dict[str, Any]) -> dict[str, Any]:
    """A static page's view data with its language and translation: an English page (content/en/)
    gets the English interface and menu; the Vietnamese About and Contact pages show the
    organisation and name their English versions."""
    page = context["page"]
    if is_english_source(page.source):
        return {**context, "lang": ENGLISH, "menu": english_menu(model)}
    organisation = model.organisation
    if organisation is None or page.layout not in (ABOUT_LAYOUT, CONTACT_LAYOUT):
        return context
    if _vietnamese_url(model, page.layout) != page.url:
        return {**context, "organisation": organisation.vietnamese}  # a second page of that layout: no pair
    return {**context, "organisation": organisation.vietnamese,
            "translation": ENGLISH_HOME if page.layout == ABOUT_LAYOUT else ENGLISH_CONTACT}


def english_menu(model: SiteModel) -> tuple[MenuItem, ...]:
    """The English pages' menu: About, Organisation, Contact, then the pages of content/en/."""
    words = interface_strings(ENGLISH)
    items = []
    if model.organisation is not None:
        items = [MenuItem(words["about"], "/" + ENGLISH_HOME),
                 MenuItem(words["organisation"], "/" + ENGLISH_ORGANISATION),
                 MenuItem(words["contact"], "/" + ENGLISH_CONTACT)]
    return tuple(items) + tuple(MenuItem(page["title"], page["url"]) for page in _english_static_pages(model))


def _english_static_pages(model: SiteModel) -> tuple[dict[str, str], ...]:
    return tuple({"title": page.title, "url": "/" + page.url}
                 for page in model.pages if is_english_source(page.source))


def _vietnamese_url(model: SiteModel, layout: str) -> str | None:
    """The first Vietnamese static page of this layout (pages are in title order), if any."""
    return next((page.url for page in model.pages if page.layout == layout and not is_english_source(page.source)),
                None)
