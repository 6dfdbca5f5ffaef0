"""Shared test helpers: a tiny site in tmp_path, the CLI, parsed HTML, a static server, Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

MINIMAL_CONFIG = """\
[site]
name = "Trang thử nghiệm"
tagline = "Tỉnh Đồng Tháp"
base_url = "https://example.gov.vn/"
articles_per_page = 2

[agency]
name = "Ủy ban Nhân dân thành phố Thử Nghiệm"
address = "Số 1, phường Một"
phone = "0277.3563.362"

[[menu]]
title = "Trang chủ"
url = "/"

[[categories]]
slug = "tin-tuc"
name = "Tin tức"

[[categories]]
slug = "thong-bao"
name = "Thông báo"
"""


# Every optional agency field set, and a contact person (the minimal config has none of them).
FULL_AGENCY_CONFIG = MINIMAL_CONFIG.replace('phone = "0277.3563.362"\n', '''phone = "0277.3563.362"
fax = "0277.3563.363"
email = "ubnd@example.gov.vn"
license = "Giấy phép số 12/GP-TTĐT"
responsible_person = "Nguyễn Văn A"
copyright = "© Ủy ban Nhân dân"

[agency.contact_person]
name = "Trần Thị B"
title = "Chánh Văn phòng"
phone = "0912 345 678"
email = "b@example.gov.vn"
''')


def article(title: str = "Bài viết thử", date: str = "19/04/2023 08:30", category: str = "Tin tức",
            body: str = "Nội dung bài viết.", **extra: str) -> str:
    """The text of a Markdown article with front matter."""
    lines = ["---", f"title: {title}", f"date: {date}", f"category: {category}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n---\n\n" + body + "\n"


def official_document(number: str = "12/2024/QĐ-UBND", type: str = "Quyết định", issued: str = "05/03/2024",
                      summary: str = "Ban hành Quy định quản lý trật tự xây dựng", files: str = "[van-ban.pdf]",
                      body: str = "", **extra: str) -> str:
    """The text of a document of the register (content/van-ban/…) with front matter."""
    lines = ["---", f"number: {number}", f"type: {type}", f"issued: {issued}", f"summary: {summary}",
             f"files: {files}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n---\n\n" + body + ("\n" if body else "")


# A small PDF for documents of the register (content/van-ban/x/van-ban.pdf).
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n" + b" " * 2000

# [documents] for sites of the tests with documents: MINIMAL_CONFIG + DOCUMENTS_CONFIG.
DOCUMENTS_CONFIG = """
[documents]
per_page = 2

[[documents.fields]]
slug = "dat-dai"
name = "Đất đai"

[[documents.fields]]
slug = "xay-dung"
name = "Xây dựng"
"""


def photo(width: int = 64, height: int = 48, image_format: str = "JPEG", orientation: int | None = None,
          gps: bool = False, color: tuple[int, int, int] = (30, 110, 190)) -> bytes:
    """A tiny photo made with Pillow; optionally with an EXIF orientation tag and a GPS position,
    like a phone camera writes. The left half is dark, so a rotation can be seen in the pixels."""
    from PIL import Image

    image = Image.new("RGB", (width, height), color)
    image.paste((0, 0, 0), (0, 0, width // 2, height))
    exif = image.getexif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (10.0, 48.0, 12.5), 3: "E", 4: (105.0, 20.0, 3.0)}
    exif[0x010F] = "TestCam"  # Make: any EXIF must be gone from what is published
    buffer = io.BytesIO()
    image.save(buffer, image_format, **({"exif": exif} if image_format in ("JPEG", "WEBP", "PNG") else {}))
    return buffer.getvalue()


def make_site(root: Path, files: dict[str, str | bytes], config: str = MINIMAL_CONFIG) -> Path:
    """Write site.toml and the given files (paths relative to root) into root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(config, encoding="utf-8")
    (root / "content").mkdir(exist_ok=True)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path = REPO, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` as an editor would, capturing its output."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def build(root: Path, *args: str) -> subprocess.CompletedProcess:
    """Build the site in root (output root/public); fails the test if the build fails."""
    result = run_cli("build", "--root", str(root), *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def soup(path: Path) -> BeautifulSoup:
    """Parse an HTML file as a browser would see its structure."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def static_server(directory: Path, gzip_static: bool = False):
    """Serve a built site over HTTP on 127.0.0.1 (like any static host); yields its base URL.

    gzip_static: send `X.gz`, when it exists, for `X` to a client that accepts gzip (nginx's gzip_static)."""
    handler = functools.partial(_GzipStaticHandler if gzip_static else _QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _GzipStaticHandler(_QuietHandler):
    def send_head(self):
        path = self.translate_path(self.path)
        compressed = path + ".gz"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not os.path.isfile(compressed):
            return super().send_head()
        data = open(compressed, "rb")  # noqa: SIM115 - closed by the caller, as in SimpleHTTPRequestHandler
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(os.fstat(data.fileno()).st_size))
        self.end_headers()
        return data


def require_chromium() -> str:
    """Chromium's path; in CI (CI=true) a missing browser fails instead of skipping."""
    if CHROMIUM:
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail("Chromium is required in CI (apt-get install chromium)")
    pytest.skip("Chromium is not installed")


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium driven by Playwright (Debian's chromium, no browser download)."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


def site_model(files: dict[str, str], config: str = MINIMAL_CONFIG, now=None, **options):
    """The pure model of a site made of files {"content/...md": text}, without touching the disk."""
    from datetime import datetime, timezone

    from sitegen.source.config import parse_config
    from sitegen.source.content import ARTICLE, DOCUMENTS_DIR, OFFICIAL, PAGE, PAGES_DIR, parse_document
    from sitegen.common.errors import Problems
    from sitegen.source.markdown import render_markdown
    from sitegen.site.model import build_model

    site_config = parse_config(config)
    problems = Problems()
    documents = []
    for name, text in sorted(files.items()):
        kind = PAGE if name.startswith(f"content/{PAGES_DIR}/") else \
            OFFICIAL if name.startswith(f"content/{DOCUMENTS_DIR}/") else ARTICLE
        document = parse_document(text.encode("utf-8"), name, kind, site_config, problems)
        assert document is not None, [p.format() for p in problems.errors]
        documents.append(document)
    bodies = {d.source: render_markdown(d.body, site_config.site.base_path) for d in documents}
    now = now or datetime(2024, 1, 1, tzinfo=timezone.utc)
    return build_model(site_config, documents, bodies, now, **options)


def tree_digest(folder: Path) -> str:
    """One hash of every file's path and bytes below folder: equal digests, byte-identical trees."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def local_target(public: Path, url: str, base_path: str = "/") -> Path | None:
    """The file in public/ a root-relative URL is served from (pretty URLs: "x/" → "x/index.html"),
    or None when the URL is not under base_path."""
    from urllib.parse import unquote, urlsplit

    path = unquote(urlsplit(url).path)
    if not path.startswith(base_path):
        return None
    relative = path[len(base_path):]
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return public / relative


def crawl(public: Path, base_path: str = "/") -> dict[str, list[str]]:
    """Every page's root-relative links (a/link href, script/img/source src) → {page: [urls]}.

    Only pages are read: this is what a visitor can reach by following links.
    """
    found = {}
    for page_path in sorted(public.rglob("*.html")):
        html = soup(page_path)
        urls = [tag.get(attribute) for tag, attribute in
                [(t, "href") for t in html.find_all(["a", "link"], href=True)] +
                [(t, "src") for t in html.find_all(["script", "img", "source", "iframe"], src=True)]]
        found[page_path.relative_to(public).as_posix()] = [u for u in urls if u.startswith("/")
                                                           and not u.startswith("//")]
    return found


NODE_TOOLS = REPO / "tests" / "node" / "node_modules"  # axe-core and vnu-jar, installed by `make test` (npm ci)


def require_tool(path: Path, how: str) -> Path:
    """A checker the suite needs (from npm or apt); in CI a missing one fails instead of skipping."""
    if path.exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is required in CI ({how})")
    pytest.skip(f"{path} is missing ({how})")


@pytest.fixture(scope="session")
def theme_site(tmp_path_factory) -> Path:
    """The sample site of tests/sample_site.py (every page type), built once per session."""
    from sample_site import build_theme_site

    return build_theme_site(tmp_path_factory.mktemp("theme-site"))


@pytest.fixture(scope="session")
def theme_server(theme_site):
    """The sample site served over HTTP on 127.0.0.1; yields its base URL."""
    with static_server(theme_site) as base_url:
        yield base_url
