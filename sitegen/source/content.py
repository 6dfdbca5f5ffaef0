"""Read `content/`: decode each file, split and validate its front matter.

Returns `Document`s (typed, validated metadata plus the Markdown body) and
the problems found, each naming the file and line. This is the only module
that reads `content/`.
"""

from __future__ import annotations

import calendar
import difflib
import hashlib
import os
import posixpath
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import frontmatter
import yaml

from .config import Category, Config
from ..common.errors import Problems
from ..common.links import inside, outside_links
from ..text.interface import ENGLISH_FOLDER
from ..text.vietnamese import nfc, slugify
from .official_fields import DOCUMENT_KEYS, OfficialFields, document_slug, document_title, issued_moment, \
    read_official_fields

PAGES_DIR = "trang"  # content/trang/*.md are static pages, everything else is an article
DOCUMENTS_DIR = "van-ban"  # content/van-ban/: the documents register (official_fields.py)
ARTICLE = "article"
PAGE = "page"
OFFICIAL = "official"  # a document of the register
PAGE_LAYOUTS = ("page", "contact", "about")  # contact, about: with the organisation (to-chuc.toml)

ARTICLE_KEYS = ("title", "date", "category", "summary", "author", "source", "tags", "image",
                "updated", "draft", "slug", "weight", "featured", "attachments", "aliases")
PAGE_KEYS = ("title", "summary", "slug", "updated", "draft", "layout", "image", "attachments", "source", "aliases")
# Files an editor may have meant as an article: said so, instead of silently missing from the site.
NOT_MARKDOWN = {
    ".markdown": "Đổi đuôi tệp thành .md.",
    ".txt": "Đổi đuôi tệp thành .md và thêm phần đầu bài (title, date, category).",
    ".docx": "Chép nội dung từ Word sang một tệp .md (xem mẫu ở các bài có sẵn); nếu là tệp đính kèm, "
             "hãy liên kết tới nó trong bài hoặc ghi vào attachments:.",
    ".doc": "Chép nội dung từ Word sang một tệp .md (xem mẫu ở các bài có sẵn); nếu là tệp đính kèm, "
            "hãy liên kết tới nó trong bài hoặc ghi vào attachments:.",
}
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

_VIETNAMESE_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                       r"(Z|[+-]\d{2}:?\d{2})?)?$")
_SPACE_BEFORE_OFFSET = re.compile(r"(?<=\d) (?=(?:Z|[+-]\d{2}:?\d{2})$)")
_YAML_HANDLER = frontmatter.YAMLHandler()
_DATE_HINT = "Viết ngày theo dạng 19/04/2023, 19/04/2023 08:30 hoặc 2023-04-19 08:30."


@dataclass(frozen=True)
class AttachmentEntry:
    """One item of the `attachments` front matter list: a file next to the article, and its title."""

    file: str
    title: str
    line: int


@dataclass(frozen=True)
class Document:
    """One Markdown file of `content/`, its front matter checked and typed."""

    source: str            # "content/tin-tuc/x.md", as shown to editors
    kind: str              # ARTICLE or PAGE
    title: str
    slug: str
    date: datetime | None  # aware, in the site's timezone
    updated: datetime | None
    category: Category | None
    tags: tuple[str, ...]
    author: str
    source_name: str       # the "source" field: where the news came from
    summary: str
    image: str
    draft: bool
    weight: int
    featured: bool
    layout: str
    body: str              # Markdown, NFC, "\n" line endings
    body_line: int         # file line of the body's first line, for messages
    digest: str            # hash of the raw bytes, for caches
    image_line: int = 0    # file line of the "image" key, for messages about the cover
    attachments: tuple[AttachmentEntry, ...] = ()   # a document of the register: its `files`
    # Where the text was published before (`build.py import`): "source" written as an address, not
    # shown as the news source; and the old paths on this site, each published as a redirect.
    source_url: str = ""
    aliases: tuple[str, ...] = ()
    aliases_line: int = 0
    official: OfficialFields | None = None           # a document of the register: number, type, dates…


class _FrontMatterLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """Safe YAML that keeps dates as text, so we parse them (and report them) ourselves."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FrontMatterError(Exception):
    def __init__(self, line: int, message: str, hint: str):
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def is_english_source(source: str) -> bool:
    """content/en/*.md: a static page written in English, published under /en/."""
    return source.startswith(f"content/{ENGLISH_FOLDER}/")


def read_file(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def list_sources(root: Path) -> tuple[list[tuple[str, str, str]], Problems]:
    """Every `content/**/*.md` below root (any case of ".md") as (path, display name, kind),
    in a stable order, and a warning for each file that looks meant to be published but is not Markdown."""
    problems = Problems()
    content_dir = root / "content"
    if not content_dir.is_dir():
        problems.warning("content/", 0, "không có thư mục content/: trang chưa có bài viết nào.",
                         "Tạo thư mục content/ cạnh site.toml và đặt các bài viết .md vào đó.")
        return [], problems
    problems.extend(outside_links(content_dir, root))
    found = sorted(_content_files(str(content_dir), "", root),
                   key=lambda item: item[0].split("/"))  # the order of sorted(Path.rglob())
    sources = []
    for name, path in found:
        suffix = posixpath.splitext(name)[1].lower()  # PurePosixPath(name).suffix: 22 ms more at 15,000 files
        if suffix in NOT_MARKDOWN:
            problems.warning(f"content/{name}", 0, f"tệp {suffix} không được đăng: chỉ tệp .md là bài viết.",
                             NOT_MARKDOWN[suffix], code="not-markdown")
        if suffix == ".md":
            sources.append((path, f"content/{name}", _KIND_OF_FOLDER.get(name.partition("/")[0], ARTICLE)))
    return sources, problems


_KIND_OF_FOLDER = {PAGES_DIR: PAGE, ENGLISH_FOLDER: PAGE, DOCUMENTS_DIR: OFFICIAL}


def _content_files(folder: str, prefix: str, root: Path):
    """(name below content/, path) of each file to consider. Strings and directory entries, not
    Paths and stat calls: 10,000 files add up. Hidden files are not articles: macOS leaves
    "._bai.md" copies (binary) on USB drives, editors leave ".#bai.md" locks. Links leading
    out of the site are refused (outside_links)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):  # a link to a folder is not entered
                yield from _content_files(entry.path, f"{prefix}{entry.name}/", root)
            elif entry.is_file() and (not entry.is_symlink() or inside(Path(entry.path), root)):
                yield f"{prefix}{entry.name}", entry.path


def load_documents(root: Path, config: Config) -> tuple[list[Document], Problems]:
    """Read every `content/**/*.md` below root (any case of ".md"), in a stable order."""
    documents = []
    sources, problems = list_sources(root)
    for path, display, kind in sources:
        document = parse_document(read_file(path), display, kind, config, problems)
        if document is not None:
            documents.append(document)
    return documents, problems


def parse_document(raw: bytes, display: str, kind: str, config: Config, problems: Problems) -> Document | None:
    """Turn one file's bytes into a Document, or record why it cannot be one."""
    text = decode_text(raw, display, problems)
    if text is None:
        return None
    if not text.strip():
        problems.error(display, 1, "tệp trống.",
                       "Viết phần đầu bài (giữa hai dòng ---) và nội dung, hoặc xóa tệp này.")
        return None
    if not _YAML_HANDLER.detect(text):
        problems.error(display, 1, "thiếu phần đầu bài (front matter).",
                       "Tệp phải bắt đầu bằng một dòng ---, sau đó là title:, date:, category:, "
                       "rồi một dòng --- nữa trước nội dung.")
        return None
    boundaries = list(_YAML_HANDLER.FM_BOUNDARY.finditer(text))
    if len(boundaries) < 2:
        problems.error(display, 1, "phần đầu bài không có dòng --- đóng lại.",
                       "Thêm một dòng chỉ có --- sau dòng cuối của phần đầu bài.")
        return None
    opening, closing = boundaries[0], boundaries[1]
    front_text = text[opening.end():closing.start()]
    front_line = text.count("\n", 0, opening.end()) + 1
    try:
        meta, key_lines = _parse_front_matter(front_text, front_line)
    except _FrontMatterError as error:
        problems.error(display, error.line, error.message, error.hint)
        return None
    body = text[closing.end():]
    body_line = text.count("\n", 0, closing.end()) + 1
    if not check_body_nesting(body, body_line, display, problems):
        return None
    digest = hashlib.sha256(raw).hexdigest()
    return _validate(meta, key_lines, body, body_line, display, kind, config, digest, problems)


def decode_text(raw: bytes, display: str, problems: Problems) -> str | None:
    """UTF-8 (BOM allowed) to NFC text with "\n" line endings; anything else is an error."""
    head = raw[:200]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 1 and head.count(0) * 4 >= len(head)):
        problems.error(display, 1, "tệp được lưu ở bảng mã UTF-16, không phải UTF-8.",
                       "Mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8 "
                       "(Notepad: Tệp › Lưu thành… › Mã hóa: UTF-8).")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problems.error(display, line, "tệp không phải mã UTF-8 (có thể là Windows-1258, TCVN3 hoặc VNI).",
                       "Mở tệp và lưu lại với bảng mã UTF-8 (Unicode); nếu chữ bị lỗi font, "
                       "chuyển mã bằng Unikey (Công cụ chuyển mã) trước.")
        return None
    if "\x00" in text:
        problems.error(display, text.count("\n", 0, text.index("\x00")) + 1,
                       "tệp chứa ký tự NUL (mã 0), thường do dán từ tệp nhị phân.",
                       "Xóa ký tự lạ ở dòng này rồi lưu lại.")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL_CHARACTERS.search(text)
    if control:
        problems.warning(display, text.count("\n", 0, control.start()) + 1,
                         f"tệp chứa ký tự điều khiển (mã {ord(control.group()):#04x}), đã thay bằng dấu cách.",
                         "Thường do dán từ Word hoặc tệp khác; xóa ký tự lạ ở dòng này.", code="control-character")
        text = without_control_characters(text)
    return nfc(text)


# C0 controls but tab and newline, DEL, C1 controls, and the two non-characters: XML (feeds,
# sitemap) refuses them, Pagefind fails on them, and no editor means to publish them.
_CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def without_control_characters(text: str) -> str:
    """Each control character replaced by a space (a Word line break "\x0b" becomes a space)."""
    return _CONTROL_CHARACTERS.sub(" ", text)


def _parse_front_matter(front_text: str, first_line: int) -> tuple[dict, dict[str, int]]:
    """YAML mapping and the file line of each key; aliases and duplicate keys refused.

    The items of a list value get lines too, under "key[0]", "key[1]", …"""
    loader = _FrontMatterLoader(front_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise _FrontMatterError(first_line + node.start_mark.line, "phần đầu bài phải là các dòng \"khóa: giá trị\".",
                                    "Ví dụ: title: Tiêu đề bài viết")
        key_lines: dict[str, int] = {}
        seen_nodes: set[int] = set()
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            _refuse_aliases(value_node, seen_nodes, line)
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            if key in key_lines:
                raise _FrontMatterError(line, f"khóa \"{key}\" xuất hiện hai lần (lần đầu ở dòng {key_lines[key]}).",
                                        "Giữ một dòng và xóa dòng còn lại.")
            key_lines[key] = line
            if isinstance(value_node, yaml.SequenceNode):
                for index, item in enumerate(value_node.value):
                    key_lines[f"{key}[{index}]"] = first_line + item.start_mark.line
        try:
            meta = loader.construct_document(node)
        except (ValueError, OverflowError, RecursionError):  # e.g. an integer of 5000 digits
            raise _FrontMatterError(_unreadable_value_line(node, first_line),
                                    "phần đầu bài có giá trị không đọc được (con số quá dài?).",
                                    "Đặt giá trị trong ngoặc kép, hoặc sửa con số ở dòng này.") from None
    except yaml.MarkedYAMLError as error:
        raise _explain_yaml_error(error, front_text, first_line) from None
    except yaml.YAMLError as error:
        raise _FrontMatterError(first_line, f"phần đầu bài viết sai cú pháp YAML ({error}).",
                                "Mỗi dòng phải có dạng \"khóa: giá trị\".") from None
    finally:
        loader.dispose()
    return meta, key_lines


def _unreadable_value_line(node: yaml.MappingNode, first_line: int) -> int:
    """The line of the first value that cannot be constructed (each tried on its own)."""
    for key_node, value_node in node.value:
        try:
            _FrontMatterLoader("").construct_object(value_node, deep=True)
        except (ValueError, OverflowError, RecursionError):
            return first_line + key_node.start_mark.line
    return first_line


def _refuse_aliases(node: yaml.Node, seen: set[int], line: int) -> None:
    """A node met twice is a YAML alias (*name): refused, so a "billion laughs" file fails fast."""
    if id(node) in seen:
        raise _FrontMatterError(line, "phần đầu bài dùng bí danh YAML (&tên / *tên), không được hỗ trợ.",
                                "Viết thẳng giá trị thay cho bí danh.")
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _refuse_aliases(child, seen, line)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _refuse_aliases(key, seen, line)
            _refuse_aliases(value, seen, line)


MAX_INDENT = 100        # columns of leading space: 25 levels of list, far beyond any real article
MAX_QUOTE_DEPTH = 20    # nested "> > >" quotes
_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]*)+")


def check_body_nesting(body: str, body_line: int, display: str, problems: Problems) -> bool:
    """Refuse absurd nesting: Markdown's parser recurses on it (slow, then RecursionError)."""
    for number, line in enumerate(body.split("\n")):
        indent = len(line) - len(line.lstrip(" \t"))
        width = len(line[:indent].expandtabs(4))
        quote = _QUOTE_PREFIX.match(line)
        depth = quote.group(0).count(">") if quote else 0
        if width > MAX_INDENT or depth > MAX_QUOTE_DEPTH:
            problems.error(display, body_line + number, "nội dung lồng nhau quá sâu (thụt lề hoặc dấu > quá nhiều).",
                           f"Danh sách con và trích dẫn lồng nhau chỉ nên vài cấp; bớt thụt lề ở dòng này "
                           f"(tối đa {MAX_INDENT} dấu cách, {MAX_QUOTE_DEPTH} dấu >).")
            return False
    return True


_QUOTE_HINT = "Giá trị có dấu : hoặc # hay bắt đầu bằng [ { @ ` & * ! | > ' \" % nên đặt trong ngoặc kép."
# PyYAML's English wording → (what an editor reads, what to do).
_YAML_PROBLEMS = [
    ("tab", "có ký tự Tab", "Thay ký tự Tab bằng dấu cách."),
    ("mapping values are not allowed", "có dấu hai chấm (:) không nằm trong ngoặc kép",
     "Giá trị có dấu hai chấm (:) phải đặt trong ngoặc kép, ví dụ: title: \"Hội nghị: tổng kết\"."),
    ("could not find expected ':'", "thiếu dấu hai chấm (:) sau tên khóa", "Viết: khóa: giá trị."),
    ("quoted scalar", "thiếu dấu ngoặc kép đóng", "Thêm dấu ngoặc kép đóng ở cuối giá trị."),
    ("flow sequence", "danh sách [ … ] thiếu dấu ] đóng hoặc dấu phẩy",
     "Viết danh sách trên một dòng, ví dụ: tags: [Mặt trận, Chi bộ]."),
    ("flow mapping", "thiếu dấu } đóng", "Nếu giá trị bắt đầu bằng {, đặt nó trong ngoặc kép."),
    ("cannot start any token", "giá trị bắt đầu bằng một ký tự không được phép (@ hoặc `)", _QUOTE_HINT),
    ("did not find expected key", "dòng thụt lề không đúng hoặc thiếu dấu ngoặc", _QUOTE_HINT),
    ("expected <block end>", "dòng thụt lề không đúng", "Mỗi khóa viết sát lề trái, không có dấu cách ở đầu dòng."),
]


def _explain_yaml_error(error: yaml.MarkedYAMLError, front_text: str, first_line: int) -> _FrontMatterError:
    """A YAML error as an editor's message at the line where the mistake is, not where YAML noticed it."""
    lines = front_text.split("\n")
    mark = error.problem_mark or error.context_mark
    index = mark.line if mark else 0
    context = str(error.context or "")
    if error.context_mark and ("quoted scalar" in context or "flow" in context):
        index = error.context_mark.line  # an unclosed quote or bracket: where it was opened
    wording = f"{context} {error.problem or ''}"
    # A key line without ":" ("title Hội nghị") makes YAML complain on a later line: point at it.
    for number, text in enumerate(lines[:index + 1]):
        if text.strip() and not text[0].isspace() and not text.startswith(("#", "-")) and ":" not in text:
            return _FrontMatterError(first_line + number, f"dòng \"{text.strip()}\" thiếu dấu hai chấm (:) sau tên khóa.",
                                     "Viết: khóa: giá trị, ví dụ: title: Hội nghị tổng kết")
    if "mapping values are not allowed" in wording and index < len(lines) and lines[index][:1].isspace():
        return _FrontMatterError(first_line + index, "dòng bị thụt lề (có dấu cách ở đầu dòng).",
                                 "Xóa các dấu cách ở đầu dòng này: mỗi khóa viết sát lề trái.")
    for english, problem, hint in _YAML_PROBLEMS:
        if english in wording:
            return _FrontMatterError(first_line + index, f"phần đầu bài viết sai cú pháp YAML ({problem}).", hint)
    return _FrontMatterError(first_line + index, f"phần đầu bài viết sai cú pháp YAML ({error.problem}).",
                             "Mỗi dòng phải có dạng \"khóa: giá trị\"; " + _QUOTE_HINT[0].lower() + _QUOTE_HINT[1:])


def _validate(meta: dict, key_lines: dict[str, int], body: str, body_line: int, display: str, kind: str,
              config: Config, digest: str, problems: Problems) -> Document | None:
    """Check each front matter field; collect every problem before giving up on the file."""
    known = {ARTICLE: ARTICLE_KEYS, OFFICIAL: DOCUMENT_KEYS}.get(kind, PAGE_KEYS)
    start_errors = len(problems.errors)
    tz = config.site.tz

    def line(key: str) -> int:
        return key_lines.get(key, 1)

    for key in meta:
        if str(key) not in known:
            nearest = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = (f"Có phải ý bạn là \"{nearest[0]}\"?" if nearest
                    else "Các khóa dùng được: " + ", ".join(known) + ".")
            problems.warning(display, line(str(key)), f"khóa \"{key}\" không được dùng, sẽ bị bỏ qua.", hint,
                             code="unknown-key")

    def text_field(key: str, required: bool = False) -> str:
        value = meta.get(key)
        if value is None:
            if required:
                problems.error(display, line(key) if key in meta else 1, f"thiếu \"{key}\".",
                               _REQUIRED_HINTS[key])
            return ""
        if isinstance(value, (dict, list)):
            problems.error(display, line(key), f"\"{key}\" phải là một dòng chữ.",
                           f"Viết trên cùng dòng, ví dụ: {key}: \"…\" (không dùng [ ] hay thụt lề).")
            return ""
        text = without_control_characters(nfc(str(value))).strip()  # YAML escapes can still make them
        if required and not text:
            problems.error(display, line(key), f"\"{key}\" đang để trống.", _REQUIRED_HINTS[key])
        return text

    def bool_field(key: str) -> bool:
        value = meta.get(key, False)
        if not isinstance(value, bool):
            problems.error(display, line(key), f"\"{key}\" phải là true hoặc false.",
                           f"Viết {key}: true (có) hoặc {key}: false (không), không có ngoặc kép.")
            return False
        return value

    def date_field(key: str, required: bool = False) -> datetime | None:
        if key not in meta or meta[key] is None:
            if required:
                problems.error(display, line(key) if key in meta else 1, f"thiếu \"{key}\".", _REQUIRED_HINTS[key])
            return None
        moment, message = parse_date(meta[key], tz)
        if message:
            problems.error(display, line(key), f"\"{key}\": {message}", _DATE_HINT)
        return moment

    if kind == OFFICIAL:
        official = read_official_fields(meta, key_lines, display, config, problems)
        summary, draft = text_field("summary", required=True), bool_field("draft")
        files = _attachments_field(meta.get("files"), display, line, problems, key="files")
        if not meta.get("files"):
            problems.error(display, line("files") if "files" in meta else 1, "văn bản chưa có tệp nào (files).",
                           _REQUIRED_HINTS["files"])
        if len(problems.errors) > start_errors or official is None:
            return None
        return Document(source=display, kind=kind, title=document_title(official), slug=document_slug(official),
                        date=issued_moment(official, config), updated=None, category=None, tags=(), author="",
                        source_name="", summary=summary, image="", draft=draft, weight=0, featured=False, layout="",
                        body=body, body_line=body_line, digest=digest, attachments=files, official=official)

    title = text_field("title", required=True)
    summary = text_field("summary")
    image = text_field("image")
    draft = bool_field("draft")
    updated = date_field("updated")
    slug = _slug_field(meta, title, display, line("slug"), problems, title_line=line("title"))
    attachments = _attachments_field(meta.get("attachments"), display, line, problems)
    aliases = _aliases_field(meta.get("aliases"), display, line, problems)
    source_name = text_field("source")
    source_url = ""
    if re.match(r"^https?://", source_name, re.IGNORECASE):
        source_url, source_name = source_name, ""

    date_value = category = None
    tags: tuple[str, ...] = ()
    author = layout = ""
    weight, featured = 0, False
    if kind == ARTICLE:
        date_value = date_field("date", required=True)
        category = _category_field(meta, config, display, line, problems)
        tags = _tags_field(meta.get("tags"), display, line("tags"), problems)
        author = text_field("author") or config.site.default_author
        featured = bool_field("featured")
        weight = meta.get("weight", 0)
        if not isinstance(weight, int) or isinstance(weight, bool):
            problems.error(display, line("weight"), "\"weight\" phải là một số nguyên.",
                           "Số lớn hơn được xếp trước trên trang chủ, ví dụ: weight: 10")
            weight = 0
    else:
        layout = text_field("layout") or "page"
        if layout not in PAGE_LAYOUTS:
            problems.error(display, line("layout"), f"layout \"{layout}\" không có.",
                           "Dùng một trong: " + ", ".join(PAGE_LAYOUTS) + ".")
    if updated and date_value and updated < date_value:
        problems.warning(display, line("updated"), "\"updated\" sớm hơn \"date\".",
                         "Ngày cập nhật thường sau ngày đăng; kiểm tra lại.", code="updated-before-date")

    if len(problems.errors) > start_errors:
        return None
    return Document(source=display, kind=kind, title=title, slug=slug, date=date_value, updated=updated,
                    category=category, tags=tags, author=author, source_name=source_name, summary=summary,
                    image=image, draft=draft, weight=weight, featured=featured, layout=layout,
                    body=body, body_line=body_line, digest=digest,
                    image_line=line("image") if image else 0, attachments=attachments,
                    source_url=source_url, aliases=aliases, aliases_line=line("aliases") if aliases else 0)


_REQUIRED_HINTS = {
    "title": "Thêm dòng: title: Tiêu đề bài viết",
    "date": "Thêm dòng: date: 19/04/2023 08:30",
    "category": "Thêm dòng: category: Tin tức (tên hoặc slug của một chuyên mục trong site.toml).",
    "summary": "Thêm dòng: summary: trích yếu của văn bản, ví dụ: summary: Ban hành Quy chế làm việc …",
    "files": "Thêm tệp văn bản (PDF, DOC, DOCX…) cạnh tệp .md và ghi tên: files: [quyet-dinh.pdf]",
}


def parse_date(value: object, tz: ZoneInfo) -> tuple[datetime | None, str]:
    """(aware datetime in tz, "") or (None, Vietnamese reason). Naive values are local time."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        # "2023-04-19 08:30:00 +07:00" (a space before the offset, as some tools write it) is ISO too.
        text = _SPACE_BEFORE_OFFSET.sub("", str(value).strip())
        moment, message = _parse_date_text(text)
        if message:
            return None, message
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz), ""
    return moment.astimezone(tz), ""


def _parse_date_text(text: str) -> tuple[datetime | None, str]:
    match = _VIETNAMESE_DATE.match(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
    else:
        match = _ISO_DATE.match(text)
        if not match:
            return None, f"không đọc được ngày \"{text}\"."
        year, month, day, hour, minute, second, _offset = match.groups()
    year, month, day = int(year), int(month), int(day)
    if not 1 <= month <= 12:
        return None, f"tháng {month} không tồn tại (ngày \"{text}\")."
    last_day = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last_day:
        return None, f"ngày {day:02d}/{month:02d}/{year} không tồn tại (tháng {month}/{year} có {last_day} ngày)."
    if hour is not None and (int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59):
        return None, f"giờ \"{hour}:{minute}\" không hợp lệ."
    try:  # year 0, an offset of +99:99...: reported like any other bad date
        if match.re is _ISO_DATE:
            return datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text), ""
        return datetime(year, month, day, int(hour or 0), int(minute or 0), int(second or 0)), ""
    except (ValueError, OverflowError):
        return None, f"không đọc được ngày \"{text}\"."


def _slug_field(meta: dict, title: str, display: str, line: int, problems: Problems, title_line: int = 1) -> str:
    """The front matter slug when valid (never a path), else one made from the title."""
    written = meta.get("slug")
    if written is None:
        made = slugify(title)
        if title and not made:  # "中文", "Ωμέγα", "!!!": an empty slug would put the page at its folder's URL
            problems.error(display, title_line, "không tạo được địa chỉ (slug) từ tiêu đề: tiêu đề không có "
                           "chữ cái tiếng Việt/Latin hay chữ số nào.",
                           "Thêm dòng: slug: ten-bai-viet (chữ thường không dấu, số và dấu -).")
        return made
    written = str(written).strip()
    if not SLUG_PATTERN.match(written):
        suggestion = slugify(written) or slugify(title)
        problems.error(display, line, f"slug \"{written}\" không hợp lệ.",
                       f"Chỉ dùng chữ thường không dấu, số và dấu - (không có / hay ..), ví dụ: slug: {suggestion}")
    return written


def _category_field(meta: dict, config: Config, display: str, line, problems: Problems) -> Category | None:
    written = meta.get("category")
    if written is None or not str(written).strip():
        problems.error(display, line("category") if "category" in meta else 1, "thiếu \"category\".",
                       _REQUIRED_HINTS["category"])
        return None
    category = config.find_category(str(written))
    if category is None:
        names = [c.name for c in config.categories]
        nearest = difflib.get_close_matches(nfc(str(written)), names + [c.slug for c in config.categories], n=1)
        hint = f"Có phải ý bạn là \"{nearest[0]}\"? " if nearest else ""
        problems.error(display, line("category"), f"chuyên mục \"{written}\" không có trong site.toml.",
                       hint + "Các chuyên mục: " + ", ".join(names) + ".")
    return category


def _attachments_field(value: object, display: str, line, problems: Problems,
                       key: str = "attachments") -> tuple[AttachmentEntry, ...]:
    """`attachments:` (a document's `files:`) a list of files, each a path or {file: …, title: …}."""
    if value is None:
        return ()
    hint = f"Ví dụ:\n{key}:\n  - file: ke-hoach.pdf\n    title: Kế hoạch phối hợp"
    if not isinstance(value, list):
        problems.error(display, line(key), f"\"{key}\" phải là danh sách tệp đính kèm.", hint)
        return ()
    entries = []
    for index, item in enumerate(value):
        item_line = line(f"{key}[{index}]")
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"].strip():
            problems.error(display, item_line, "mỗi tệp đính kèm cần có \"file\" (tên tệp).", hint)
            continue
        unknown = sorted(str(key) for key in item if key not in ("file", "title"))
        if unknown:
            problems.warning(display, item_line, f"khóa \"{unknown[0]}\" của tệp đính kèm không được dùng.",
                             "Mỗi tệp đính kèm chỉ có file: và title:.", code="unknown-key")
        title = item.get("title")
        entries.append(AttachmentEntry(file=nfc(item["file"]).strip(),
                                       title=nfc(str(title)).strip() if title is not None else "",
                                       line=item_line))
    return tuple(entries)


def alias_problem(alias: str) -> str:
    """Why an old address cannot be published as a redirect (Vietnamese), or "" when it can."""
    if not alias.startswith("/") or alias.startswith("//"):
        return "phải là đường dẫn bắt đầu bằng một dấu / (ví dụ /tin-tuc/chi-tiet?id=7742453), không có tên miền."
    if "#" in alias:
        return "không được có dấu # (phần sau # không bao giờ đến máy chủ)."
    path = unquote(urlsplit(alias).path)
    if _ALIAS_UNSAFE.search(path) or any(part in (".", "..") for part in path.split("/")):
        return "có ký tự hoặc đoạn (.., \\, khoảng trắng đầu cuối) không dùng được trong đường dẫn."
    return ""


_ALIAS_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")


def _aliases_field(value: object, display: str, line, problems: Problems) -> tuple[str, ...]:
    """`aliases:` the old addresses of this text on this site, each a path ("/-/hoi-nghi") that may
    hold a query ("/tin-tuc/chi-tiet?id=7742453")."""
    if value is None:
        return ()
    hint = "Ví dụ:\naliases:\n  - /-/hoi-nghi-ky-ket\n  - /tin-tuc/chi-tiet?id=7742453"
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        problems.error(display, line("aliases"), "\"aliases\" phải là danh sách địa chỉ cũ.", hint)
        return ()
    aliases: list[str] = []
    for index, item in enumerate(value):
        alias = nfc(str(item)).strip() if isinstance(item, (str, int)) else ""
        problem = alias_problem(alias) if alias else "không được để trống."
        if problem:
            problems.error(display, line(f"aliases[{index}]"), f"địa chỉ cũ \"{alias}\" {problem}", hint)
        elif alias not in aliases:
            aliases.append(alias)
    return tuple(aliases)


def _tags_field(value: object, display: str, line: int, problems: Problems) -> tuple[str, ...]:
    """A YAML list or a comma-separated line; empty and repeated tags dropped."""
    if value is None:
        return ()
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        items = [str(item) for item in value]
    else:
        problems.error(display, line, "\"tags\" phải là danh sách từ khóa.",
                       "Ví dụ: tags: [Mặt trận, Chi bộ] hoặc tags: Mặt trận, Chi bộ")
        return ()
    tags: dict[str, str] = {}
    for item in items:
        tag = without_control_characters(nfc(item)).strip()
        if tag and slugify(tag) and slugify(tag) not in tags:
            tags[slugify(tag)] = tag
    return tuple(tags.values())
