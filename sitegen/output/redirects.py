"""Old addresses that keep working: for every `aliases:` entry of an article, a small page at
the old path (meta refresh, canonical link, a visible link) that any static server serves,
and rules for nginx and Apache covering every alias, including old addresses with a query
string (`/tin-tuc/chi-tiet?id=7742453`), which only a server rule can redirect.

Pure: aliases in, file names and bytes out.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

NGINX_RULES = "redirects.nginx.conf"
APACHE_RULES = ".htaccess"
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")


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


def alias_problem(alias: str) -> str:
    """Why an alias cannot be published (Vietnamese), or ""."""
    if not alias.startswith("/") or alias.startswith("//"):
        return "phải là đường dẫn bắt đầu bằng một dấu / (ví dụ /tin-tuc/chi-tiet?id=7742453), không có tên miền."
    path = unquote(urlsplit(alias).path)
    if _UNSAFE.search(path) or any(part in (".", "..") for part in path.split("/")):
        return "có ký tự hoặc đoạn (.., \\) không dùng được trong đường dẫn."
    if "#" in alias:
        return "không được có dấu # (phần sau # không bao giờ đến máy chủ)."
    return ""


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
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("$", "${dollar}") + '"' \
        if re.search(r"[\s;{}\"'$\\#]", text) else text


def nginx_rules(redirects: list[Redirect], base_path: str) -> bytes:
    """`location = /old { return 301 /new/; }` for each old path; old addresses with a query are told apart
    by `$args` inside their path's location. Include it inside the site's `server { }` block."""
    lines = ["# Chuyển địa chỉ cũ sang địa chỉ mới. Tệp do `build.py build` tạo, đừng sửa tay.",
             "# Dùng: thêm dòng `include /đường/dẫn/tới/public/redirects.nginx.conf;` vào khối server { } rồi",
             "# chạy `nginx -t && nginx -s reload` (xem docs/trien-khai.md).", ""]
    by_path: dict[str, list[Redirect]] = {}
    for redirect in sorted(redirects):
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
    if any("$" in line for line in lines[4:]):
        lines.insert(4, "# (địa chỉ có dấu $: khai báo `geo $dollar { default \"$\"; }` trong khối http { })")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _apache_pattern(path: str) -> str:
    return "^" + re.sub(r"([\\.^$|?*+()\[\]{}\-])", r"\\\1", path) + "$"


def apache_rules(redirects: list[Redirect]) -> bytes:
    """mod_rewrite rules for the `.htaccess` at the site's top folder (paths relative to it)."""
    lines = ["# Chuyển địa chỉ cũ sang địa chỉ mới. Tệp do `build.py build` tạo, đừng sửa tay.",
             "# Apache đọc tệp này khi thư mục trang cho phép (AllowOverride FileInfo); xem docs/trien-khai.md.",
             "<IfModule mod_rewrite.c>", "RewriteEngine On"]
    for redirect in sorted(redirects):
        relative = unquote(redirect.path).lstrip("/")
        if redirect.query:
            lines.append(f"RewriteCond %{{QUERY_STRING}} {_apache_pattern(redirect.query)}")
            lines.append(f"RewriteRule {_apache_pattern(relative)} {redirect.target}? [R=301,L]")
        else:
            lines.append(f"RewriteRule {_apache_pattern(relative)} {redirect.target} [R=301,L]")
    lines.append("</IfModule>")
    return ("\n".join(lines) + "\n").encode("utf-8")
