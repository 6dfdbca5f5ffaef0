#!/usr/bin/env python3
"""Search at scale: index a synthetic site of N articles, then measure a search in Chromium.

    .venv/bin/python bench/search_bench.py [--articles 20000] [--documents 5000] [--json]

It builds only the search index (sitegen.search.index, the same code as a
real build) for N generated Vietnamese articles, serves it with a plain static
server next to a page that loads Pagefind as the search page does, and for a
few typical queries reports, from Chromium's network events:
  - bytes transferred (library + index chunks + the fragments of the first 10 results),
  - the time to start Pagefind (done when the search page opens), then the query time:
    first query (index chunks fetched), with the first 10 results' data, and the same query again.
Each query is measured twice: from a plain static server (no compression), and from
one that sends the build's pre-compressed `.gz` files as nginx `gzip_static on;` does
(Pagefind's own data files are gzip'd on disk anyway; the build adds `.gz` copies of
its two scripts). No assertion: numbers are reported.

`--documents M` adds M documents of the register (bench/generate.py's) to the model, indexed
in their own bundles (runs of years, each with the register's hidden vocabulary record), and
queries a document's number in the four ways a citizen types it, reporting where the document
ranks.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM, MINIMAL_CONFIG, static_server  # noqa: E402
from sitegen.source.config import parse_config  # noqa: E402
from sitegen.source.markdown import pack  # noqa: E402
from sitegen.site.model import Article, SiteModel, Tag  # noqa: E402
from sitegen.search.index import build_search_index, search_shards  # noqa: E402
from sitegen.site.register import Issuer, OfficialDocument, Register  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
import generate  # noqa: E402

QUERIES = ["thanh uy hong ngu", "duong giao thong", "dong thap", "Thành ủy"]
ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r", "s",
          "t", "th", "tr", "v", "x"]
RIMES = ["a", "ai", "an", "ang", "anh", "ao", "au", "ay", "âm", "ân", "âng", "ây", "e", "em", "en", "eo", "ê", "ên",
         "ênh", "i", "im", "in", "inh", "o", "oa", "oai", "oan", "oang", "oi", "on", "ong", "ô", "ôi", "ôn", "ông", "ơ",
         "ơi", "ơn", "u", "ui", "um", "un", "ung", "uy", "uyên", "ư", "ưa", "ưng", "ươi", "ương", "y", "yên"]
TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
# Common words of the real site, so typical queries hit realistic posting lists.
COMMON = ("thành phố hồng ngự đồng tháp thành ủy thành uỷ ủy ban nhân dân hội nghị kế hoạch phối hợp chi bộ "
          "công tác mặt trận ấp khóm giai đoạn được để đã đến đường giao thông đoàn kết tổ chức triển khai thực "
          "hiện nội dung nâng cao chất lượng hoạt động xây dựng đảng viên").split()


def vocabulary(rng: random.Random, size: int) -> list[str]:
    import unicodedata
    words = set(COMMON)
    while len(words) < size:
        onset, rime, tone = rng.choice(ONSETS), rng.choice(RIMES), rng.choice(TONES)
        decomposed = unicodedata.normalize("NFD", rime)
        words.add(unicodedata.normalize("NFC", onset + decomposed[:1] + tone + decomposed[1:]))
    return sorted(words)


def synthetic_model(count: int, seed: int = 7, indexed_words: int = 0) -> SiteModel:
    """A site model of `count` articles with Zipf-distributed Vietnamese syllables (~350 words each).

    indexed_words > 0: only the first N words of each body are searchable (a what-if, not what the site does)."""
    rng = random.Random(seed)
    config = parse_config(MINIMAL_CONFIG)
    words = vocabulary(rng, 6000)
    rng.shuffle(words)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    start = datetime(2015, 1, 1, 8, 0, tzinfo=config.site.tz)
    articles = []
    for number in range(count):
        category = config.categories[number % len(config.categories)]
        title = " ".join(rng.choices(words, weights, k=rng.randint(8, 16))).capitalize()
        body = " ".join(rng.choices(words, weights, k=rng.randint(200, 500)))
        articles.append(Article(
            source=f"content/{category.slug}/bai-{number}.md", url=f"{category.slug}/bai-{number}/", title=title,
            date=start + timedelta(hours=4 * number), updated=None, category=category,
            tags=(Tag("Kinh tế", "kinh-te"),), author="", source_name="", summary=body[:200], image="",
            html_packed=pack(""), plain_packed=pack(" ".join(body.split()[:indexed_words]) if indexed_words else body),
            draft=False,
            scheduled=False, featured=False, weight=0, digest=str(number)))
    articles.reverse()
    by_category = {c.slug: tuple(a for a in articles if a.category.slug == c.slug) for c in config.categories}
    return SiteModel(config=config, articles=tuple(articles), pages=(), by_category=by_category, by_tag={},
                     months=())


TEST_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>bench</title></head>
<body><p>bench</p></body></html>"""

MEASURE = """async ([query, bundles]) => {
  // As the search page does: load and start Pagefind when the page opens, merge the other years'
  // bundles, then search.
  const started = performance.now();
  const pagefind = await import(bundles[0] + 'pagefind.js');
  await pagefind.options({excerptLength: 30});
  await pagefind.init();
  await Promise.all(bundles.slice(1).map(b => pagefind.mergeIndex(b, {excerptLength: 30})));
  await pagefind.search('');  // resolves once the WebAssembly and the page lists are loaded
  const ready = performance.now();
  const folded = query.normalize('NFC').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  // The register's hidden vocabulary records are left out, as search.js does (filtersOf).
  const options = {filters: {'tu-vung': {not: '1'}}};
  const response = await pagefind.search(folded, options);
  const searched = performance.now();
  const data = await Promise.all(response.results.slice(0, 10).map(r => r.data()));
  const shown = performance.now();
  await pagefind.search(folded, options);
  const warm = performance.now() - shown;
  return {results: response.results.length, startup_ms: ready - started, query_ms: searched - ready,
          query_and_10_results_ms: shown - ready, warm_query_ms: warm, titles: data.map(d => d.meta.title || '')};
}"""


def measure(browser, base: str, query: str, bundles: list[str], wanted_number: str = "") -> dict:
    context = browser.new_context()
    transferred: list[tuple[str, int]] = []

    def finished(request):
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        if not body and request.response() is not None:  # a worker script is reported with size 0
            response = request.response()  # Content-Length is what was sent (compressed, if it was)
            body = int(response.headers.get("content-length") or len(response.body()))
        transferred.append((request.url, body + sizes["responseHeadersSize"]))

    context.on("requestfinished", finished)
    page = context.new_page()
    page.goto(base)
    timings = page.evaluate(MEASURE, [query, bundles])
    if wanted_number:  # where the document with this number ranks (1: first), 0 if not in the first 10
        titles = timings.pop("titles")
        wanted = f"số {wanted_number}".replace("Đ", "D").replace("đ", "d")  # titles are indexed with đ as d
        timings["document_rank"] = next((rank for rank, title in enumerate(titles, 1) if title.endswith(wanted)), 0)
    else:
        timings.pop("titles")
    page.wait_for_timeout(200)  # let the last network events arrive
    context.close()
    # "pagefind/2026/index/…" → "index/…": the kinds are summed over the years' bundles
    bundle = [(url.split("?")[0].rsplit("/pagefind/", 1)[1].split("/", 1)[1], size)
              for url, size in transferred if "/pagefind/" in url]
    kinds: dict[str, int] = {}
    for name, size in bundle:
        kind = ("library" if name.endswith(".js") or name.endswith(".json") else "wasm" if name.startswith("wasm")
                else "meta" if name.endswith(".pf_meta") else name.split("/")[0])
        kinds[kind] = kinds.get(kind, 0) + size
    return {**timings, "requests": len(bundle), "bytes": sum(size for _, size in bundle), "by_kind": kinds,
            "files": sorted(name for name, _ in bundle)}


def with_documents(model: SiteModel, count: int) -> tuple[SiteModel, str]:
    """The model with `count` generated documents in its register, and one document's number to look up."""
    import dataclasses
    from datetime import time as day_start

    config = model.config
    types = {kind.name: kind for kind in config.documents.types}
    documents = []
    for item in reversed(generate.documents(count)):  # newest first
        issued = item["issued"].date()
        documents.append(OfficialDocument(
            source=f"content/van-ban/vb-{item['index']}.md", url=f"van-ban/vb-{item['index']}/",
            title=f"{item['type']} số {item['number']}", number=item["number"], type=types[item["type"]],
            issuer=Issuer(item["issuer"], str(item["index"] % 6)), fields=(), signer=item["signer"][0],
            signer_position=item["signer"][1], issued=issued, effective=None, expires=None,
            date=datetime.combine(issued, day_start(), tzinfo=config.site.tz), summary=item["summary"],
            html_packed=pack(""), plain_packed=pack(item["body"]), digest=str(item["index"]), files=(),
            status="Còn hiệu lực", status_written=False, status_changes_on=None, next_status=""))
    legal = next(d for d in documents if d.number.count("/") == 2)
    return dataclasses.replace(model, register=Register(documents=tuple(documents), exists=True)), legal.number


def number_queries(number: str) -> list[str]:
    """A number as citizens type it: as written, in lower case without "đ", code first, words."""
    ordinal, year, code = number.split("/")
    folded = number.lower().replace("đ", "d")
    return [number, folded, f"{code} {int(ordinal)}", " ".join(code.lower().replace("đ", "d").split("-"))
            + f" {int(ordinal)} {year}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--documents", type=int, default=0, help="documents of the register to index too")
    parser.add_argument("--indexed-words", type=int, default=0, metavar="N",
                        help="what-if: index only the first N words of each article (the site indexes all)")
    args = parser.parse_args()
    if not CHROMIUM:
        print("Chromium is required (apt-get install chromium)", file=sys.stderr)
        return 2

    site = REPO / "bench" / "sites" / f"search-{args.articles}-{args.indexed_words or 'all'}-{args.documents}d"
    started = time.perf_counter()
    model = synthetic_model(args.articles, indexed_words=args.indexed_words)
    query_list = list(QUERIES)
    wanted_number = ""
    if args.documents:
        model, wanted_number = with_documents(model, args.documents)
        query_list += number_queries(wanted_number)
    generated = time.perf_counter()
    shards = search_shards(model)
    bundle = build_search_index(shards, model.config.site.language)
    bundles = [f"/pagefind/{key}/" for key in shards]
    indexed = time.perf_counter()
    if site.exists():
        import shutil
        shutil.rmtree(site)
    for path, data in bundle.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    (site / "index.html").write_text(TEST_PAGE, encoding="utf-8")

    report = {"articles": args.articles, "documents": args.documents, "indexed_words": args.indexed_words or "all",
              "generate_s": round(generated - started, 2),
              "index_s": round(indexed - generated, 2),
              "bundle_bytes": sum(len(d) for d in bundle.values()), "bundle_files": len(bundle),
              "bundles": len(bundles),
              "queries": {"plain": {}, "gzip_static": {}}}
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for mode, queries in report["queries"].items():
                with static_server(site, gzip_static=mode == "gzip_static") as base:
                    for query in query_list:
                        runs = [measure(browser, base, query, bundles, wanted_number) for _ in range(3)]
                        best = runs[-1]
                        for key in ("startup_ms", "query_ms", "query_and_10_results_ms", "warm_query_ms"):
                            best[key] = round(statistics.median(r[key] for r in runs), 1)
                        queries[query] = best
        finally:
            browser.close()

    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"{args.articles} articles ({report['indexed_words']} words of each indexed): "
          f"generated in {report['generate_s']} s, indexed in {report['index_s']} s; "
          f"bundle {report['bundle_bytes'] / 1e6:.1f} MB in {report['bundle_files']} files, "
          f"{report['bundles']} yearly bundles")
    for mode, queries in report["queries"].items():
        print(f" served {'plain (no compression)' if mode == 'plain' else 'with the .gz copies (gzip_static)'}:")
        for query, result in queries.items():
            print(f"  {query!r:24} {result['results']:6d} results  transfer {result['bytes'] / 1024:7.1f} KB "
                  f"in {result['requests']} requests; Pagefind start {result['startup_ms']} ms; "
                  f"query {result['query_ms']} ms (+10 results {result['query_and_10_results_ms']} ms, "
                  f"again {result['warm_query_ms']} ms)"
                  + (f"; the document ranks {result['document_rank']}" if "document_rank" in result else ""))
            print("      " + ", ".join(f"{kind} {size / 1024:.1f} KB"
                                       for kind, size in sorted(result["by_kind"].items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
