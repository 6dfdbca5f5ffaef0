#!/usr/bin/env python3
"""Importing an old portal at scale: N saved Liferay pages (default 5,000) through `build.py import`.

    .venv/bin/python bench/import_bench.py [--pages 5000] [--runs 1]

The pages are bench/generate.py's articles written as the old portal showed them (the chrome of
tests/fixtures/import/digital-article.html: header, menu, portlets, sidebar, footer, share buttons,
"null" debris), a Vietnamese date with weekday and time, and for every other page a photo in a
two-row table with its caption (the photo is copied, never re-encoded); one page in ten links a
PDF. Saved as `wget --mirror --adjust-extension` leaves them. Measured: the first import into an
empty site (wall time with Python start-up, peak RSS / PSS of the process tree) and the second
run of the same import, which changes nothing. Target (issue 21): under 60 s for 5,000 pages.
Writes bench/RESULTS-import.md; `make bench` runs it too. No assertion: numbers are reported.
"""

from __future__ import annotations

import argparse
import html
import io
import shutil
import statistics
import sys
from datetime import datetime, timezone
from pathlib import Path

import markdown

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
from run import PYTHON, OtherWork, machine, measure  # noqa: E402

FIXTURE = REPO / "tests" / "fixtures" / "import" / "digital-article.html"
HOST = "hongngu.example.gov.vn"
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
SELECTORS = "\n" + (FIXTURE.parent / "selectors.toml").read_text(encoding="utf-8")  # the tests' selectors


def small_photo(seed: int) -> bytes:
    """A 320×200 JPEG (about 5 KB), different per page, as a portal's resized photo."""
    from PIL import Image
    image = Image.new("RGB", (320, 200), ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def saved_page(template: str, item: dict) -> str:
    """One article in the old portal's page: the fixture's chrome around this article's words."""
    body = markdown.markdown(item["body"])
    if item["index"] % 2 == 0:
        photo = f"/documents/10180/0/anh-{item['index']}.jpg/6f1c2e8a-1b2c-4d3e-9f00-{item['index']:012d}?t=1"
        body = body.replace("</p>", "</p>\n<table align=\"center\"><tbody><tr><td><img alt=\"Quang cảnh\" "
                            f"src=\"{photo}\" /></td></tr><tr><td><em>Quang cảnh buổi làm việc số {item['index']}"
                            "</em></td></tr></tbody></table>", 1)
    if item["index"] % 10 == 0:
        body += (f"\n<p>Toàn văn: <a href=\"https://{HOST}/documents/10180/0/ke-hoach-{item['index']}.pdf/"
                 f"0a1b2c3d-4e5f-6071-8293-{item['index']:012d}\">Kế hoạch</a>.</p>")
    body += f"\n<p>null</p>\n<p style=\"text-align: right;\"><strong>{html.escape(item['author'])}</strong></p>"
    date = item["date"]
    start = template.index('<div class="journal-content-article">') + len('<div class="journal-content-article">')
    end = template.index("     </div></div>", start)
    page = template[:start] + "\n" + body + "\n" + template[end:]
    title = html.escape(item["title"])
    old_title = "Thành phố Hồng Ngự triển khai kế hoạch chuyển đổi số năm 2023"
    page = page.replace(old_title, title)
    page = page.replace("08:30 | 20/04/2023", f"{WEEKDAYS[date.weekday()]}, {date:%d/%m/%Y - %H:%M}")
    page = page.replace("2023-04-20T08:30:00+07:00", f"{date:%Y-%m-%dT%H:%M:00}+07:00")
    page = page.replace(">Tin tức</a></li>\n  </ul>", f">{item['category'][1]}</a></li>\n  </ul>")
    tags = " ".join(f'<a class="tag" href="/tag/{generate.slugify(tag)}">{html.escape(tag)}</a>' for tag in item["tags"])
    return page.replace('<a class="tag" href="/tin-tuc/-/tag/Chuyển đổi số">Chuyển đổi số</a>', tags)


def write_mirror(count: int, folder: Path) -> Path:
    """bench/sites/import-N/saved/<host>/: the pages, photos and PDFs (regenerated when missing)."""
    mirror = folder / "saved" / HOST
    stamp = folder / "STAMP"
    wanted = f"{count} {generate.SEED} {Path(__file__).stat().st_size} {FIXTURE.stat().st_size}"
    if stamp.exists() and stamp.read_text() == wanted:
        return mirror
    shutil.rmtree(folder, ignore_errors=True)
    template = FIXTURE.read_text(encoding="utf-8")
    for item in generate.corpus(count):
        page = mirror / "tin-tuc" / f"chi-tiet?id={item['index']}.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(saved_page(template, item), encoding="utf-8")
        if item["index"] % 2 == 0:
            photo = mirror / f"documents/10180/0/anh-{item['index']}.jpg/6f1c2e8a-1b2c-4d3e-9f00-{item['index']:012d}?t=1"
            photo.parent.mkdir(parents=True, exist_ok=True)
            photo.write_bytes(small_photo(item["index"]))
        if item["index"] % 10 == 0:
            pdf = mirror / f"documents/10180/0/ke-hoach-{item['index']}.pdf/0a1b2c3d-4e5f-6071-8293-{item['index']:012d}"
            pdf.parent.mkdir(parents=True, exist_ok=True)
            pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    stamp.write_text(wanted)
    return mirror


def fresh_site(folder: Path) -> Path:
    site = folder / "site"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content").mkdir(parents=True)
    (site / "site.toml").write_text(generate.our_site_toml() + SELECTORS, encoding="utf-8")
    return site


def bench_import(count: int, runs: int) -> list[str]:
    folder = BENCH / "sites" / f"import-{count}"
    print(f"== import of {count:,} saved pages ==", flush=True)
    mirror = write_mirror(count, folder)
    command = [PYTHON, str(REPO / "build.py"), "import", str(mirror)]
    first, again = [], []
    for _ in range(runs):
        site = fresh_site(folder)
        first.append(measure(command + ["--root", str(site)], REPO))
        again.append(measure(command + ["--root", str(site)], REPO))
    summary = [line for line in first[-1][2].splitlines() if line.startswith("Kết quả")]

    def row(name: str, results) -> str:
        wall = statistics.median(result[0] for result in results)
        rss = max(result[1][0] for result in results) / 2**20
        pss = max(result[1][1] for result in results) / 2**20
        return f"| {name} | {wall:.2f} | {count / wall:,.0f} | {rss:.0f} / {pss:.0f} |"

    return [f"### Import of {count:,} saved pages".replace(",", " "), "",
            "| step | seconds | pages/s | peak RSS / PSS (MB) |", "|---|---:|---:|---:|",
            row("first import (empty site)", first), row("same import again (no change)", again), "",
            *(f"- {line}" for line in summary), ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS-import.md")
    args = parser.parse_args(argv)
    started = datetime.now(timezone.utc)
    other_work = OtherWork()
    section = bench_import(args.pages, args.runs)
    print("\n".join(section), flush=True)
    header = ["# Import benchmark", "",
              f"Measured {started:%Y-%m-%d %H:%M} UTC with `python bench/import_bench.py "
              f"{' '.join(argv or sys.argv[1:])}` (also run by `make bench`). Median of {args.runs} run(s); "
              "wall time includes Python start-up; target: 5,000 pages under 60 s, no photo re-encoding.", "",
              *machine(), f"- {other_work.summary()}", ""]
    args.output.write_text("\n".join(header + section), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
