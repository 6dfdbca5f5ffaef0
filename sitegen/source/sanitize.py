"""The policy for raw HTML in articles: what passes, what is removed, and where it was.

nh3 (Rust's ammonia, maintained and fuzzed) does the cleaning. Because nh3
removes silently, a small HTML parser walks the same HTML first and lists
every tag, attribute or address the policy removes, each with the line of
the Markdown source it came from, so the editor is told.

Passes: formatting, headings, lists, links, images, tables, figures,
footnotes. Removed: <script>, <style> (with their content), event handlers
(on...), style attributes, javascript:/data: and other non-web addresses,
forms and their fields, <object>/<embed>, <iframe> except from the https
hosts listed in site.toml ([security] iframe_hosts), and images from other
web sites (the Content-Security-Policy would block them anyway).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS | {"figure", "figcaption", "caption", "colgroup", "col", "tfoot"})
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "td": {"colspan", "rowspan", "align", "headers"},
    "th": {"colspan", "rowspan", "align", "scope", "headers"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "type", "reversed"},
    "abbr": {"title"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
IFRAME_ATTRIBUTES = {"src", "width", "height", "title", "allow", "allowfullscreen", "loading", "referrerpolicy"}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
REMOVED_WITH_CONTENT = frozenset({"script", "style"})  # nh3's default: their text is dropped too

_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)
_NO_SOURCE_IMAGE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
# Python-Markdown's own serialiser writes start tags as <name attr="value" bare>, with &, <, > and "
# escaped in values: a regular expression reads them exactly, 10 times faster than HTMLParser.
_SERIALIZED_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
_SERIALIZED_ATTRIBUTE = re.compile(r'([^\s="/]+)(?:="([^"]*)")?')


@dataclass(frozen=True)
class SanitizePolicy:
    """What depends on the site: the iframe hosts (site.toml) and its own host, for images."""

    iframe_hosts: tuple[str, ...] = ()
    site_host: str = ""  # images must come from the site itself (the CSP allows img-src 'self' only)


@dataclass(frozen=True, order=True)
class Removal:
    """Something the sanitiser removed: its line in the Markdown body (1-based, 0 = unknown)."""

    line: int
    what: str  # Vietnamese: "thẻ <script>", "thuộc tính onclick của <img>", ...

    @property
    def hint(self) -> str:
        """What the editor can do instead (Vietnamese)."""
        if self.what.startswith("khung nhúng"):
            return ("Chỉ nhúng được từ các máy chủ https trong [security] iframe_hosts của site.toml "
                    "(hỏi bộ phận kỹ thuật), hoặc thay khung nhúng bằng một liên kết.")
        if self.what.startswith("ảnh"):
            return "Tải ảnh về và đặt cùng bài viết trên trang này, thay vì lấy ảnh từ trang khác."
        return "Xóa đoạn mã này khỏi bài: trang chỉ nhận văn bản, liên kết, ảnh, bảng và định dạng thông thường."


def sanitize_policy(config) -> SanitizePolicy:
    """The policy for a site: its iframe hosts and its own host name, from site.toml."""
    return SanitizePolicy(iframe_hosts=config.security.iframe_hosts,
                          site_host=urlsplit(config.site.base_url).hostname or "")


def clean_html(raw_html: str, policy: SanitizePolicy) -> str:
    """HTML from Markdown → HTML that is safe to publish under this policy."""
    tags = set(ALLOWED_TAGS)
    attributes = {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()}
    if policy.iframe_hosts:
        tags.add("iframe")
        attributes["iframe"] = set(IFRAME_ATTRIBUTES)

    def keep_allowed_sources(tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src" and not iframe_allowed(value, policy):
            return None
        if tag == "img" and attribute in ("src", "srcset") and foreign_image(value, policy):
            return None
        return value

    cleaned = nh3.clean(raw_html, tags=tags, attributes=attributes, clean_content_tags=set(REMOVED_WITH_CONTENT),
                        url_schemes=set(URL_SCHEMES), attribute_filter=keep_allowed_sources,
                        link_rel=None, strip_comments=True)
    # nh3 keeps the element when it drops its src: an empty frame or image is removed too.
    return _NO_SOURCE_IMAGE.sub("", _EMPTY_IFRAME.sub("", cleaned))


def foreign_image(src: str, policy: SanitizePolicy) -> str:
    """The other web site an image comes from ("" if none): the browser would block it (CSP)."""
    for candidate in src.split(","):  # srcset: "a.jpg 1x, https://x/b.jpg 2x"
        address = candidate.strip().split(" ")[0]
        try:
            host = urlsplit(address).hostname or ""
        except ValueError:
            return address[:40] or "?"
        if (address.startswith("//") or _scheme_of(address)) and host != policy.site_host:
            return host or address[:40]
    return ""


def iframe_allowed(src: str, policy: SanitizePolicy) -> bool:
    """Only https frames from a listed host (exactly that host, no user:password@ tricks)."""
    try:
        parts = urlsplit(src.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return False
    return parts.scheme == "https" and "@" not in parts.netloc and host in policy.iframe_hosts


def find_removals(raw_html: str, markdown_source: str, policy: SanitizePolicy) -> tuple[Removal, ...]:
    """Every tag, attribute and address clean_html() will remove, with its Markdown line."""
    finder = _RemovalFinder(policy)
    if "<" in markdown_source:  # raw HTML from the editor, maybe malformed: a tolerant parser
        finder.feed(raw_html)
        finder.close()
    else:  # no raw HTML: every tag was written by Python-Markdown's serialiser
        finder.scan_serialized(raw_html)
    locator = _LineLocator(markdown_source)
    seen: set[tuple[int, str]] = set()
    removals = []
    for what, needles in finder.found:
        removal = Removal(locator.line_of(needles), what)
        if (removal.line, removal.what) not in seen:  # one message per thing per line
            seen.add((removal.line, removal.what))
            removals.append(removal)
    return tuple(removals)


class _RemovalFinder(HTMLParser):
    """Walks HTML and records what the policy removes, with text to find it in the source."""

    def __init__(self, policy: SanitizePolicy):
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.found: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag_needle = f"<{tag}"
        if tag == "iframe":
            src = dict(attrs).get("src") or ""
            if not self.policy.iframe_hosts or not iframe_allowed(src, self.policy):
                host = _host_of(src)
                self.found.append((f"khung nhúng <iframe>{' từ ' + host if host else ''}", [src, tag_needle]))
            return
        if tag not in ALLOWED_TAGS:
            self.found.append((f"thẻ <{tag}>", [tag_needle]))
            return
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.found.append((f"thuộc tính {name} của thẻ <{tag}>", [f"{name}=", name, tag_needle]))
            elif name in URL_ATTRIBUTES and value and _scheme_of(value) not in URL_SCHEMES | {""}:
                scheme = _scheme_of(value)
                self.found.append((f"địa chỉ {scheme}: trong thẻ <{tag}>", [value, f"{scheme}:", tag_needle]))
            elif tag == "img" and name in ("src", "srcset") and value and foreign_image(value, self.policy):
                host = foreign_image(value, self.policy)
                self.found.append((f"ảnh lấy từ trang khác ({host})", [value, tag_needle, "!["]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def scan_serialized(self, serialized_html: str) -> None:
        """What `feed` finds, for HTML that Python-Markdown serialised itself (and only for that)."""
        for tag in _SERIALIZED_START_TAG.finditer(serialized_html):
            attrs = [(found.group(1).lower(), None if found.group(2) is None else html.unescape(found.group(2)))
                     for found in _SERIALIZED_ATTRIBUTE.finditer(tag.group(2))]
            self.handle_starttag(tag.group(1).lower(), attrs)


def _scheme_of(url: str) -> str:
    """"javascript" for "java\tscript:..." (browsers ignore tabs and newlines); "" when relative."""
    match = _SCHEME.match(re.sub(r"[\t\n\r]", "", url))
    return match.group(1).lower() if match else ""


def _host_of(src: str) -> str:
    try:
        return urlsplit(src.strip()).hostname or ""
    except ValueError:
        return ""


class _LineLocator:
    """Finds, in document order, the Markdown line a piece of HTML came from."""

    def __init__(self, source: str):
        self.source = source
        self.folded = source.lower()
        self.cursor = 0

    def line_of(self, needles: list[str]) -> int:
        for start in (self.cursor, 0):
            for needle in needles:
                if not needle:
                    continue
                position = self.folded.find(needle.lower(), start)
                if position >= 0:
                    self.cursor = position
                    return self.source.count("\n", 0, position) + 1
        return 0

