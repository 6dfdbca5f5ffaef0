"""The preview server under load: 200 concurrent requests while rebuilding, never a half-written page,
and no way out of its folder in any encoding."""

import http.client
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bs4 import BeautifulSoup

from conftest import article, make_site
from test_preview_server import WAIT, save, serve

TARGET = "content/tin-tuc/muc-tieu.md"
TARGET_URL = "/tin-tuc/muc-tieu/"
CONCURRENT = 200
SECRET = "BI-MAT-KHONG-DUOC-LO"


def _site(tmp_path):
    files = {f"content/tin-tuc/bai-{n}.md": article(title=f"Bài số {n}", date=f"{n % 28 + 1:02d}/03/2023 08:00",
                                                    body="Nội dung bài viết. " * 50) for n in range(40)}
    files[TARGET] = article(title="Phiên bản 0", slug="muc-tieu", body="Nội dung mục tiêu. " * 50)
    files["bi-mat.txt"] = SECRET
    return make_site(tmp_path / "site", files)


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=WAIT * 3)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_200_concurrent_requests_while_rebuilding_never_see_a_half_written_page(tmp_path):
    root = _site(tmp_path)
    versions = [f"Phiên bản {n}" for n in range(6)]
    with serve(root) as server:
        start = threading.Barrier(CONCURRENT + 1, timeout=WAIT)
        editing_done = threading.Event()

        def reader(number: int) -> list[tuple[str, int, bytes]]:
            url = [TARGET_URL, "/", "/tin-tuc/", "/tin-tuc/trang-2/"][number % 4]
            start.wait()
            seen = []
            while len(seen) < 2 or (not editing_done.is_set() and len(seen) < 8):
                status, body = _get(server.port, url)
                seen.append((url, status, body))
            return seen

        with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
            futures = [pool.submit(reader, n) for n in range(CONCURRENT)]
            start.wait()
            for version in versions[1:]:  # rebuilds while the requests run
                save(root / TARGET, article(title=version, slug="muc-tieu", body="Nội dung mục tiêu. " * 50))
                time.sleep(0.25)
            editing_done.set()
            responses = [response for future in futures for response in future.result(timeout=WAIT * 3)]

        titles = {BeautifulSoup(b, "html.parser").h1.get_text(strip=True) for u, s, b in responses if u == TARGET_URL}
        assert len(titles) >= 2, titles  # the requests really ran across rebuilds
        assert len(responses) >= CONCURRENT * 2
        for url, status, body in responses:
            assert status == 200, (url, status, body[:300])
            text = body.decode("utf-8")
            assert text.rstrip().endswith("</html>"), f"half-written {url}"
            page = BeautifulSoup(text, "html.parser")
            assert page.find("footer") is not None, url
            if url == TARGET_URL:
                assert page.h1.get_text(strip=True) in versions, url
        # and the server settled on the last version
        server.wait_for(lambda: "Phiên bản 5" in _get(server.port, TARGET_URL)[1].decode(), "the last edit")


TRAVERSALS = [
    "/../bi-mat.txt", "/../../bi-mat.txt", "/tin-tuc/../../../bi-mat.txt", "/./../../bi-mat.txt",
    "/..%2f..%2fbi-mat.txt", "/%2e%2e/%2e%2e/bi-mat.txt", "/%2E%2E%2F%2E%2E%2Fbi-mat.txt", "/.%2e/.%2e/bi-mat.txt",
    "/%252e%252e%252f%252e%252e%252fbi-mat.txt", "/..%5c..%5cbi-mat.txt", "/..\\..\\bi-mat.txt",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/bi-mat.txt", "/%c0%af..%c0%af..%c0%afbi-mat.txt", "/%e0%80%ae%e0%80%ae/bi-mat.txt",
    "/%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/bi-mat.txt", "/%u002e%u002e/%u002e%u002e/bi-mat.txt",
    "/..;/..;/bi-mat.txt", "/%00/../../bi-mat.txt", "/bi-mat.txt%00.html", "//etc/passwd", "/%2fetc%2fpasswd",
    "/../../site.toml", "/%2e%2e/%2e%2e/site.toml", "/.cache/../../bi-mat.txt", "/....//....//bi-mat.txt",
]


def test_paths_outside_the_output_folder_are_refused_in_any_encoding(tmp_path):
    root = _site(tmp_path)
    with serve(root) as server:
        for path in TRAVERSALS:
            status, body = _get(server.port, path)
            assert status in (400, 403, 404), (path, status)
            assert SECRET.encode() not in body and b"[site]" not in body and b"root:" not in body, path
        assert _get(server.port, "/")[0] == 200  # and the server still serves
