"""Reading the old portal while it is still online: one page or one feed per address given.

Polite: robots.txt is obeyed (urllib.robotparser, its Crawl-delay too), one request at a time
with a pause between two to the same host, a timeout on every request, a size limit.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from email.message import Message
from urllib.parse import urljoin, urlsplit

from .media_names import file_name_of


USER_AGENT = "sitegen-import/1.0"
TIMEOUT = 20.0         # seconds for one request: a portal that hangs does not hang the import
DELAY = 1.0            # seconds between two requests to one host
MAX_BYTES = 50 * 2**20  # a page, feed or file larger than this is not an article's


class WebError(Exception):
    """A request that failed; the message is Vietnamese, for the report."""


class PoliteClient:
    def __init__(self, delay: float = DELAY, timeout: float = TIMEOUT, user_agent: str = USER_AGENT):
        self.delay, self.timeout, self.user_agent = delay, timeout, user_agent
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last: dict[str, float] = {}

    def get(self, url: str) -> tuple[bytes, str, str]:
        """(body, the charset the server named, the final address) of an allowed http(s) address."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise WebError(f"địa chỉ \"{url}\" không phải http:// hay https://.")
        if not self.allowed(url):
            raise WebError(f"robots.txt của {parts.netloc} không cho phép tải \"{url}\".")
        return self._fetch(url)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(origin)
        if robots is None:
            robots = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
            try:
                body, _charset, _final = self._fetch(origin + "/robots.txt")
                robots.parse(body.decode("utf-8", "replace").splitlines())
            except WebError as error:
                # As robotparser reads it: refused (401/403) means nothing is allowed, missing means all is.
                robots.disallow_all = "401" in str(error) or "403" in str(error)
                robots.allow_all = not robots.disallow_all
            self._robots[origin] = robots
        return robots.can_fetch(self.user_agent, url)

    def _fetch(self, url: str) -> tuple[bytes, str, str]:
        host = urlsplit(url).netloc
        robots = self._robots.get(f"{urlsplit(url).scheme}://{host}")
        delay = max(self.delay, float((robots.crawl_delay(self.user_agent) if robots else None) or 0))
        wait = self._last.get(host, 0.0) + delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read(MAX_BYTES + 1)
                headers: Message = response.headers
                final = response.geturl()
        except urllib.error.HTTPError as error:
            raise WebError(f"máy chủ trả lời {error.code} cho \"{url}\".") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise WebError(f"không tải được \"{url}\" ({reason}).") from None
        finally:
            self._last[host] = time.monotonic()
        if len(body) > MAX_BYTES:
            raise WebError(f"\"{url}\" lớn hơn {MAX_BYTES // 2**20} MB, không tải.")
        return body, headers.get_content_charset() or "", final

    def fetcher(self, base: str):
        """A MediaFetcher for the photos and files of a page at base."""
        def fetch(address: str) -> tuple[bytes, str] | None:
            url = urljoin(base, address)
            try:
                body, _charset, final = self.get(url)
            except WebError:
                return None
            return body, file_name_of(final, file_name_of(url))
        return fetch
