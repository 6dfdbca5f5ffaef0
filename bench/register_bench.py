#!/usr/bin/env python3
"""The documents register at scale: build cost by number of documents, and the filter in Chromium.

    .venv/bin/python bench/register_bench.py [--sizes 1250,2500,5000] [--json]

For each size N, a site of N documents (bench/generate.py's documents, with a handful of
articles) is built cold without search indexing (`bench/build_without_search.py`: the register's
own cost; Pagefind is measured by bench/search_bench.py --documents), and its time per document
reported: a flat line means the build grows linearly. On the largest site: a rebuild the next
day (every status line names the day) against one the same day; then, in headless Chromium:
the bytes of /van-ban/ and of the filter's data file (plain and gzip'd), then, for typical
choices, the time from a change of the filter to the table and counts being updated (the data
already loaded, as after the reader's first choice), median of 5. No assertion: numbers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO / "tests"))

import generate  # noqa: E402
from run import measure  # noqa: E402

from conftest import CHROMIUM, static_server  # noqa: E402

# (what the reader does, the element, the value) — one change each, from the state the previous one left.
CHOICES = [("type", "#loc-loai", "quyet-dinh"), ("year", "#loc-nam", "2020"),
           ("field", "#loc-linh-vuc", "xay-dung"), ("issuer", "#loc-co-quan", "uy-ban-nhan-dan-thanh-pho-hong-ngu"),
           ("status", "#loc-tinh-trang", "con-hieu-luc")]
TYPED = ["xay dung"]  # and the first legal document's number, typed in words (filter_times)

TIME_CHANGE = """async ([selector, value, typed]) => {
  // The time from the reader's change to the table and the count both updated (the status line says so).
  const status = document.getElementById('ket-qua-loc');
  const before = status.textContent;
  const changed = new Promise(resolve => new MutationObserver((records, observer) => {
    observer.disconnect(); resolve(performance.now()); }).observe(status, {childList: true, characterData: true, subtree: true}));
  const started = performance.now();
  if (typed) {
    const input = document.getElementById('loc-q');
    input.value = value;
    input.form.requestSubmit();
  } else {
    const select = document.querySelector(selector);
    select.value = value;
    select.dispatchEvent(new Event('change', {bubbles: true}));
  }
  const done = await changed;
  return {ms: done - started, status: status.textContent, rows: document.querySelectorAll('table.register-table tbody tr').length};
}"""


def make_site(count: int) -> Path:
    folder = BENCH / "sites" / f"register-{count}"
    stamp = folder / "STAMP"
    wanted = f"{count} {generate.SEED} {(BENCH / 'generate.py').stat().st_size}"
    if not stamp.exists() or stamp.read_text() != wanted:
        generate.write_site(20, folder, document_count=count)
        stamp.write_text(wanted)
    return folder / "ours"


def build_cost(site: Path) -> tuple[float, int]:
    for name in ("public", ".cache"):
        shutil.rmtree(site / name, ignore_errors=True)
    wall, (rss, _pss), _output = measure([sys.executable, str(BENCH / "build_without_search.py"), str(site)], REPO)
    return wall, rss


def daily_rebuild(site: Path) -> dict:
    """The register's day changes every status line: a rebuild the next day, nothing else changed
    (the daily CI build), against a rebuild the same day (skipped as up to date)."""
    day = 1_733_360_400  # 2024-12-05 08:00 in Vietnam
    times = {}
    for name, moment in (("cold", day), ("same day, nothing changed", day + 3600), ("next day, nothing changed",
                                                                                   day + 86_400)):
        if name == "cold":
            for folder in ("public", ".cache"):
                shutil.rmtree(site / folder, ignore_errors=True)
        wall, _peak, _output = measure([sys.executable, str(BENCH / "build_without_search.py"), str(site)], REPO,
                                       env={"SOURCE_DATE_EPOCH": str(moment)})
        times[name] = round(wall, 2)
    return times


def filter_times(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    public = site / "public"
    data = (public / "van-ban" / "du-lieu.json").read_bytes()
    page_bytes = (public / "van-ban" / "index.html").read_bytes()
    legal = next(row[1] for row in json.loads(data)["rows"] if row[1].count("/") == 2)  # "12/2020/QĐ-UBND"
    ordinal, year, code = legal.split("/")
    typed_queries = [" ".join(code.lower().replace("đ", "d").split("-")) + f" {int(ordinal)} {year}", *TYPED]
    report = {"data_bytes": len(data), "data_gzip_bytes": len(gzip.compress(data, 6)),
              "register_page_bytes": len(page_bytes), "register_page_gzip_bytes": len(gzip.compress(page_bytes, 6)),
              "choices": {}}
    with sync_playwright() as playwright, static_server(public) as base:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            runs: dict[str, list] = {}
            for _ in range(5):
                page = browser.new_page()
                started = time.perf_counter()
                page.goto(base + "van-ban/?loai=quyet-dinh")  # the data is fetched once, here
                page.locator("#ket-qua-loc", has_text="văn bản").wait_for(timeout=30000)
                runs.setdefault("first choice, data fetched (s, page load included)", []).append(
                    {"ms": (time.perf_counter() - started) * 1000, "status": page.text_content("#ket-qua-loc")})
                page.select_option("#loc-loai", "")
                for name, selector, value in CHOICES:
                    runs.setdefault(name, []).append(page.evaluate(TIME_CHANGE, [selector, value, False]))
                for _name, selector, _value in CHOICES:  # typing starts from no other choice
                    page.select_option(selector, "")
                for typed in typed_queries:
                    runs.setdefault(f"typed: {typed}", []).append(page.evaluate(TIME_CHANGE, ["", typed, True]))
                page.close()
            for name, results in runs.items():
                report["choices"][name] = {"median_ms": round(statistics.median(r["ms"] for r in results), 1),
                                           "max_ms": round(max(r["ms"] for r in results), 1),
                                           "status": results[-1]["status"]}
        finally:
            browser.close()
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1250,2500,5000")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    report = {"builds": {}}
    for count in sizes:
        site = make_site(count)
        wall, rss = build_cost(site)
        report["builds"][count] = {"cold_without_search_s": round(wall, 2),
                                   "ms_per_document": round(wall * 1000 / count, 2), "peak_rss_mb": rss // 2**20,
                                   "pages": sum(1 for _ in (site / "public").rglob("*.html"))}
    report["daily"] = daily_rebuild(make_site(sizes[-1]))
    if CHROMIUM:
        report["filter"] = filter_times(make_site(sizes[-1]))
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for count, build in report["builds"].items():
        print(f"{count:6d} documents: cold build without search {build['cold_without_search_s']} s "
              f"({build['ms_per_document']} ms a document), {build['pages']} pages, peak RSS {build['peak_rss_mb']} MB")
    print(f"{sizes[-1]} documents, rebuilds without search: " + ", ".join(f"{name} {took} s"
                                                                         for name, took in report["daily"].items()))
    if "filter" in report:
        found = report["filter"]
        print(f"/van-ban/: {found['register_page_bytes'] / 1024:.0f} KB ({found['register_page_gzip_bytes'] / 1024:.0f} KB "
              f"gzip'd); filter data {found['data_bytes'] / 1024:.0f} KB ({found['data_gzip_bytes'] / 1024:.0f} KB gzip'd)")
        for name, result in found["choices"].items():
            print(f"  {name:55} median {result['median_ms']:7.1f} ms, max {result['max_ms']:7.1f} ms  ({result['status']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
