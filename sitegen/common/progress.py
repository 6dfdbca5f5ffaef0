"""One line on a terminal that says which step a long command is on and how far along it is.

Nothing is shown for the first two seconds (a short build prints only its result), when the
output is not a terminal (a pipe, a log file), when `CI` is set (CI logs are read later,
where a line rewritten with `\\r` is noise) or when the caller asks for machine-readable output
(`--format json`). The line is redrawn in place by a background thread, so a step that reports
no count (Pagefind at work) still shows its name and the time spent.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import TextIO

DELAY_SECONDS = 2.0      # shorter commands print nothing but their result
REDRAW_SECONDS = 0.25


def progress_wanted(stream: TextIO) -> bool:
    """A person watches this stream: a terminal, outside CI."""
    is_terminal = getattr(stream, "isatty", lambda: False)()
    return bool(is_terminal) and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


def _number(value: int) -> str:
    """12345 → "12.345", as Vietnamese writes thousands."""
    return f"{value:,}".replace(",", ".")


class Progress:
    """`step(label, total)` when a step starts, `advance()` as its items are done, `close()` at the end.

    A disabled Progress (the default for library calls and tests) does nothing at all."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = progress_wanted(self.stream) if enabled is None else enabled
        self.started = time.monotonic()
        self._label, self._done, self._total = "", 0, None
        self._shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self, label: str, total: int | None = None) -> None:
        """A new step begins: `label` in Vietnamese ("Kết xuất trang"), `total` items if known."""
        if not self.enabled:
            return
        with self._lock:
            self._label, self._done, self._total = label, 0, total
        if self._thread is None:
            self._thread = threading.Thread(target=self._redraw_until_closed, name="progress", daemon=True)
            self._thread.start()

    def advance(self, count: int = 1) -> None:
        if self.enabled:
            self._done += count  # read by the redrawing thread; a stale count is harmless

    def close(self) -> None:
        """Stop redrawing and wipe the line, so what is printed next starts on a clean line."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join()
        self._thread = None
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def line(self) -> str:
        """What the line says now: "Kết xuất trang: 1.234/15.601 (8%) · 12 giây"."""
        with self._lock:
            label, done, total = self._label, self._done, self._total
        text = label
        if total:
            text += f": {_number(min(done, total))}/{_number(total)} ({min(done, total) * 100 // total}%)"
        return f"{text} · {int(time.monotonic() - self.started)} giây"

    def _redraw_until_closed(self) -> None:
        while not self._stop.wait(REDRAW_SECONDS):
            if time.monotonic() - self.started < DELAY_SECONDS:
                continue
            self.stream.write("\r\033[K" + self.line())
            self.stream.flush()
            self._shown = True


SILENT = Progress(enabled=False)
