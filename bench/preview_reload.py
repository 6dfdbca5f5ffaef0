#!/usr/bin/env python3
"""Measure save → reloaded tab with the preview server, in headless Chromium.

    .venv/bin/python bench/preview_reload.py [--articles 1000] [--rounds 5]

`--articles 0` measures the real site (a copy of this repository's site, so
content/ is left alone); otherwise a synthetic site of that many articles is
written into bench/sites/. Prints each round and the median, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("Hội nghị triển khai kế hoạch phối hợp nâng cao chất lượng hoạt động của chi bộ đối với ban công tác "
         "mặt trận ấp khóm thành phố Hồng Ngự tỉnh Đồng Tháp nhân dân").split()


def synthetic_site(root: Path, count: int) -> Path:
    """count articles in two categories, tagged, over four years (deterministic)."""
    rng = random.Random(count)
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    shutil.copy(REPO / "site.toml", root / "site.toml")
    for index in range(count):
        category = ("tin-tuc", "Tin tức") if index % 3 else ("thong-bao", "Thông báo")
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize() + f" số {index}"
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(5))
        path = root / "content" / category[0] / f"bai-{index:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: {title}\ndate: {1 + index % 28:02d}/{1 + index % 12:02d}/{2020 + index % 4} "
                        f"08:30\ncategory: {category[1]}\nslug: bai-{index:05d}\n"
                        f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n---\n\n{body}\n", encoding="utf-8")
    return root


def real_site(root: Path) -> Path:
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    shutil.copy(REPO / "site.toml", root / "site.toml")
    shutil.copytree(REPO / "content", root / "content")
    return root


def article_url(root: Path, text: str) -> str:
    """The preview URL of the article whose body starts with this text's first paragraph."""
    body = text.split("\n---\n", 1)[1].strip()
    needle = body.split("\n")[0][:40]
    for page in sorted((root / ".cache" / "preview" / "tin-tuc").glob("*/index.html")):
        if needle in page.read_text(encoding="utf-8"):
            return page.parent.relative_to(root / ".cache" / "preview").as_posix() + "/"
    raise SystemExit("article not found in the preview")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="preview-bench-"))
    if args.articles:
        root = synthetic_site(REPO / "bench" / "sites" / f"preview-{args.articles}", args.articles)
    else:
        root = real_site(work / "site")
    article = sorted((root / "content" / "tin-tuc").glob("*.md"))[0]
    original = article.read_text(encoding="utf-8")
    port = free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root),
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        for line in server.stdout:
            print("server:", line.rstrip())
            if line.startswith("Đã dựng:"):  # the first build is done
                break
        import re
        import threading
        rebuilds: list[float] = []  # seconds each rebuild took, as the server reports it

        def read_server() -> None:
            for line in server.stdout:
                found = re.search(r"Đã dựng lại .* trong ([0-9.]+) giây", line)
                if found:
                    rebuilds.append(float(found.group(1)))
        threading.Thread(target=read_server, daemon=True).start()
        from playwright.sync_api import sync_playwright
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page()
            page.set_default_timeout(90_000)
            handshakes = []
            page.on("websocket", lambda ws: ws.on(
                "framesent", lambda payload: handshakes.append(1) if '"info"' in str(payload) else None))
            page.goto(f"http://127.0.0.1:{port}/{article_url(root, original)}")
            timings = []
            for round_number in range(args.rounds):
                handshakes.clear()
                deadline = time.monotonic() + 30
                while not handshakes and time.monotonic() < deadline:
                    page.wait_for_timeout(20)
                marker = f"Đoạn đo thời gian số {round_number}"
                started = time.perf_counter()
                article.write_text(original + f"\n{marker}\n", encoding="utf-8")
                page.wait_for_function(f"() => document.body && document.body.innerText.includes({marker!r})")
                timings.append((time.perf_counter() - started) * 1000)
                print(f"round {round_number + 1}: {timings[-1]:.0f} ms")
            browser.close()
        print(f"{args.articles or 'real site'}: median save → reloaded tab {statistics.median(timings):.0f} ms "
              f"(min {min(timings):.0f}, max {max(timings):.0f}); "
              f"server rebuild median {statistics.median(rebuilds) * 1000:.0f} ms over {len(rebuilds)} rebuilds")
    finally:
        article.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
