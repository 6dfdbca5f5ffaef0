"""Old addresses that keep working: for every `aliases:` entry of an article, a small page at
the old path (meta refresh, canonical link, a visible link) that any static server serves,
and rules for nginx and Apache covering every alias, including old addresses with a query
string (`/tin-tuc/chi-tiet?id=7742453`), which only a server rule can redirect.

Pure: the model in, file names and bytes out. An alias that lands on a page, a file or another
article's alias is reported (`check` shows it) and left out: the page is never replaced.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ..common.errors import Problems
from ..site.model import SiteModel
from ..site.pages import PageSpec

NGINX_RULES = "redirects.nginx.conf"
# Not ".htaccess": the deploy guide has the site's own .htaccess (caching, headers) copied beside
# index.html, which a generated one would replace, or be replaced by.
APACHE_RULES = "redirects.apache.conf"


@dataclass(frozen=True, order=True)
class Redirect:
    """One old address (site-relative, may hold "?query") and where it leads now."""

    alias: str     # "/-/hoi-nghi-ky-ket", "/tin-tuc/chi-tiet?id=7742453"
    target: str    # "/tin-tuc/hoi-nghi-ky-ket/" (root-relative, base path included)
    title: str     # the article's title, for the visible link
    source: str = ""  # the article's file, for messages

    @property
    def path(self) -> str:
        return urlsplit(self.alias).path

    @property
    def query(self) -> str:
        return urlsplit(self.alias).query


def output_path(alias: str) -> str | None:
    """Where the redirect page for alias goes below public/ ("-/x/index.html"), None for an alias with a
    query (a static page cannot tell queries apart: the server rules handle those)."""
    parts = urlsplit(alias)
    if parts.query:
        return None
    path = unquote(parts.path).lstrip("/")
    if not path:
        return None
    if path.endswith("/"):
        return path + "index.html"
    if path.rsplit("/", 1)[-1].lower().endswith((".html", ".htm")):
        return path
    return path + "/index.html"


def redirect_page(redirect: Redirect, origin: str) -> bytes:
    """The page at the old address: leaves at once, tells search engines the new one, and shows a link."""
    target = html.escape(redirect.target)
    canonical = html.escape(origin + redirect.target)
    title = html.escape(redirect.title)
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Đã chuyển: {title}</title>\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
        f"<link rel=\"canonical\" href=\"{canonical}\">\n</head>\n<body>\n<main>\n"
        "<h1>Bài viết đã chuyển sang địa chỉ mới</h1>\n"
        f"<p>Mời bạn đọc tại: <a href=\"{target}\">{title}</a></p>\n"
        "</main>\n</body>\n</html>\n").encode("utf-8")


def _nginx_string(text: str) -> str:
    """A quoted nginx string ("$" never reaches here: nginx cannot escape it)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_rules(redirects: list[Redirect], base_path: str) -> bytes:
    """`location = /old { return 301 /new/; }` for each old path; old addresses with a query are told apart
    by `$args` inside their path's location. Include it inside the site's `server { }` block."""
    lines = ["# Chuyển địa chỉ cũ sang địa chỉ mới. Tệp do `build.py build` tạo, đừng sửa tay.",
             "# Dùng: thêm dòng `include /đường/dẫn/tới/public/redirects.nginx.conf;` vào khối server { } rồi",
             "# chạy `nginx -t && nginx -s reload` (xem docs/trien-khai.md).", ""]
    by_path: dict[str, list[Redirect]] = {}
    for redirect in sorted(redirects):
        if "$" in redirect.alias:  # nginx reads "$" as a variable everywhere, with no escape
            lines.append(f"# bỏ qua {redirect.alias} (có dấu $): dùng trang chuyển hướng hoặc viết quy tắc tay")
            continue
        by_path.setdefault(base_path.rstrip("/") + unquote(redirect.path), []).append(redirect)
    for path, group in sorted(by_path.items()):
        with_query = [r for r in group if r.query]
        plain = [r for r in group if not r.query]
        if not with_query:
            lines.append(f"location = {_nginx_string(path)} {{ return 301 {_nginx_string(plain[0].target)}; }}")
            continue
        lines.append(f"location = {_nginx_string(path)} {{")
        for redirect in with_query:
            lines.append(f"    if ($args = {_nginx_string(redirect.query)}) {{ return 301 {_nginx_string(redirect.target)}; }}")
        if plain:
            lines.append(f"    return 301 {_nginx_string(plain[0].target)};")
        lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _escaped(text: str) -> str:
    return re.sub(r"([\\.^$|?*+()\[\]{}\-])", r"\\\1", text)


def apache_rules(redirects: list[Redirect], base_path: str) -> bytes:
    """mod_rewrite rules that work where they are put: `Include`d in the <VirtualHost> (the path
    seen with its leading "/" and the base path) or pasted into the site folder's .htaccess (seen
    relative to the folder): the pattern allows both."""
    prefix = "^/?" + (f"(?:{_escaped(base_path.strip('/'))}/)?" if base_path.strip("/") else "")
    lines = ["# Chuyển địa chỉ cũ sang địa chỉ mới. Tệp do `build.py build` tạo, đừng sửa tay.",
             "# Dùng: `Include /đường/dẫn/tới/public/redirects.apache.conf` trong <VirtualHost>, hoặc chép",
             "# các dòng dưới vào .htaccess của trang (xem docs/trien-khai.md).",
             "<IfModule mod_rewrite.c>", "RewriteEngine On"]
    for redirect in sorted(redirects):
        pattern = prefix + _escaped(unquote(redirect.path).lstrip("/")) + "$"
        if redirect.query:
            lines.append(f"RewriteCond %{{QUERY_STRING}} ^{_escaped(redirect.query)}$")
            lines.append(f"RewriteRule {pattern} {redirect.target}? [R=301,L]")
        else:
            lines.append(f"RewriteRule {pattern} {redirect.target} [R=301,L]")
    lines.append("</IfModule>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def site_redirects(model: SiteModel, taken_paths: set[str]) -> tuple[list[Redirect], Problems]:
    """The redirects to publish, and a warning for each alias that cannot be one: it is the address of
    a page or file of the site (taken_paths: output paths below public/), or another article's alias."""
    problems = Problems()
    base_path = model.config.site.base_path
    claimed: dict[str, str] = {}
    redirects = []
    for item in sorted(model.articles + model.pages, key=lambda item: item.source):
        target = base_path + item.url
        for alias in item.aliases:
            path = output_path(alias)
            if base_path + alias.lstrip("/") == target or path is not None and path == item.url + "index.html":
                continue  # the article's own address
            if path is not None and path in taken_paths:
                problems.warning(item.source, 0, f"địa chỉ cũ {alias} trùng với một trang của trang web; "
                                 "không tạo trang chuyển hướng cho nó.",
                                 "Xóa địa chỉ này khỏi aliases: (trang đó đã có ở địa chỉ này).", code="alias-collision")
                continue
            key = urlsplit(alias).path.rstrip("/") + ("?" + urlsplit(alias).query if urlsplit(alias).query else "")
            if key in claimed:
                problems.warning(item.source, 0, f"địa chỉ cũ {alias} đã là địa chỉ cũ của {claimed[key]}; "
                                 "chỉ bài đó được chuyển tới.",
                                 "Giữ địa chỉ cũ này ở một bài duy nhất.", code="alias-collision")
                continue
            claimed[key] = item.source
            redirects.append(Redirect(alias, target, item.title, item.source))
    return sorted(redirects), problems


def taken_output_paths(specs: list[PageSpec], other_paths) -> set[str]:
    """Every file a build writes besides the redirects: pages (and their folders' index), feeds, media."""
    return {spec.output_path for spec in specs} | set(other_paths)


def redirect_files(redirects: list[Redirect], model: SiteModel) -> dict[str, bytes]:
    """Path below public/ → bytes: a page per alias without a query, and the two rule files."""
    if not redirects:
        return {}
    files = {}
    for redirect in redirects:
        path = output_path(redirect.alias)
        if path is not None:
            files[path] = redirect_page(redirect, model.config.site.origin)
    files[NGINX_RULES] = nginx_rules(redirects, model.config.site.base_path)
    files[APACHE_RULES] = apache_rules(redirects, model.config.site.base_path)
    return files
