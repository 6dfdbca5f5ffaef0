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


def article(title: str = "Bài viết thử", date: str = "19/04/2023 08:30", category: str = "Tin tức",
            body: str = "Nội dung bài viết.", **extra: str) -> str:
    """The text of a Markdown article with front matter."""
    lines = ["---", f"title: {title}", f"date: {date}", f"category: {category}"]
    lines += [f"{key}: {value}" for key, value in extra.items()]
    return "\n".join(lines) + "\n---\n\n" + body + "\n"


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
def static_server(directory: Path):
    """Serve a built site over HTTP on 127.0.0.1 (like any static host); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
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
