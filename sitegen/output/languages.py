"""What the templates need to show a page in either language: the interface words (`ui`), the
language (`lang`), and for English pages the site's and agency's details in English.

A page in the site's own language is rendered with the globals below; an English page's view
data says `lang: "en"`, and render_page puts `in_language["en"]` (English `site`, `agency`,
`ui`, Open Graph locale) before it.
"""

from __future__ import annotations

from typing import Any

from ..site.organisation_pages import ENGLISH_CONTACT, ENGLISH_HOME, ENGLISH_ORGANISATION, ORGANISATION_PATH
from ..source.config import Config
from ..source.organisation import english_config
from ..text.interface import ENGLISH, interface_strings
from .metadata import og_locale
from .organisation_ld import organisation_ld


def language_globals(config: Config) -> dict[str, Any]:
    english = english_config(config)
    return {
        "lang": config.site.language,
        "ui": interface_strings(config.site.language),
        "english_pages": config.english_pages,
        # Each language's first page: the English one is About, when there is one.
        "home_url": {config.site.language: "", ENGLISH: ENGLISH_HOME if config.english_pages else ""},
        "organisation_url": {config.site.language: ORGANISATION_PATH, ENGLISH: ENGLISH_ORGANISATION},
        "contact_url": ENGLISH_CONTACT,
        "organisation_ld": organisation_ld,
        "in_language": {ENGLISH: {"site": english.site, "agency": english.agency, "ui": interface_strings(ENGLISH),
                                  "og_locale": og_locale(ENGLISH)}},
    }
