"""End to end: `build.py serve` on a free port, edited files, the error page, traversal, live reload in Chromium."""

from __future__ import annotations

import contextlib
import http.client
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import REPO, article, build, free_port, make_site

ARTICLE_PATH = "content/tin-tuc/bai-mot.md"
ARTICLE_URL = "/tin-tuc/bai-mot/"
WAIT = 20  # seconds: the longest any step may take before the test fails


class RunningServer:
    def __init__(self, process: subprocess.Popen, port: int):
        self.process, self.port = process, port
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> tuple[int, str]:
        """GET a raw path (sent exactly as written: no client-side normalisation of "..")."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=WAIT)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()

    def wait_for(self, predicate, what: str, timeout: float = WAIT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = predicate()
            if result:
                return result
            assert self.process.poll() is None, "server died:\n" + "\n".join(self.lines)
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; server said:\n" + "\n".join(self.lines))

    def output_count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))


@contextlib.contextmanager
def serve(root: Path, *options: str):
    """Start `build.py serve [options]` on a free port; always stopped at the end."""
    port = free_port()
    process = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root),
                                "--port", str(port), *options], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    server = RunningServer(process, port)
    try:
        server.wait_for(lambda: server.output_count("Đang xem trước trang tại"), "the server to start")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def save(path: Path, text: str) -> None:
    """Write like an editor's save; the mtime is moved on so even a same-size edit is seen."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def first_batch(batches: list) -> frozenset:
    """The first batch of changed paths the watcher reports (it must report exactly one)."""
    deadline = time.monotonic() + WAIT
    while not batches and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)  # a second batch for the same save would be a bug
    assert len(batches) == 1, batches
    return batches[0]


def h1(html: str) -> str:
    return BeautifulSoup(html, "html.parser").h1.get_text(strip=True)


def small_site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {
        ARTICLE_PATH: article("Bài một", body="Đoạn đầu tiên.", slug="bai-mot"),
        "content/tin-tuc/nhap.md": article("Bài còn nháp", draft="true"),
        "content/thong-bao/hen-gio.md": article("Bài hẹn giờ", date="19/04/2099 08:30", category="Thông báo"),
    })


def test_edit_error_page_recovery_and_reload_script_only_in_responses(tmp_path):
    root = small_site(tmp_path)
    with serve(root) as server:
        status, page = server.get(ARTICLE_URL)
        assert status == 200 and h1(page) == "Bài một"
        assert "livereload.js" in page  # injected into the response...

        save(root / ARTICLE_PATH, article("Bài một đã sửa", body="Đoạn đầu tiên.", slug="bai-mot"))
        server.wait_for(lambda: h1(server.get(ARTICLE_URL)[1]) == "Bài một đã sửa", "the edited title")

        # A broken edit: the server lives on and shows the problem, in Vietnamese, with file and line.
        save(root / ARTICLE_PATH, "---\ntitle: Bài một\ndate: 19/04/2023\ncategory: Không có\nslug: bai-mot\n---\n\nNội dung.\n")
        status, page = server.wait_for(lambda: (r := server.get(ARTICLE_URL))[0] == 500 and r, "the error page")
        error = BeautifulSoup(page, "html.parser")
        assert error.h1.get_text().startswith("Chưa dựng được trang")
        assert f"{ARTICLE_PATH}:4" in error.select_one(".where").get_text()
        assert "chuyên mục \"Không có\" không có trong site.toml" in error.select_one(".message").get_text()
        assert "Các chuyên mục: Tin tức, Thông báo" in error.select_one(".hint").get_text()
        assert "livereload.js" in page  # so the fixed page comes back by itself
        server.wait_for(lambda: server.output_count(f"{ARTICLE_PATH}:4: lỗi: chuyên mục"), "the terminal message")
        assert server.get("/")[0] == 500  # every page says what is wrong

        save(root / ARTICLE_PATH, article("Bài một đã sửa lỗi", body="Đoạn đầu tiên.", slug="bai-mot"))
        server.wait_for(lambda: (r := server.get(ARTICLE_URL))[0] == 200 and h1(r[1]) == "Bài một đã sửa lỗi",
                        "the page to come back")

    preview_files = list((root / ".cache" / "preview").rglob("*.html"))
    assert preview_files, "the preview is built into .cache/preview/"
    assert not (root / "public").exists(), "the preview never writes public/"
    for path in preview_files:
        assert "livereload" not in path.read_text(encoding="utf-8")
    build(root)
    for path in (root / "public").rglob("*"):
        if path.is_file():
            assert b"livereload" not in path.read_bytes(), path


def test_drafts_and_scheduled_articles_show_a_banner(tmp_path):
    root = small_site(tmp_path)
    with serve(root) as server:
        status, page = server.get("/tin-tuc/bai-con-nhap/")
        assert status == 200
        banner = BeautifulSoup(page, "html.parser").select_one(".preview-banner")
        assert banner is not None and "BẢN NHÁP" in banner.get_text()

        status, page = server.get("/thong-bao/bai-hen-gio/")
        assert status == 200
        banner = BeautifulSoup(page, "html.parser").select_one(".preview-banner")
        assert "HẸN GIỜ ĐĂNG (ngày 19/04/2099 08:30)" in banner.get_text()

        status, page = server.get(ARTICLE_URL)
        assert BeautifulSoup(page, "html.parser").select_one(".preview-banner") is None
        # Links point at the local server, not at the real base_url.
        canonical = BeautifulSoup(page, "html.parser").select_one("link[rel=canonical]")["href"]
        assert canonical == f"{server.url}{ARTICLE_URL}"


def test_paths_never_leave_the_output_folder(tmp_path):
    root = small_site(tmp_path)
    (tmp_path / "secret.txt").write_text("bí mật", encoding="utf-8")
    attacks = ["/../../etc/passwd", "/../secret.txt", "/%2e%2e/%2e%2e/etc/passwd", "/%2e%2e%2fsecret.txt",
               "/..%2f..%2fetc%2fpasswd", "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt",
               "/..\\..\\secret.txt", "/..%5c..%5csecret.txt", "/tin-tuc/../../secret.txt",
               "//etc/passwd", "/%00../secret.txt", "/.cache/../secret.txt"]
    with serve(root) as server:
        for path in attacks:
            status, body = server.get(path)
            assert status in (403, 404), (path, status)
            assert "root:" not in body and "bí mật" not in body, path


def test_a_burst_of_saves_gives_one_rebuild(tmp_path):
    root = make_site(tmp_path / "site", {f"content/tin-tuc/bai-{i}.md": article(f"Bài {i}") for i in range(6)})
    with serve(root) as server:
        before = server.output_count("Đã dựng lại")
        for i in range(6):
            save(root / f"content/tin-tuc/bai-{i}.md", article(f"Bài {i} sửa"))  # like "Save all"
        server.wait_for(lambda: server.output_count("Đã dựng lại") > before, "the rebuild")
        time.sleep(1)  # any second rebuild would have been reported by now
        assert server.output_count("Đã dựng lại") == before + 1, server.lines
        assert h1(server.get("/tin-tuc/bai-5-sua/")[1]) == "Bài 5 sửa"


def test_open_tab_reloads_by_itself_after_a_save(tmp_path, page):
    root = small_site(tmp_path)
    with serve(root) as server:
        page.set_default_timeout(WAIT * 1000)
        handshakes = []  # livereload.js says "info" once its websocket is registered with the server
        page.on("websocket", lambda ws: ws.on(
            "framesent", lambda payload: handshakes.append(1) if '"info"' in str(payload) else None))
        page.goto(server.url + ARTICLE_URL)
        assert page.locator("h1").inner_text() == "Bài một"
        server.wait_for(lambda: page.wait_for_timeout(50) or handshakes, "the live reload connection")
        page.evaluate("() => { window.__notReloaded = true; }")
        save(root / ARTICLE_PATH, article("Bài một, bản mới", body="Đoạn đầu tiên.", slug="bai-mot"))
        page.wait_for_function("() => document.querySelector('h1')"
                               " && document.querySelector('h1').innerText === 'Bài một, bản mới'")
        assert page.evaluate("() => window.__notReloaded === undefined"), "the tab itself reloaded"

        # A broken template shows the error page in the tab; fixing it brings the article back.
        template = root / "templates" / "article.html"
        template.parent.mkdir(exist_ok=True)
        save(template, "{% extends 'base.html' %}{% block main %}<h1>{{ article.title }</h1>{% endblock %}\n")
        page.wait_for_function("() => document.title.startsWith('Lỗi khi dựng trang')")
        assert "templates/article.html:1" in page.locator(".problems").inner_text()
        template.unlink()
        page.wait_for_function("() => document.querySelector('h1')"
                               " && document.querySelector('h1').innerText === 'Bài một, bản mới'")


def test_banner_is_visible_in_the_browser(tmp_path, page):
    root = small_site(tmp_path)
    with serve(root) as server:
        page.set_default_timeout(WAIT * 1000)
        page.goto(server.url + "/tin-tuc/bai-con-nhap/")
        banner = page.locator(".preview-banner")
        assert banner.is_visible() and "BẢN NHÁP" in banner.inner_text()
        # Styled by assets/css/preview.css (allowed by the pages' CSP: a same-origin file).
        assert banner.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 243, 205)"


def test_site_toml_assets_and_bad_yaml_are_watched_too(tmp_path):
    from conftest import MINIMAL_CONFIG

    root = small_site(tmp_path)
    (root / "assets" / "css").mkdir(parents=True)
    (root / "assets" / "css" / "site.css").write_text("body { color: #111; }\n", encoding="utf-8")
    with serve(root) as server:
        def stylesheet() -> str:
            return BeautifulSoup(server.get("/")[1], "html.parser").select_one("link[rel=stylesheet]")["href"]

        first_css = stylesheet()
        save(root / "assets" / "css" / "site.css", "body { color: #000; }\n")
        server.wait_for(lambda: stylesheet() != first_css, "a new stylesheet fingerprint")

        save(root / "site.toml", MINIMAL_CONFIG.replace('name = "Trang thử nghiệm"', 'name = "Trang đã đổi tên"'))
        server.wait_for(lambda: "Trang đã đổi tên" in server.get("/")[1], "the new site name")

        save(root / "site.toml", MINIMAL_CONFIG.replace("articles_per_page = 2", "articles_per_page = hai"))
        status, page = server.wait_for(lambda: (r := server.get("/"))[0] == 500 and r, "the site.toml error")
        assert "site.toml:5" in BeautifulSoup(page, "html.parser").select_one(".where").get_text()
        save(root / "site.toml", MINIMAL_CONFIG)
        server.wait_for(lambda: server.get("/")[0] == 200, "the site.toml fix")

        save(root / ARTICLE_PATH, "---\ntitle: Bài một\ndate: 19/04/2023\n\tcategory: Tin tức\n---\n\nNội dung.\n")
        status, page = server.wait_for(lambda: (r := server.get(ARTICLE_URL))[0] == 500 and r, "the YAML error")
        error = BeautifulSoup(page, "html.parser")
        assert f"{ARTICLE_PATH}:4" in error.select_one(".where").get_text()
        assert "Tab" in error.get_text()
        save(root / ARTICLE_PATH, article("Bài một", body="Đoạn đầu tiên.", slug="bai-mot"))
        server.wait_for(lambda: server.get(ARTICLE_URL)[0] == 200, "the page to come back")


def test_saves_during_a_rebuild_are_not_lost(tmp_path):
    """While a rebuild runs the watcher holds its batches back; what was saved meanwhile is reported after."""
    import threading

    from sitegen.commands.serve import ChangeWatcher

    root = small_site(tmp_path)
    batches = []
    may_poll = threading.Event()
    may_poll.set()
    watcher = ChangeWatcher(root, batches.append, may_poll)
    watcher.start()
    assert watcher.wait_until_watching(WAIT), "the system watch is in place"
    try:
        may_poll.clear()  # a rebuild starts
        save(root / ARTICLE_PATH, article("Lưu trong lúc dựng", slug="bai-mot"))
        time.sleep(0.5)
        assert batches == []
        may_poll.set()  # the rebuild ends
        assert first_batch(batches) == frozenset({root / ARTICLE_PATH})
    finally:
        watcher.stop()
        watcher.join(timeout=WAIT)


def test_a_busy_port_is_explained(tmp_path):
    import socket

    from conftest import run_cli

    root = small_site(tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run_cli("serve", "--root", str(root), "--port", str(busy.getsockname()[1]), timeout=WAIT)
    assert result.returncode == 1
    assert "Không mở được cổng" in result.stderr and "--port" in result.stderr


def test_resolve_inside_refuses_everything_that_could_leave_the_folder(tmp_path):
    from sitegen.commands.serve import resolve_inside

    folder = tmp_path / "preview"
    (folder / "tin-tuc" / "bai").mkdir(parents=True)
    (folder / "tin-tuc" / "bai" / "index.html").write_text("bài", encoding="utf-8")
    (folder / "index.html").write_text("chủ", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("bí mật", encoding="utf-8")
    (folder / "link").symlink_to(tmp_path / "secret.txt")
    assert resolve_inside(folder, "") == folder / "index.html"
    assert resolve_inside(folder, "tin-tuc/bai/") == folder / "tin-tuc" / "bai" / "index.html"
    for path in ["../secret.txt", "tin-tuc/../../secret.txt", "..\\secret.txt", "%2e%2e/secret.txt",
                 "./index.html", "link", "tin-tuc/bai/\x00", "/etc/passwd", "//etc/passwd"]:
        assert resolve_inside(folder, path) is None, path


def test_search_index_is_refreshed_after_the_reload(tmp_path, page):
    """The tab reloads first; the search index follows, and then finds the newly saved words."""
    root = small_site(tmp_path)
    with serve(root) as server:
        server.wait_for(lambda: server.output_count("Đã dựng:"), "the first build")
        save(root / ARTICLE_PATH, article("Bài một", body="Hội chợ bánh phồng tôm Sa Đéc.", slug="bai-mot"))
        server.wait_for(lambda: server.output_count("Đã cập nhật chỉ mục tìm kiếm"), "the search index refresh")
        rebuilt = next(i for i, line in enumerate(server.lines) if line.startswith("Đã dựng lại"))
        refreshed = next(i for i, line in enumerate(server.lines) if line.startswith("Đã cập nhật chỉ mục"))
        assert rebuilt < refreshed, "the page was rebuilt (and the tab told to reload) before indexing"
        page.set_default_timeout(WAIT * 1000)
        page.goto(server.url + "/tim-kiem/?q=banh%20phong%20tom")
        page.locator("#trang-thai-tim", has_text="Tìm thấy 1 kết quả").wait_for()
        assert page.locator(".search-result h2 a").inner_text() == "Bài một"


def test_a_save_cancels_the_search_refresh_and_nothing_half_made_is_kept(tmp_path):
    from sitegen.commands.serve import PreviewSite

    root = small_site(tmp_path)
    site = PreviewSite(root, "http://127.0.0.1:8000/")
    assert not site.rebuild().failed
    index = site.output / "pagefind" / "2023" / "pagefind-entry.json"  # the edited article's year
    first_index = index.read_bytes()
    save(root / ARTICLE_PATH, article("Bài một", body="Lễ hội sen Đồng Tháp.", slug="bai-mot"))
    edited = site.rebuild()
    assert edited.report.search_pending and edited.report.rendered > 0
    assert index.read_bytes() == first_index, "the reload does not wait for the index"

    cancelled = threading.Event()
    cancelled.set()
    assert site.refresh_search(cancelled) is None
    assert index.read_bytes() == first_index
    leftovers = [f".preview.{name}" for name in ("staging", "journal", "old")]
    assert not any((site.output.parent / name).exists() for name in leftovers), "nothing half-made is left"

    refreshed = site.refresh_search(threading.Event())
    assert not refreshed.failed and not refreshed.report.search_pending
    refreshed_index = index.read_bytes()
    assert refreshed_index != first_index
    again = site.rebuild()  # the preview never waits to check the index: the refresh after it does
    assert again.report.rendered == 0 and index.read_bytes() == refreshed_index
    checked = site.refresh_search(threading.Event())
    assert not checked.report.search_pending and index.read_bytes() == refreshed_index, "nothing to re-index"


def test_without_system_file_events_the_watcher_falls_back_to_polling(tmp_path, monkeypatch):
    """inotify's limit reached (or a file system without events): saves are still seen, by polling."""
    import watchfiles

    from sitegen.commands import serve as server_module

    real_watch = watchfiles.watch

    def watch_without_events(*paths, force_polling=None, **options):
        if not force_polling:
            raise OSError("OS file watch limit reached")
        return real_watch(*paths, force_polling=True, poll_delay_ms=50, **options)

    monkeypatch.setattr(server_module.watchfiles, "watch", watch_without_events)
    root = small_site(tmp_path)
    batches = []
    watcher = server_module.ChangeWatcher(root, batches.append)
    watcher.start()
    try:
        assert watcher.wait_until_watching(WAIT)
        save(root / ARTICLE_PATH, article("Lưu khi không có sự kiện", slug="bai-mot"))
        assert first_batch(batches) == frozenset({root / ARTICLE_PATH})
    finally:
        watcher.stop()
        watcher.join(timeout=WAIT)
