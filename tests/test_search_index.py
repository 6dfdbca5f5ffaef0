"""The search records handed to Pagefind: folded for "đ", with what it takes to show the real text."""

from __future__ import annotations

from html.parser import HTMLParser

from conftest import article, build, make_site
from sitegen.search_index import SearchRecord, d_map, record_html
from sitegen.vietnamese import fold_d


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
    assert parsed.meta["date"] == "2023-04-19T08:30:00+07:00"
    assert parsed.meta["category"] == "Tin tức"
    assert parsed.filters == {"category": "Tin tức"}
    # The maps are punctuation only, which Pagefind does not index: they can never match a query.
    assert set(parsed.meta["dmap"]) <= {".", "-"}


def test_bundle_has_only_what_the_browser_needs(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article(body="Đường mới."),
                                "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nVề đơn vị.\n"})
    build(root)
    bundle = root / "public" / "pagefind"
    names = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= names
    assert any(n.startswith("index/") for n in names) and any(n.startswith("fragment/") for n in names)
    assert len([n for n in names if n.startswith("fragment/")]) == 2   # the article and the static page
    assert not any("ui" in n or "playground" in n or "highlight" in n for n in names)
