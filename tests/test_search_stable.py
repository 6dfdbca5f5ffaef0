"""Two builds of the same site are byte-identical, search bundle included, and the category filter still works.

Pagefind 1.5.2 writes its filter file in a random order (sitegen/search/stable.py
puts it in a fixed one). With seven categories two unfixed builds differ
with a probability of 5039/5040.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import quote

import cbor2
import pytest

from conftest import MINIMAL_CONFIG, article, build, make_site, static_server
from sitegen.search.stable import SIGNATURE, UnknownFormat, stable_bundle

CATEGORIES = [("tin-tuc", "Tin tức"), ("thong-bao", "Thông báo"), ("kinh-te", "Kinh tế"), ("van-hoa", "Văn hóa"),
              ("giao-duc", "Giáo dục"), ("y-te", "Y tế"), ("an-ninh", "An ninh")]
CONFIG = MINIMAL_CONFIG + "".join(f'\n[[categories]]\nslug = "{slug}"\nname = "{name}"\n'
                                  for slug, name in CATEGORIES[2:])
# Two of each category's articles in 2023, one in 2022: two search bundles, merged in the browser.
FILES = {f"content/{slug}/bai-{number}.md": article(
    f"{name} - tuyến đường số {number} ở Đồng Tháp", f"{number + 1:02d}/05/{2022 if number == 2 else 2023} 09:00",
    category=name,
    body=f"Tin {name.lower()} về đường giao thông số {number}.", tags="Giao thông")
    for slug, name in CATEGORIES for number in range(3)}
BUNDLE = "pagefind/2023"  # the newest year's: the one the search page loads first


def tree(public: Path) -> dict[str, bytes]:
    return {path.relative_to(public).as_posix(): path.read_bytes() for path in public.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    roots = [make_site(tmp_path_factory.mktemp(f"build{n}"), FILES, CONFIG) for n in (1, 2)]
    for root in roots:
        build(root)
    return roots[0] / "public", roots[1] / "public"


def test_two_builds_are_byte_identical(two_builds):
    first, second = (tree(public) for public in two_builds)
    assert any(name.endswith(".pf_filter") for name in first)  # the filter is in use
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def decoded(data: bytes):
    raw = gzip.decompress(data)
    assert raw.startswith(SIGNATURE)
    return cbor2.loads(raw[len(SIGNATURE):])


@pytest.mark.parametrize("year, per_category", [("2023", 2), ("2022", 1)])
def test_filter_file_lists_every_category_in_order(two_builds, year, per_category):
    public = two_builds[0] / "pagefind" / year
    entry = json.loads((public / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = decoded((public / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta").read_bytes())
    [[name, filter_hash]] = meta[3]
    assert name == "category"
    filter_name, values = decoded((public / "filter" / f"{filter_hash}.pf_filter").read_bytes())
    assert filter_name == "category"
    assert [value for value, _ in values] == sorted(name for _, name in CATEGORIES)
    assert all(len(pages) == per_category and pages == sorted(pages) for _, pages in values)


def test_stable_bundle_does_not_depend_on_pagefinds_order(two_builds):
    """Shuffle the filter as another Pagefind run might: the result is the same bytes."""
    public = two_builds[0]
    bundle = {path: data for path, data in tree(public).items() if path.startswith(f"{BUNDLE}/")}
    entry = json.loads(bundle[f"{BUNDLE}/pagefind-entry.json"])
    meta_path = f"{BUNDLE}/pagefind.{entry['languages']['vi']['hash']}.pf_meta"
    meta = decoded(bundle[meta_path])
    filter_path = f"{BUNDLE}/filter/{meta[3][0][1]}.pf_filter"
    name, values = decoded(bundle.pop(filter_path))
    shuffled = gzip.compress(SIGNATURE + cbor2.dumps([name, values[::-1]]), mtime=0)
    shuffled_hash = "vi_" + hashlib.sha256(shuffled).hexdigest()[:7]
    meta[3] = [[name, shuffled_hash]]
    bundle[f"{BUNDLE}/filter/{shuffled_hash}.pf_filter"] = shuffled
    bundle.pop(meta_path)
    bundle[f"{BUNDLE}/pagefind.vi_0123456789.pf_meta"] = gzip.compress(SIGNATURE + cbor2.dumps(meta), mtime=0)
    entry["languages"]["vi"]["hash"] = "vi_0123456789"
    bundle[f"{BUNDLE}/pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    original = {path: data for path, data in tree(public).items() if path.startswith(f"{BUNDLE}/")}
    assert stable_bundle(bundle, BUNDLE) == original


def test_unknown_format_stops_rather_than_writing_a_broken_bundle(two_builds):
    bundle = {path: data for path, data in tree(two_builds[0]).items() if path.startswith(f"{BUNDLE}/")}
    filter_path = next(path for path in bundle if path.endswith(".pf_filter"))
    bundle[filter_path] = gzip.compress(b"something else", mtime=0)
    with pytest.raises(UnknownFormat):
        stable_bundle(bundle, BUNDLE)


def test_scripts_have_gzip_copies_for_a_gzip_static_server(two_builds):
    bundle = two_builds[0] / BUNDLE
    for name in ("pagefind.js", "pagefind-worker.js"):
        compressed = (bundle / f"{name}.gz").read_bytes()
        assert gzip.decompress(compressed) == (bundle / name).read_bytes()
        assert len(compressed) < (bundle / name).stat().st_size / 2


def test_category_filter_works_for_every_category(two_builds, page):
    """In Chromium, served as nginx `gzip_static on;` would: the re-written filter files still narrow
    results to the chosen category, across both years' bundles, and the library arrives compressed."""
    encodings = {}
    page.on("response", lambda response: encodings.setdefault(
        response.url.rsplit("/", 1)[-1].split("?")[0], response.headers.get("content-encoding")))
    with static_server(two_builds[0], gzip_static=True) as base:
        for slug, name in CATEGORIES[::3]:
            page.goto(f"{base}tim-kiem/?q={quote('duong')}&chuyen-muc={slug}")
            page.locator("#trang-thai-tim", has_text=re.compile(r"^(Tìm thấy|Không)")).wait_for(timeout=15000)
            shown = page.locator(".search-category").all_text_contents()
            assert shown == [name] * 3, (slug, shown)
        page.goto(f"{base}tim-kiem/?q={quote('duong')}")
        page.locator("#trang-thai-tim", has_text=re.compile(r"^Tìm thấy")).wait_for(timeout=15000)
        assert page.locator("#trang-thai-tim").text_content().startswith("Tìm thấy 21 kết quả")
    assert encodings["pagefind.js"] == "gzip"
