"""The front matter of a document of the register (`content/van-ban/`), checked and typed.

    ---
    number: 12/2024/QĐ-UBND
    type: Quyết định
    issuer: Ủy ban Nhân dân thành phố Hồng Ngự      # default: [documents] issuer, else the agency
    fields: [Đất đai, Xây dựng]
    signer: {name: Nguyễn Văn A, position: Chủ tịch}
    issued: 05/03/2024
    effective: 15/03/2024
    expires: 31/12/2025
    summary: Ban hành Quy định quản lý trật tự xây dựng trên địa bàn thành phố
    files: [quyet-dinh-12-2024.pdf]
    replaces: [05/2019/QĐ-UBND]
    amends: ["08/QĐ-UBND ngày 10/01/2023"]
    ---

Every problem is reported with its line and what to write instead, all at once, like an
article's (content.py). What needs the other documents (two with one number, a `replaces`
naming none) is checked when the register is built (site/register.py).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time

from ..common.errors import Problems
from ..text.document_numbers import FORMAT_HINT, number_problem, number_slug, parse_number, style_problem
from ..text.vietnamese import fold_tone_placement, nfc
from .config import Config
from .document_types import STATUSES, DocumentField, DocumentType

DOCUMENT_KEYS = ("number", "type", "issuer", "fields", "signer", "issued", "effective", "expires", "status",
                 "summary", "files", "replaces", "amends", "consolidates", "draft")
# Relations to other documents, in the order a document's page lists them.
RELATION_KEYS = ("replaces", "amends", "consolidates")
_CITATION = re.compile(r"^(?:.*?\bsố\s+)?(?P<number>\S+?)[,;]?(?:\s+ngày\s+(?P<date>\S+))?\s*$", re.IGNORECASE)
_DATE_HINT = "Viết ngày theo dạng 19/04/2023 hoặc 2023-04-19."


@dataclass(frozen=True)
class Citation:
    """Another document named in `replaces`, `amends` or `consolidates`: its number, and its date of
    issue when the editor gave one ("05/QĐ-UBND ngày 10/03/2023": numbers without a year repeat)."""

    number: str
    issued: date | None
    line: int


@dataclass(frozen=True)
class OfficialFields:
    """What a document of the register says about itself, beyond an article's fields."""

    number: str
    type: DocumentType
    issuer: str
    fields: tuple[DocumentField, ...]
    signer: str
    signer_position: str
    issued: date
    effective: date | None
    expires: date | None
    status: str                       # written in the front matter; "" = worked out from the dates
    replaces: tuple[Citation, ...] = ()
    amends: tuple[Citation, ...] = ()
    consolidates: tuple[Citation, ...] = ()
    number_line: int = 1


class _Reader:
    """One document's front matter, read field by field; problems go to `problems`."""

    def __init__(self, meta: dict, key_lines: dict[str, int], display: str, config: Config, problems: Problems):
        self.meta, self.key_lines, self.display = meta, key_lines, display
        self.config, self.settings, self.problems = config, config.documents, problems

    def line(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    def report(self, key: str, message: str, hint: str) -> None:
        """An error at the key's line (tests/test_docs.py reads these messages: the guide explains each)."""
        self.problems.error(self.display, self.line(key), message, hint)

    def text(self, key: str, required_hint: str = "") -> str:
        value = self.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required_hint:
                self.problems.error(self.display, self.line(key) if key in self.meta else 1,
                                    f"thiếu \"{key}\"." if value is None else f"\"{key}\" đang để trống.",
                                    required_hint)
            return ""
        if isinstance(value, (dict, list)):
            self.report(key, f"\"{key}\" phải là một dòng chữ.", f"Viết trên cùng dòng, ví dụ: {key}: \"…\"")
            return ""
        from .content import without_control_characters  # the article reader's rule, shared
        return without_control_characters(nfc(str(value))).strip()

    def day(self, key: str, required_hint: str = "") -> date | None:
        from .content import parse_date
        if self.meta.get(key) is None or self.meta.get(key) == "":  # the admin (Decap) writes "" for a blank date
            if required_hint:
                self.problems.error(self.display, self.line(key) if key in self.meta else 1, f"thiếu \"{key}\".",
                                    required_hint)
            return None
        moment, message = parse_date(self.meta[key], self.config.site.tz)
        if message:
            self.report(key, f"\"{key}\": {message}", _DATE_HINT)
            return None
        return moment.date()

    def names(self, key: str) -> list[tuple[str, int]]:
        """A list, or a comma-separated line, of short texts, each with its line."""
        value = self.meta.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            return [(item.strip(), self.line(key)) for item in value.split(",") if item.strip()]
        if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
            return [(nfc(str(item)).strip(), self.key_lines.get(f"{key}[{index}]", self.line(key)))
                    for index, item in enumerate(value) if str(item).strip()]
        self.report(key, f"\"{key}\" phải là một danh sách.", f"Ví dụ: {key}: [A, B] hoặc {key}: A, B")
        return []


def read_official_fields(meta: dict, key_lines: dict[str, int], display: str, config: Config,
                         problems: Problems) -> OfficialFields | None:
    """The register's fields of one document, or None when any of them is wrong (each reported)."""
    reader = _Reader(meta, key_lines, display, config, problems)
    start_errors = len(problems.errors)
    number = _number_field(reader)
    kind = _type_field(reader)
    if number and kind is not None:
        _check_code_against_type(reader, number, kind)
    issuer = reader.text("issuer") or config.documents.issuer or config.agency.name
    fields = _fields_field(reader)
    signer, position = _signer_field(reader)
    issued = reader.day("issued", "Thêm dòng: issued: 05/03/2024 (ngày ban hành).")
    effective, expires = reader.day("effective"), reader.day("expires")
    if issued and effective and effective < issued:
        reader.report("effective", "ngày có hiệu lực (effective) sớm hơn ngày ban hành (issued).",
                     "Văn bản chỉ có hiệu lực từ ngày ban hành trở về sau; kiểm tra lại hai ngày này.")
    start = effective or issued
    if start and expires and expires <= start:
        reader.report("expires", "ngày hết hiệu lực (expires) không sau ngày văn bản có hiệu lực.",
                     "expires là ngày văn bản thôi có hiệu lực: phải sau effective (hoặc issued khi không có effective).")
    status = _status_field(reader)
    relations = {key: _citations(reader, key) for key in RELATION_KEYS}
    if len(problems.errors) > start_errors or kind is None or issued is None:
        return None
    return OfficialFields(number=number, type=kind, issuer=issuer, fields=fields, signer=signer,
                          signer_position=position, issued=issued, effective=effective, expires=expires,
                          status=status, number_line=reader.line("number"), **relations)


def document_title(fields: OfficialFields) -> str:
    """"Quyết định số 12/2024/QĐ-UBND": how the document is named in titles and links."""
    return f"{fields.type.name} số {fields.number}"


def document_slug(fields: OfficialFields) -> str:
    return number_slug(fields.number, fields.issued.year)


def issued_moment(fields: OfficialFields, config: Config) -> datetime:
    """The start of the day of issue in the site's time zone: when the document is published."""
    return datetime.combine(fields.issued, time(), tzinfo=config.site.tz)


def _number_field(reader: _Reader) -> str:
    number = reader.text("number", "Thêm dòng: number: 12/2024/QĐ-UBND (số, ký hiệu của văn bản).")
    if not number:
        return ""
    problem = number_problem(number)
    if problem:
        reader.report("number", *problem)
        return ""
    style = style_problem(parse_number(number))
    if style:
        reader.problems.warning(reader.display, reader.line("number"), *style, code="number-style")
    return number


def _type_field(reader: _Reader) -> DocumentType | None:
    written = reader.text("type", "Thêm dòng: type: Quyết định (loại văn bản).")
    if not written:
        return None
    kind = reader.settings.find_type(written)
    if kind is None:
        names = [t.name for t in reader.settings.types]
        nearest = difflib.get_close_matches(fold_tone_placement(written), [fold_tone_placement(n) for n in names], n=1)
        suggestion = next((n for n in names if fold_tone_placement(n) == nearest[0]), "") if nearest else ""
        reader.report("type", f"loại văn bản \"{written}\" không có trong danh sách.",
                     (f"Có phải ý bạn là \"{suggestion}\"? " if suggestion else "")
                     + "Các loại: " + ", ".join(names) + ". Loại khác: khai báo trong site.toml ([[documents.types]]).")
    return kind


def _check_code_against_type(reader: _Reader, number: str, kind: DocumentType) -> None:
    """The first code group names a type (QĐ: Quyết định): a number that names another one is
    probably a typing slip, in the number or in `type`. A warning: an agency may know better."""
    code = parse_number(number).code
    named = reader.settings.type_of_code(code)
    if named is None:
        folded = reader.settings.type_of_folded_code(code)
        if folded is not None and folded == kind:
            reader.problems.warning(reader.display, reader.line("number"),
                                    f"ký hiệu \"{code}\" của {kind.name} viết là \"{kind.code}\".",
                                    f"Sửa số ký hiệu thành {number.replace(code, kind.code, 1)}", code="number-code")
            return
        named = folded
    if named is not None and named != kind:
        reader.problems.warning(reader.display, reader.line("number"),
                                f"số ký hiệu {number} có mã \"{code}\" của {named.name}, nhưng loại văn bản "
                                f"(type) là {kind.name}.",
                                f"Sửa type thành {named.name}, hoặc sửa mã trong số ký hiệu thành "
                                f"{kind.code or 'mã của ' + kind.name}.", code="number-code")
    elif named is None and kind.code:
        reader.problems.warning(reader.display, reader.line("number"),
                                f"số ký hiệu {number} không có mã \"{kind.code}\" của {kind.name}.",
                                f"Ký hiệu của {kind.name} bắt đầu bằng {kind.code}, ví dụ: "
                                f"{parse_number(number).ordinal:02d}/{kind.code}-UBND.", code="number-code")


def _fields_field(reader: _Reader) -> tuple[DocumentField, ...]:
    found = []
    for name, line in reader.names("fields"):
        field = reader.settings.find_field(name)
        if field is None:
            declared = [f.name for f in reader.settings.fields]
            nearest = difflib.get_close_matches(name, declared, n=1)
            reader.problems.error(reader.display, line, f"lĩnh vực \"{name}\" không có trong site.toml.",
                                  (f"Có phải ý bạn là \"{nearest[0]}\"? " if nearest else "")
                                  + ("Các lĩnh vực: " + ", ".join(declared) + "." if declared else
                                     "Khai báo lĩnh vực trong site.toml: [[documents.fields]] với slug và name."))
        elif field not in found:
            found.append(field)
    return tuple(found)


def _signer_field(reader: _Reader) -> tuple[str, str]:
    value = reader.meta.get("signer")
    hint = "Ví dụ: signer: Nguyễn Văn A, hoặc signer: {name: Nguyễn Văn A, position: Chủ tịch}"
    if value is None:
        return "", ""
    if isinstance(value, str):
        return nfc(value).strip(), ""
    if isinstance(value, dict) and not any(str(item or "").strip() for item in value.values()):
        return "", ""  # {name: "", position: ""}: left blank (the admin writes the table anyway)
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        reader.report("signer", "\"signer\" phải là họ tên người ký, hoặc {name: …, position: …}.", hint)
        return "", ""
    unknown = sorted(str(key) for key in value if key not in ("name", "position"))
    if unknown:
        reader.problems.warning(reader.display, reader.line("signer"), f"khóa \"{unknown[0]}\" của signer không được dùng.",
                                "signer chỉ có name: (họ tên) và position: (chức vụ).", code="unknown-key")
    position = value.get("position")
    return nfc(value["name"]).strip(), nfc(str(position)).strip() if position is not None else ""


def _status_field(reader: _Reader) -> str:
    written = reader.text("status")
    if not written:
        return ""
    by_key = {fold_tone_placement(status): status for status in STATUSES}
    status = by_key.get(fold_tone_placement(written))
    if status is None:
        reader.report("status", f"tình trạng hiệu lực \"{written}\" không có.",
                     "Dùng một trong: " + ", ".join(STATUSES) + "; hoặc bỏ dòng status để tình trạng "
                     "được tính từ các ngày issued, effective, expires.")
        return ""
    return status


def _citations(reader: _Reader, key: str) -> tuple[Citation, ...]:
    from .content import parse_date
    citations = []
    for written, line in reader.names(key):
        match = _CITATION.match(written)
        if match is None:
            reader.problems.error(reader.display, line, f"không đọc được số văn bản \"{written}\" trong {key}.",
                                  FORMAT_HINT + " Có thể thêm ngày: 05/QĐ-UBND ngày 10/03/2023.")
            continue
        issued = None
        if match.group("date"):
            moment, message = parse_date(match.group("date").rstrip(".,;"), reader.config.site.tz)
            if message:
                reader.problems.error(reader.display, line, f"\"{key}\": {message}", _DATE_HINT)
                continue
            issued = moment.date()
        citations.append(Citation(match.group("number").rstrip(".,;"), issued, line))
    return tuple(citations)
