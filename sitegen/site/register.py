"""Pure: the published documents of `content/van-ban/` → the register (Văn bản).

Sorted newest first, grouped by type, issuer, field and year of issue (the listing pages
and the filters), relations resolved both ways ("Thay thế" / "Bị thay thế bởi"), and each
document's status worked out for the build's day (legal_force.py). Problems that need the
whole register (two documents with one number, a `replaces` naming no document) are
collected here, each at the line the editor wrote.

Linear in the number of documents: every grouping and lookup is one pass over dictionaries.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ..common.errors import Problem, Problems
from ..media.media import Attachment
from ..source.config import Category
from ..source.document_types import STATUSES, DocumentField, DocumentType
from ..source.markdown import PackedText
from ..source.official_fields import Citation, OfficialFields
from ..text.document_numbers import number_key, parse_number
from ..text.vietnamese import slugify, sort_key
from .legal_force import status_on, status_timeline

REGISTER_PATH = "van-ban"
# The listing pages of the register, one folder per facet: /van-ban/loai/quyet-dinh/.
TYPE_FACET, ISSUER_FACET, FIELD_FACET, YEAR_FACET, STATUS_FACET = "loai", "co-quan", "linh-vuc", "nam", "tinh-trang"
FACET_LABELS = {TYPE_FACET: "Loại văn bản", ISSUER_FACET: "Cơ quan ban hành", FIELD_FACET: "Lĩnh vực",
                YEAR_FACET: "Năm ban hành", STATUS_FACET: "Tình trạng hiệu lực"}
# (front matter key, what the citing document's page says, what the cited document's page says)
RELATIONS = (("replaces", "Thay thế", "Bị thay thế bởi"),
             ("amends", "Sửa đổi, bổ sung", "Được sửa đổi, bổ sung bởi"),
             ("consolidates", "Hợp nhất", "Được hợp nhất tại"))


@dataclass(frozen=True)
class Issuer:
    name: str
    slug: str


@dataclass(frozen=True)
class DocumentLink:
    """Another document as a document's page names it; `url` is "" when it is not in the register."""

    number: str
    url: str
    title: str
    summary: str = ""


@dataclass(frozen=True)
class Relation:
    label: str                           # "Bị thay thế bởi"
    documents: tuple[DocumentLink, ...]
    forward: bool = True                 # named by this document (False: by the others)


@dataclass(frozen=True)
class OfficialDocument(PackedText):
    """A published document of the register, its status worked out for the build's day."""

    source: str
    url: str                             # "van-ban/12-2024-qd-ubnd/"
    title: str                           # "Quyết định số 12/2024/QĐ-UBND"
    number: str
    type: DocumentType
    issuer: Issuer
    fields: tuple[DocumentField, ...]
    signer: str
    signer_position: str
    issued: date
    effective: date | None
    expires: date | None
    date: datetime                       # the start of the day of issue, in the site's time zone
    summary: str                         # trích yếu
    html_packed: bytes                   # the body (optional: the full text or notes)
    plain_packed: bytes
    digest: str                          # of what html and plain text are made from (model.content_digest)
    files: tuple[Attachment, ...]
    status: str                          # on the build's day
    status_written: bool                 # from the front matter, not from the dates
    status_changes_on: date | None       # the next day it changes (None: never, as far as the dates say)
    next_status: str
    relations: tuple[Relation, ...] = ()
    draft: bool = False
    scheduled: bool = False
    replaced_from: date | None = None    # the first day a document replacing it is in force

    # Feeds list documents with the fields they list articles with.
    @property
    def category(self) -> Category:
        return Category(self.type.slug, self.type.name, "")

    @property
    def author(self) -> str:
        return self.issuer.name

    @property
    def updated(self) -> None:
        return None

    @property
    def year(self) -> int:
        return self.issued.year

    @property
    def status_slug(self) -> str:
        """"con-hieu-luc": the status as a CSS class and a filter value."""
        return slugify(self.status)


@dataclass(frozen=True)
class FacetOption:
    """One value of a facet (a type, an issuer…) with its listing page and how many documents it has."""

    slug: str
    name: str
    count: int
    url: str                             # "" for the status facet, which has no listing pages


@dataclass(frozen=True)
class Facet:
    key: str                             # "loai"
    label: str                           # "Loại văn bản"
    options: tuple[FacetOption, ...]


@dataclass(frozen=True)
class Facets:
    """The register's facets as one value that every page of the register shows. Its `digest` makes
    a page's fingerprint name it by one token, made once per build (cache.Fingerprinter): the
    6,300 pages of 5,000 documents each took apart its 5 facets and their options, 1 s of an edit."""

    items: tuple[Facet, ...] = ()
    digest: str = ""                     # of every facet's options and counts

    def __iter__(self):
        return iter(self.items)


@dataclass(frozen=True)
class Register:
    documents: tuple[OfficialDocument, ...] = ()         # newest first
    as_of: date | None = None                            # the build's day, in the site's time zone
    facets: Facets = Facets()
    members: dict[tuple[str, str], tuple[OfficialDocument, ...]] = field(default_factory=dict)  # (facet, slug)
    problems: tuple[Problem, ...] = ()
    exists: bool = False                                 # content/van-ban/ holds documents (published or not)

    def facet(self, key: str) -> Facet:
        return next(facet for facet in self.facets if facet.key == key)


@dataclass(frozen=True)
class DocumentParts:
    """What build_model hands over for one published (or previewed) document."""

    source: str
    url: str
    fields: OfficialFields
    summary: str
    html_packed: bytes
    plain_packed: bytes
    digest: str
    files: tuple[Attachment, ...]
    draft: bool
    scheduled: bool
    moment: datetime


def build_register(parts: list[DocumentParts], held_back: list[tuple[str, OfficialFields]], as_of: date,
                   type_order: tuple[DocumentType, ...], field_order: tuple[DocumentField, ...]) -> Register:
    """The register of the published documents; `held_back` (source, fields) are the drafts and
    documents dated later, checked for numbers and named by relations but not listed."""
    problems = Problems()
    published = _without_duplicate_numbers(parts, held_back, problems)
    published.sort(key=lambda p: (p.source,))
    published.sort(key=lambda p: (p.fields.issued, _ordinal(p.fields.number)), reverse=True)
    by_key = _by_number(published)
    known_keys = by_key.keys() | {number_key(fields.number) for _source, fields in held_back}
    forward, backward = _resolve_relations(published, by_key, known_keys, problems)
    replaced_from = _replacement_days(published, backward)
    issuers = _issuers(published)
    documents = []
    for item in published:
        official = item.fields
        timeline = status_timeline(official.issued, official.effective, official.expires,
                                   replaced_from.get(item.source), official.status)
        today = status_on(timeline, as_of)
        documents.append(OfficialDocument(
            source=item.source, url=item.url, title=f"{official.type.name} số {official.number}",
            number=official.number, type=official.type, issuer=issuers[slugify(official.issuer)],
            fields=official.fields, signer=official.signer, signer_position=official.signer_position,
            issued=official.issued, effective=official.effective, expires=official.expires, date=item.moment,
            summary=item.summary, html_packed=item.html_packed, plain_packed=item.plain_packed,
            digest=item.digest, files=item.files, status=today.status, status_written=bool(official.status),
            status_changes_on=today.changes_on, next_status=today.next_status,
            relations=_relations_of(item.source, forward, backward), draft=item.draft, scheduled=item.scheduled,
            replaced_from=replaced_from.get(item.source)))
    documents = tuple(documents)
    facets, members = _facets(documents, type_order, field_order)
    return Register(documents=documents, as_of=as_of, facets=facets, members=members,
                    problems=tuple(problems.items), exists=bool(parts or held_back))


def _ordinal(number: str) -> int:
    parsed = parse_number(number)
    return parsed.ordinal if parsed is not None else 0


def _identity(fields: OfficialFields) -> tuple[str, int]:
    """What makes a number unique: numbers restart every year, so the year (written in the number,
    else the year of issue) goes with it."""
    parsed = parse_number(fields.number)
    return number_key(fields.number), parsed.year if parsed is not None and parsed.year else fields.issued.year


def repeated_numbers(documents) -> set[str]:
    """Sources of the documents (content.Document) whose number one before them (by source) has:
    their files are not published, so the build reports the number once, not a file collision too."""
    owners: dict[tuple[str, int], str] = {}
    return {d.source for d in sorted(documents, key=lambda d: d.source) if d.official is not None
            and owners.setdefault(_identity(d.official), d.source) != d.source}


def _without_duplicate_numbers(parts: list[DocumentParts], held_back: list[tuple[str, OfficialFields]],
                               problems: Problems) -> list[DocumentParts]:
    """The documents, each number once: a second published document with a number already taken is an
    error naming the first (and left out, so its address does not collide too); a draft or a
    document dated later gets a warning, so it never blocks today's build."""
    owners: dict[tuple[str, int], str] = {}
    kept = []
    for item in sorted(parts, key=lambda p: p.source):
        first = owners.setdefault(_identity(item.fields), item.source)
        if first != item.source:
            problems.error(item.source, item.fields.number_line,
                           f"số ký hiệu {item.fields.number} trùng với văn bản {first}.",
                           "Mỗi văn bản có một số ký hiệu riêng trong năm: kiểm tra lại số, hoặc xóa tệp bị trùng.")
            continue
        kept.append(item)
    for source, fields in sorted(held_back, key=lambda held: held[0]):
        first = owners.setdefault(_identity(fields), source)
        if first != source:
            problems.warning(source, fields.number_line, f"khi được đăng, số ký hiệu {fields.number} sẽ trùng "
                             f"với văn bản {first}.", "Kiểm tra lại số ký hiệu trước khi đăng.",
                             code="future-duplicate-number")
    return kept


def _by_number(published: list[DocumentParts]) -> dict[str, list[DocumentParts]]:
    found: dict[str, list[DocumentParts]] = defaultdict(list)
    for item in published:
        found[number_key(item.fields.number)].append(item)
    return found


def _cited(citation: Citation, by_key: dict[str, list[DocumentParts]]) -> list[DocumentParts]:
    candidates = by_key.get(number_key(citation.number), [])
    if citation.issued is not None:
        candidates = [c for c in candidates if c.fields.issued == citation.issued]
    return candidates


def _resolve_relations(published: list[DocumentParts], by_key, known_keys, problems: Problems):
    """(source → [(key, cited document or the citation)], source → [(key, citing document)])."""
    forward: dict[str, list[tuple[str, DocumentParts | Citation]]] = defaultdict(list)
    backward: dict[str, list[tuple[str, DocumentParts]]] = defaultdict(list)
    for item in published:
        for key, _label, _inverse in RELATIONS:
            for citation in getattr(item.fields, key):
                found = _cited(citation, by_key)
                if len(found) == 1 and found[0].source == item.source:
                    problems.warning(item.source, citation.line, f"văn bản tự nhắc đến chính nó trong {key}.",
                                     f"Xóa số {citation.number} khỏi {key}.", code="self-reference")
                    continue
                if len(found) == 1:
                    forward[item.source].append((key, found[0]))
                    backward[found[0].source].append((key, item))
                    continue
                forward[item.source].append((key, citation))
                if len(found) > 1:
                    years = ", ".join(str(c.fields.issued.year) for c in found)
                    problems.warning(item.source, citation.line,
                                     f"số {citation.number} trong {key} khớp với nhiều văn bản (năm {years}).",
                                     f"Ghi thêm ngày ban hành, ví dụ: \"{citation.number} ngày "
                                     f"{found[0].fields.issued:%d/%m/%Y}\".", code="ambiguous-reference")
                elif number_key(citation.number) not in known_keys:
                    problems.warning(item.source, citation.line,
                                     f"không có văn bản số {citation.number} trong mục Văn bản ({key}).",
                                     "Kiểm tra lại số ký hiệu; văn bản của cơ quan khác vẫn được ghi, "
                                     "nhưng không có liên kết.", code="unknown-reference")
    return forward, backward


def _replacement_days(published: list[DocumentParts], backward) -> dict[str, date]:
    """Source → the first day a document replacing it is in force (it then expires)."""
    days = {}
    for item in published:
        starts = [(other.fields.effective or other.fields.issued) for key, other in backward.get(item.source, ())
                  if key == "replaces"]
        if starts:
            days[item.source] = min(starts)
    return days


def _link(item: DocumentParts | Citation) -> DocumentLink:
    if isinstance(item, Citation):
        return DocumentLink(number=item.number, url="", title=f"Số {item.number}")
    return DocumentLink(number=item.fields.number, url=item.url,
                        title=f"{item.fields.type.name} số {item.fields.number}", summary=item.summary)


def _relations_of(source: str, forward, backward) -> tuple[Relation, ...]:
    relations = []
    for key, label, inverse in RELATIONS:
        named = tuple(_link(item) for kind, item in forward.get(source, ()) if kind == key)
        if named:
            relations.append(Relation(label, named))
        naming = tuple(_link(item) for kind, item in backward.get(source, ()) if kind == key)
        if naming:
            relations.append(Relation(inverse, naming, forward=False))
    return tuple(relations)


def _issuers(published: list[DocumentParts]) -> dict[str, Issuer]:
    """Slug → issuer; spellings with one slug are one issuer, named as most documents write it
    (ties: the oldest document's spelling), so a new document does not rename a listing."""
    spellings: dict[str, dict[str, int]] = defaultdict(dict)
    for item in reversed(published):  # oldest first
        uses = spellings[slugify(item.fields.issuer)]
        uses[item.fields.issuer] = uses.get(item.fields.issuer, 0) + 1
    return {slug: Issuer(max(uses, key=uses.__getitem__), slug or "khac") for slug, uses in spellings.items()}


def facet_url(key: str, slug: str) -> str:
    return f"{REGISTER_PATH}/{key}/{slug}/"


def _facets(documents: tuple[OfficialDocument, ...], type_order: tuple[DocumentType, ...],
            field_order: tuple[DocumentField, ...]) -> tuple[Facets, dict]:
    members: dict[tuple[str, str], list[OfficialDocument]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    for document in documents:
        values = [(TYPE_FACET, document.type.slug, document.type.name),
                  (ISSUER_FACET, document.issuer.slug, document.issuer.name),
                  (YEAR_FACET, str(document.year), str(document.year)),
                  (STATUS_FACET, slugify(document.status), document.status)]
        values += [(FIELD_FACET, f.slug, f.name) for f in document.fields]
        for key, slug, name in values:
            members[(key, slug)].append(document)
            names[(key, slug)] = name

    def options(key: str, slugs: list[str]) -> tuple[FacetOption, ...]:
        return tuple(FacetOption(slug, names[(key, slug)], len(members[(key, slug)]),
                                 facet_url(key, slug) if key != STATUS_FACET else "")
                     for slug in slugs if (key, slug) in members)

    present = {key: [slug for facet, slug in members if facet == key] for key in FACET_LABELS}
    ordered = {
        TYPE_FACET: [t.slug for t in type_order],
        ISSUER_FACET: sorted(present[ISSUER_FACET], key=lambda s: (sort_key(names[(ISSUER_FACET, s)]), s)),
        FIELD_FACET: [f.slug for f in field_order],
        YEAR_FACET: sorted(present[YEAR_FACET], reverse=True),
        STATUS_FACET: [slugify(status) for status in STATUSES],
    }
    facets = tuple(Facet(key, FACET_LABELS[key], options(key, ordered[key])) for key in FACET_LABELS)
    digest = hashlib.blake2b(repr(facets).encode(), digest_size=16).hexdigest()
    return Facets(facets, digest), {key: tuple(items) for key, items in members.items()}


def window_bounds(register: Register, tz) -> tuple[list[datetime], list[datetime]]:
    """(moments that must have passed, moments that must not have) for this build's output to hold:
    a register shows its statuses as of its day, so its output holds from that day's midnight to
    the next (uptodate.publication_window)."""
    if not register.documents or register.as_of is None:
        return [], []
    start = datetime.combine(register.as_of, time(), tzinfo=tz)
    return [start], [start + timedelta(days=1)]
