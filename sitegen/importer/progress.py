"""One line that says how far a long import is, on a terminal only (a log file gets none)."""

from __future__ import annotations

import time
from typing import TextIO

_EVERY = 0.2  # seconds between two redraws: thousands of pages, a handful of updates a second


class Progress:
    def __init__(self, stream: TextIO | None):
        self.stream = stream if stream is not None and stream.isatty() else None
        self._last = 0.0
        self._shown = False

    def step(self, doing: str, number: int, total: int | None = None) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if now - self._last < _EVERY:
            return
        self._last = now
        count = f"{number:,}/{total:,}".replace(",", ".") if total else f"{number:,}".replace(",", ".")
        self.stream.write(f"\r{doing}: {count} trang…\x1b[K")
        self.stream.flush()
        self._shown = True

    def done(self) -> None:
        if self.stream is not None and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
