"""Số, ký hiệu of an agency's documents (Nghị định 30/2020, Phụ lục I): read, check, compare, search.

A number is the document's ordinal in its year, the year itself for legal documents, then
the code: groups joined by hyphens, no spaces. "05/QĐ-UBND", "15/UBND-VP", "12/2024/QĐ-UBND".
The first group of the code names the type of the document (QĐ: Quyết định) unless the
document is a công văn, whose code names the issuer then the unit that drafted it.

Editors write numbers as printed; citizens type them in any case, with or without "đ",
slashes or hyphens. `number_key` is what two spellings of one number share, and
`search_words` the words a search index needs so that every spelling finds it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .vietnamese import nfc, slugify

# A code group: a letter, then letters (Đ included; some codes mix cases: TTr, CTr, QyĐ), digits, dots.
_GROUP = r"[A-Za-zĐđ][0-9A-Za-zĐđ.]*"
_NUMBER = re.compile(rf"^(\d{{1,6}})(?:/(\d{{4}}))?/({_GROUP}(?:-{_GROUP})*)$")
_SPACES = re.compile(r"\s+")
_KEY_DROPPED = re.compile(r"\s+")
FORMAT_HINT = ("Viết số, dấu /, rồi ký hiệu; các nhóm chữ của ký hiệu nối bằng dấu -, không có dấu cách, "
               "ví dụ: 05/QĐ-UBND, 15/UBND-VP hoặc 12/2024/QĐ-UBND (văn bản quy phạm pháp luật có năm).")


@dataclass(frozen=True)
class DocumentNumber:
    """A number as written, read into its parts."""

    text: str                    # "12/2024/QĐ-UBND"
    ordinal: int                 # 12
    year: int | None             # 2024, or None when the number does not carry one
    groups: tuple[str, ...]      # ("QĐ", "UBND")

    @property
    def code(self) -> str:
        """The first code group: the type's code for most documents ("QĐ")."""
        return self.groups[0]


@functools.lru_cache(maxsize=1 << 16)
def parse_number(text: str) -> DocumentNumber | None:
    """The parts of a well-formed number, or None (see `number_problem` for why). Remembered: a
    build asks for each number of the register three times (30 ms at 5,000 documents)."""
    match = _NUMBER.match(nfc(text).strip())
    if match is None:
        return None
    ordinal, year, code = match.groups()
    return DocumentNumber(match.group(0), int(ordinal), int(year) if year else None, tuple(code.split("-")))


def number_problem(text: str) -> tuple[str, str] | None:
    """(what is wrong, how to write it) for a malformed number; None for a good one."""
    text = nfc(text).strip()
    if parse_number(text) is not None:
        return None
    joined = _SPACES.sub("", text)
    if joined != text and parse_number(joined) is not None:
        return (f"số ký hiệu \"{text}\" có dấu cách.", f"Viết liền, không có dấu cách: {joined}")
    if not re.match(r"^\d", text):
        return (f"số ký hiệu \"{text}\" phải bắt đầu bằng số thứ tự của văn bản.", FORMAT_HINT)
    if "/" not in text:
        return (f"số ký hiệu \"{text}\" thiếu dấu / giữa số và ký hiệu.", FORMAT_HINT)
    return (f"số ký hiệu \"{text}\" không đúng thể thức.", FORMAT_HINT)


def style_problem(number: DocumentNumber) -> tuple[str, str] | None:
    """A well-formed number written against the rules' style: a missing leading zero, a code in
    lower case. Only worth a warning: the number is still found and shown as written."""
    if number.ordinal < 10 and not number.text.startswith("0"):
        fixed = "0" + number.text
        return (f"số ký hiệu \"{number.text}\": số thứ tự nhỏ hơn 10 viết thêm số 0 ở trước.",
                f"Viết: {fixed}")
    lower = [group for group in number.groups if group == group.lower() and not group.isdigit()]
    if lower:
        return (f"số ký hiệu \"{number.text}\": ký hiệu \"{lower[0]}\" viết chữ thường.",
                f"Ký hiệu viết chữ in hoa, ví dụ: {lower[0].upper()}")
    return None


@functools.lru_cache(maxsize=1 << 16)
def number_key(text: str) -> str:
    """One key for every spelling of a number: no spaces, upper case, "Đ" as "D"
    ("12/2024/qđ-ubnd" and "12/2024/QD-UBND" are "12/2024/QD-UBND")."""
    return _KEY_DROPPED.sub("", nfc(text)).upper().replace("Đ", "D")


def number_slug(number: str, issued_year: int) -> str:
    """The document's address in the register: "12/2024/QĐ-UBND" → "12-2024-qd-ubnd". A number
    without its year repeats from year to year ("05/QĐ-UBND" of 2023 and of 2024), so the year of
    issue is added: "05-qd-ubnd-2024"."""
    parsed = parse_number(number)
    slug = slugify(number.replace("/", "-").replace(".", "-"))
    return slug if parsed is not None and parsed.year is not None else f"{slug}-{issued_year}"


def search_words(number: str) -> str:
    """The number as the index should hold it: written as is (Pagefind then finds "12/2024/qd-ubnd"
    as one word), its code alone ("QĐ-UBND": Pagefind holds a hyphenated word joined, "qdubnd", and
    finds "QĐ-UBND 12" by it) and its parts ("12 2024 QĐ UBND"), so "qd ubnd 12 2024" finds it too;
    an ordinal written with a leading zero also without it ("05" and "5")."""
    written = nfc(number).strip()
    parts = [part for part in re.split(r"[/\-.\s]+", written) if part]
    if parts and parts[0].isdigit() and parts[0] != parts[0].lstrip("0"):
        parts.insert(1, parts[0].lstrip("0") or "0")  # "05/QĐ-UBND" is also typed "QĐ-UBND 5"
    code = written.rsplit("/", 1)[-1]
    return " ".join([written, code, *parts] if "-" in code else [written, *parts])
