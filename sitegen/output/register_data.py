"""`van-ban/du-lieu.json`: what the register's filter (assets/js/register.js) filters, in one file.

Compact on purpose (a reader on a slow connection fetches it when they first filter): each
document is one array, and its type, issuer, fields and status are indexes into the facet
lists. At 5,000 documents this is about 1 MB, 170 KB gzip'd (bench/register_bench.py).

    {"base": "/", "date": "2026-12-05",
     "facets": {"loai": [["quyet-dinh", "Quyết định"], …], "co-quan": […], "linh-vuc": […], "tinh-trang": […]},
     "rows": [["van-ban/12-2024-qd-ubnd/", "12/2024/QĐ-UBND", "2024-03-05", "Ban hành …", 1, 0, [2, 5], 0], …]}
"""

from __future__ import annotations

import json

from ..site.model import SiteModel
from ..site.register import FIELD_FACET, ISSUER_FACET, REGISTER_PATH, STATUS_FACET, TYPE_FACET, Register
from ..text.vietnamese import slugify

REGISTER_DATA = f"{REGISTER_PATH}/du-lieu.json"
_INDEXED = (TYPE_FACET, ISSUER_FACET, FIELD_FACET, STATUS_FACET)


def register_data_inputs(model: SiteModel) -> tuple:
    """What the file is made of: the base path, the day, the facets and every listed field of each document."""
    register = model.register
    return (model.config.site.base_path, register.as_of, register.facets,
            [(d.url, d.number, d.issued, d.summary, d.type.slug, d.issuer.slug, [f.slug for f in d.fields], d.status)
             for d in register.documents])


def register_data(model: SiteModel) -> bytes:
    register: Register = model.register
    facets = {facet.key: [[option.slug, option.name] for option in facet.options]
              for facet in register.facets if facet.key in _INDEXED}
    position = {key: {slug: index for index, (slug, _name) in enumerate(options)} for key, options in facets.items()}
    rows = [[document.url, document.number, document.issued.isoformat(), document.summary,
             position[TYPE_FACET][document.type.slug], position[ISSUER_FACET][document.issuer.slug],
             [position[FIELD_FACET][field.slug] for field in document.fields],
             position[STATUS_FACET][slugify(document.status)]]
            for document in register.documents]
    data = {"base": model.config.site.base_path, "date": register.as_of.isoformat(), "facets": facets, "rows": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
