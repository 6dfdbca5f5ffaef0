"""schema.org `Legislation` for a document of the register: what search engines and other
portals read of it (its number, type, dates, legal force, issuer, files and the documents
it changes).

Status names map to schema.org's LegalForceStatus: "Còn hiệu lực" is InForce, "Hết hiệu lực
một phần" PartiallyInForce, the others NotInForce. `legislationChanges` lists the documents
this one replaces or amends (schema.org's property for "amendment, replacement, correction,
repeal"), `legislationConsolidates` those a consolidated text (văn bản hợp nhất) combines.
Dates of force go in `temporalCoverage` as an ISO 8601 interval ("2024-04-01/.." while open; it
ends with `expires` or the day a document replacing it takes effect).
"""

from __future__ import annotations

from typing import Any

from ..media.media import Attachment
from ..site.register import DocumentLink, OfficialDocument
from ..source.config import Config
from ..source.document_types import IN_FORCE, PARTLY_EXPIRED

SCHEMA = "https://schema.org/"
LEGAL_FORCE = {IN_FORCE: SCHEMA + "InForce", PARTLY_EXPIRED: SCHEMA + "PartiallyInForce"}
NOT_IN_FORCE = SCHEMA + "NotInForce"
MEDIA_TYPES = {"PDF": "application/pdf", "DOC": "application/msword",
               "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               "XLS": "application/vnd.ms-excel",
               "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "ODT": "application/vnd.oasis.opendocument.text"}
# Which relations of the page (register.RELATIONS labels, forward) each property lists.
CHANGES = ("Thay thế", "Sửa đổi, bổ sung")
CONSOLIDATES = ("Hợp nhất",)


def legislation_ld(config: Config, document: OfficialDocument, publisher: dict[str, Any]) -> dict[str, Any]:
    """The JSON-LD object of a document's page."""
    base = config.site.base_url
    url = base + document.url
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Legislation", "@id": url, "url": url,
        "name": document.title, "description": document.summary,
        "legislationIdentifier": document.number,
        "legislationType": document.type.name,
        "legislationDate": document.issued.isoformat(),
        "datePublished": document.issued.isoformat(),
        "legislationLegalForce": LEGAL_FORCE.get(document.status, NOT_IN_FORCE),
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": document.issuer.name},
        "publisher": publisher,
        "inLanguage": config.site.language,
        "legislationJurisdiction": {"@type": "Country", "name": "Việt Nam"},
    }
    start = document.effective or document.issued
    ends = [day for day in (document.expires, document.replaced_from) if day is not None]
    data["temporalCoverage"] = f"{start.isoformat()}/{min(ends).isoformat() if ends else '..'}"
    if document.signer:
        signer: dict[str, Any] = {"@type": "Person", "name": document.signer}
        if document.signer_position:
            signer["jobTitle"] = document.signer_position
        data["legislationResponsible"] = signer
    if document.fields:
        data["about"] = [field.name for field in document.fields]
    changes = _related(document, CHANGES, base)
    if changes:
        data["legislationChanges"] = changes
    consolidates = _related(document, CONSOLIDATES, base)
    if consolidates:
        data["legislationConsolidates"] = consolidates
    if document.files:
        data["encoding"] = [_encoding(file, base) for file in document.files]
    return data


def _related(document: OfficialDocument, labels: tuple[str, ...], base: str) -> list[dict[str, Any]]:
    return [_reference(link, base) for relation in document.relations
            if relation.forward and relation.label in labels for link in relation.documents]


def _reference(link: DocumentLink, base: str) -> dict[str, Any]:
    reference: dict[str, Any] = {"@type": "Legislation", "legislationIdentifier": link.number, "name": link.title}
    if link.url:
        reference["@id"] = reference["url"] = base + link.url
    return reference


def _encoding(file: Attachment, base: str) -> dict[str, Any]:
    return {"@type": "MediaObject", "name": file.title, "contentUrl": base + file.url,
            "encodingFormat": MEDIA_TYPES.get(file.type, "application/octet-stream"),
            "contentSize": f"{file.size} B"}
