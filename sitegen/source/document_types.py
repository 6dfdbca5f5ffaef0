"""The vocabulary of the documents register: types and their codes, fields (lĩnh vực), statuses.

The types are those of Nghị định 30/2020/NĐ-CP (Điều 7 and Phụ lục III: administrative
documents and their codes) and the legal document types. An IT officer extends or corrects
the list in `site.toml` without touching code:

    [[documents.types]]
    name = "Hướng dẫn liên tịch"
    code = "HDLT"

A type of the same name (either tone-mark placement) replaces the built-in one. Fields are
declared like categories: `[[documents.fields]]` with `slug`, `name` and `description`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..text.vietnamese import fold_tone_placement, slugify

# (name, code): "" for types whose number carries no type code (công văn: issuer and unit).
BUILTIN_TYPES = (
    ("Nghị quyết", "NQ"), ("Quyết định", "QĐ"), ("Chỉ thị", "CT"), ("Quy chế", "QC"), ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"), ("Thông báo", "TB"), ("Hướng dẫn", "HD"), ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"), ("Phương án", "PA"), ("Đề án", "ĐA"), ("Dự án", "DA"), ("Báo cáo", "BC"),
    ("Biên bản", "BB"), ("Tờ trình", "TTr"), ("Hợp đồng", "HĐ"), ("Công văn", ""), ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "BGN"), ("Bản thỏa thuận", "BTT"), ("Giấy ủy quyền", "GUQ"), ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"), ("Giấy nghỉ phép", "GNP"), ("Phiếu gửi", "PG"), ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"),
    # Legal documents (Luật Ban hành văn bản quy phạm pháp luật) and consolidated texts.
    ("Hiến pháp", ""), ("Bộ luật", ""), ("Luật", ""), ("Pháp lệnh", ""), ("Lệnh", "L"), ("Nghị định", "NĐ"),
    ("Thông tư", "TT"), ("Thông tư liên tịch", "TTLT"), ("Nghị quyết liên tịch", "NQLT"),
    ("Văn bản hợp nhất", "VBHN"),
)

IN_FORCE = "Còn hiệu lực"
NOT_YET_IN_FORCE = "Chưa có hiệu lực"
EXPIRED = "Hết hiệu lực"
PARTLY_EXPIRED = "Hết hiệu lực một phần"
SUSPENDED = "Ngưng hiệu lực"
STATUSES = (IN_FORCE, NOT_YET_IN_FORCE, EXPIRED, PARTLY_EXPIRED, SUSPENDED)

_CODE_PATTERN = re.compile(r"^[0-9A-Za-zĐđ.]*$")


@dataclass(frozen=True)
class DocumentType:
    name: str      # "Quyết định"
    code: str      # "QĐ"; "" when numbers carry none
    slug: str      # "quyet-dinh": /van-ban/loai/quyet-dinh/


@dataclass(frozen=True)
class DocumentField:
    slug: str
    name: str
    description: str = ""


def builtin_types() -> tuple[DocumentType, ...]:
    return tuple(DocumentType(name, code, slugify(name)) for name, code in BUILTIN_TYPES)


BUILTIN = builtin_types()


@dataclass(frozen=True)
class DocumentSettings:
    """`[documents]` of site.toml, with the built-in types merged in."""

    issuer: str = ""                                # default issuer ("" until the config fills in the agency)
    per_page: int = 20                              # rows of the register and its listings
    home_latest: int = 5                            # newest documents on the home page (0: none)
    types: tuple[DocumentType, ...] = BUILTIN
    fields: tuple[DocumentField, ...] = ()

    def find_type(self, written: str) -> DocumentType | None:
        """The type an editor meant by its name ("Quyết định", "quyết định"), slug or code ("QĐ")."""
        return _types_by_key(self.types).get(fold_tone_placement(written.strip())) or \
            _types_by_code(self.types).get(written.strip().upper())

    def type_of_code(self, code: str) -> DocumentType | None:
        """The type whose code a number's first group is: exactly ("HĐ" Hợp đồng, "HD" Hướng dẫn)."""
        return _types_by_code(self.types).get(code.upper())

    def type_of_folded_code(self, code: str) -> DocumentType | None:
        """The one type whose code, "Đ" written "D", is this one ("QD" for "QĐ"); None if none or several."""
        matches = [t for t in self.types if t.code and _fold(t.code) == _fold(code)]
        return matches[0] if len(matches) == 1 else None

    def find_field(self, written: str) -> DocumentField | None:
        """The field an editor meant by its name or slug (either tone-mark placement)."""
        return _fields_by_key(self.fields).get(fold_tone_placement(written.strip()))


def _fold(code: str) -> str:
    return code.upper().replace("Đ", "D")


@functools.lru_cache(maxsize=8)
def _types_by_key(types: tuple[DocumentType, ...]) -> dict[str, DocumentType]:
    found: dict[str, DocumentType] = {}
    for kind in types:
        found.setdefault(fold_tone_placement(kind.name), kind)
        found.setdefault(kind.slug, kind)
    return found


@functools.lru_cache(maxsize=8)
def _types_by_code(types: tuple[DocumentType, ...]) -> dict[str, DocumentType]:
    return {kind.code.upper(): kind for kind in types if kind.code}


@functools.lru_cache(maxsize=8)
def _fields_by_key(fields: tuple[DocumentField, ...]) -> dict[str, DocumentField]:
    found: dict[str, DocumentField] = {}
    for field in fields:
        found.setdefault(field.slug, field)
        found.setdefault(fold_tone_placement(field.name), field)
    return found


def merged_types(declared: list[dict], problems, path: str, line_of) -> tuple[DocumentType, ...]:
    """The built-in types with those of site.toml: a declared name replaces the built-in type of
    that name (its code corrected), a new name is added at the end. `line_of(key, index)` gives
    the line of a key of the index-th `[[documents.types]]`."""
    types = {fold_tone_placement(kind.name): kind for kind in BUILTIN}
    seen: set[str] = set()
    for index, table in enumerate(declared):
        name, code = table["name"], table["code"]
        key = fold_tone_placement(name)
        if key in seen:
            problems.error(path, line_of("name", index), f"loại văn bản \"{name}\" được khai báo hai lần.",
                           "Giữ một bảng [[documents.types]] cho mỗi loại.")
        seen.add(key)
        if not _CODE_PATTERN.match(code):
            problems.error(path, line_of("code", index), f"mã loại văn bản \"{code}\" không hợp lệ.",
                           "Mã chỉ gồm chữ cái và chữ số, không dấu cách, ví dụ: code = \"HDLT\".")
        if not slugify(name):
            problems.error(path, line_of("name", index), f"tên loại văn bản \"{name}\" không có chữ cái nào.",
                           "Viết tên loại văn bản, ví dụ: name = \"Hướng dẫn liên tịch\".")
            continue
        types[key] = DocumentType(name, code, slugify(name))
    by_code: dict[str, str] = {}
    for kind in types.values():
        if kind.code and by_code.setdefault(kind.code.upper(), kind.name) != kind.name:
            problems.error(path, line_of("code", None), f"mã \"{kind.code}\" được dùng cho hai loại văn bản "
                           f"(\"{by_code[kind.code.upper()]}\" và \"{kind.name}\").",
                           "Mỗi loại văn bản cần một mã riêng (xem Phụ lục III Nghị định 30/2020/NĐ-CP).")
    return tuple(types.values())


def checked_fields(declared: list[dict], problems, path: str, line_of) -> tuple[DocumentField, ...]:
    """`[[documents.fields]]`: slugs valid and unique, names unique (as categories are)."""
    fields, slugs, names = [], set(), set()
    for index, table in enumerate(declared):
        field = DocumentField(table["slug"], table["name"], table["description"])
        if not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", field.slug):
            problems.error(path, line_of("slug", index), f"slug lĩnh vực \"{field.slug}\" không hợp lệ.",
                           f"Chỉ dùng chữ thường không dấu, số và dấu -, ví dụ \"{slugify(field.slug or field.name)}\".")
        if field.slug in slugs:
            problems.error(path, line_of("slug", index), f"lĩnh vực \"{field.slug}\" được khai báo hai lần.",
                           "Xóa một khai báo hoặc đổi slug.")
        if fold_tone_placement(field.name) in names:
            problems.error(path, line_of("name", index), f"tên lĩnh vực \"{field.name}\" được dùng cho hai lĩnh vực.",
                           "Đặt cho mỗi lĩnh vực một tên riêng.")
        slugs.add(field.slug)
        names.add(fold_tone_placement(field.name))
        fields.append(field)
    return tuple(fields)
