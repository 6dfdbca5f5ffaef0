"""Bytes of an old page as text: BOM, then the charset the page declares, then UTF-8, then
Windows-1258 (the Vietnamese Windows code page, common on pages made before 2010)."""

from __future__ import annotations

import codecs
import re

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARED = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(raw: bytes) -> str:
    head = raw[:4096]
    match = _XML_DECLARED.search(head) or _DECLARED.search(head)
    return match.group(1).decode("ascii").lower() if match else ""


def decode_page(raw: bytes, header_charset: str = "") -> tuple[str, str]:
    """(text, the charset used). A declared charset that does not fit the bytes falls back to the next."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(name, errors="replace"), name
    for name in (header_charset, declared_charset(raw), "utf-8", "cp1258"):
        if not name:
            continue
        try:
            return raw.decode(name), name
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", errors="replace"), "utf-8"
