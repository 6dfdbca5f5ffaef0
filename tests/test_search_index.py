"""The search records handed to Pagefind: folded for "đ", with what it takes to show the real text."""

from __future__ import annotations

import gzip
import json
import os
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import article, build, make_site
from sitegen.search.index import SearchRecord, d_map, record_html
from sitegen.text.vietnamese import fold_d

NOW = datetime(2024, 6, 1, 3, 0, tzinfo=timezone.utc)


def restore(folded: str, marks: str) -> str:
    """What assets/js/search.js does with a dmap, in Python."""
    letters = iter(marks)
    return "".join(("đ" if ch == "d" else "Đ") if ch in "dD" and next(letters, ".") == "-" else ch
                   for ch in folded)


def test_fold_d_changes_only_d_bar():
    assert fold_d("Đồng Tháp đường dân Thành ủy") == "Dồng Tháp dường dân Thành ủy"


def test_d_map_restores_the_text_as_written():
    for text in ("Đường Đồng Tháp, dân đi đường", "dường như", "không có", "D đ d Đ", ""):
        assert restore(fold_d(text), d_map(text)) == text
    assert d_map("dân dụng") == ""          # no đ: nothing to store
    assert d_map("dân đi") == ".-"


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.filters, self.body, self._key, self._in_body = {}, {}, "", None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._key = ("meta", attrs["data-pagefind-meta"]) if "data-pagefind-meta" in attrs else (
            ("filter", attrs["data-pagefind-filter"]) if "data-pagefind-filter" in attrs else None)
        self._in_body = self._in_body or "data-pagefind-body" in attrs

    def handle_data(self, data):
        if self._key:
            (self.meta if self._key[0] == "meta" else self.filters)[self._key[1]] = data
            self._key = None
        elif self._in_body:
            self.body += data


def test_record_html_folds_the_body_and_keeps_what_results_show():
    record = SearchRecord(url="tin-tuc/a/", title="Đường <mới> & đẹp", text="Sửa đường ở Đồng Tháp",
                          date="2023-04-19T08:30:00+07:00", category="Tin tức", tags="Giao thông")
    parsed = _Collector()
    parsed.feed(record_html(record, "vi"))
    assert parsed.body.strip() == "Sửa dường ở Dồng Tháp"
    assert restore(parsed.body.strip(), parsed.meta["dmap"]) == "Sửa đường ở Đồng Tháp"
    assert restore(parsed.meta["title"], parsed.meta["tmap"]) == "Đường <mới> & đẹp"
    # The day as marks, one per digit: Pagefind searches metadata, and must not match numbers against it.
    assert parsed.meta["date"] == "@)@#-)$-!(" and not any(c.isalnum() for c in parsed.meta["date"])
    assert parsed.meta["category"] == "Tin tức"
    assert parsed.filters == {"category": "Tin tức"}
    # The maps are punctuation only, which Pagefind does not index: they can never match a query.
    assert set(parsed.meta["dmap"]) <= {".", "-"}


def test_bundle_has_only_what_the_browser_needs(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article(body="Đường mới."),
                                "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nVề đơn vị.\n"})
    build(root)
    bundle = root / "public" / "pagefind" / "2023"
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= names
    assert any(n.startswith("index/") for n in names) and any(n.startswith("fragment/") for n in names)
    assert len([n for n in names if n.startswith("fragment/")]) == 2   # the article and the static page
    assert not any("ui" in n or "playground" in n or "highlight" in n for n in names)
    assert [p.name for p in (root / "public" / "pagefind").iterdir()] == ["2023"]


def _fragment_urls(bundle: Path) -> list[str]:
    return sorted(_fragments(bundle))


def test_a_bundle_per_year_newest_first_with_the_static_pages(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/cu.md": article(title="Bài cũ", date="02/01/2021 08:00"),
                                "content/tin-tuc/moi.md": article(title="Bài mới", date="19/04/2023 08:30"),
                                "content/tin-tuc/vua.md": article(title="Bài vừa", date="31/12/2022 23:30"),
                                "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nVề đơn vị.\n"})
    build(root)
    public = root / "public"
    assert sorted(p.name for p in (public / "pagefind").iterdir()) == ["2021", "2022", "2023"]
    assert _fragment_urls(public / "pagefind/2023") == ["/gioi-thieu/", "/tin-tuc/bai-moi/"]
    assert _fragment_urls(public / "pagefind/2022") == ["/tin-tuc/bai-vua/"]  # 23:30 on 31/12, local time
    assert _fragment_urls(public / "pagefind/2021") == ["/tin-tuc/bai-cu/"]
    form = BeautifulSoup((public / "tim-kiem/index.html").read_text(encoding="utf-8"), "html.parser").find(
        "form", attrs={"data-search-form": True})
    assert form["data-bundles"].split() == ["/pagefind/2023/", "/pagefind/2022/", "/pagefind/2021/"]


def test_an_edit_remakes_only_its_years_bundle(tmp_path, monkeypatch):
    from sitegen import pipeline
    from sitegen.search import index as search_index
    from sitegen.search.index import SearchIndexing
    from sitegen.site import search_plan
    indexed = []

    def recording(records, language, folder):
        indexed.append(folder)
        return SearchIndexing(records, language, folder)

    monkeypatch.setattr(search_index, "SearchIndexing", recording)
    root = make_site(tmp_path, {"content/tin-tuc/cu.md": article(title="Bài cũ", date="02/01/2021 08:00"),
                                "content/tin-tuc/moi.md": article(title="Bài mới", date="19/04/2023 08:30")})
    options = pipeline.BuildOptions(root=root, now=NOW)
    pipeline.build_site(options)
    assert indexed == ["pagefind/2023", "pagefind/2021"]  # newest first
    public = root / "public"
    newest = {p: p.read_bytes() for p in (public / "pagefind/2023").rglob("*") if p.is_file()}
    (root / "content/tin-tuc/cu.md").write_text(article(title="Bài cũ", date="02/01/2021 08:00",
                                                        body="Đoạn mới về đường giao thông."), encoding="utf-8")
    report = pipeline.build_site(options)
    assert indexed[2:] == ["pagefind/2021"]
    assert not [path for path in report.changed_paths if path.startswith("pagefind/2023/")]
    assert {p: p.read_bytes() for p in (public / "pagefind/2023").rglob("*") if p.is_file()} == newest
    fragments = [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])
                 for p in (public / "pagefind/2021/fragment").iterdir()]
    assert [f["url"] for f in fragments] == ["/tin-tuc/bai-cu/"]
    assert "Doạn mới về dường giao thông." in fragments[0]["content"]
    # The year's last article removed: its bundle goes, and the search page no longer names it.
    (root / "content/tin-tuc/cu.md").unlink()
    pipeline.build_site(options)
    assert indexed[3:] == []  # the other year's records did not change
    assert [p.name for p in (public / "pagefind").iterdir()] == ["2023"]
    assert 'data-bundles="/pagefind/2023/"' in (public / "tim-kiem/index.html").read_text(encoding="utf-8")


def test_documents_are_bundled_by_runs_of_whole_years_of_about_equal_size(monkeypatch):
    from sitegen.site import search_plan
    monkeypatch.setattr(search_plan, "MAX_DOCUMENT_BUNDLE_RECORDS", 5)
    one_a_year = [datetime(year, 3, 1) for year in range(2020, 2026)]
    # Six documents make two runs of three years, not five years and then a run of one document.
    assert search_plan.document_bundles(one_a_year) == ["van-ban-2020"] * 3 + ["van-ban-2023"] * 3
    assert search_plan.document_bundles(one_a_year[:5]) == ["van-ban-2020"] * 5  # one run holds them all
    monkeypatch.setattr(search_plan, "MAX_DOCUMENT_BUNDLE_RECORDS", 3)
    dates = [datetime(year, month, 1) for year, month in
             [(2020, 1), (2020, 5), (2021, 3), (2022, 1), (2023, 2), (2023, 3), (2023, 4), (2023, 9), (2025, 6)]]
    # 2020 and 2021 fill a run of three; 2022 starts the next one, which 2023 (four: more than a run
    # holds) does not join: 2023 stands alone in runs of months from January, and 2025 starts a run.
    assert search_plan.document_bundles(dates) == [
        "van-ban-2020", "van-ban-2020", "van-ban-2020", "van-ban-2022", "van-ban-2023-01", "van-ban-2023-01",
        "van-ban-2023-01", "van-ban-2023-09", "van-ban-2025"]


def test_each_documents_bundle_holds_the_numbers_of_the_whole_register(tmp_path, monkeypatch):
    from conftest import DOCUMENTS_CONFIG, MINIMAL_CONFIG, PDF, official_document
    from sitegen import pipeline
    from sitegen.site import search_plan
    monkeypatch.setattr(search_plan, "MAX_DOCUMENT_BUNDLE_RECORDS", 1)
    files = {}
    for folder, number, issued in [("a", "12/2024/QĐ-UBND", "05/03/2024"), ("b", "07/KH-UBND", "10/05/2023")]:
        files[f"content/van-ban/{folder}/index.md"] = official_document(number=number, issued=issued,
                                                                        type="Quyết định" if "QĐ" in number else "Kế hoạch")
        files[f"content/van-ban/{folder}/van-ban.pdf"] = PDF
    files["content/tin-tuc/bai.md"] = article(title="Bài", date="19/04/2024 08:30")
    root = make_site(tmp_path, files, config=MINIMAL_CONFIG + DOCUMENTS_CONFIG)
    pipeline.build_site(pipeline.BuildOptions(root=root, now=NOW))
    public = root / "public"
    assert sorted(p.name for p in (public / "pagefind").iterdir()) == ["2024", "van-ban-2023", "van-ban-2024"]
    form = BeautifulSoup((public / "tim-kiem/index.html").read_text(encoding="utf-8"), "html.parser").find(
        "form", attrs={"data-search-form": True})
    assert form["data-bundles"].split() == ["/pagefind/2024/", "/pagefind/van-ban-2024/", "/pagefind/van-ban-2023/"]
    for run, document in [("van-ban-2024", "/van-ban/12-2024-qd-ubnd/"), ("van-ban-2023", "/van-ban/07-kh-ubnd-2023/")]:
        fragments = _fragments(public / "pagefind" / run)
        assert sorted(fragments) == sorted([document, "/van-ban/tu-vung/"])
        vocabulary = fragments["/van-ban/tu-vung/"]
        assert vocabulary["filters"] == {"tu-vung": ["1"]}  # what search.js leaves out
        # The words of both documents, the other bundle's too, folded as indexed; the documents are
        # told apart by their own filter.
        assert set(vocabulary["content"].rstrip(".").split()) >= {
            "12/2024/QD-UBND", "QD-UBND", "12", "2024", "07/KH-UBND", "KH-UBND", "07", "7", "KH", "UBND",
            "Quyết", "dịnh", "Kế", "hoạch", "quản", "lý", "trật", "tự", "Thử", "Nghiệm"}
        assert fragments[document]["filters"] == {"kind": ["Văn bản"]}


def _fragments(bundle: Path) -> dict[str, dict]:
    """The bundle's fragments (what Pagefind shows of each record), by URL."""
    fragments = [json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])
                 for p in (bundle / "fragment").iterdir()]
    return {fragment["url"]: fragment for fragment in fragments}


def test_a_year_too_big_for_one_bundle_is_split_into_runs_of_months(tmp_path, monkeypatch):
    from sitegen import pipeline
    from sitegen.search import index as search_index
    from sitegen.search.index import SearchIndexing
    from sitegen.site import search_plan
    indexed = []

    def recording(records, language, folder):
        indexed.append(folder)
        return SearchIndexing(records, language, folder)

    monkeypatch.setattr(search_plan, "MAX_BUNDLE_RECORDS", 2)
    monkeypatch.setattr(search_index, "SearchIndexing", recording)
    dates = {"thang-1": "10/01/2023 08:00", "thang-2": "10/02/2023 08:00", "thang-3": "10/03/2023 08:00",
             "thang-7a": "10/07/2023 08:00", "thang-7b": "11/07/2023 08:00", "nam-truoc": "10/05/2022 08:00"}
    root = make_site(tmp_path, {f"content/tin-tuc/{name}.md": article(title=f"Bài {name}", date=date)
                                for name, date in dates.items()})
    options = pipeline.BuildOptions(root=root, now=NOW)
    pipeline.build_site(options)
    public = root / "public"
    # 2023 has 5 articles: January and February fill a bundle; March starts the next, and April to
    # June (empty) join it; July's two would overflow it. 2022 has one: a bundle for the year.
    assert _fragment_urls(public / "pagefind/2023-01") == ["/tin-tuc/bai-thang-1/", "/tin-tuc/bai-thang-2/"]
    assert _fragment_urls(public / "pagefind/2023-03") == ["/tin-tuc/bai-thang-3/"]
    assert _fragment_urls(public / "pagefind/2023-07") == ["/tin-tuc/bai-thang-7a/", "/tin-tuc/bai-thang-7b/"]
    assert _fragment_urls(public / "pagefind/2022") == ["/tin-tuc/bai-nam-truoc/"]
    assert sorted(p.name for p in (public / "pagefind").iterdir()) == ["2022", "2023-01", "2023-03", "2023-07"]
    form = BeautifulSoup((public / "tim-kiem/index.html").read_text(encoding="utf-8"), "html.parser").find(
        "form", attrs={"data-search-form": True})
    assert form["data-bundles"].split() == ["/pagefind/2023-07/", "/pagefind/2023-03/", "/pagefind/2023-01/",
                                            "/pagefind/2022/"]
    # An edit that adds no article moves no boundary: only its own run of months is indexed again.
    del indexed[:]
    (root / "content/tin-tuc/thang-3.md").write_text(
        article(title="Bài thang-3", date="10/03/2023 08:00", body="Đoạn mới."), encoding="utf-8")
    pipeline.build_site(options)
    assert indexed == ["pagefind/2023-03"]


# --- Pagefind's scratch folder: in memory when there is room, never left behind ---------------

def _records(count: int) -> list[SearchRecord]:
    return [SearchRecord(url=f"tin-tuc/bai-{n}/", title=f"Bài {n}", text=f"Đường số {n} ở Hồng Ngự.",
                         date="2026-11-28T08:00:00+07:00", category="Tin tức") for n in range(count)]


def test_scratch_is_made_in_the_memory_folder_and_removed(tmp_path, monkeypatch):
    import sitegen.common.scratch as scratch
    from sitegen.search.index import SearchIndexing
    from sitegen.site import search_plan
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(scratch, "MEMORY_FOLDER", memory)
    monkeypatch.delenv("TMPDIR", raising=False)
    indexing = SearchIndexing(_records(3), "vi")
    made = list(memory.iterdir())
    assert [path.name.split("-")[:3] for path in made] == [["sitegen", "search", str(os.getpid())]]
    assert len(list((made[0] / "records").rglob("index.html"))) == 3
    bundle = indexing.result()
    indexing.close()
    assert "pagefind/pagefind-entry.json" in bundle  # the default folder; the build names one per year
    assert list(memory.iterdir()) == []


def test_scratch_stays_on_disk_when_tmpdir_is_chosen_or_memory_is_short(tmp_path, monkeypatch):
    import sitegen.common.scratch as scratch
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(scratch, "MEMORY_FOLDER", memory)
    monkeypatch.delenv("TMPDIR", raising=False)
    assert scratch.memory_folder_for(1_000) == memory
    assert scratch.memory_folder_for(10 ** 18) is None  # not twice that much free
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert scratch.memory_folder_for(1_000) is None
    monkeypatch.setattr(scratch, "MEMORY_FOLDER", tmp_path / "absent")
    monkeypatch.delenv("TMPDIR")
    assert scratch.memory_folder_for(1_000) is None


def test_a_killed_builds_scratch_is_removed_by_the_next(tmp_path):
    import subprocess
    import sys
    from sitegen.common.scratch import remove_orphans
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (tmp_path / f"sitegen-search-{gone.pid}-abc" / "records").mkdir(parents=True)
    (tmp_path / f"sitegen-search-{os.getpid()}-def").mkdir()
    (tmp_path / "other-folder-1").mkdir()
    remove_orphans(tmp_path, "sitegen-search")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["other-folder-1", f"sitegen-search-{os.getpid()}-def"]


# --- The queue of yearly indexings -------------------------------------------------------------

def _fake_queue(records_per_bundle: int, years: int):
    """An IndexingQueue of fake indexings taking 0.05 s each: (queue, keys, started, most at once)."""
    import threading
    import time

    from sitegen.search.index import IndexingQueue
    lock, running, started, most = threading.Lock(), [0], [], [0]

    class Fake:
        def __init__(self, key):
            with lock:
                started.append(key)
                running[0] += 1
                most[0] = max(most[0], running[0])

        def result(self, cancel):
            time.sleep(0.05)
            with lock:
                running[0] -= 1
            return {f"pagefind/{started[-1]}/x": b""}

        def close(self):
            pass

    keys = [str(year) for year in range(2026, 2026 - years, -1)]
    queue = IndexingQueue({key: (records_per_bundle, lambda key=key: Fake(key)) for key in keys})
    return queue, keys, started, most


def test_small_bundles_are_indexed_one_at_a_time_until_the_build_waits_then_on_every_core():
    import time

    from sitegen.search.index import SMALL_BUNDLE_RECORDS
    queue, keys, started, most = _fake_queue(SMALL_BUNDLE_RECORDS, 12)
    time.sleep(0.12)  # the pages would be rendering
    assert most[0] == 1 and started == keys[:len(started)] and 1 <= len(started) < len(keys)
    assert queue.cores_taken() == 0  # the pages render on every core meanwhile
    assert list(queue.result(keys[-1])) == [f"pagefind/{keys[-1]}/x"] and sorted(started) == sorted(keys)
    assert most[0] == min(2, os.cpu_count() or 1)
    queue.close()


def test_a_big_bundle_is_indexed_alone_and_takes_a_core_from_the_pages_while_it_runs():
    import time

    from sitegen.search.index import SMALL_BUNDLE_RECORDS
    queue, keys, started, most = _fake_queue(SMALL_BUNDLE_RECORDS + 1, 8)
    time.sleep(0.12)
    assert queue.cores_taken() == 1 and started == keys[:len(started)] and 1 <= len(started) < len(keys)
    assert list(queue.result(keys[-1])) == [f"pagefind/{keys[-1]}/x"] and started == keys
    assert most[0] == 1  # even once the build has nothing left but to wait
    assert queue.cores_taken() == 0  # all made: a page rendered now has every core
    queue.close()


def test_indexing_queue_hands_a_failure_to_the_build_and_stops():
    import pytest

    from sitegen.common.errors import BuildFailed, Problem
    from sitegen.search.index import IndexingQueue
    started = []

    def failing():
        started.append("2025")
        raise BuildFailed([Problem("pagefind", 0, "hỏng", "sửa")])

    queue = IndexingQueue({"2025": (1, failing), "2024": (1, lambda: started.append("2024"))})
    with pytest.raises(BuildFailed) as failure:
        queue.result("2025")
    assert failure.value.problems[0].message == "hỏng" and started[0] == "2025"
    queue.close()


def test_a_bundles_fingerprint_covers_everything_its_records_are_made_from(tmp_path):
    """record_inputs (what the build fingerprints) must change whenever search_record would."""
    import dataclasses

    from sitegen import pipeline
    from sitegen.incremental.cache import DERIVED_FROM_DIGEST
    from sitegen.source.config import Category
    from sitegen.site.model import Tag
    from sitegen.search.index import record_inputs, search_record

    root = make_site(tmp_path, {"content/tin-tuc/a.md": article(body="Đường mới.", tags="[Giao thông]"),
                                "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nVề đơn vị.\n"})
    model = pipeline.prepare_site(pipeline.BuildOptions(root=root, now=NOW)).model
    other = {str: lambda v: v + " khác", bool: lambda v: not v, int: lambda v: v + 1,
             datetime: lambda v: v.replace(year=v.year - 1), type(None): lambda v: NOW,
             Category: lambda v: dataclasses.replace(v, name=v.name + " khác"),
             tuple: lambda v: v + (Tag("Đô thị", "do-thi"),)}
    changed_records = 0
    for item in (model.articles[0], model.pages[0]):
        for field in dataclasses.fields(item):
            value = getattr(item, field.name)
            if field.name in DERIVED_FROM_DIGEST or type(value) not in other:
                continue
            try:
                edited = dataclasses.replace(item, **{field.name: other[type(value)](value)})
            except (TypeError, AttributeError):
                continue  # a tuple of attachments: not read by a record
            if search_record(edited) != search_record(item):
                changed_records += 1
                assert record_inputs((edited,)) != record_inputs((item,)), field.name
    assert changed_records >= 7  # url, title, date, category and tags of the article; url, title of the page


def test_a_bundle_altered_on_disk_is_made_again_even_when_nothing_changed(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article(body="Đường mới.")})
    build(root)
    bundle = root / "public" / "pagefind" / "2023"
    entry = (bundle / "pagefind-entry.json").read_bytes()
    (bundle / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    build(root)
    assert (bundle / "pagefind-entry.json").read_bytes() == entry
    assert _fragment_urls(bundle) == ["/tin-tuc/bai-viet-thu/"]


def test_a_deleted_output_folder_has_its_bundles_indexed_from_the_start(tmp_path, monkeypatch):
    """The cache kept, public/ deleted: the bundles are stale, and Pagefind starts with the build
    (in the background queue) rather than one bundle at a time once the pages are rendered."""
    import shutil

    from sitegen import pipeline
    root = make_site(tmp_path, {"content/tin-tuc/cu.md": article(title="Bài cũ", date="02/01/2021 08:00"),
                                "content/tin-tuc/moi.md": article(title="Bài mới", date="19/04/2023 08:30")})
    options = pipeline.BuildOptions(root=root, now=NOW)
    pipeline.build_site(options)
    queued = []
    real_queue = pipeline.IndexingQueue
    monkeypatch.setattr(pipeline, "IndexingQueue",
                        lambda starts, started: queued.append(list(starts)) or real_queue(starts, started))
    pipeline.build_site(options)
    assert queued == []  # nothing changed: nothing to index
    shutil.rmtree(root / "public")
    pipeline.build_site(options)
    assert queued == [["2023", "2021"]]
    assert _fragment_urls(root / "public/pagefind/2021") == ["/tin-tuc/bai-cu/"]


def test_pagefind_starts_on_an_edited_recent_article_before_the_older_bundles_are_decided(tmp_path, monkeypatch):
    from sitegen import pipeline
    root = make_site(tmp_path, {"content/tin-tuc/cu.md": article(title="Bài cũ", date="02/01/2021 08:00"),
                                "content/tin-tuc/moi.md": article(title="Bài mới", date="19/04/2023 08:30")})
    options = pipeline.BuildOptions(root=root, now=NOW)
    pipeline.build_site(options)
    events = []
    real_inputs, real_start = pipeline.record_inputs, pipeline.start_now
    monkeypatch.setattr(pipeline, "record_inputs", lambda items: events.append(("decide", items[0].date.year))
                        or real_inputs(items))
    monkeypatch.setattr(pipeline, "start_now", lambda start: events.append(("start", start.args[2])) or real_start(start))
    path = root / "content/tin-tuc/moi.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    pipeline.build_site(options)
    assert events == [("decide", 2023), ("start", "pagefind/2023"), ("decide", 2021)]
    assert _fragment_urls(root / "public/pagefind/2023") == ["/tin-tuc/bai-moi/"]


def test_pages_render_on_one_core_fewer_while_pagefind_indexes_a_big_bundle(tmp_path, monkeypatch):
    """Pagefind on a big bundle takes the place of one rendering worker (a second process's memory
    for little time on a busy machine); with no bundle to make, the pages get every core."""
    import threading

    from sitegen import pipeline
    from sitegen.output import changed_pages
    from sitegen.search import index as search_index
    monkeypatch.setattr(search_index, "SMALL_BUNDLE_RECORDS", 0)  # this site's one article makes it big
    root = make_site(tmp_path, {"content/tin-tuc/moi.md": article(title="Bài mới", date="19/04/2023 08:30")})
    rendering_started, cores_taken = threading.Event(), []
    real_imap, real_result = changed_pages.parallel_imap, search_index.SearchIndexing.result

    def recording_imap(function, items, taken=0):
        cores_taken.append(taken)
        rendering_started.set()
        return real_imap(function, items, taken)

    def after_rendering_starts(indexing, cancel=None):
        rendering_started.wait(timeout=30)  # Pagefind is certainly still at work when pages render
        return real_result(indexing, cancel)

    monkeypatch.setattr(changed_pages, "parallel_imap", recording_imap)
    monkeypatch.setattr(search_index.SearchIndexing, "result", after_rendering_starts)
    options = pipeline.BuildOptions(root=root, now=NOW)
    pipeline.build_site(options)
    assert cores_taken == [1]
    assert _fragment_urls(root / "public/pagefind/2023") == ["/tin-tuc/bai-moi/"]
    config = root / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("0277.3563.362", "0277.3563.363"), encoding="utf-8")
    pipeline.build_site(options)  # every page again (the footer), the search index kept
    assert cores_taken == [1, 0]


def test_bundles_go_to_the_sink_as_soon_as_made_once_it_is_given():
    """deliver_to: a bundle made before the staging folder exists is handed over then; one made
    after goes to the sink from the indexing thread, and result() gives what the sink returned."""
    import threading

    from sitegen.search.index import IndexingQueue
    second_may_finish = threading.Event()

    class Fake:
        def __init__(self, key):
            self.key = key

        def result(self, cancel):
            if self.key == "2025":
                second_may_finish.wait(5)
            return {f"pagefind/{self.key}/x": self.key.encode()}

        def close(self):
            pass

    queue = IndexingQueue({key: (1, lambda key=key: Fake(key)) for key in ("2026", "2025")})
    sunk = []

    def sink(files):
        sunk.append((threading.current_thread().name, dict(files)))
        return ("staged", tuple(files))

    assert queue.result("2026") == {"pagefind/2026/x": b"2026"}  # no sink yet: the files themselves
    queue.deliver_to(sink)
    assert sunk == [("MainThread", {"pagefind/2026/x": b"2026"})]  # made before: handed over at once
    second_may_finish.set()
    assert queue.result("2025") == ("staged", ("pagefind/2025/x",))
    assert sunk[1] == ("search-index", {"pagefind/2025/x": b"2025"})  # made after: by the indexing thread
    assert queue.result("2026") == ("staged", ("pagefind/2026/x",))
    queue.close()
