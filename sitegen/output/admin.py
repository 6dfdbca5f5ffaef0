"""The admin at `/quan-tri/`: Decap CMS, configured from `site.toml` and the front matter schema.

Decap CMS (pinned by `admin/package-lock.json`, installed by `npm ci`) is
served from the site itself, never from a CDN. Its configuration is made
here from what the build validates (sitegen content keys, the categories and
default author of `site.toml`), so the admin writes files the build accepts
as they are. Two modes:

- local (`build.py serve --admin`): Decap's "proxy" backend talks to the
  preview server's `/api/v1` (commands/local_backend.py), which saves
  straight into the working copy;
- online (`[admin] publish = true`): the admin is published with the site
  and works against the agency's own git host (Forgejo/Gitea or GitLab, PKCE
  login), editorial workflow on: an article waits for a reviewer.

The browser side (front matter kept byte for byte, Vietnamese date widget,
slugs by the build's rule, preview) is in `admin/src/`.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..common.errors import BuildFailed, Problem
from ..source.config import Config
from ..source.content import SLUG_PATTERN
from .csp import admin_content_security_policy

ADMIN_FOLDER = "quan-tri"
API_PATH = "/api/v1"
GENERATOR_ROOT = Path(__file__).resolve().parents[2]
ADMIN_SOURCE = GENERATOR_ROOT / "admin"
DECAP_DIST = ADMIN_SOURCE / "node_modules" / "decap-cms" / "dist"
YAML_DIST = ADMIN_SOURCE / "node_modules" / "yaml" / "browser" / "dist"
ARTICLES = "bai-viet"
PAGES = "trang"
DOCUMENTS = "van-ban"
FORMAT = "giu-nguyen"  # admin/src/frontmatter.js: the file's own text kept, changed keys rewritten
# Decap's backends for each [admin] backend of site.toml. Gitea speaks Forgejo's API (Forgejo is its
# fork); Decap's own "gitea" backend has no editorial workflow, its "forgejo" backend has.
GIT_BACKENDS = {"forgejo": "forgejo", "gitea": "forgejo", "gitlab": "gitlab"}
API_ROOTS = {"forgejo": "/api/v1", "gitlab": "/api/v4"}


@dataclass(frozen=True)
class AdminSite:
    """What the admin needs to know about the site beyond site.toml."""

    stylesheet: str            # the fingerprinted site.css, root-relative: "/assets/css/site.1a2b3c.css"
    favicon: str               # the site's icon, root-relative ("" for none)
    has_documents: bool        # content/van-ban/ exists: the documents register gets a collection
    local: bool                # True: the preview server's local backend; False: the git host
    site_url: str = ""         # where "Xem bản hoàn chỉnh" leads: the preview's address ("": base_url)


def published_admin(config: Config, root: Path, stylesheet: str, favicon: str = "") -> dict[str, bytes]:
    """Every file of the published admin, below quan-tri/: Decap and our scripts as they are,
    index.html and config.yml made from site.toml."""
    require_bundle()
    site = AdminSite(stylesheet=stylesheet, favicon=favicon, has_documents=has_documents(root), local=False)
    files = {name: path.read_bytes() for name, path in static_files().items()}
    files.update(generated_files(config, site))
    return {f"{ADMIN_FOLDER}/{name}": data for name, data in sorted(files.items())}


def has_documents(root: Path) -> bool:
    return (root / "content" / DOCUMENTS).is_dir()


def missing_bundle() -> str | None:
    """Why the admin cannot be served (Decap not installed), in Vietnamese; None when it can."""
    if (DECAP_DIST / "decap-cms.js").is_file() and (YAML_DIST / "index.js").is_file():
        return None
    return ("chưa cài Decap CMS (thư mục admin/node_modules). Chạy `make build`, hoặc "
            "`npm ci --prefix admin --ignore-scripts` rồi chạy lại lệnh.")


def static_files() -> dict[str, Path]:
    """Every file of the admin that is served as it is: name below /quan-tri/ → file on disk."""
    files = {path.name: path for path in sorted((ADMIN_SOURCE / "src").glob("*.js"))}
    for path in sorted(DECAP_DIST.iterdir()):
        # decap-cms.js, its chunks and WebAssembly; not the source maps nor the cms.js copy of it
        if path.is_file() and (path.name.endswith(("decap-cms.js", ".wasm")) or path.name == "decap-cms.js.LICENSE.txt"):
            files[path.name] = path
    for path in sorted(YAML_DIST.rglob("*.js")):
        files["yaml/" + path.relative_to(YAML_DIST).as_posix()] = path
    return files


def generated_files(config: Config, site: AdminSite) -> dict[str, bytes]:
    """index.html and config.yml, made from site.toml."""
    return {"index.html": admin_page(config, site), "config.yml": config_text(config, site).encode("utf-8")}


def admin_page(config: Config, site: AdminSite) -> bytes:
    """The admin's HTML: its own, relaxed policy ('unsafe-eval'), the site data, Decap, our script."""
    data = {
        "stylesheet": site.stylesheet,
        "categories": [{"slug": c.slug, "name": c.name} for c in config.categories],
        "utcOffset": utc_offset(config),
        "articleCollections": [ARTICLES],
        "pageCollections": [PAGES],
        "documentCollections": [DOCUMENTS],
    }
    # In a <script type="application/json"> "</script>" must not appear: "<" is escaped.
    site_json = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    policy = admin_content_security_policy(config, git_origin(config) if not site.local else None)
    title = f"Quản trị nội dung – {config.site.name}"
    icon = f'<link rel="icon" href="{html.escape(site.favicon)}">\n' if site.favicon else ""
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{html.escape(title)}</title>
{icon}<script type="application/json" id="sitegen-admin">{site_json}</script>
<script src="manual-init.js"></script>
<script src="decap-cms.js"></script>
<script type="module" src="admin.js"></script>
</head>
<body>
<noscript>Trang quản trị cần bật JavaScript.</noscript>
</body>
</html>
""".encode("utf-8")


def config_text(config: Config, site: AdminSite) -> str:
    """config.yml: YAML as Decap reads it, keys in a readable order, Vietnamese kept as it is."""
    header = ("# Tạo tự động từ site.toml và các khóa phần đầu bài mà trình dựng trang kiểm tra "
              "(sitegen/output/admin.py). Không sửa tay: sửa site.toml.\n")
    return header + yaml.safe_dump(decap_config(config, site), allow_unicode=True, sort_keys=False, width=1000)


def decap_config(config: Config, site: AdminSite) -> dict:
    """Decap CMS's configuration for this site."""
    collections = [articles_collection(config), pages_collection()]
    if site.has_documents:
        collections.append(documents_collection(config))
    result = {
        "locale": "vi",
        "backend": local_backend() if site.local else git_backend(config),
        **({} if site.local else {"publish_mode": "editorial_workflow"}),
        "site_url": site.site_url or config.site.base_url,
        "display_url": site.site_url or config.site.base_url,
        "media_folder": "content/media",   # shared photos; an article's own go into its folder
        "public_folder": "/media",
        # Used by Decap for uploaded file names only: entries get the build's slug (admin.js, preSave).
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    }
    return result


def local_backend() -> dict:
    return {"name": "proxy", "proxy_url": API_PATH, "branch": "main"}


def git_backend(config: Config) -> dict:
    admin = config.admin
    name = GIT_BACKENDS[admin.backend]
    base_url = admin.base_url.rstrip("/")
    backend = {"name": name, "repo": admin.repo, "branch": admin.branch, "base_url": base_url,
               "api_root": base_url + API_ROOTS[name], "app_id": admin.app_id,
               "commit_messages": {
                   "create": "Thêm {{collection}} “{{slug}}”",
                   "update": "Sửa {{collection}} “{{slug}}”",
                   "delete": "Xóa {{collection}} “{{slug}}”",
                   "uploadMedia": "Tải lên “{{path}}”",
                   "deleteMedia": "Xóa tệp “{{path}}”"}}
    if name == "gitlab":
        backend.update({"auth_type": "pkce", "auth_endpoint": "oauth/authorize"})
    return backend


def git_origin(config: Config) -> str | None:
    """"https://git.example.gov.vn": the only other origin the published admin talks to."""
    parts = urlsplit(config.admin.base_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def utc_offset(config: Config) -> str:
    """"+07:00" for Asia/Ho_Chi_Minh (Vietnam has no daylight saving: one offset all year)."""
    offset = datetime(2024, 1, 1, tzinfo=config.site.tz).strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def _collection(name: str, label: str, singular: str, description: str, folder: str, fields: list[dict],
                path: str = "{{slug}}/index", identifier: str = "title", summary: str = "{{title}}", **extra) -> dict:
    """A collection whose entries live in their own folder (index.md), photos and files beside them,
    in the format that keeps each file's own text, named by the build's slug (admin.js, preSave)."""
    return {"name": name, "label": label, "label_singular": singular, "description": description,
            "folder": folder, "path": path, "media_folder": "", "public_folder": "", "format": FORMAT,
            "extension": "md", "slug": "{{__slug}}", "create": True, "delete": True,
            "identifier_field": identifier, "summary": summary, **extra, "fields": fields}


def articles_collection(config: Config) -> dict:
    categories = [{"label": c.name, "value": c.slug} for c in config.categories]
    fields = [
        _field("title", "Tiêu đề", "string"),
        _field("date", "Ngày giờ đăng", "ngay-gio",
               hint="Giờ Việt Nam. Bài có ngày trong tương lai sẽ tự đăng khi đến giờ (lần dựng trang sau đó)."),
        _field("category", "Chuyên mục", "select", options=categories,
               **({"default": categories[0]["value"]} if categories else {})),
        _field("summary", "Tóm tắt", "text", required=False, hint="Một hai câu, hiện ở danh sách tin và khi chia sẻ bài."),
        _field("author", "Tác giả", "string", required=False, default=config.site.default_author),
        _field("source", "Nguồn tin", "string", required=False),
        _field("tags", "Từ khóa", "list", required=False, default=[],
               hint="Các từ khóa cách nhau bằng dấu phẩy, ví dụ: Mặt trận, Chi bộ"),
        _field("image", "Ảnh đại diện", "image", required=False, choose_url=False,
               hint="Hiện ở danh sách tin, trang chủ và khi chia sẻ. Ảnh được lưu cạnh bài viết."),
        _files_field("attachments", "Tệp đính kèm", required=False, hint="PDF, Word, Excel… Tệp được lưu cạnh bài viết."),
        _slug_field(),
        _field("featured", "Tin nổi bật", "boolean", required=False, default=False),
        _field("draft", "Bản nháp (chưa đăng lên trang)", "boolean", required=False, default=False),
        _field("updated", "Ngày giờ cập nhật", "ngay-gio", required=False, now_by_default=False),
        _field("body", "Nội dung", "markdown"),
    ]
    return _collection(
        ARTICLES, "Bài viết", "bài viết", "Tin tức, thông báo… Mỗi bài một thư mục: ảnh và tệp đính kèm nằm cạnh bài.",
        "content", fields, path="{{category}}/{{slug}}/index",
        # Only files with a category (articles): pages and documents share content/.
        filter={"field": "__kind", "value": "article"},
        sortable_fields=[{"field": "date", "default_sort": "desc"}, "title"],
        view_filters=[{"label": c["label"], "field": "category", "pattern": f"^{c['value']}$"} for c in categories],
        view_groups=[{"label": "Năm", "field": "date", "pattern": r"\d{4}"}])


def pages_collection() -> dict:
    layouts = [{"label": "Trang thường", "value": "page"},
               {"label": "Trang liên hệ (kèm thông tin đơn vị)", "value": "contact"}]
    return _collection(PAGES, "Trang tĩnh", "trang", "Giới thiệu, Liên hệ… (thư mục content/trang/).", "content/trang", [
        _field("title", "Tiêu đề", "string"),
        _field("summary", "Tóm tắt", "text", required=False),
        _field("layout", "Kiểu trang", "select", required=False, default="page", options=layouts),
        _field("image", "Ảnh đại diện", "image", required=False, choose_url=False),
        _files_field("attachments", "Tệp đính kèm", required=False),
        _slug_field(),
        _field("draft", "Bản nháp (chưa đăng lên trang)", "boolean", required=False, default=False),
        _field("updated", "Ngày giờ cập nhật", "ngay-gio", required=False, now_by_default=False),
        _field("body", "Nội dung", "markdown"),
    ])


def documents_collection(config: Config) -> dict:
    """The documents register (content/van-ban/, issue 22): its front matter keys, and its types,
    fields (lĩnh vực) and default issuer from site.toml's [documents] once the register reads them."""
    settings = getattr(config, "documents", None)
    types = [kind.name for kind in getattr(settings, "types", ())]
    vocabulary = [field.name for field in getattr(settings, "fields", ())]
    issuer = getattr(settings, "issuer", "") or config.agency.name
    fields = [
        _field("number", "Số ký hiệu", "string", hint="Ví dụ: 05/2024/QĐ-UBND, 15/UBND-VP"),
        _field("type", "Loại văn bản", "select", options=types) if types else _field("type", "Loại văn bản", "string"),
        _field("issuer", "Cơ quan ban hành", "string", required=False, default=issuer),
        _field("fields", "Lĩnh vực", "select", multiple=True, required=False, options=vocabulary)
        if vocabulary else _field("fields", "Lĩnh vực", "list", required=False),
        _field("signer", "Người ký", "object", required=False, collapsed=False,
               fields=[_field("name", "Họ tên", "string", required=False),
                       _field("position", "Chức vụ", "string", required=False)]),
        _field("issued", "Ngày ban hành", "ngay-gio", date_only=True),
        _field("effective", "Ngày có hiệu lực", "ngay-gio", date_only=True, required=False, now_by_default=False),
        _field("expires", "Ngày hết hiệu lực", "ngay-gio", date_only=True, required=False, now_by_default=False),
        _field("status", "Tình trạng hiệu lực", "select", required=False,
               options=["Còn hiệu lực", "Chưa có hiệu lực", "Hết hiệu lực", "Hết hiệu lực một phần", "Ngưng hiệu lực"],
               hint="Để trống: tính theo ngày có hiệu lực và ngày hết hiệu lực."),
        _field("summary", "Trích yếu", "text"),
        _files_field("files", "Tệp văn bản"),
        _field("replaces", "Thay thế văn bản", "list", required=False, hint="Số ký hiệu, cách nhau bằng dấu phẩy"),
        _field("amends", "Sửa đổi, bổ sung văn bản", "list", required=False),
        _field("consolidates", "Hợp nhất văn bản", "list", required=False),
        _field("draft", "Bản nháp (chưa đăng lên trang)", "boolean", required=False, default=False),
        _field("body", "Nội dung tóm tắt", "markdown", required=False),
    ]
    return _collection(DOCUMENTS, "Văn bản", "văn bản",
                       "Văn bản chỉ đạo, điều hành (thư mục content/van-ban/): mỗi văn bản một thư mục, kèm tệp.",
                       "content/" + DOCUMENTS, fields, identifier="number", summary="{{number}} – {{summary}}")


def _slug_field() -> dict:
    """The address, when the one made from the title will not do (two articles of one title)."""
    return _field("slug", "Địa chỉ riêng", "string", required=False,
                  pattern=[SLUG_PATTERN.pattern, "chỉ chữ thường không dấu, số và dấu -, ví dụ: hoi-nghi-thang-5"],
                  hint="Để trống: địa chỉ được tạo từ tên bài. Chỉ điền khi trang báo trùng địa chỉ với bài khác.")


def _files_field(name: str, label: str, **options) -> dict:
    """A list of files beside the entry, each with the title shown for it (attachments, a document's files)."""
    return _field(name, label, "list", summary="{{fields.title}}", label_singular="tệp", **options,
                  fields=[_field("file", "Tệp", "file", choose_url=False),
                          _field("title", "Tên hiển thị", "string", required=False)])


def _field(name: str, label: str, widget: str, **options) -> dict:
    return {"name": name, "label": label, "widget": widget, **options}


def require_bundle(display: str = "admin/") -> None:
    """Raise BuildFailed when Decap is not installed (an editor's message, what to do)."""
    reason = missing_bundle()
    if reason:
        raise BuildFailed([Problem(display, 0, reason, "Cần Node.js và npm (https://nodejs.org) trên máy dựng trang.")])
