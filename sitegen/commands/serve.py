"""The preview server: watch, debounce, rebuild, live reload, error page in the browser.

`python build.py serve` builds the site with drafts and scheduled articles
(marked by a banner) into `.cache/preview/`, never into `public/`, and serves
it on 127.0.0.1. The `livereload` package provides the browser side: its
websocket protocol handler and `livereload.js`. The handler here adds
`<script src="/livereload.js">` to HTML *responses* only (the files on disk
never contain it); being a same-origin file, not an inline snippet, it runs
under the pages' Content-Security-Policy (`script-src 'self'`) unchanged.
Watching is ours: livereload's own watcher polls mtimes, runs one rebuild per
changed file and ignores reloads less than three seconds apart, which is
wrong for a burst of saves. Here the `watchfiles` library delivers the
system's file events, groups a burst of saves, and asks for one rebuild.

Every rebuild goes through `PreviewSite.rebuild(changed_paths)`, an
incremental build (the build cache renders only the pages whose inputs
changed). While a rebuild runs, requests wait for it, so nobody sees a
half-built site. The search index is the slow part (Pagefind re-indexes the
whole site), so a rebuild keeps the previous index and the tab reloads at
once; a second build then refreshes the index in the background, and is
cancelled if the editor saves again meanwhile.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import mimetypes
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path, PurePosixPath
from typing import Callable

import watchfiles
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher as LiveReloadWatcher
from tornado import gen, ioloop, locks, web

from ..source.config import CONFIG_NAME
from ..source.organisation import ORGANISATION_NAME
from ..common.errors import BuildCancelled, BuildFailed, Problem
from ..common.progress import SILENT, Progress
from ..output.edit_first import EarlyPage, show_edited_article
from ..incremental.memory import BuildMemory
from .local_backend import admin_refusal, admin_routes
from ..pipeline import BuildOptions, BuildReport, build_now, build_site

PREVIEW_OUTPUT = Path(".cache") / "preview"
WATCHED_FOLDERS = ("content", "templates", "assets")
WATCH_TIMEOUT_MS = 100    # the watch threads wake this often even when nothing changes
QUIET_SECONDS = 0.05      # a burst of saves ends when nothing changed for this long
MAX_BURST_SECONDS = 2.0   # ...or after this long, so endless saving still rebuilds
REQUEST_WAIT_SECONDS = 60  # a request waits at most this long for a running rebuild
SEARCH_REFRESH_DELAY = 1.0  # after a reload, before the index is refreshed: the tab loads the page first
RELOAD_SCRIPT = b'<script src="/livereload.js" defer></script>'


@dataclass
class BuildOutcome:
    """The result of the latest rebuild: problems (empty when it worked) and how long it took."""

    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    report: BuildReport | None = None

    @property
    def failed(self) -> bool:
        return bool(self.problems)


class PreviewSite:
    """Builds the preview (drafts and scheduled articles shown, local base URL) into its own folder."""

    def __init__(self, root: Path, base_url: str, output: Path | None = None):
        self.root = root.resolve()
        self.output = (output or self.root / PREVIEW_OUTPUT).resolve()
        self.options = BuildOptions(root=self.root, output=self.output, include_drafts=True,
                                    include_future=True, base_url=base_url, preview=True, search=False,
                                    memory=BuildMemory(), builds_again=True)
        self.outcome = BuildOutcome()

    def rebuild(self, changed_paths: frozenset[Path] = frozenset(), progress: Progress = SILENT) -> BuildOutcome:
        """Bring the preview up to date after `changed_paths` changed (empty: build everything).

        The search index is kept as it was (`report.search_pending` says whether it is stale).
        A failed build keeps the previous preview files; the outcome carries the problems.
        """
        self.options.memory.forget_files(changed_paths)
        with progress:  # the first build of a big site takes a while: its steps show on a terminal
            self.outcome = self._build(dataclasses.replace(self.options, progress=progress))
        return self.outcome

    def show_edit_first(self, changed_paths: frozenset[Path]) -> EarlyPage | None:
        """When the save changed one article's text only: write its page at once, before `rebuild`
        (edit_first.py); None when the save must wait for the full rebuild."""
        last = self.options.memory.last_build
        if last is None or self.outcome.failed:
            return None
        started = time.perf_counter()
        try:
            early = show_edited_article(last, self.root, self.output, changed_paths, build_now(self.options))
        except Exception:  # noqa: BLE001 - the full rebuild that follows reports any problem
            return None
        return dataclasses.replace(early, seconds=time.perf_counter() - started) if early else None

    def refresh_search(self, cancel: threading.Event) -> BuildOutcome | None:
        """Bring the search index up to date; None when `cancel` was set part way (nothing written).

        The outcome is not the page's: a failure here is shown by the rebuild that follows it."""
        try:
            # Without the rebuilds' memory: a save may start one while this runs on another thread.
            return self._build(dataclasses.replace(self.options, search=True, cancel=cancel, memory=None))
        except BuildCancelled:
            return None

    @staticmethod
    def _build(options: BuildOptions) -> BuildOutcome:
        started = time.perf_counter()
        try:
            report = build_site(options)
            outcome = BuildOutcome(report=report, problems=[])
        except BuildFailed as failure:
            outcome = BuildOutcome(problems=list(failure.problems))
        except BuildCancelled:
            raise
        except Exception as error:  # noqa: BLE001 - a bug must not kill the editor's preview
            detail = traceback.format_exception_only(type(error), error)[-1].strip()
            outcome = BuildOutcome(problems=[Problem("(trình dựng trang)", 0, f"lỗi không mong đợi: {detail}.",
                                                     "Báo cho bộ phận kỹ thuật kèm nội dung này.")])
        outcome.seconds = time.perf_counter() - started
        return outcome

    def resolve(self, url_path: str) -> Path | None:
        """The file for a request path, or None when it does not exist or would leave the folder."""
        return resolve_inside(self.output, url_path)


def resolve_inside(folder: Path, url_path: str) -> Path | None:
    """`url_path` (already percent-decoded once) as a file inside `folder`, or None.

    Refuses, rather than cleans up, anything suspicious: "..", ".", backslashes,
    NUL, a second layer of percent-encoding, and symlinks that point outside.
    """
    if any(bad in url_path for bad in ("\\", "\x00", "%")):
        return None
    parts = PurePosixPath("/" + url_path).parts[1:]
    if any(part in ("..", ".") for part in url_path.split("/")):
        return None
    candidate = folder.joinpath(*parts)
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):
        return None
    if resolved != folder and folder not in resolved.parents:
        return None
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved if resolved.is_file() else None


def inject_reload_script(page: bytes) -> bytes:
    """The page with the live-reload script before </head> (responses only, never files)."""
    return page.replace(b"</head>", RELOAD_SCRIPT + b"</head>", 1)


def error_page(problems: list[Problem]) -> bytes:
    """A self-contained Vietnamese page listing the problems (templates may be what is broken)."""
    items = "\n".join(
        f'<li><p class="where"><code>{html.escape(p.path)}{f":{p.line}" if p.line else ""}</code></p>'
        f'<p class="message">{html.escape(p.message)}</p>'
        + (f'<p class="hint">Cách sửa: {html.escape(p.hint)}</p>' if p.hint else "")
        + f'<pre>{html.escape(p.format())}</pre></li>'
        for p in problems)
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Lỗi khi dựng trang – xem trước</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 0; padding: 1.5rem; background: #fff8f6; color: #1a1a1a;
        line-height: 1.5; font-size: 1.1rem; }}
h1 {{ color: #a4000f; font-size: 1.5rem; }}
ol {{ padding-left: 1.25rem; }}
li {{ background: #fff; border: 1px solid #e3b7b0; border-left: 6px solid #a4000f; padding: 0.5rem 1rem;
      margin: 0 0 1rem; }}
.where code {{ font-size: 1.1rem; font-weight: 700; }}
.hint {{ color: #0b4f2a; }}
pre {{ white-space: pre-wrap; background: #f4f4f4; padding: 0.5rem; font-size: 0.9rem; }}
</style>
</head>
<body>
<main>
<h1 id="loi-dung-trang">Chưa dựng được trang: có {len(problems)} lỗi</h1>
<p>Sửa các lỗi dưới đây rồi lưu tệp. Trang này sẽ tự tải lại khi hết lỗi.</p>
<ol class="problems">
{items}
</ol>
</main>
</body>
</html>
""".encode("utf-8")


class PreviewHandler(web.RequestHandler):
    """Serves the preview folder; shows the error page while the latest build has errors."""

    def initialize(self, server: "PreviewServer") -> None:
        self.preview_server = server

    async def get(self, url_path: str) -> None:
        await self._respond(url_path, include_body=True)

    async def head(self, url_path: str) -> None:
        await self._respond(url_path, include_body=False)

    async def _respond(self, url_path: str, include_body: bool) -> None:
        server = self.preview_server
        try:  # hold the request while a rebuild runs: never serve a half-built site
            await server.idle.wait(timeout=timedelta(seconds=REQUEST_WAIT_SECONDS))
        except gen.TimeoutError:
            pass
        self.set_header("Cache-Control", "no-store")
        site = server.site
        if site.outcome.failed and not _is_asset_request(url_path):
            return self._send(500, "text/html; charset=utf-8", error_page(site.outcome.problems), include_body)
        path = site.resolve(url_path)
        if path is None:
            if _is_traversal(url_path):
                return self._send(403, "text/plain; charset=utf-8", "Không được phép.\n".encode(), include_body)
            not_found = site.resolve("404.html")
            body = not_found.read_bytes() if not_found else "Không tìm thấy trang.\n".encode()
            kind = "text/html; charset=utf-8" if not_found else "text/plain; charset=utf-8"
            return self._send(404, kind, body, include_body)
        if path.name == "index.html" and url_path and not url_path.endswith("/") \
                and not url_path.endswith("index.html"):
            return self.redirect("/" + url_path + "/", permanent=False)
        return self._send(200, _content_type(path), path.read_bytes(), include_body)

    def _send(self, status: int, content_type: str, body: bytes, include_body: bool) -> None:
        if content_type.startswith("text/html"):
            body = inject_reload_script(body)
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        if include_body:
            self.finish(body)
        else:
            self.set_header("Content-Length", str(len(body)))
            self.finish()


def _is_asset_request(url_path: str) -> bool:
    """CSS, scripts and images are served from the last good build even while it has errors."""
    suffix = PurePosixPath(url_path).suffix.lower()
    return bool(suffix) and suffix not in (".html", ".htm")


def _is_traversal(url_path: str) -> bool:
    lowered = url_path.lower()
    return any(bad in lowered for bad in ("..", "\\", "\x00", "%2e", "%2f", "%5c", "%00"))


def _content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json", "application/xml",
                                            "image/svg+xml"):
        kind += "; charset=utf-8"
    return kind


def is_watched(root: Path, path: Path) -> bool:
    """site.toml, to-chuc.toml, or a file under content/, templates/ or assets/ that is not an editor's swap or backup."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    if parts in ((CONFIG_NAME,), (ORGANISATION_NAME,)):
        return True
    if len(parts) < 2 or parts[0] not in WATCHED_FOLDERS or any(part.startswith(".") for part in parts):
        return False
    return not parts[-1].startswith("#") and not parts[-1].endswith(("~", ".swp", ".tmp"))


class _EitherEvent:
    """Stops a watchfiles loop when either event is set."""

    def __init__(self, first: threading.Event, second: threading.Event):
        self.first, self.second = first, second

    def is_set(self) -> bool:
        return self.first.is_set() or self.second.is_set()


class ChangeWatcher(threading.Thread):
    """Waits for saves with the system's file events (watchfiles: inotify, FSEvents, Windows);
    after a burst of saves goes quiet, reports all changed paths at once.

    Polling every file costs time on a big site (0.12 s per look at 10,000 articles) and delays
    every reload; file events arrive at once. Two watches: content/, templates/ and assets/
    recursively, and the site's top folder alone (site.toml, and one of those folders appearing,
    which restarts the first watch). While `may_report` is clear (during a rebuild), batches are
    held back, and reported when it is set again.
    """

    def __init__(self, root: Path, on_changes: Callable[[frozenset[Path]], None],
                 may_report: threading.Event | None = None):
        super().__init__(name="preview-watcher", daemon=True)
        self.root = root
        self.on_changes = on_changes
        self.may_report = may_report or _always_set()
        self.stopped = threading.Event()
        # Set by each watch once it is in place (later rounds, after a folder appeared, set them again).
        self._top_ready, self._folders_ready = threading.Event(), threading.Event()

    def wait_until_watching(self, timeout: float) -> bool:
        """True once both system watches are in place: saves made from then on are seen."""
        deadline = time.monotonic() + timeout
        return self._top_ready.wait(timeout) and self._folders_ready.wait(max(0.0, deadline - time.monotonic()))

    def run(self) -> None:
        while not self.stopped.is_set():
            rewatch = threading.Event()
            top = threading.Thread(target=self._watch_top, args=(rewatch, self._top_ready),
                                   name="preview-watcher-top", daemon=True)
            top.start()
            folders = [self.root / name for name in WATCHED_FOLDERS if (self.root / name).is_dir()]
            if folders:
                self._watch(folders, True, _EitherEvent(self.stopped, rewatch), self._folders_ready)
            else:
                self._folders_ready.set()
                while not (self.stopped.is_set() or rewatch.wait(0.2)):
                    pass  # no folder to watch yet: wait for the top watch to see one appear
            rewatch.set()
            top.join()

    def _watch_top(self, rewatch: threading.Event, ready: threading.Event) -> None:
        def folder_appeared(batch: frozenset[Path]) -> None:
            if any(path.name in WATCHED_FOLDERS and path.parent == self.root for path in batch):
                rewatch.set()

        self._watch([self.root], False, _EitherEvent(self.stopped, rewatch), ready, on_batch=folder_appeared)

    def _watch(self, paths: list[Path], recursive: bool, stop: _EitherEvent, ready: threading.Event,
               on_batch=None) -> None:
        def wanted(_change, path: str) -> bool:
            candidate = Path(path)
            return is_watched(self.root, candidate) or (candidate.parent == self.root
                                                        and candidate.name in WATCHED_FOLDERS)

        def batches(force_polling: bool | None):
            # yield_on_timeout: an empty batch every WATCH_TIMEOUT_MS, the first of which tells us the
            # system watch is in place (a save made before that would be missed).
            return watchfiles.watch(*paths, watch_filter=wanted, recursive=recursive, stop_event=stop,
                                    step=int(QUIET_SECONDS * 1000), debounce=int(MAX_BURST_SECONDS * 1000),
                                    rust_timeout=WATCH_TIMEOUT_MS, yield_on_timeout=True, raise_interrupt=False,
                                    force_polling=force_polling)

        try:
            self._report_batches(batches(None), ready, on_batch)
        except OSError as error:  # the system's limit of watched folders, a file system without events
            print(f"Không theo dõi được thay đổi bằng sự kiện của hệ thống ({error}); "
                  "chuyển sang kiểm tra định kỳ các tệp.", file=sys.stderr, flush=True)
            self._report_batches(batches(True), ready, on_batch)

    def _report_batches(self, batches, ready: threading.Event, on_batch) -> None:
        for changes in batches:
            ready.set()
            if not changes:
                continue
            batch = frozenset(Path(path) for _change, path in changes)
            if on_batch is not None:
                on_batch(batch)
            self.may_report.wait()
            if not self.stopped.is_set():
                self.on_changes(frozenset(path for path in batch if is_watched(self.root, path)) or batch)

    def stop(self) -> None:
        self.stopped.set()
        self.may_report.set()


def _always_set() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


class _NoPollWatcher(LiveReloadWatcher):
    """livereload's websocket handler expects a watcher; ours is ChangeWatcher, so this one watches nothing."""

    def examine(self):
        return None, None


class PreviewServer:
    """Ties the watcher, the rebuilds and the HTTP/livereload server together on one IOLoop."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, output: Path | None = None,
                 log: Callable[[str], None] | None = None, admin: bool = False):
        self.root = root.resolve()
        self.host, self.port = host, port
        self.admin = admin  # /quan-tri/ and Decap's local backend (local_backend.py)
        self.url = f"http://{host}:{port}/"
        self.site = PreviewSite(self.root, self.url, output)
        self.log = log or _print_flush
        self.idle = locks.Event()             # IOLoop side: requests wait on it during a rebuild
        self.watch_allowed = threading.Event()  # watcher side: saves are reported after a rebuild
        self.watch_allowed.set()
        self.pending: set[Path] = set()
        self.building = False
        self.search_cancel: threading.Event | None = None  # set: the running index refresh stops
        self.search_timer = None
        self.loop: ioloop.IOLoop | None = None
        self.watcher: ChangeWatcher | None = None
        self.http = None

    def start(self) -> None:
        """Listen, start watching, start the first build. Call `run()` afterwards (or drive the IOLoop).

        Requests made during the first build wait for it (a big site takes seconds),
        and files saved meanwhile are picked up right after it.
        """
        self.loop = ioloop.IOLoop.current()
        logging.getLogger("tornado.access").setLevel(logging.ERROR)  # the editor's terminal shows builds, not hits
        LiveReloadHandler.watcher = _NoPollWatcher()
        LiveReloadHandler.live_css = False
        application = web.Application([
            (r"/livereload", LiveReloadHandler),       # the browser's websocket
            (r"/livereload.js", LiveReloadJSHandler),  # the script it runs
            *(admin_routes(self.root, self.port) if self.admin else []),
            (r"/(.*)", PreviewHandler, {"server": self}),
        ])
        self.http = application.listen(self.port, address=self.host)
        self.watch_allowed.clear()
        self.watcher = ChangeWatcher(self.root, self._changes_seen, self.watch_allowed)
        self.watcher.start()
        self.watcher.wait_until_watching(5)  # saves made from now on are seen
        self.log(f"Đang xem trước trang tại {self.url} (bấm Ctrl+C để dừng). "
                 f"Bản nháp và bài hẹn giờ được hiện kèm nhãn; thư mục public/ không bị thay đổi.")
        if self.admin:
            self.log(f"Trang quản trị (soạn bài trên trình duyệt): {self.url}quan-tri/ — bài lưu ở đó được ghi "
                     "thẳng vào thư mục content/.")
        self.loop.add_callback(self._queue_rebuild, frozenset(), True)

    def run(self) -> None:
        try:
            self.loop.start()
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        self._cancel_search_refresh()
        if self.watcher:
            self.watcher.stop()
        if self.http:
            self.http.stop()
        self.log("Đã dừng máy chủ xem trước.")

    def _changes_seen(self, paths: frozenset[Path]) -> None:
        """Called on the watcher thread: hand the batch to the IOLoop thread."""
        self.loop.add_callback(self._queue_rebuild, paths)

    async def _queue_rebuild(self, paths: frozenset[Path], first: bool = False) -> None:
        """Rebuild for these paths, then again for whatever was saved meanwhile, until nothing is left."""
        self.pending |= paths
        self._cancel_search_refresh()  # the save goes first; the index is refreshed after it
        if self.building:
            return  # the running rebuild picks these up when it finishes
        self.building = True
        outcome = None
        try:
            while first or self.pending:
                batch, self.pending = frozenset(self.pending), set()
                self.watch_allowed.clear()
                early = None if first else await self.loop.run_in_executor(None, self.site.show_edit_first, batch)
                if early is not None:
                    # Meanwhile the site as it was, with the edited article's new page, is served.
                    LiveReloadHandler.reload_waiters(path="*")
                    self.log(f"Đã hiện ngay bài vừa sửa ({early.source}) sau {early.seconds:.2f} giây; "
                             "đang cập nhật các trang còn lại.")
                else:
                    self.idle.clear()  # requests wait: never serve a half-built site
                try:
                    outcome = await self.loop.run_in_executor(None, self.site.rebuild, batch,
                                                              Progress() if first else SILENT)
                finally:
                    self.watch_allowed.set()
                    self.idle.set()
                self._report(outcome, first=first, changed=batch)
                if not first and (early is None or outcome.failed or self._changed_more_than(early, outcome)):
                    LiveReloadHandler.reload_waiters(path="*")
                first = False
        finally:
            self.building = False
        if outcome is not None and not outcome.failed and outcome.report.search_pending:
            self.search_timer = self.loop.call_later(SEARCH_REFRESH_DELAY, self._start_search_refresh)

    def _changed_more_than(self, early: EarlyPage, outcome: BuildOutcome) -> bool:
        """Whether the full rebuild changed a page besides the one shown early (the tab reloads again)."""
        others = set(outcome.report.changed_paths) - {early.output_path}
        shown = self.site.resolve(early.output_path)
        return bool(others) or shown is None or shown.read_bytes() != early.data

    def _cancel_search_refresh(self) -> None:
        if self.search_timer is not None:
            self.loop.remove_timeout(self.search_timer)
            self.search_timer = None
        if self.search_cancel is not None:
            self.search_cancel.set()

    def _start_search_refresh(self) -> None:
        self.search_timer = None
        self.loop.add_callback(self._refresh_search)

    async def _refresh_search(self) -> None:
        """Re-index in the background; requests are served meanwhile (only search files change)."""
        cancel = self.search_cancel = threading.Event()
        outcome = await self.loop.run_in_executor(None, self.site.refresh_search, cancel)
        if self.search_cancel is cancel:
            self.search_cancel = None
        if outcome is not None and not outcome.failed:
            self.log(f"Đã cập nhật chỉ mục tìm kiếm trong {outcome.seconds:.2f} giây.")

    def _report(self, outcome: BuildOutcome, first: bool = False, changed: frozenset[Path] = frozenset()) -> None:
        """The terminal shows what the browser shows."""
        names = ", ".join(sorted(_display(path, self.root) for path in changed)[:5])
        if outcome.failed:
            for problem in outcome.problems:
                self.log(problem.format())
            self.log(f"Có {len(outcome.problems)} lỗi, trình duyệt đang hiện trang báo lỗi. "
                     "Sửa tệp rồi lưu, trang sẽ tự tải lại.")
            return
        for warning in outcome.report.warnings:
            self.log(warning.format())
        verb = "Đã dựng" if first else f"Đã dựng lại ({names})"
        self.log(f"{verb}: {outcome.report.pages} trang trong {outcome.seconds:.2f} giây.")


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _print_flush(message: str) -> None:
    print(message, flush=True)


def serve(root: Path, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False,
          admin: bool = False) -> int:
    """Run the preview server until Ctrl+C. Returns the exit status."""
    if admin:
        refusal = admin_refusal(host)
        if refusal:
            print(refusal, file=sys.stderr)
            return 1
    server = PreviewServer(root, host, port, admin=admin)
    try:
        server.start()
    except OSError as error:
        print(f"Không mở được cổng {port} trên {host} ({error.strerror or error}). "
              "Có thể một máy chủ xem trước khác đang chạy; dùng --port để chọn cổng khác.", file=sys.stderr)
        return 1
    if open_browser:
        import webbrowser
        threading.Timer(0.5, webbrowser.open, args=(server.url + ("quan-tri/" if admin else ""),)).start()
    server.run()
    return 0
