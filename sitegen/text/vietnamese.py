"""Everything that knows about Vietnamese text: NFC, slugs, folding, dates, sorting.

Two tone-mark placements are in use ("Thành uỷ" / "Thành ủy", "hoà" / "hòa").
NFC does not make them equal, so the page keeps what the editor wrote while
slugs, search keys, duplicate checks and sort keys treat them as equal.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import lru_cache

from babel import Locale
from babel import dates as babel_dates

_VIETNAMESE = Locale.parse("vi")  # parsed once: babel would parse "vi" again on every call

# Combining marks that carry a tone (huyền, sắc, ngã, hỏi, nặng).
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Traditional dictionary order of tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_ORDER = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Vowel modifiers that make a different letter (ă, â, ê, ô, ơ, ư).
_LETTER_MODIFIERS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}

_WORD = re.compile(r"\w+", re.UNICODE)
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Return text in Unicode NFC (text pasted from Word or macOS may be NFD)."""
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """Remove every accent, and map đ/Đ to d/D (it does not decompose)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_d(text: str) -> str:
    """Only "đ/Đ" → "d/D", everything else kept: what search indexes, since Pagefind folds
    every other diacritic itself but not this letter, which does not decompose."""
    return text.replace("đ", "d").replace("Đ", "D")  # (str.translate is 20× slower on Vietnamese text)


@lru_cache(maxsize=65536)  # tag names repeat on thousands of articles, and the preview rebuilds often
def slugify(text: str) -> str:
    """Make a URL slug: "Hội nghị … Đồng Tháp" → "hoi-nghi-dong-thap"."""
    ascii_text = strip_diacritics(nfc(text)).lower()
    return _NON_SLUG.sub("-", ascii_text).strip("-")


def _fold_word_tone(word: str) -> str:
    """Move a word's tone mark to its end so both placements compare equal."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in decomposed if ch in TONE_MARKS)
    if not tones:
        return nfc(word)
    base = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return nfc(base) + tones


def fold_tone_placement(text: str) -> str:
    """A key equal for "Thành uỷ" and "Thành ủy" but not for "ủy" and "ụy"."""
    return _WORD.sub(lambda m: _fold_word_tone(m.group(0)), nfc(text)).lower()


def search_key(text: str) -> str:
    """Lower-case text without any diacritic: what a search query matches on."""
    return strip_diacritics(nfc(text)).lower()


@lru_cache(maxsize=4096)  # few distinct characters, called for every letter of every title
def _letter_rank(ch: str) -> tuple[int, int]:
    """(primary, tone) rank of one lower-case character in Vietnamese order."""
    if ch == "đ":
        return ord("d") * 4 + 1, 0
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    modifier = sum(_LETTER_MODIFIERS.get(mark, 0) for mark in marks)
    tone = max((_TONE_ORDER.get(mark, 0) for mark in marks), default=0)
    return ord(base) * 4 + modifier, tone


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Vietnamese dictionary order: letters first (a < ă < â < b … d < đ), tones second."""
    ranks = [_letter_rank(ch) for ch in nfc(text).lower()]
    return tuple(r[0] for r in ranks), tuple(r[1] for r in ranks)


# Every listing shows the dates of its articles again: Babel formats one in about 20 µs, and a
# cold build at 10,000 articles formats 150,000 of them.
DATES_REMEMBERED = 65536


@lru_cache(maxsize=DATES_REMEMBERED)
def format_date(moment: datetime) -> str:
    """"Thứ Tư, 19/04/2023", the form Vietnamese portals use."""
    return babel_dates.format_datetime(moment, "EEEE, dd/MM/yyyy", locale=_VIETNAMESE)


@lru_cache(maxsize=DATES_REMEMBERED)
def format_datetime(moment: datetime) -> str:
    """"Thứ Tư, 19/04/2023 08:30"; the time is left out when it is midnight."""
    if (moment.hour, moment.minute) == (0, 0):
        return format_date(moment)
    return babel_dates.format_datetime(moment, "EEEE, dd/MM/yyyy HH:mm", locale=_VIETNAMESE)


@lru_cache(maxsize=DATES_REMEMBERED)
def format_date_formal(moment: datetime) -> str:
    """"ngày 19 tháng 4 năm 2023", for formal text."""
    return babel_dates.format_datetime(moment, "'ngày' d 'tháng' M 'năm' y", locale=_VIETNAMESE)


def format_month(year: int, month: int) -> str:
    """"Tháng 4/2023", a heading in the archive."""
    return f"Tháng {month}/{year}"
