"""schema.org data for the organisation pages: a GovernmentOrganization with its departments and
contact points, in the language of the page (the English page names everything in English).

Like metadata.py's, the data is plain dicts, made safe for <script> by `json_ld`; fields left
empty are left out.
"""

from __future__ import annotations

from typing import Any

from ..source.config import Agency, Site
from ..source.organisation import Organisation, Person, Unit
from .metadata import SCHEMA_CONTEXT


def organisation_ld(organisation: Organisation, agency: Agency, site: Site, base_url: str) -> dict[str, Any]:
    """The agency (`agency`, `site`: as the page shows them) with `department` and `contactPoint`."""
    data: dict[str, Any] = {"@context": SCHEMA_CONTEXT, "@type": "GovernmentOrganization",
                            "@id": base_url + "#don-vi", "url": base_url}
    _put(data, name=agency.name, telephone=agency.phone, faxNumber=agency.fax, email=agency.email,
         description=" ".join(organisation.functions))
    if agency.address:
        data["address"] = _address(agency.address)
    contact_points = []
    if agency.contact_person is not None:
        person = agency.contact_person
        contact_points.append(_put({"@type": "ContactPoint"}, name=person.name, contactType=person.title,
                                   telephone=person.phone, email=person.email))
    contact_points += [_put({"@type": "ContactPoint"}, contactType=unit.name, telephone=unit.phone, email=unit.email)
                       for unit in organisation.units if unit.phone or unit.email]
    if contact_points:
        data["contactPoint"] = contact_points
    if organisation.leaders:
        data["employee"] = [_person(person) for person in organisation.leaders]
    if organisation.units:
        data["department"] = [_department(unit, base_url) for unit in organisation.units]
    return data


def _department(unit: Unit, base_url: str) -> dict[str, Any]:
    data = _put({"@type": "GovernmentOrganization", "@id": f"{base_url}#don-vi-{unit.id}"}, name=unit.name,
                telephone=unit.phone, email=unit.email, description=" ".join(unit.functions))
    if unit.address:
        data["address"] = _address(unit.address)
    if unit.phone or unit.email:
        data["contactPoint"] = _put({"@type": "ContactPoint"}, contactType=unit.name, telephone=unit.phone,
                                    email=unit.email)
    if unit.officials:
        data["employee"] = [_person(person) for person in unit.officials]
    return data


def _person(person: Person) -> dict[str, Any]:
    return _put({"@type": "Person"}, name=person.name, jobTitle=person.position, telephone=person.phone,
                email=person.email)


def _address(text: str) -> dict[str, str]:
    return {"@type": "PostalAddress", "streetAddress": text, "addressCountry": "VN"}


def _put(data: dict[str, Any], **values: str) -> dict[str, Any]:
    """`data` with each value that is not empty."""
    data.update((key, value) for key, value in values.items() if value)
    return data
