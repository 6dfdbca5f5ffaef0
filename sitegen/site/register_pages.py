"""Pure: the register → its pages. /van-ban/ (every document, newest first, paginated), a listing
per type, issuer, field and year (/van-ban/loai/quyet-dinh/, …: the way through without
JavaScript), and a page per document (/van-ban/12-2024-qd-ubnd/).

View data holds what each page shows and no more: a listing names its own documents and the
facets' names and counts, so a document's edit re-renders the pages that list it, and a
status changing with the day re-renders the pages that show it (all of them show the day).
"""

from __future__ import annotations

from .model import SiteModel
from .register import FACET_LABELS, ISSUER_FACET, REGISTER_PATH, STATUS_FACET, TYPE_FACET, YEAR_FACET, FIELD_FACET
from .pages import RESERVED_ORIGIN, PageSpec, paginate

_HEADINGS = {TYPE_FACET: "{name}", ISSUER_FACET: "Văn bản của {name}", FIELD_FACET: "Văn bản lĩnh vực {name}",
             YEAR_FACET: "Văn bản năm {name}"}


def register_pages(model: SiteModel) -> list[PageSpec]:
    """Every page of the register; none when content/van-ban/ has no document at all."""
    register = model.register
    if not register.exists:
        return []
    per_page = model.config.documents.per_page
    origin = f"{RESERVED_ORIGIN} (văn bản)"
    shared = {"as_of": register.as_of, "register_facets": register.facets}
    specs = [PageSpec(listing.url, "register.html",
                      {**shared, "pagination": listing, "total": len(register.documents), "per_page": per_page},
                      origin)
             for listing in paginate(register.documents, per_page, f"{REGISTER_PATH}/")]
    for facet in register.facets:
        if facet.key == STATUS_FACET:  # changes with the day: filtered in place, no listing pages
            continue
        for option in facet.options:
            heading = _HEADINGS[facet.key].format(name=option.name)
            for listing in paginate(register.members[(facet.key, option.slug)], per_page, option.url):
                specs.append(PageSpec(listing.url, "register-listing.html",
                                      {**shared, "pagination": listing, "heading": heading, "option": option,
                                       "facet_key": facet.key},
                                      f"{origin[:-1]}: {FACET_LABELS[facet.key].lower()} {option.name})"))
    for document in register.documents:
        specs.append(PageSpec(document.url, "document.html", {"document": document, "as_of": register.as_of},
                              document.source))
    return specs
