"""Decap CMS's local backend, inside the preview server: the admin saves straight into `content/`.

`python build.py serve --admin` serves the admin at /quan-tri/ with Decap's
"proxy" backend pointed at `POST /api/v1` here. The protocol is decap-server's
(packages/decap-server, "local_fs" mode): a JSON body `{"action": ..., "params": ...}`
and a JSON answer. Only the actions of the simple publish mode exist: the
editorial workflow belongs to the agency's git host (docs/quan-tri-truc-tuyen.md).

Safety: the preview server listens on 127.0.0.1 only; a request must name a
loopback Host (no DNS rebinding), come from the page's own origin when it
names one, and be `application/json` (so another site's page cannot send one
without a CORS preflight, which is never granted). Every path is confined to
`content/`: absolute paths, "..", backslashes, hidden files and links leading
out are refused, never cleaned up.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import posixpath
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from tornado import ioloop, web

from ..common.errors import BuildFailed
from ..common.files import write_atomically
from ..output.admin import (ADMIN_FOLDER, API_PATH, AdminSite, generated_files, has_documents, missing_bundle,
                            static_files)
from ..output.assets import collect_assets
from ..pipeline import site_dirs
from ..source.config import load_config

CONTENT = "content"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
MAX_LISTED_FILES = 100_000  # a listing stops here rather than read a runaway folder


class RefusedPath(ValueError):
    """A path the admin may not touch; the message is the editor's, in Vietnamese."""


class LocalBackend:
    """The actions of decap-server's local_fs mode, on one site folder."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.content = self.root / CONTENT

    def handle(self, action: str, params: dict) -> object:
        """The JSON answer to one action; RefusedPath or KeyError/TypeError for a bad request."""
        actions = {
            "info": lambda: {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"},
            "entriesByFolder": lambda: self.entries_by_folder(params["folder"], params.get("extension", ""),
                                                              int(params.get("depth", 1))),
            "entriesByFiles": lambda: [self.entry(item["path"], item.get("label")) for item in params["files"]],
            "getEntry": lambda: self.entry(params["path"]),
            "persistEntry": lambda: self.persist_entry(params),
            "getMedia": lambda: self.media_in(params["mediaFolder"]),
            "getMediaFile": lambda: self.media_file(params["path"]),
            "persistMedia": lambda: self.persist_media(params["asset"]),
            "deleteFile": lambda: self.delete([params["path"]]),
            "deleteFiles": lambda: self.delete(params["paths"]),
            "getDeployPreview": lambda: None,
        }
        if action not in actions:
            raise KeyError(action)
        return actions[action]()

    # ---- paths
    def locate(self, path: str) -> Path:
        """The file (or folder) a repository path names, refused unless it stays inside content/."""
        if not isinstance(path, str) or not path or "\\" in path or "\x00" in path or path.startswith("/"):
            raise RefusedPath(f"đường dẫn \"{path}\" không hợp lệ.")
        parts = PurePosixPath(path).parts
        if any(part in ("..", ".") or part.startswith(".") for part in parts) or parts[0] != CONTENT:
            raise RefusedPath(f"chỉ được đọc và ghi trong thư mục {CONTENT}/, không phải \"{path}\".")
        candidate = self.root.joinpath(*parts)
        resolved = candidate.resolve()
        if resolved != self.content and self.content not in resolved.parents:
            raise RefusedPath(f"\"{path}\" dẫn ra ngoài thư mục {CONTENT}/.")
        return candidate

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    # ---- entries
    def entries_by_folder(self, folder: str, extension: str, depth: int) -> list[dict]:
        start = self.locate(folder.rstrip("/"))
        found: list[str] = []
        self._list(str(start), extension, depth, found)
        # Listed files were checked by _list: reading them needs no second check. Strings, not
        # Paths: at 10,000 articles pathlib's parsing alone took a quarter of the time.
        skip = len(str(self.root)) + 1
        return [_entry_of(Path(path), path[skip:].replace(os.sep, "/")) for path in sorted(found)]

    def _list(self, folder: str, extension: str, depth: int, found: list[str]) -> None:
        if depth <= 0 or not os.path.isdir(folder) or len(found) >= MAX_LISTED_FILES:
            return
        with os.scandir(folder) as entries:
            for item in sorted(entries, key=lambda e: e.name):
                if item.name.startswith("."):
                    continue
                if item.is_dir(follow_symlinks=False):
                    self._list(item.path, extension, depth - 1, found)
                elif item.is_file() and item.name.endswith(extension):
                    if item.is_symlink():
                        try:
                            self.locate(self.relative(Path(item.path)))  # a link leading out is not listed
                        except RefusedPath:
                            continue
                    found.append(item.path)

    def entry(self, path: str, label: str | None = None) -> dict:
        return _entry_of(self.locate(path), path, label)

    def persist_entry(self, params: dict) -> dict:
        data_files = params.get("dataFiles") or [params["entry"]]
        writes = [(self.locate(item["path"]), item["raw"], item.get("newPath")) for item in data_files]
        assets = [(self.locate(asset["path"]), _asset_bytes(asset)) for asset in params.get("assets", [])]
        moves = [(file, self.locate(new_path)) for file, _raw, new_path in writes if new_path]
        for file, raw, _new_path in writes:
            _write(file, _entry_bytes(file, raw))
        for file, data in assets:
            _write(file, data)
        for source, target in moves:
            if target.exists():
                raise RefusedPath(f"đã có tệp {self.relative(target)}: không ghi đè.")
            target.parent.mkdir(parents=True, exist_ok=True)
            source.replace(target)
        return {"message": "entry persisted"}

    # ---- media
    def media_in(self, folder: str) -> list[dict]:
        start = self.locate(folder.rstrip("/"))
        if not start.is_dir():
            return []
        # An article's folder holds its index.md too: the text is not one of its photos or files.
        files = sorted(p for p in start.iterdir() if p.is_file() and not p.name.startswith(".")
                       and p.suffix.lower() != ".md")
        return [self.media_file(self.relative(path)) for path in files]

    def media_file(self, path: str) -> dict:
        data = self.locate(path).read_bytes()
        return {"id": _digest(data), "content": base64.b64encode(data).decode("ascii"), "encoding": "base64",
                "path": path, "name": posixpath.basename(path)}

    def persist_media(self, asset: dict) -> dict:
        _write(self.locate(asset["path"]), _asset_bytes(asset))
        return self.media_file(asset["path"])

    def delete(self, paths: list[str]) -> dict:
        files = [self.locate(path) for path in paths]
        for file in files:
            if file.is_file():
                file.unlink()
        return {"message": "deleted files " + ", ".join(paths)}


def _entry_of(file: Path, path: str, label: str | None = None) -> dict:
    """An entry as decap-server answers it: the text, and the file's path and hash (None: unreadable)."""
    described = {"path": path, "id": None, **({"label": label} if label is not None else {})}
    try:
        raw = file.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return {"data": None, "file": described}
    return {"data": text, "file": {**described, "id": _digest(raw)}}


def _write(path: Path, data: bytes) -> None:
    """In one step (the preview's watcher never reads half a file), making the entry's folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _asset_bytes(asset: dict) -> bytes:
    if asset.get("encoding", "base64") != "base64":
        raise RefusedPath("tệp tải lên phải mã hóa base64.")
    return base64.b64decode(asset["content"], validate=True)


def _entry_bytes(file: Path, raw: str) -> bytes:
    """What to write for an entry: Decap adds a final newline to every file it saves; a file that had
    none and is otherwise unchanged keeps its bytes."""
    data = raw.encode("utf-8")
    if data.endswith(b"\n") and file.is_file():
        existing = file.read_bytes()
        if existing + b"\n" == data:
            return existing
    return data


class LocalBackendHandler(web.RequestHandler):
    """POST /api/v1 for the admin of `build.py serve --admin`."""

    def initialize(self, backend: LocalBackend, port: int) -> None:
        self.backend = backend
        self.port = port

    def check_xsrf_cookie(self) -> None:  # the checks of `refusal` stand in for it
        pass

    async def post(self) -> None:
        reason = self.refusal()
        if reason:
            return self._answer(403, {"error": reason})
        try:
            body = json.loads(self.request.body or b"{}")
            action, params = body.get("action"), body.get("params") or {}
        except (ValueError, AttributeError):
            return self._answer(422, {"error": "Yêu cầu không phải JSON hợp lệ."})
        loop = ioloop.IOLoop.current()
        try:
            answer = await loop.run_in_executor(None, self.backend.handle, action, params)
        except RefusedPath as refused:
            return self._answer(422, {"error": f"Không được phép: {refused}"})
        except (KeyError, TypeError, ValueError) as error:
            return self._answer(422, {"error": f"Yêu cầu không hợp lệ ({action}: {error})."})
        except OSError as error:
            return self._answer(500, {"error": f"Không đọc/ghi được tệp ({error.strerror or error})."})
        self._answer(200, answer)

    def refusal(self) -> str | None:
        """Why this request is not the admin's own (None: it is)."""
        host = self.request.host or ""
        if host.rsplit(":", 1)[0] not in LOOPBACK_HOSTS:
            return "Chỉ nhận yêu cầu gửi tới 127.0.0.1."
        origin = self.request.headers.get("Origin")
        if origin is not None:
            parts = urlsplit(origin)
            if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost", "::1") \
                    or parts.port != self.port:
                return "Chỉ trang quản trị của máy chủ xem trước này được ghi tệp."
        if self.request.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            return "Yêu cầu phải có Content-Type: application/json."
        return None

    def _answer(self, status: int, payload: object) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(payload, ensure_ascii=False))


class AdminPageHandler(web.RequestHandler):
    """GET /quan-tri/…: the admin of the preview, its configuration made from site.toml at each load
    (an edit of site.toml shows on the next reload), Decap and our scripts from admin/."""

    CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".yml": "text/yaml; charset=utf-8",
                     ".js": "text/javascript; charset=utf-8", ".wasm": "application/wasm",
                     ".txt": "text/plain; charset=utf-8"}

    def initialize(self, root: Path) -> None:
        self.root = root

    def get(self, name: str) -> None:
        name = name or "index.html"
        self.set_header("Cache-Control", "no-store")
        if name in ("index.html", "config.yml"):
            try:
                site = local_admin_site(self.root, f"http://{self.request.host}/")
                data = generated_files(load_config(self.root), site)[name]
            except BuildFailed as failed:
                self.set_status(500)
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                return self.finish("\n".join(problem.format() for problem in failed.problems) + "\n")
        else:
            path = static_files().get(name)
            if path is None:
                self.set_status(404)
                self.set_header("Content-Type", "text/plain; charset=utf-8")
                return self.finish("Không tìm thấy tệp của trang quản trị.\n")
            data = path.read_bytes()
        self.set_header("Content-Type", self.CONTENT_TYPES.get(PurePosixPath(name).suffix, "application/octet-stream"))
        self.finish(data)


def local_admin_site(root: Path, preview_url: str) -> AdminSite:
    """The preview's admin: the local backend, the stylesheet the preview build publishes, and
    the preview (not the public site) behind "Xem bản hoàn chỉnh"."""
    assets = {}
    for folder in reversed(site_dirs(root, "assets")):
        assets.update(collect_assets(folder))
    favicon = assets.get("favicon.svg")
    return AdminSite(stylesheet="/" + assets["css/site.css"].output_path,
                     favicon="/" + favicon.output_path if favicon else "",
                     has_documents=has_documents(root), local=True, site_url=preview_url)


def admin_routes(root: Path, port: int) -> list:
    """The preview server's routes for `serve --admin`: the admin and Decap's local backend."""
    return [
        (r"/quan-tri", web.RedirectHandler, {"url": "/quan-tri/"}),
        (rf"/{ADMIN_FOLDER}/(.*)", AdminPageHandler, {"root": root}),
        (API_PATH, LocalBackendHandler, {"backend": LocalBackend(root), "port": port}),
    ]


def admin_refusal(host: str) -> str | None:
    """Why `serve --admin` cannot start (in Vietnamese), or None."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        return (f"--admin chỉ chạy trên máy này (127.0.0.1), không trên {host}: trang quản trị ghi thẳng vào "
                "thư mục content/ và không đòi đăng nhập. Bỏ --host, hoặc dùng trang quản trị trực tuyến "
                "(docs/quan-tri-truc-tuyen.md).")
    reason = missing_bundle()
    return f"Không mở được trang quản trị: {reason}" if reason else None
