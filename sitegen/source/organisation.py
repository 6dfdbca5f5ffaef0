"""Read `to-chuc.toml`: the agency's units and officials, in Vietnamese and in English, checked.

The file beside `site.toml` describes the organisation once: its functions and
duties, its leaders (officials without a unit), its units (name, functions and
duties, address, phone, email, head) and officials (name, position, unit,
phone, email). Each text may have an English counterpart beside it
(`name_en`, `functions_en`…). Reading gives two views of the same data, one
per language; a text without its English counterpart is a warning naming the
field, and the English view leaves that item out (never shows the Vietnamese
in its place). Mistakes are errors with the file's line, all of them at once.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..common.errors import Problem, Problems
from ..text.interface import ENGLISH
from ..text.vietnamese import fold_tone_placement
from .config import CONFIG_NAME, REQUIRED, Config, Option, TomlReader

ORGANISATION_NAME = "to-chuc.toml"
ENGLISH_SUFFIX = "_en"
MISSING_ENGLISH = "missing-english"   # the code of the warnings a translator can filter on

ORGANISATION_OPTIONS = {
    "introduction": Option(str, "", "đoạn giới thiệu ngắn về đơn vị chủ quản"),
    "functions": Option(str, "", "chức năng của đơn vị chủ quản"),
    "duties": Option(list, [], "danh sách nhiệm vụ, quyền hạn, mỗi mục trong ngoặc kép"),
    "updated": Option(object, None, "ngày cập nhật thông tin, ví dụ updated = 2026-01-15"),
}
UNIT_OPTIONS = {
    "id": Option(str, REQUIRED, "mã của đơn vị: chữ thường không dấu, số và dấu -, ví dụ \"van-phong\""),
    "name": Option(str, REQUIRED, "tên đơn vị, ví dụ \"Phòng Tài chính – Kế hoạch\""),
    "functions": Option(str, "", "chức năng của đơn vị"),
    "duties": Option(list, [], "danh sách nhiệm vụ, quyền hạn, mỗi mục trong ngoặc kép"),
    "address": Option(str, "", "địa chỉ"),
    "phone": Option(str, "", "số điện thoại"),
    "email": Option(str, "", "thư điện tử"),
    "head": Option(str, "", "họ tên người đứng đầu, đúng như trong [[officials]]"),
}
OFFICIAL_OPTIONS = {
    "name": Option(str, REQUIRED, "họ và tên"),
    "position": Option(str, REQUIRED, "chức vụ, ví dụ \"Trưởng phòng\""),
    "unit": Option(str, "", "mã (id) của đơn vị; bỏ trống với lãnh đạo Ủy ban"),
    "phone": Option(str, "", "số điện thoại"),
    "email": Option(str, "", "thư điện tử"),
}
# The texts that have an English counterpart ("name" → "name_en"), per table.
TRANSLATED = {
    "organisation": ("introduction", "functions", "duties"),
    "units": ("name", "functions", "duties", "address"),
    "officials": ("position",),
}
TOP_LEVEL = {"organisation": dict, "units": list, "officials": list}
# What a missing English text takes off the English pages: the whole entry, or the text alone.
_ENTRY_NEEDS = {"units": "name", "officials": "position"}

_UNIT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
_PHONE = re.compile(r"^\+?[0-9 .()-]+$")
PHONE_DIGITS = (8, 12)  # a hotline 1900xxxx has 8 digits, +84 277 3563 362 eleven, a mobile ten


@dataclass(frozen=True)
class Person:
    name: str
    position: str
    phone: str
    email: str


@dataclass(frozen=True)
class Unit:
    id: str                        # its anchor on the organisation page: #don-vi-<id>
    name: str
    functions: tuple[str, ...]     # paragraphs
    duties: tuple[str, ...]
    address: str
    phone: str
    email: str
    head: Person | None
    officials: tuple[Person, ...]  # the head first, then in the file's order


@dataclass(frozen=True)
class Organisation:
    """The organisation in one language: what its pages show."""

    language: str
    introduction: tuple[str, ...]  # paragraphs
    functions: tuple[str, ...]     # paragraphs
    duties: tuple[str, ...]
    leaders: tuple[Person, ...]    # officials of no unit: the agency's own leadership
    units: tuple[Unit, ...]
    updated: date | None


@dataclass(frozen=True)
class OrganisationData:
    vietnamese: Organisation
    english: Organisation


def load_organisation(root: Path, config: Config) -> tuple[OrganisationData | None, list[Problem]]:
    """`root/to-chuc.toml` read and checked (None when there is no such file), and its problems.

    The English texts of `site.toml` are looked at too: English pages are made once this file exists."""
    path = root / ORGANISATION_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, []
    except UnicodeDecodeError:
        return None, [Problem(ORGANISATION_NAME, 0, "tệp không phải mã UTF-8.", "Lưu lại tệp với bảng mã UTF-8.")]
    data, problems = parse_organisation(text)
    problems.extend(missing_site_english(config, _site_text(root)))
    return data, problems.items


def _site_text(root: Path) -> str:
    try:
        return (root / CONFIG_NAME).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def parse_organisation(text: str, display: str = ORGANISATION_NAME) -> tuple[OrganisationData | None, Problems]:
    """The pure half of load_organisation: TOML text → both views, and every problem found."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems = Problems()
        match = re.search(r"line (\d+)", str(error))
        problems.error(display, int(match.group(1)) if match else 0, f"cú pháp TOML sai ({error}).",
                       "Kiểm tra dấu ngoặc kép, dấu bằng và tên bảng [..] ở dòng này.")
        return None, problems
    reader = TomlReader(text, display)
    _check_top_level(document, reader)
    organisation = reader.read_table(_table(document, "organisation"), _with_english("organisation",
                                     ORGANISATION_OPTIONS), "organisation")
    units = [reader.read_table(item, _with_english("units", UNIT_OPTIONS), "units", index)
             for index, item in enumerate(_array(document, "units"))]
    officials = [reader.read_table(item, _with_english("officials", OFFICIAL_OPTIONS), "officials", index)
                 for index, item in enumerate(_array(document, "officials"))]

    _check_text_lists(organisation, "organisation", None, reader)
    _check_updated(organisation, reader)
    for index, unit in enumerate(units):
        _check_text_lists(unit, "units", index, reader)
        _check_contacts(unit, "units", index, f"đơn vị \"{unit['name']}\"", reader)
    for index, official in enumerate(officials):
        _check_contacts(official, "officials", index, f"cán bộ \"{official['name']}\"", reader)
    _check_unit_ids(units, reader)
    unit_of = _resolve_units(units, officials, reader)
    heads = _resolve_heads(units, officials, unit_of, reader)
    if reader.problems.errors:
        return None, reader.problems
    english_left_out = _warn_missing_english(organisation, units, officials, reader)
    views = {language: _view(language, organisation, units, officials, unit_of, heads, english_left_out)
             for language in ("vi", ENGLISH)}
    return OrganisationData(vietnamese=views["vi"], english=views[ENGLISH]), reader.problems


# --- reading -------------------------------------------------------------------------------------

def _with_english(section: str, options: dict[str, Option]) -> dict[str, Option]:
    """The options of a table and, after each translated one, its English counterpart ("name_en")."""
    found: dict[str, Option] = {}
    for key, option in options.items():
        found[key] = option
        if key in TRANSLATED[section]:
            found[key + ENGLISH_SUFFIX] = Option(option.type, option.type(), f"{option.doc}, bằng tiếng Anh")
    return found


def _table(document: dict, name: str) -> dict:
    value = document.get(name, {})
    return value if isinstance(value, dict) else {}


def _array(document: dict, name: str) -> list[dict]:
    value = document.get(name, [])
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _check_top_level(document: dict, reader: TomlReader) -> None:
    for key, value in document.items():
        if key not in TOP_LEVEL:
            nearest = difflib.get_close_matches(key, TOP_LEVEL, n=1)
            reader.problems.error(reader.path, _top_line(reader, key), f"bảng \"{key}\" không được hỗ trợ.",
                                  f"Có phải ý bạn là \"{nearest[0]}\"?" if nearest else
                                  "Các bảng hợp lệ: [organisation], [[units]], [[officials]].")
        elif not isinstance(value, TOP_LEVEL[key]) or (isinstance(value, list) and
                                                       not all(isinstance(item, dict) for item in value)):
            form = "[organisation]" if key == "organisation" else f"[[{key}]]"
            reader.problems.error(reader.path, _top_line(reader, key), f"\"{key}\" phải được viết thành bảng {form}.",
                                  "Xem mẫu tệp to-chuc.toml trong docs/to-chuc.md.")


def _top_line(reader: TomlReader, key: str) -> int:
    return reader.line_of(key, "") or reader.line_of("", key)


def _check_text_lists(values: dict, section: str, index: int | None, reader: TomlReader) -> None:
    """`duties` (and `duties_en`) are lists of texts: a number or a table in it is a mistake."""
    for key in ("duties", "duties" + ENGLISH_SUFFIX):
        items = values.get(key, [])
        if not all(isinstance(item, str) for item in items):
            reader.problems.error(reader.path, reader.line_of(section, key, index),
                                  f"\"{key}\" phải là danh sách các đoạn chữ trong ngoặc kép.",
                                  f"Ví dụ: {key} = [\"Nhiệm vụ thứ nhất.\", \"Nhiệm vụ thứ hai.\"]")
            values[key] = []
        else:
            values[key] = [item.strip() for item in items if item.strip()]


def _check_updated(values: dict, reader: TomlReader) -> None:
    updated = values.get("updated")
    if updated is None:
        return
    if isinstance(updated, datetime):
        values["updated"] = updated.date()
    elif not isinstance(updated, date):
        reader.problems.error(reader.path, reader.line_of("organisation", "updated"),
                              f"updated \"{updated}\" không phải một ngày.",
                              "Viết ngày không có ngoặc kép, theo dạng năm-tháng-ngày: updated = 2026-01-15")
        values["updated"] = None


def is_phone_number(text: str) -> bool:
    """One phone number: digits with spaces, dots, hyphens or brackets, maybe "+84" first."""
    digits = re.sub(r"\D", "", text)
    return bool(_PHONE.match(text)) and PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1]


def is_email_address(text: str) -> bool:
    return bool(_EMAIL.match(text)) and ".." not in text


def _check_contacts(values: dict, section: str, index: int, label: str, reader: TomlReader) -> None:
    phone, email = values["phone"], values["email"]
    if phone and not is_phone_number(phone):
        reader.problems.error(reader.path, reader.line_of(section, "phone", index),
                              f"số điện thoại của {label} \"{phone}\" không phải một số điện thoại.",
                              "Ghi một số gồm 8 đến 12 chữ số, có thể ngăn cách bằng dấu chấm hoặc "
                              "khoảng trắng, ví dụ phone = \"0277.3563.362\".")
    if email and not is_email_address(email):
        reader.problems.error(reader.path, reader.line_of(section, "email", index),
                              f"thư điện tử của {label} \"{email}\" không phải một địa chỉ email.",
                              "Ghi một địa chỉ dạng ten@hongngu.dongthap.gov.vn, không có khoảng trắng.")


def _check_unit_ids(units: list[dict], reader: TomlReader) -> None:
    seen: set[str] = set()
    for index, unit in enumerate(units):
        unit_id = unit["id"]
        if unit_id and not _UNIT_ID.match(unit_id):
            reader.problems.error(reader.path, reader.line_of("units", "id", index), f"mã đơn vị \"{unit_id}\" không hợp lệ.",
                                  "Chỉ dùng chữ thường không dấu, số và dấu -, ví dụ id = \"phong-tai-chinh\".")
        elif unit_id in seen:
            reader.problems.error(reader.path, reader.line_of("units", "id", index), f"mã đơn vị \"{unit_id}\" được dùng cho hai đơn vị.",
                                  "Đặt cho mỗi đơn vị một mã (id) riêng.")
        seen.add(unit_id)


def _resolve_units(units: list[dict], officials: list[dict], reader: TomlReader) -> list[int | None]:
    """The index of each official's unit (None: the agency's leadership); an error for a unit
    that does not exist. A unit is named by its id, or by its name (either tone-mark placement)."""
    by_key: dict[str, int] = {}
    for index, unit in enumerate(units):
        by_key.setdefault(unit["id"], index)
        by_key.setdefault(fold_tone_placement(unit["name"]), index)
    found: list[int | None] = []
    for index, official in enumerate(officials):
        written = official["unit"]
        if not written:
            found.append(None)
            continue
        unit_index = by_key.get(written, by_key.get(fold_tone_placement(written)))
        if unit_index is None:
            ids = [unit["id"] for unit in units]
            nearest = difflib.get_close_matches(written, ids, n=1, cutoff=0.5)
            hint = (f"Có phải ý bạn là \"{nearest[0]}\"? " if nearest else "") + (
                "Các mã đơn vị có trong [[units]]: " + ", ".join(ids) + "." if ids else
                "Chưa có đơn vị nào: thêm một bảng [[units]] với id và name.")
            reader.problems.error(reader.path, reader.line_of("officials", "unit", index),
                                  f"cán bộ \"{official['name']}\" thuộc đơn vị \"{written}\" nhưng không có đơn vị "
                                  "nào mang mã hay tên này.", hint)
        found.append(unit_index)
    return found


def _resolve_heads(units: list[dict], officials: list[dict], unit_of: list[int | None],
                   reader: TomlReader) -> dict[int, int]:
    """Unit index → the index of its head among the officials; an error for a head not listed."""
    heads: dict[int, int] = {}
    for index, unit in enumerate(units):
        head = unit["head"]
        if not head:
            continue
        members = [number for number, official in enumerate(officials) if unit_of[number] == index]
        match = [number for number in members
                 if fold_tone_placement(officials[number]["name"]) == fold_tone_placement(head)]
        if match:
            heads[index] = match[0]
            continue
        names = [officials[number]["name"] for number in members]
        if any(fold_tone_placement(official["name"]) == fold_tone_placement(head) and official["unit"]
               and unit_of[number] is None for number, official in enumerate(officials)):
            continue  # listed, in a unit written wrong: that error is reported already
        reader.problems.error(reader.path, reader.line_of("units", "head", index),
                              f"người đứng đầu \"{head}\" của đơn vị \"{unit['name']}\" không có trong danh sách "
                              "cán bộ của đơn vị.",
                              (f"Cán bộ của đơn vị: {', '.join(names)}. " if names else "") +
                              f"Thêm một bảng [[officials]] với name = \"{head}\" và unit = \"{unit['id']}\", "
                              "hoặc sửa head cho đúng họ tên.")
    return heads


# --- English -------------------------------------------------------------------------------------

def _warn_missing_english(organisation: dict, units: list[dict], officials: list[dict],
                          reader: TomlReader) -> set[tuple[str, int | None, str]]:
    """A warning for each text without its English counterpart; (section, index, key) of each,
    for the English view to leave out. An entry whose name (or position) is missing is left
    out whole, with one warning."""
    left_out: set[tuple[str, int | None, str]] = set()
    tables = [("organisation", None, organisation)] + [("units", i, unit) for i, unit in enumerate(units)] + \
             [("officials", i, official) for i, official in enumerate(officials)]
    for section, index, values in tables:
        entry_key = _ENTRY_NEEDS.get(section)
        label = {"organisation": "[organisation]", "units": f"đơn vị \"{values.get('name')}\"",
                 "officials": f"cán bộ \"{values.get('name')}\""}[section]
        keys = TRANSLATED[section]
        if entry_key and not _english_given(values, entry_key):
            keys = (entry_key,)  # the entry is left out: its other texts need no word
        for key in keys:
            if not values[key] or _english_given(values, key):
                continue
            english = key + ENGLISH_SUFFIX
            what = "mục này không hiện" if key == entry_key else "phần này không hiện"
            if key == "duties" and values.get(english):
                reader.problems.warning(reader.path, reader.line_of(section, english, index),
                                        f"{label}: \"{english}\" có {len(values[english])} mục, \"{key}\" có "
                                        f"{len(values[key])}: {what} trên trang tiếng Anh.",
                                        f"Dịch đủ từng mục của {key}, theo đúng thứ tự.", code=MISSING_ENGLISH)
            else:
                reader.problems.warning(reader.path, reader.line_of(section, key, index),
                                        f"{label} chưa có bản tiếng Anh \"{english}\": {what} trên trang tiếng Anh.",
                                        f"Thêm dòng {english} = … ngay dưới dòng {key}.", code=MISSING_ENGLISH)
            left_out.add((section, index, key))
    return left_out


def _english_given(values: dict, key: str) -> bool:
    english = values.get(key + ENGLISH_SUFFIX)
    if isinstance(values[key], list):
        return bool(english) and len(english) == len(values[key])
    return bool(english)


def missing_site_english(config: Config, site_text: str) -> Problems:
    """Warnings for the agency's details in site.toml that have no English counterpart: the
    English pages' header and footer leave them out."""
    reader = TomlReader(site_text, CONFIG_NAME)
    agency, site = config.agency, config.site
    fields = [("site", "name", site.name, site.name_en), ("site", "tagline", site.tagline, site.tagline_en),
              ("agency", "name", agency.name, agency.name_en), ("agency", "address", agency.address, agency.address_en),
              ("agency", "license", agency.license, agency.license_en),
              ("agency", "responsible_person", agency.responsible_person, agency.responsible_person_en),
              ("agency", "copyright", agency.copyright, agency.copyright_en)]
    if agency.contact_person is not None:
        person = agency.contact_person
        fields.append(("agency.contact_person", "title", person.title, person.title_en))
    for section, key, vietnamese, english in fields:
        if vietnamese and not english:
            reader.problems.warning(CONFIG_NAME, reader.line_of(section, key),
                                    f"[{section}] chưa có bản tiếng Anh \"{key}{ENGLISH_SUFFIX}\": phần này không "
                                    "hiện trên trang tiếng Anh.",
                                    f"Thêm dòng {key}{ENGLISH_SUFFIX} = … ngay dưới dòng {key}.", code=MISSING_ENGLISH)
    return reader.problems


# --- the views -----------------------------------------------------------------------------------

def paragraphs(text: str) -> tuple[str, ...]:
    """A text's paragraphs (split at blank lines), each on one line."""
    return tuple(" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip())


def _view(language: str, organisation: dict, units: list[dict], officials: list[dict], unit_of: list[int | None],
          heads: dict[int, int], left_out: set[tuple[str, int | None, str]]) -> Organisation:
    english = language == ENGLISH

    def text(section: str, index: int | None, values: dict, key: str) -> Any:
        if not english or not values[key]:
            return values[key]
        return None if (section, index, key) in left_out else values[key + ENGLISH_SUFFIX]

    def person(index: int) -> Person | None:
        values = officials[index]
        position = text("officials", index, values, "position")
        if position is None:
            return None
        return Person(values["name"], position, values["phone"], values["email"])

    people = [person(index) for index in range(len(officials))]
    made_units = []
    for index, values in enumerate(units):
        name = text("units", index, values, "name")
        if name is None:
            continue
        head = people[heads[index]] if index in heads else None
        members = [people[number] for number in range(len(officials))
                   if unit_of[number] == index and number != heads.get(index) and people[number] is not None]
        made_units.append(Unit(
            id=values["id"], name=name, functions=paragraphs(text("units", index, values, "functions") or ""),
            duties=tuple(text("units", index, values, "duties") or ()),
            address=text("units", index, values, "address") or "", phone=values["phone"], email=values["email"],
            head=head, officials=tuple(([head] if head is not None else []) + members)))
    return Organisation(
        language=language,
        introduction=paragraphs(text("organisation", None, organisation, "introduction") or ""),
        functions=paragraphs(text("organisation", None, organisation, "functions") or ""),
        duties=tuple(text("organisation", None, organisation, "duties") or ()),
        leaders=tuple(people[number] for number in range(len(officials))
                      if unit_of[number] is None and people[number] is not None),
        units=tuple(made_units), updated=organisation["updated"])


def english_config(config: Config) -> Config:
    """The site's and agency's details as the English pages show them: the English values, and
    nothing where a text has none (phones and emails are the same in both languages)."""
    site, agency = config.site, config.agency
    person = agency.contact_person
    if person is not None:
        person = dataclasses.replace(person, title=person.title_en)
    return dataclasses.replace(
        config,
        site=dataclasses.replace(site, name=site.name_en or agency.name_en, tagline=site.tagline_en, language=ENGLISH),
        agency=dataclasses.replace(agency, name=agency.name_en, address=agency.address_en, license=agency.license_en,
                                   responsible_person=agency.responsible_person_en, copyright=agency.copyright_en,
                                   contact_person=person))
