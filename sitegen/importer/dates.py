"""Dates as Vietnamese portals, feeds and WordPress write them, read as Asia/Ho_Chi_Minh.

"Thứ Tư, 19/04/2023 - 08:30", "08:30 | 19/04/2023", "19/4/2023",
"Ngày 19 tháng 4 năm 2023", ISO 8601 and RFC 822 (feeds). A date without an
offset is local time in the site's zone: it is given that zone, never
converted from UTC (the "shifted by seven hours" bug of other importers).
A date with an offset keeps its instant and is shown in the site's zone.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from ..text.vietnamese import nfc

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*"
                  r"(Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_LONG = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
# "08:30", "8h30", "08:30:15", "8:30 SA/CH" (Vietnamese AM/PM), "08:30 PM".
_TIME = re.compile(r"(?<![\d/.-])(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?::(\d{2}))?(?:\s*(AM|PM|SA|CH)\b)?(?![\d/])",
                   re.IGNORECASE)
_OFFSET = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_RFC822 = re.compile(r"^[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}")


def parse_date(text: str, tz: ZoneInfo) -> datetime | None:
    """The moment a portal's date text names, aware and in tz; None when none can be read."""
    text = nfc(text or "").replace("\xa0", " ").strip()
    if not text:
        return None
    if _RFC822.match(text):
        return _from_rfc822(text, tz)
    iso = _ISO.search(text)
    if iso:
        return _from_iso(iso, tz)
    found = _LONG.search(text) or _NUMERIC.search(text)
    if not found:
        return None
    day, month, year = (int(part) for part in found.groups())
    rest = text[:found.start()] + " " + text[found.end():]  # the time may stand before or after the date
    hour = minute = second = 0
    clock = _TIME.search(rest)
    if clock:
        hour, minute, second = int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0)
        marker = (clock.group(4) or "").upper()
        if marker in ("PM", "CH") and hour < 12:
            hour += 12
        elif marker in ("AM", "SA") and hour == 12:
            hour = 0
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    offset = _OFFSET.search(rest)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        delta = timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3) or 0))
        return moment.replace(tzinfo=timezone(sign * delta)).astimezone(tz)
    return moment.replace(tzinfo=tz)


def _from_iso(match: re.Match, tz: ZoneInfo) -> datetime | None:
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    if not offset:
        return moment.replace(tzinfo=tz)
    if offset.upper() == "Z":
        return moment.replace(tzinfo=timezone.utc).astimezone(tz)
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return moment.replace(tzinfo=timezone(sign * delta)).astimezone(tz)


def _from_rfc822(text: str, tz: ZoneInfo) -> datetime | None:
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    # RFC 822 "-0000" means "offset unknown": Python gives a naive datetime, read as local time.
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)


def front_matter_date(moment: datetime) -> str:
    """How the importer writes a date: "19/04/2023 08:30", local time, as editors write it."""
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.strftime("%d/%m/%Y")
    return moment.strftime("%d/%m/%Y %H:%M:%S" if moment.second else "%d/%m/%Y %H:%M")
