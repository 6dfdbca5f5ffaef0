"""Read `site.toml` into a frozen, typed config; reject unknown keys with their line.

The schema below is the single list of what `site.toml` may say: each
option has a type, a default (or is required) and a short Vietnamese
description used in error messages. Adding an option means adding a line here.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..common.errors import BuildFailed, Problem, Problems
from .document_types import DocumentSettings, checked_fields, merged_types
from ..text.vietnamese import fold_tone_placement, slugify

CONFIG_NAME = "site.toml"
REQUIRED = object()


@dataclass(frozen=True)
class Option:
    """One key of `site.toml`: its type, its default, what it is for."""

    type: type
    default: Any
    doc: str


SITE_OPTIONS = {
    "name": Option(str, REQUIRED, "tên trang, ví dụ \"Trang thông tin điện tử Thành phố Hồng Ngự\""),
    "tagline": Option(str, "", "dòng phụ dưới tên trang"),
    "base_url": Option(str, REQUIRED, "địa chỉ gốc, ví dụ \"https://example.gov.vn/hongngu/\""),
    "language": Option(str, "vi", "mã ngôn ngữ, ví dụ \"vi\""),
    "timezone": Option(str, "Asia/Ho_Chi_Minh", "múi giờ, ví dụ \"Asia/Ho_Chi_Minh\""),
    "articles_per_page": Option(int, 10, "số bài trên một trang danh sách"),
    "permalink": Option(str, "/{category}/{slug}/", "mẫu địa chỉ bài viết, ví dụ \"/{category}/{slug}/\""),
    "default_author": Option(str, "", "tác giả mặc định khi bài không ghi"),
    "home_latest": Option(int, 8, "số bài mới nhất trên trang chủ"),
    "home_per_category": Option(int, 4, "số bài mỗi chuyên mục trên trang chủ"),
    "related_articles": Option(int, 5, "số bài liên quan dưới mỗi bài viết"),
    "feed_items": Option(int, 20, "số bài trong mỗi nguồn tin RSS/Atom"),
    "name_en": Option(str, "", "tên trang bằng tiếng Anh, cho các trang tiếng Anh"),
    "tagline_en": Option(str, "", "dòng phụ bằng tiếng Anh"),
}
CONTACT_PERSON_OPTIONS = {
    "name": Option(str, REQUIRED, "họ tên người phát ngôn / đầu mối liên hệ"),
    "title": Option(str, "", "chức vụ"),
    "phone": Option(str, "", "số điện thoại"),
    "email": Option(str, "", "thư điện tử"),
    "title_en": Option(str, "", "chức vụ bằng tiếng Anh"),
}
AGENCY_OPTIONS = {
    "name": Option(str, REQUIRED, "tên đơn vị chủ quản"),
    "address": Option(str, "", "địa chỉ trụ sở"),
    "phone": Option(str, "", "số điện thoại"),
    "fax": Option(str, "", "số fax"),
    "email": Option(str, "", "thư điện tử"),
    "license": Option(str, "", "giấy phép, ví dụ \"Giấy phép số 12/GP-TTĐT …\""),
    "responsible_person": Option(str, "", "người chịu trách nhiệm chính"),
    "copyright": Option(str, "", "dòng bản quyền"),
    "contact_person": Option(dict, None, "bảng [agency.contact_person]"),
    # English counterparts, shown on the English pages (docs/to-chuc.md)
    "name_en": Option(str, "", "tên đơn vị chủ quản bằng tiếng Anh"),
    "address_en": Option(str, "", "địa chỉ trụ sở bằng tiếng Anh"),
    "license_en": Option(str, "", "giấy phép, bằng tiếng Anh"),
    "responsible_person_en": Option(str, "", "người chịu trách nhiệm chính, bằng tiếng Anh"),
    "copyright_en": Option(str, "", "dòng bản quyền bằng tiếng Anh"),
}
MENU_OPTIONS = {
    "title": Option(str, REQUIRED, "chữ hiện trên menu"),
    "url": Option(str, REQUIRED, "địa chỉ, ví dụ \"/tin-tuc/\""),
}
CATEGORY_OPTIONS = {
    "slug": Option(str, REQUIRED, "tên trong địa chỉ, ví dụ \"tin-tuc\""),
    "name": Option(str, REQUIRED, "tên chuyên mục, ví dụ \"Tin tức\""),
    "description": Option(str, "", "mô tả ngắn của chuyên mục"),
}
SECURITY_OPTIONS = {
    "iframe_hosts": Option(list, [], "các máy chủ được nhúng khung <iframe> trong bài, "
                                     "ví dụ [\"www.youtube.com\", \"www.youtube-nocookie.com\"]"),
}
ADMIN_OPTIONS = {
    "publish": Option(bool, False, "đăng trang quản trị /quan-tri/ cùng trang web (true/false)"),
    "backend": Option(str, "forgejo", "máy chủ git của đơn vị: \"forgejo\" (Forgejo, Gitea) hoặc \"gitlab\""),
    "base_url": Option(str, "", "địa chỉ máy chủ git, ví dụ \"https://git.hongngu.gov.vn\""),
    "repo": Option(str, "", "kho chứa trang, ví dụ \"ubnd/trang-thong-tin\""),
    "branch": Option(str, "main", "nhánh được đăng lên trang, ví dụ \"main\""),
    "app_id": Option(str, "", "mã ứng dụng OAuth (Client ID) tạo trên máy chủ git"),
}
ADMIN_BACKENDS = ("forgejo", "gitea", "gitlab")
# Lines an old portal printed instead of content; a trailing "*" matches any line that starts so.
DEFAULT_DEBRIS = ("null", "Chi tiết bài viết*")
IMPORT_OPTIONS = {
    "article": Option(str, "", "bộ chọn CSS của phần tử chỉ có ở trang bài viết, ví dụ \".journal-content-article\""),
    "title": Option(str, "", "bộ chọn CSS của tiêu đề bài, ví dụ \".header-title\""),
    "date": Option(str, "", "bộ chọn CSS của ngày đăng, ví dụ \".news-date\""),
    "author": Option(str, "", "bộ chọn CSS của tác giả"),
    "category": Option(str, "", "bộ chọn CSS của chuyên mục (lấy mục cuối), ví dụ \".breadcrumb li\""),
    "tags": Option(str, "", "bộ chọn CSS của các từ khóa, ví dụ \".asset-tags a\""),
    "summary": Option(str, "", "bộ chọn CSS của phần tóm tắt"),
    "body": Option(str, "", "bộ chọn CSS của nội dung bài, ví dụ \".journal-content-article\""),
    "remove": Option(list, [], "các bộ chọn CSS bỏ khỏi nội dung, ví dụ [\".share\", \".print\"]"),
    "debris": Option(list, list(DEFAULT_DEBRIS), "các dòng bỏ đi (đúng nguyên dòng; \"*\" ở cuối: dòng bắt đầu bằng)"),
}
TOP_LEVEL = {"site": dict, "agency": dict, "menu": list, "categories": list, "security": dict, "admin": dict,
             "import": dict, "documents": dict}
DOCUMENTS_OPTIONS = {
    "issuer": Option(str, "", "cơ quan ban hành mặc định của văn bản; bỏ trống: tên đơn vị trong [agency]"),
    "per_page": Option(int, 20, "số văn bản trên một trang danh sách văn bản"),
    "home_latest": Option(int, 5, "số văn bản mới trên trang chủ (0: không hiện)"),
    "types": Option(list, [], "các bảng [[documents.types]]: loại văn bản thêm vào hoặc sửa mã"),
    "fields": Option(list, [], "các bảng [[documents.fields]]: lĩnh vực của văn bản"),
}
DOCUMENT_TYPE_OPTIONS = {
    "name": Option(str, REQUIRED, "tên loại văn bản, ví dụ \"Hướng dẫn liên tịch\""),
    "code": Option(str, "", "mã của loại trong số ký hiệu, ví dụ \"HDLT\"; bỏ trống nếu không có"),
}
DOCUMENT_FIELD_OPTIONS = {
    "slug": Option(str, REQUIRED, "tên trong địa chỉ, ví dụ \"dat-dai\""),
    "name": Option(str, REQUIRED, "tên lĩnh vực, ví dụ \"Đất đai\""),
    "description": Option(str, "", "mô tả ngắn của lĩnh vực"),
}

_TYPE_NAMES = {str: "chuỗi chữ trong ngoặc kép", int: "số nguyên", bool: "true hoặc false",
               dict: "một bảng [..]", list: "một danh sách [[..]]"}
_SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PERMALINK_FIELDS = {"category", "slug", "year", "month", "day"}


@dataclass(frozen=True)
class ContactPerson:
    name: str
    title: str
    phone: str
    email: str
    title_en: str = ""


@dataclass(frozen=True)
class Agency:
    name: str
    address: str
    phone: str
    fax: str
    email: str
    license: str
    responsible_person: str
    copyright: str
    contact_person: ContactPerson | None
    name_en: str = ""
    address_en: str = ""
    license_en: str = ""
    responsible_person_en: str = ""
    copyright_en: str = ""


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Site:
    name: str
    tagline: str
    base_url: str
    language: str
    timezone: str
    articles_per_page: int
    permalink: str
    default_author: str
    home_latest: int
    home_per_category: int
    related_articles: int
    feed_items: int
    name_en: str = ""
    tagline_en: str = ""

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in "/": "/hongngu/"."""
        return urlsplit(self.base_url).path

    @property
    def origin(self) -> str:
        """"https://example.gov.vn", without the path."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Security:
    iframe_hosts: tuple[str, ...] = ()  # hosts whose <iframe> may appear in an article (https only)


@dataclass(frozen=True)
class Admin:
    """[admin]: the online admin (Decap CMS) and the agency's git host it works against."""

    publish: bool = False
    backend: str = "forgejo"
    base_url: str = ""
    repo: str = ""
    branch: str = "main"
    app_id: str = ""


@dataclass(frozen=True)
class ImportSelectors:
    """`[import]`: how `build.py import` finds an article in the old portal's saved pages
    (CSS selectors; empty: the page's metadata and a main-content extractor are used)."""

    article: str = ""
    title: str = ""
    date: str = ""
    author: str = ""
    category: str = ""
    tags: str = ""
    summary: str = ""
    body: str = ""
    remove: tuple[str, ...] = ()
    debris: tuple[str, ...] = DEFAULT_DEBRIS

    @property
    def given(self) -> bool:
        return bool(self.body or self.article or self.title)


@dataclass(frozen=True)
class Config:
    site: Site
    agency: Agency
    menu: tuple[MenuItem, ...]
    categories: tuple[Category, ...]
    security: Security = Security()
    admin: Admin = Admin()
    # to-chuc.toml exists: the organisation pages and English pages are made, and every page's
    # header links to the other language (set by the pipeline, so a theme input of every page).
    english_pages: bool = False
    import_selectors: ImportSelectors = ImportSelectors()  # read by `build.py import` only
    documents: DocumentSettings = DocumentSettings()

    def find_category(self, written: str) -> Category | None:
        """The category an editor meant by its name ("Tin tức") or slug ("tin-tuc")."""
        return _categories_by_key(self.categories).get(fold_tone_placement(written.strip()))


@functools.lru_cache(maxsize=8)
def _categories_by_key(categories: tuple[Category, ...]) -> dict[str, Category]:
    """Each category under its slug and its folded name, the first one winning (asked once per article)."""
    found: dict[str, Category] = {}
    for category in categories:
        found.setdefault(category.slug, category)
        found.setdefault(fold_tone_placement(category.name), category)
    return found


class TomlReader:
    """Validates one parsed TOML document against the schema, collecting problems."""

    def __init__(self, text: str, path: str):
        self.lines = text.splitlines()
        self.path = path
        self.problems = Problems()

    def line_of(self, section: str, key: str, index: int | None = None) -> int:
        """Best-effort line of `key` inside `[section]` (the n-th `[[section]]`)."""
        current, seen = "", -1
        header = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")
        assignment = re.compile(r"^\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
        for number, line in enumerate(self.lines, start=1):
            match = header.match(line)
            if match:
                current = match.group(1)
                if current == section:
                    seen += 1
                    if key == "" and (index is None or index == seen):
                        return number
                continue
            if current == section and (index is None or index == seen) and key and assignment.match(line):
                return number
        return 0

    def read_table(self, table: dict, options: dict[str, Option], section: str, index: int | None = None) -> dict:
        """Values for every option, defaults filled in; problems for unknown/wrong keys."""
        values = {}
        label = f"[{section}]" if index is None else f"[[{section}]] thứ {index + 1}"
        for key, value in table.items():
            if key not in options:
                nearest = difflib.get_close_matches(key, options, n=1)
                hint = f"Có phải ý bạn là \"{nearest[0]}\"?" if nearest else (
                    "Các khóa hợp lệ: " + ", ".join(options) + ".")
                self.problems.error(self.path, self.line_of(section, key, index),
                                    f"khóa \"{key}\" không có trong {label}.", hint)
                continue
            option = options[key]
            if not isinstance(value, option.type) or (option.type is int and isinstance(value, bool)):
                self.problems.error(self.path, self.line_of(section, key, index),
                                    f"\"{key}\" trong {label} phải là {_TYPE_NAMES[option.type]}"
                                    f" ({option.doc}).", _type_hint(key, option))
                continue
            if isinstance(value, str):
                value = value.strip()
                control = _CONTROL_CHARACTERS.search(value)
                if control:  # written as an escape ("\u0007") or pasted: it would end up in every page
                    self.problems.error(self.path, self.line_of(section, key, index),
                                        f"\"{key}\" trong {label} chứa ký tự điều khiển không in được "
                                        f"(mã U+{ord(control.group()):04X}).",
                                        "Xóa ký tự đó (hoặc mã \\u… tương ứng) khỏi giá trị.")
                if not value and option.default is REQUIRED:
                    # An empty required value would print an empty label on every page.
                    self.problems.error(self.path, self.line_of(section, key, index),
                                        f"\"{key}\" trong {label} đang để trống.",
                                        f"Điền {option.doc}.")
            values[key] = value
        for key, option in options.items():
            if key in values:
                continue
            if option.default is REQUIRED:
                self.problems.error(self.path, self.line_of(section, "", index),
                                    f"thiếu \"{key}\" trong {label}.",
                                    f"Thêm dòng: {key} = … ({option.doc}).")
                values[key] = option.type()
            else:
                values[key] = option.default
        return values


# Control characters (tab and line break allowed: an address may span lines), U+FFFE/U+FFFF.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _type_hint(key: str, option: Option) -> str:
    """How to write a value of the option's type: `key = 10`, `key = "…"`."""
    if option.type is int:
        example = option.default if isinstance(option.default, int) else 1
        return f"Viết số, không có ngoặc kép, ví dụ: {key} = {example}"
    if option.type is str:
        return f"Đặt chữ trong ngoặc kép, ví dụ: {key} = \"…\""
    if option.type is dict:
        return f"Viết thành một bảng riêng: [….{key}] rồi các dòng khóa = giá trị."
    return ""


def load_config(root: Path) -> Config:
    """Read and check `root/site.toml`; raise BuildFailed listing every problem."""
    path = root / CONFIG_NAME
    display = CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BuildFailed([Problem(display, 0, f"không tìm thấy tệp cấu hình {path}.",
                                    "Tạo tệp site.toml ở thư mục gốc của trang.")]) from None
    except UnicodeDecodeError:
        raise BuildFailed([Problem(display, 0, "tệp không phải mã UTF-8.",
                                    "Lưu lại tệp với bảng mã UTF-8.")]) from None
    return parse_config(text, display)


def parse_config(text: str, display: str = CONFIG_NAME) -> Config:
    """Parse TOML text into a Config (the pure half of load_config)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise BuildFailed([Problem(display, int(match.group(1)) if match else 0,
                                    f"cú pháp TOML sai ({error}).",
                                    "Kiểm tra dấu ngoặc kép, dấu bằng và tên bảng [..] ở dòng này.")]) from None

    reader = TomlReader(text, display)
    for key, value in document.items():
        if key not in TOP_LEVEL:
            nearest = difflib.get_close_matches(key, TOP_LEVEL, n=1)
            reader.problems.error(display, reader.line_of(key, "") or reader.line_of("", key),
                                  f"bảng \"{key}\" không được hỗ trợ.",
                                  f"Có phải ý bạn là \"{nearest[0]}\"?" if nearest else
                                  "Các bảng hợp lệ: [site], [agency], [[menu]], [[categories]], [security], [admin], [import], "
                                  "[documents].")
        elif not isinstance(value, TOP_LEVEL[key]):
            reader.problems.error(display, reader.line_of("", key), f"\"{key}\" phải là {_TYPE_NAMES[TOP_LEVEL[key]]}.",
                                  "Xem mẫu site.toml trong docs/it-officer.md (mục site.toml).")

    def table(name: str) -> dict:
        value = document.get(name, {})
        return value if isinstance(value, dict) else {}

    def array(name: str) -> list[dict]:
        value = document.get(name, [])
        return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []

    site_values = reader.read_table(table("site"), SITE_OPTIONS, "site")
    agency_values = reader.read_table(table("agency"), AGENCY_OPTIONS, "agency")
    contact = agency_values.pop("contact_person")
    contact_person = None
    if contact is not None:
        contact_person = ContactPerson(**reader.read_table(contact, CONTACT_PERSON_OPTIONS, "agency.contact_person"))
    menu = tuple(MenuItem(**reader.read_table(item, MENU_OPTIONS, "menu", i))
                 for i, item in enumerate(array("menu")))
    categories = tuple(Category(**reader.read_table(item, CATEGORY_OPTIONS, "categories", i))
                       for i, item in enumerate(array("categories")))

    security = _read_security(reader.read_table(table("security"), SECURITY_OPTIONS, "security"), reader)
    admin = _read_admin(reader.read_table(table("admin"), ADMIN_OPTIONS, "admin"), reader)
    import_selectors = _read_import(reader.read_table(table("import"), IMPORT_OPTIONS, "import"), reader)
    documents = _read_documents(table("documents"), reader, agency_values["name"])

    _check_site(site_values, reader)
    _check_categories(categories, reader)
    reader.problems.raise_if_errors()
    return Config(site=Site(**site_values), agency=Agency(**agency_values, contact_person=contact_person),
                  menu=menu, categories=categories, security=security, admin=admin,
                  import_selectors=import_selectors, documents=documents)


def _read_documents(table: dict, reader: TomlReader, agency_name: str) -> DocumentSettings:
    """[documents]: the register's settings, its types (built-in ones extended) and fields."""
    values = reader.read_table(table, DOCUMENTS_OPTIONS, "documents")
    for key, least in (("per_page", 1), ("home_latest", 0)):
        if values[key] < least:
            reader.problems.error(reader.path, reader.line_of("documents", key), f"\"{key}\" phải từ {least} trở lên.",
                                  f"Ví dụ: {key} = {DOCUMENTS_OPTIONS[key].default}")

    def tables(key: str, options: dict) -> list[dict]:
        return [reader.read_table(item, options, f"documents.{key}", index)
                for index, item in enumerate(values[key]) if isinstance(item, dict)]

    def line_of(key: str):
        return lambda name, index: reader.line_of(f"documents.{key}", name, index)

    return DocumentSettings(
        issuer=values["issuer"] or agency_name, per_page=values["per_page"], home_latest=values["home_latest"],
        types=merged_types(tables("types", DOCUMENT_TYPE_OPTIONS), reader.problems, reader.path, line_of("types")),
        fields=checked_fields(tables("fields", DOCUMENT_FIELD_OPTIONS), reader.problems, reader.path,
                              line_of("fields")))


_HOST_PATTERN = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")


def _read_import(values: dict, reader: TomlReader) -> ImportSelectors:
    """The [import] selectors, each checked by cssselect (a typo is reported here, with its line,
    not as an import that finds nothing)."""
    for key in ("remove", "debris"):
        if not all(isinstance(item, str) for item in values[key]):
            reader.problems.error(reader.path, reader.line_of("import", key), f"\"{key}\" trong [import] phải là danh "
                                  "sách chuỗi chữ.", f"Ví dụ: {key} = [\"null\", \"Chi tiết bài viết*\"]")
            values[key] = []
    selectors = [(key, values[key]) for key in IMPORT_OPTIONS if key not in ("remove", "debris") and values[key]]
    selectors += [("remove", item) for item in values["remove"]]
    if selectors:
        from cssselect import GenericTranslator, SelectorError  # only a site that imports needs it
        for key, selector in selectors:
            try:
                GenericTranslator().css_to_xpath(selector)
            except SelectorError as error:
                reader.problems.error(reader.path, reader.line_of("import", key),
                                      f"bộ chọn CSS \"{selector}\" của \"{key}\" trong [import] viết sai ({error}).",
                                      "Viết như trong CSS, ví dụ: \".news-date\", \"#content h1\", \"div.tin-tuc p\".")
    return ImportSelectors(**{key: tuple(value) if isinstance(value, list) else value for key, value in values.items()})


def _read_security(values: dict, reader: TomlReader) -> Security:
    """[security]: each iframe host is a bare host name ("www.youtube.com"), not a URL."""
    hosts = []
    for host in values["iframe_hosts"]:
        if not isinstance(host, str) or not _HOST_PATTERN.match(host.strip().lower()):
            reader.problems.error(reader.path, reader.line_of("security", "iframe_hosts"),
                                  f"iframe_hosts: \"{host}\" không phải tên máy chủ.",
                                  "Chỉ ghi tên máy chủ, không có https:// hay đường dẫn, "
                                  "ví dụ iframe_hosts = [\"www.youtube.com\"].")
            continue
        hosts.append(host.strip().lower())
    return Security(iframe_hosts=tuple(sorted(set(hosts))))


def _read_admin(values: dict, reader: TomlReader) -> Admin:
    """[admin]: when published, the git host is named in full (the admin cannot work without it)."""
    admin = Admin(**{key: value.strip() if isinstance(value, str) else value for key, value in values.items()})
    if admin.backend not in ADMIN_BACKENDS:
        reader.problems.error(reader.path, reader.line_of("admin", "backend"),
                              f"backend = \"{admin.backend}\" không được hỗ trợ.",
                              "Dùng backend = \"forgejo\" (Forgejo hoặc Gitea) hoặc backend = \"gitlab\".")
    if not admin.publish:
        return admin
    if not admin.base_url.startswith("https://") or urlsplit(admin.base_url).netloc == "":
        reader.problems.error(reader.path, reader.line_of("admin", "base_url") or reader.line_of("admin", ""),
                              "[admin] base_url phải là địa chỉ https:// của máy chủ git.",
                              "Ví dụ: base_url = \"https://git.hongngu.gov.vn\" (xem docs/quan-tri-truc-tuyen.md).")
    for key, example in (("repo", "ubnd/trang-thong-tin"), ("app_id", "mã Client ID của ứng dụng OAuth")):
        if not getattr(admin, key):
            reader.problems.error(reader.path, reader.line_of("admin", key) or reader.line_of("admin", ""),
                                  f"[admin] publish = true nhưng thiếu {key}.",
                                  f"Thêm dòng: {key} = \"{example}\" (xem docs/quan-tri-truc-tuyen.md).")
    return admin


def _check_site(values: dict, reader: TomlReader) -> None:
    """Checks on [site] values beyond their types."""
    parts = urlsplit(values["base_url"])
    if values["base_url"] and (parts.scheme not in ("http", "https") or not parts.netloc
                               or not parts.path.endswith("/") or parts.query or parts.fragment):
        reader.problems.error(reader.path, reader.line_of("site", "base_url"),
                              f"base_url \"{values['base_url']}\" không phải địa chỉ hợp lệ.",
                              "Viết đầy đủ, bắt đầu bằng https:// và kết thúc bằng dấu /, "
                              "ví dụ \"https://example.gov.vn/hongngu/\".")
    try:
        ZoneInfo(values["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        reader.problems.error(reader.path, reader.line_of("site", "timezone"),
                              f"múi giờ \"{values['timezone']}\" không tồn tại.",
                              "Dùng tên chuẩn, ví dụ \"Asia/Ho_Chi_Minh\".")
    for key in ("articles_per_page", "home_latest", "home_per_category", "feed_items"):
        if values[key] < 1:
            reader.problems.error(reader.path, reader.line_of("site", key), f"\"{key}\" phải lớn hơn 0.",
                                  f"Ví dụ: {key} = {SITE_OPTIONS[key].default}")
    if values["related_articles"] < 0:
        reader.problems.error(reader.path, reader.line_of("site", "related_articles"),
                              "\"related_articles\" không được âm.",
                              "Viết 0 để không hiện tin liên quan, ví dụ: related_articles = 5")
    permalink = values["permalink"]
    fields = set(re.findall(r"\{(\w+)\}", permalink))
    problem = ""
    if not (permalink.startswith("/") and permalink.endswith("/")):
        problem = "phải bắt đầu và kết thúc bằng dấu /"
    elif "{slug}" not in permalink:
        problem = "phải chứa {slug}"
    elif fields - _PERMALINK_FIELDS:
        problem = "chỉ được dùng " + ", ".join("{" + f + "}" for f in sorted(_PERMALINK_FIELDS))
    elif not re.fullmatch(r"[a-z0-9/{}_-]+", permalink) or "//" in permalink or ".." in permalink:
        problem = "chỉ được chứa chữ thường không dấu, số, dấu - và /"
    if problem:
        reader.problems.error(reader.path, reader.line_of("site", "permalink"),
                              f"permalink \"{permalink}\" {problem}.", "Ví dụ: \"/{category}/{slug}/\".")


def _check_categories(categories: tuple[Category, ...], reader: TomlReader) -> None:
    """Each category slug is a valid, unique URL part."""
    seen: set[str] = set()
    seen_names: set[str] = set()
    for index, category in enumerate(categories):
        line = reader.line_of("categories", "slug", index)
        # Articles name their category by name or slug, so names must be unique too
        # (both tone-mark placements count as the same name).
        name_key = fold_tone_placement(category.name)
        if category.name and name_key in seen_names:
            reader.problems.error(reader.path, reader.line_of("categories", "name", index),
                                  f"tên chuyên mục \"{category.name}\" được dùng cho hai chuyên mục.",
                                  "Đặt cho mỗi chuyên mục một tên riêng.")
        seen_names.add(name_key)
        if not _SLUG_PATTERN.match(category.slug):
            reader.problems.error(reader.path, line, f"slug chuyên mục \"{category.slug}\" không hợp lệ.",
                                  f"Chỉ dùng chữ thường không dấu, số và dấu -, ví dụ \"{slugify(category.slug)}\".")
        if category.slug in seen:
            reader.problems.error(reader.path, line, f"chuyên mục \"{category.slug}\" được khai báo hai lần.",
                                  "Xóa một khai báo hoặc đổi slug.")
        seen.add(category.slug)
    if not categories:
        reader.problems.error(reader.path, 0, "chưa khai báo chuyên mục nào.",
                              "Thêm ít nhất một bảng [[categories]] với slug và name.")
