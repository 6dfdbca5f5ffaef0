"""A WordPress export (WXR, Tools › Export): posts and pages with their categories, tags,
authors, featured images and [caption]s. Photos are found in an `uploads` (or `wp-content`)
folder saved beside the .xml, else in a saved copy of the old site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree

from .article import FoundArticle, MediaFetcher, PassedOver, body_fields
from .html_fragments import body_from_html, captions_to_figures, dropped_shortcodes, paragraphs
from .media_names import file_name_of

POST, PAGE = "post", "page"


def looks_like_wordpress(raw: bytes) -> bool:
    return b"wordpress.org/export/" in raw[:8192]


def _child(item, name: str) -> str:
    """The text of the first child whose local name is name ("post_id" finds <wp:post_id>)."""
    for child in item:
        if isinstance(child.tag, str) and etree.QName(child).localname == name and child.text:
            return child.text
    return ""


def _children(item, name: str) -> list:
    return [child for child in item if isinstance(child.tag, str) and etree.QName(child).localname == name]


def _encoded(item, prefix_uri_part: str) -> str:
    """content:encoded or excerpt:encoded (both are "encoded", told apart by namespace)."""
    for child in _children(item, "encoded"):
        if prefix_uri_part in (etree.QName(child).namespace or "") and child.text:
            return child.text
    return ""


def read_wordpress(path: Path, tz: ZoneInfo, debris: tuple[str, ...],
                   fetch: MediaFetcher | None = None) -> Iterator[FoundArticle | PassedOver]:
    origin = path.name
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True)
    try:
        tree = etree.parse(str(path), parser)
    except (etree.XMLSyntaxError, OSError) as error:
        yield PassedOver(origin, f"tệp xuất WordPress hỏng ({error}).", "Xuất lại từ WordPress: Công cụ › Xuất.", True)
        return
    channel = tree.getroot().find("channel")
    if channel is None:
        yield PassedOver(origin, "không phải tệp xuất WordPress (thiếu <channel>).", "", True)
        return
    authors = {_child(author, "author_login"): _child(author, "author_display_name") or _child(author, "author_login")
               for author in _children(channel, "author")}
    items = _children(channel, "item")
    attachments = {_child(item, "post_id"): _child(item, "attachment_url")
                   for item in items if _child(item, "post_type") == "attachment"}
    fetch = fetch or _UploadsFetcher(path.parent)
    for item in items:
        kind = _child(item, "post_type")
        if kind not in (POST, PAGE):
            continue
        post_id = _child(item, "post_id")
        where = f"{origin}#{post_id}"
        status = _child(item, "status")
        if status in ("trash", "auto-draft", "inherit"):
            yield PassedOver(where, f"bài ở trạng thái \"{status}\" trên WordPress, không nhập.")
            continue
        text, shortcodes = dropped_shortcodes(_encoded(item, "content"))
        categories = [c.text.strip() for c in _children(item, "category") if c.get("domain") == "category" and c.text]
        tags = [c.text.strip() for c in _children(item, "category") if c.get("domain") == "post_tag" and c.text]
        thumbnail = next((_child(meta, "meta_value") for meta in _children(item, "postmeta")
                          if _child(meta, "meta_key") == "_thumbnail_id"), "")
        link = _child(item, "link")
        guid = _child(item, "guid")
        article = FoundArticle(
            origin=where, url=link or guid, title=_child(item, "title"),
            date=_post_date(item, tz), date_text=_child(item, "post_date"),
            **body_fields(body_from_html(paragraphs(captions_to_figures(text)), debris)),
            author=authors.get(_child(item, "creator"), _child(item, "creator")),
            category="" if kind == PAGE else (categories[0] if categories else ""),
            tags=tuple(tags), summary=" ".join(_encoded(item, "excerpt").split()),
            image=attachments.get(thumbnail, ""), image_chosen=True, draft=status != "publish", fetch=fetch,
            extra_urls=tuple(url for url in (guid,) if url and url != link), is_page=kind == PAGE)
        for name in sorted(set(shortcodes)):
            article.warnings.append((f"đã bỏ mã ngắn [{name}] của WordPress (trang tĩnh không hiển thị được).",
                                     "Nếu cần, chèn lại ảnh hoặc video vào bài bằng tay."))
        yield article


def _post_date(item, tz: ZoneInfo) -> datetime | None:
    """post_date_gmt is the exact moment (shown in tz); post_date, the blog's wall clock, only when the
    GMT one is missing (drafts have "0000-00-00 00:00:00")."""
    for name, zone in (("post_date_gmt", timezone.utc), ("post_date", tz)):
        text = _child(item, name).strip()
        if text and not text.startswith("0000"):
            try:
                return datetime.fromisoformat(text).replace(tzinfo=zone).astimezone(tz)
            except ValueError:
                continue
    return None


@dataclass(frozen=True)
class _UploadsFetcher:
    """Photos named by their WordPress address, looked for below the export's folder."""

    folder: Path

    def __call__(self, url: str) -> tuple[bytes, str] | None:
        folder = self.folder
        path = urlsplit(url).path
        rest = path.split("/wp-content/", 1)[1] if "/wp-content/" in path else path.lstrip("/")
        for candidate in (folder / "wp-content" / rest, folder / rest,
                          folder / rest.split("uploads/", 1)[-1] if "uploads/" in rest else folder / rest):
            try:
                resolved = candidate.resolve()
            except OSError:
                continue
            if resolved.is_file() and resolved.is_relative_to(folder.resolve()):
                return resolved.read_bytes(), file_name_of(url, resolved.name)
        return None
