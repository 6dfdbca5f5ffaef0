"""Vietnamese typing slips in an article's raw text: warnings with file, line, column and context.

Pure: text in, problems out. It looks for text not in NFC, both tone-mark
placements mixed in one file ("Thành uỷ" / "Thành ủy"), double spaces, a
space before punctuation, a hyphen glued to one word only ("khóm- ấp"), words
glued together ("phốLãnh") and tokens that cannot be a Vietnamese syllable
("Tnh"). Markdown syntax (code, link targets, HTML tags, URLs) is masked
first so it is never reported.

The syllable check follows the structure of a Vietnamese syllable:
onset + (medial o/u) + vowel nucleus + coda, with at most one tone mark,
and a stop coda (-c, -ch, -p, -t) taking only the sắc or nặng tone.
Acronyms in capitals (MTTQ, UB.MTTQ.VN), numbers, abbreviations with a dot
("P.", "Tp.") and a short list of common loanwords are accepted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..common.errors import WARNING, Problem
from .vietnamese import TONE_MARKS, fold_tone_placement, nfc

ONSETS = ("ngh", "ng", "gh", "gi", "kh", "ch", "nh", "ph", "th", "tr", "qu",
          "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")
_RHYME = re.compile(r"^(?P<medial>[ou]?)(?P<nucleus>iê|ia|yê|ya|uô|ua|ươ|ưa|oo|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y)"
                    r"(?P<coda>ch|nh|ng|c|k|m|n|p|t|i|y|o|u)?$")
_STOP_CODAS = ("c", "ch", "p", "t")
_STOP_TONES = ("\u0301", "\u0323")  # sắc, nặng
_NEEDS_CODA = ("ă", "â")
# Loanwords common in government news that are not Vietnamese syllables; compared lower-case.
LOANWORDS = frozenset("""
internet online offline email e-mail mail website web wifi video audio file pdf logo zalo facebook youtube
google covid smartphone app apps camera radio tivi pano banner hotline fanpage blog livestream show
krông ios iphone ipad ekyc egov vneid
""".split())

# Markdown and HTML that is not prose: fenced/inline code, link targets, tags, URLs, reference links.
_MASKS = (
    re.compile(r"`[^`]*`"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"<[^>\n]*>"),
    re.compile(r"\b(?:https?|ftp|mailto|tel):[^\s)>\]]+"),
    re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$"),
    re.compile(r"[_*]"),
    re.compile(r"\{[#:][^}]*\}"),
)
_MASK_CHAR = "\u0001"
_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_]+)*\.?")
_DOUBLE_SPACE = re.compile(r"(?<=[^\s|]) {2,}(?=[^\s|])")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=[^\s|\u0001]) +(?=(?:[,;:!?)]|\.(?!\.))(?:\s|$))")
_LOOSE_HYPHEN = re.compile(r"(?<=[^\W\d_])(?:- (?=[^\W\d_])| -(?=[^\W\d_]))")
_FRONT_MATTER_TEXT_KEYS = ("title", "summary", "author", "source", "tags")
CONTEXT_CHARS = 25


@dataclass(frozen=True)
class _Token:
    text: str
    line: int
    column: int  # 1-based


def strip_tone(word: str) -> tuple[str, str]:
    """(letters without the tone mark, the tone marks found) of a lower-case word."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in decomposed if ch in TONE_MARKS)
    return nfc("".join(ch for ch in decomposed if ch not in TONE_MARKS)), tones


@lru_cache(maxsize=65536)  # a site's vocabulary is small; each word is looked at once
def is_vietnamese_syllable(word: str) -> bool:
    """True when `word` can be one Vietnamese syllable: "thành", "uỷ", "nghiêng"; not "tnh", "internet"."""
    letters, tones = strip_tone(nfc(word).lower())
    if len(tones) > 1 or not letters:
        return False
    for onset in ONSETS:
        if not letters.startswith(onset):
            continue
        rest = letters[len(onset):]
        if onset in ("gi", "qu") and not rest:
            return onset == "gi"  # "gì" is gi + (i); "qu" alone is not a syllable
        match = _RHYME.match(rest)
        if not match:
            continue
        nucleus, coda = match.group("nucleus"), match.group("coda") or ""
        if nucleus in _NEEDS_CODA and not coda:
            continue
        if coda in _STOP_CODAS and tones and tones not in _STOP_TONES:
            continue
        return True
    return False


def mask_markup(line: str) -> str:
    """The line with non-prose Markdown/HTML replaced by a filler of the same length (columns stay right)."""
    for pattern in _MASKS:
        line = pattern.sub(lambda m: _MASK_CHAR * len(m.group(0)), line)
    return line


def context(line: str, start: int, end: int) -> str:
    """The text around [start, end) of a line, for the message."""
    left = max(0, start - CONTEXT_CHARS)
    right = min(len(line), end + CONTEXT_CHARS)
    return ("…" if left else "") + line[left:right].strip() + ("…" if right < len(line) else "")


def check_typography(raw_text: str, display: str) -> list[Problem]:
    """Every typing slip in one Markdown file's text (as read from disk, before NFC)."""
    problems: list[Problem] = []
    lines = raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems += _check_nfc(lines, display)
    tokens: list[_Token] = []
    in_fence = False
    front_matter = bool(lines) and lines[0].strip() == "---"
    for number, raw_line in enumerate(lines, start=1):
        line = nfc(raw_line)
        if front_matter:
            if number > 1 and line.strip() == "---":
                front_matter = False
                continue
            key, colon, value = line.partition(":")
            if not colon or key.strip() not in _FRONT_MATTER_TEXT_KEYS:
                continue
            line = " " * (len(key) + 1) + value  # check only the value, keep columns
        elif line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        elif in_fence or _is_indented_code(line):
            continue
        prose = mask_markup(line)
        problems += _check_spacing(prose, line, number, display)
        for match in _TOKEN.finditer(prose):
            if _tone_fold_key(match.group(0).rstrip(".").lower()):
                tokens.append(_Token(match.group(0), number, match.start() + 1))
            problem = _check_token(match.group(0), match.start(), line, number, display)
            if problem:
                problems.append(problem)
    problems += _check_mixed_tone_placement(tokens, lines, display)
    return problems


def _is_indented_code(line: str) -> bool:
    """An indented code block (a nested list item is indented too, but starts with a marker)."""
    stripped = line.lstrip()
    return line.startswith(("    ", "\t")) and not re.match(r"([-*+]|\d+[.)])\s", stripped)


def _warning(display: str, line: int, column: int, message: str, hint: str, code: str) -> Problem:
    return Problem(display, line, message, hint, WARNING, column=column, code=code)


def _check_nfc(lines: list[str], display: str) -> list[Problem]:
    """One warning per file (at the first line), not one per line of a file pasted from macOS/Word."""
    bad = [(number, line) for number, line in enumerate(lines, start=1)
           if not unicodedata.is_normalized("NFC", line)]
    if not bad:
        return []
    number, line = bad[0]
    column = next(i for i, ch in enumerate(line) if unicodedata.combining(ch) or nfc(ch) != ch)
    return [_warning(display, number, max(1, column),
                     f"chữ không ở dạng Unicode dựng sẵn (NFC) ở {len(bad)} dòng, đầu tiên ở đây: "
                     f"\"{context(nfc(line), column, column + 1)}\".",
                     "Văn bản dán từ Word hoặc máy Mac có thể ở dạng tổ hợp (NFD). Trang vẫn hiện đúng, nhưng "
                     "nên chuyển mã: Unikey › Công cụ chuyển mã › Unicode tổ hợp → Unicode, rồi lưu lại.",
                     "not-nfc")]


def _check_spacing(prose: str, line: str, number: int, display: str) -> list[Problem]:
    problems = []
    for match in _DOUBLE_SPACE.finditer(prose):
        problems.append(_warning(display, number, match.start() + 1,
                                 f"hai dấu cách liền nhau: \"{context(line, match.start(), match.end())}\".",
                                 "Xóa bớt một dấu cách.", "double-space"))
    for match in _SPACE_BEFORE_PUNCT.finditer(prose):
        mark = prose[match.end()]
        problems.append(_warning(display, number, match.start() + 1,
                                 f"dấu cách trước dấu \"{mark}\": \"{context(line, match.start(), match.end() + 1)}\".",
                                 f"Viết dấu \"{mark}\" sát chữ đứng trước, rồi mới đến dấu cách.",
                                 "space-before-punctuation"))
    for match in _LOOSE_HYPHEN.finditer(prose):
        problems.append(_warning(display, number, match.start() + 1,
                                 f"dấu gạch nối chỉ dính một bên: \"{context(line, match.start(), match.end())}\".",
                                 "Viết \"khóm - ấp\" (cách hai bên) hoặc \"khóm-ấp\" (sát hai bên).",
                                 "loose-hyphen"))
    return problems


def _check_token(token: str, start: int, line: str, number: int, display: str) -> Problem | None:
    verdict = token_verdict(token)
    if verdict is None:
        return None
    code, detail = verdict
    word = token.rstrip(".")
    around = context(line, start, start + len(word))
    if code == "glued-words":
        return _warning(display, number, start + detail + 1, f"hai chữ dính liền \"{word}\": \"{around}\".",
                        f"Thêm dấu cách: \"{' '.join(_split_at_capitals(word))}\".", code)
    return _warning(display, number, start + 1,
                    f"\"{word}\" không phải một tiếng (âm tiết) tiếng Việt: \"{around}\".",
                    "Có thể gõ thiếu hoặc thừa chữ; kiểm tra lại (nếu là tên riêng hay từ nước ngoài thì bỏ qua).", code)


@lru_cache(maxsize=65536)  # the same words come back on every page: decide once per word
def token_verdict(token: str) -> tuple[str, int] | None:
    """("glued-words", offset of the second word), ("not-a-syllable", 0), or None when the token is fine."""
    word = token.rstrip(".")
    if any(ch.isdigit() for ch in word):
        return None  # numbers, dates, units: "2023", "m2", "5km"
    if len(word) < 2 or "." in word or word.isupper() or word.lower() in LOANWORDS:
        return None  # single letters, dotted abbreviations (UB.MTTQ.VN), acronyms (MTTQ), loanwords
    parts = _split_at_capitals(word)
    if len(parts) > 1:
        if all(is_vietnamese_syllable(part) or part.isupper() for part in parts):
            return "glued-words", len(parts[0])
        return None  # mixed case that is not two words: a name like "iPhone"
    if token.endswith(".") and not is_vietnamese_syllable(word):
        return None  # an abbreviation with a dot: "P.", "Tp.", "ThS."
    if word[1:].lower() != word[1:] or is_vietnamese_syllable(word):
        return None
    return "not-a-syllable", 0


def _split_at_capitals(word: str) -> list[str]:
    """"phốLãnh" → ["phố", "Lãnh"]: split where a lower-case letter is followed by a capital."""
    boundaries = [i for i in range(1, len(word)) if word[i - 1].islower() and word[i].isupper()]
    return [word[a:b] for a, b in zip([0, *boundaries], [*boundaries, len(word)])]


@lru_cache(maxsize=65536)
def _tone_fold_key(word: str) -> str:
    """The word with its tone mark moved to the end ("" when it has none): equal for "uỷ" and "ủy"."""
    if not any(ch in TONE_MARKS for ch in unicodedata.normalize("NFD", word)):
        return ""
    return fold_tone_placement(word)


def _check_mixed_tone_placement(tokens: list[_Token], lines: list[str], display: str) -> list[Problem]:
    """"uỷ" and "ủy" in one file: one warning per word, where the second spelling first appears."""
    first_seen: dict[str, dict[str, _Token]] = {}
    for token in tokens:
        word = token.text.rstrip(".").lower()
        key = _tone_fold_key(word)
        if key:
            first_seen.setdefault(key, {}).setdefault(word, token)
    problems = []
    for spellings in first_seen.values():
        if len(spellings) < 2:
            continue
        ordered = sorted(spellings.values(), key=lambda t: (t.line, t.column))
        first, second = ordered[0], ordered[1]
        line = nfc(lines[second.line - 1])
        problems.append(_warning(
            display, second.line, second.column,
            f"bài dùng cả hai cách bỏ dấu: \"{second.text.rstrip('.')}\" ở đây nhưng "
            f"\"{first.text.rstrip('.')}\" ở dòng {first.line}: "
            f"\"{context(line, second.column - 1, second.column - 1 + len(second.text))}\".",
            "Chọn một cách bỏ dấu và dùng thống nhất trong cả bài (kiểu mới: \"hòa\", \"ủy\"; kiểu cũ: \"hoà\", \"uỷ\").",
            "mixed-tone-placement"))
    return problems
