"""The register in headless Chromium: filtering in place (with and without JavaScript, by
keyboard), the choice kept in the address, numbers found in the site search however typed."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import quote

import pytest

from conftest import DOCUMENTS_CONFIG, MINIMAL_CONFIG, NODE_TOOLS, PDF, article, make_site, official_document, \
    require_tool, static_server
from sitegen.pipeline import BuildOptions, build_site
from test_search import search, titles

NOW = datetime(2024, 6, 1, 3, 0, tzinfo=timezone.utc)
TARGET = "Quyết định số 12/2024/QĐ-UBND"


def document(folder: str, **fields) -> dict:
    return {f"content/van-ban/{folder}/index.md": official_document(**fields),
            f"content/van-ban/{folder}/van-ban.pdf": PDF}


FILES = {
    **document("qd-12", summary="Ban hành Quy định quản lý trật tự xây dựng trên địa bàn thành phố",
               fields="[Xây dựng]", effective="15/03/2024"),
    # Distractors: the same words and digits elsewhere, a number one apart.
    **document("qd-13", number="13/2024/QĐ-UBND", issued="06/03/2024",
               summary="Hỗ trợ 12 hộ dân bị thiệt hại do thiên tai năm 2024", fields="[Đất đai]"),
    **document("qd-2023", number="21/2023/QĐ-UBND", issued="10/10/2023", summary="Quy định về cấp phép xây dựng",
               fields="[Xây dựng]"),
    **document("kh", number="07/KH-UBND", type="Kế hoạch", issued="10/05/2024", effective="01/07/2024",
               summary="Kế hoạch phòng chống lụt bão năm 2024"),
    **document("kh-2023", number="15/KH-UBND", type="Kế hoạch", issued="15/02/2023", expires="01/01/2024",
               summary="Kế hoạch cải cách hành chính năm 2023", fields="[Đất đai, Xây dựng]"),
    **document("cv", number="15/UBND-VP", type="Công văn", issued="20/05/2024", summary="Về việc tổ chức tiếp dân"),
    "content/tin-tuc/trien-khai.md": article(
        "Triển khai Quyết định số 12/2024/QĐ-UBND", "20/03/2024 08:00",
        body="Ngày 12 tháng 3 năm 2024, Ủy ban Nhân dân phường triển khai Quyết định số 12/2024/QĐ-UBND của "
             "Ủy ban Nhân dân thành phố, 12 khóm tham dự, QĐ-UBND 12 được phổ biến đến 2024 hộ dân."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("register-browser"), FILES,
                     config=MINIMAL_CONFIG + DOCUMENTS_CONFIG.replace("per_page = 2", "per_page = 3"))
    build_site(BuildOptions(root=root, now=NOW))
    with static_server(root / "public") as base:
        yield base


def numbers(page) -> list[str]:
    return page.locator("table.register-table tbody tr td.cell-number a").all_text_contents()


def wait_for_status(page, pattern: str) -> str:
    status = page.locator("#ket-qua-loc", has_text=re.compile(pattern))
    status.wait_for(timeout=10000)
    return status.text_content()


def option_text(page, facet: str, value: str) -> str:
    return page.locator(f"#loc-{facet} option[value='{value}']").text_content()


def test_filters_by_several_facets_at_once_with_counts_and_the_choice_in_the_address(site, page):
    page.goto(site + "van-ban/")
    assert numbers(page) == ["15/UBND-VP", "07/KH-UBND", "13/2024/QĐ-UBND"]  # page 1 of the build
    page.select_option("#loc-loai", "quyet-dinh")
    assert wait_for_status(page, "^Có 3 văn bản") == "Có 3 văn bản phù hợp."
    assert numbers(page) == ["13/2024/QĐ-UBND", "12/2024/QĐ-UBND", "21/2023/QĐ-UBND"]
    # Each option counts what it would leave with the other choices kept.
    assert option_text(page, "nam", "2024") == "2024 (2)" and option_text(page, "nam", "2023") == "2023 (1)"
    assert option_text(page, "loai", "ke-hoach") == "Kế hoạch (2)"  # its own facet: the others' choices only
    page.select_option("#loc-linh-vuc", "xay-dung")
    wait_for_status(page, "^Có 2 văn bản")
    page.select_option("#loc-nam", "2024")
    assert wait_for_status(page, "^Có 1 văn bản") == "Có 1 văn bản phù hợp."
    assert numbers(page) == ["12/2024/QĐ-UBND"]
    assert page.url == site + "van-ban/?loai=quyet-dinh&linh-vuc=xay-dung&nam=2024"
    assert page.locator("[data-register-pages]").is_hidden()  # the build's page links would mislead
    # The address, opened again (shared), shows the same choice.
    page.goto(page.url)
    wait_for_status(page, "^Có 1 văn bản")
    assert numbers(page) == ["12/2024/QĐ-UBND"]
    assert page.locator("#loc-nam").input_value() == "2024"
    page.get_by_role("button", name="Bỏ lọc").click()
    wait_for_status(page, "^Đã bỏ lọc")
    assert numbers(page) == ["15/UBND-VP", "07/KH-UBND", "13/2024/QĐ-UBND"]
    assert page.url == site + "van-ban/" and page.locator("[data-register-pages]").is_visible()


def test_status_filter_and_nothing_found(site, page):
    page.goto(site + "van-ban/?tinh-trang=chua-co-hieu-luc")
    wait_for_status(page, "^Có 1 văn bản")
    assert numbers(page) == ["07/KH-UBND"]
    assert page.locator("td .status").all_text_contents() == ["Chưa có hiệu lực"]
    page.select_option("#loc-loai", "cong-van")
    assert wait_for_status(page, "^Không có") == "Không có văn bản nào phù hợp. Hãy bỏ bớt điều kiện lọc."
    assert numbers(page) == []


@pytest.mark.parametrize("typed", ["12/2024/QĐ-UBND", "12/2024/qd-ubnd", "QĐ-UBND 12", "qd ubnd 12 2024"])
def test_the_filter_finds_a_number_however_it_is_typed(site, page, typed):
    page.goto(site + "van-ban/")
    page.fill("#loc-q", typed)
    wait_for_status(page, "^Có 1 văn bản")
    assert numbers(page) == ["12/2024/QĐ-UBND"]
    assert page.url == site + "van-ban/?q=" + quote(typed, safe="").replace("%20", "+")


def test_the_filter_works_from_the_keyboard(site, page):
    page.goto(site + "van-ban/")
    page.focus("#loc-q")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "loc-loai"
    page.keyboard.press("ArrowDown")  # a closed select changes with the arrow keys
    wait_for_status(page, "^Có")
    assert page.locator("#loc-loai").input_value() == "quyet-dinh"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "loc-co-quan"
    page.focus("#loc-q")
    page.keyboard.type("tiep dan")
    page.keyboard.press("Enter")
    wait_for_status(page, "^Không có")  # "tiếp dân" is a công văn: no quyết định says it
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none"


def test_more_rows_are_shown_on_request_and_focus_moves_to_them(site, page):
    page.goto(site + "van-ban/?q=ubnd")
    wait_for_status(page, "^Có 6 văn bản")
    assert len(numbers(page)) == 3
    page.get_by_role("button", name="Hiện thêm văn bản").click()
    assert len(numbers(page)) == 6
    assert page.locator("[data-register-more]").is_hidden()
    assert page.evaluate("document.activeElement.textContent") == numbers(page)[3]


def test_without_javascript_the_listing_pages_do_the_filtering(site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site + "van-ban/")
        assert tab.locator("form[data-register-filter]").is_hidden()
        assert numbers(tab) == ["15/UBND-VP", "07/KH-UBND", "13/2024/QĐ-UBND"]
        tab.locator(".register-browse a", has_text="Kế hoạch").click()
        assert tab.locator("h1").text_content() == "Kế hoạch"
        assert numbers(tab) == ["07/KH-UBND", "15/KH-UBND"]
        tab.locator(".register-browse a", has_text="2023").click()
        assert tab.locator("h1").text_content() == "Văn bản năm 2023"
        assert numbers(tab) == ["21/2023/QĐ-UBND", "15/KH-UBND"]
        tab.go_back()
        tab.go_back()
        tab.locator(".pagination a", has_text="2").first.click()
        assert numbers(tab) == ["12/2024/QĐ-UBND", "21/2023/QĐ-UBND", "15/KH-UBND"]
    finally:
        context.close()


def test_a_filtered_register_has_no_accessibility_violation(site, page):
    axe = require_tool(NODE_TOOLS / "axe-core" / "axe.min.js", "make test runs npm ci in tests/node").read_text()
    context = page.context.browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    try:
        tab = context.new_page()
        tab.goto(site + "van-ban/?loai=quyet-dinh")
        wait_for_status(tab, "^Có 3 văn bản")
        tab.evaluate(axe)
        violations = tab.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
            "'best-practice']}, resultTypes: ['violations']}).then(r => r.violations.map(v => v.id))")
        assert violations == []
        widths = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1]
    finally:
        context.close()


# --- the site search --------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["12/2024/QĐ-UBND", "12/2024/qd-ubnd", "QĐ-UBND 12", "qd ubnd 12 2024"])
def test_site_search_ranks_the_document_first_however_its_number_is_typed(site, page, typed):
    results = search(page, site, typed)
    assert titles(results)[0] == TARGET, titles(results)
    first = results[0]
    assert first["href"] == "/van-ban/12-2024-qd-ubnd/"
    assert first["category"] == "Văn bản" and first["date"] == "05/03/2024"
    assert first["excerpt"] == "Ban hành Quy định quản lý trật tự xây dựng trên địa bàn thành phố"
    assert "Triển khai Quyết định số 12/2024/QĐ-UBND" in titles(results)  # the article citing it comes after


def test_site_search_has_a_documents_filter(site, page):
    everything = titles(search(page, site, "quyet dinh"))
    assert "Triển khai Quyết định số 12/2024/QĐ-UBND" in everything
    only_documents = titles(search(page, site, "quyet dinh", category="van-ban"))
    assert only_documents and all(" số " in title for title in only_documents)
    assert "Triển khai Quyết định số 12/2024/QĐ-UBND" not in only_documents
    assert page.text_content("#trang-thai-tim").endswith("trong mục Văn bản.")


@pytest.fixture(scope="module")
def split_site(tmp_path_factory):
    """The same site with the register indexed in bundles of two documents at most: 2023 (two), and
    2024 (four) in runs of months, March and May. A large register is split so (search_plan)."""
    from sitegen.site import search_plan
    root = make_site(tmp_path_factory.mktemp("register-split"), FILES, config=MINIMAL_CONFIG + DOCUMENTS_CONFIG)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_plan, "MAX_DOCUMENT_BUNDLE_RECORDS", 2)
        build_site(BuildOptions(root=root, now=NOW))
    assert sorted(p.name for p in (root / "public" / "pagefind").iterdir()) == [
        "2024", "van-ban-2023", "van-ban-2024-01", "van-ban-2024-05"]
    with static_server(root / "public") as base:
        yield base


@pytest.mark.parametrize("typed", ["12/2024/QĐ-UBND", "12/2024/qd-ubnd", "QĐ-UBND 12", "qd ubnd 12 2024"])
def test_a_register_split_into_bundles_finds_what_one_bundle_finds(site, split_site, page, typed):
    # Each bundle answers a word it lacks with the longest word it holds that the query starts with, or
    # not at all: without every number's words in every bundle, 2023's bundle answered "QĐ-UBND 12" and
    # "qd ubnd 12 2024" with 21/2023/QĐ-UBND (NumberVocabulary).
    in_one_bundle = titles(search(page, site, typed, category="van-ban"))
    results = titles(search(page, split_site, typed, category="van-ban"))
    assert results[0] == TARGET and sorted(results) == sorted(in_one_bundle)
    assert "Quyết định số 21/2023/QĐ-UBND" not in results
    assert page.text_content("#trang-thai-tim") == f"Tìm thấy {len(results)} kết quả cho “{typed}” trong mục Văn bản."
    # Across bundles of two documents Pagefind's statistics are those of two documents, so the whole
    # site's ranking is checked on one bundle (above) and at 5,000 documents (bench/search_bench.py).
    everything = search(page, split_site, typed)
    assert {TARGET, "Triển khai Quyết định số 12/2024/QĐ-UBND"} <= set(titles(everything))
    # The bundles' hidden vocabulary is never a result, and the count is what is listed.
    assert not [result for result in everything if "tu-vung" in result["href"]]
    assert page.text_content("#trang-thai-tim").startswith(f"Tìm thấy {len(everything)} kết quả")


def test_a_register_split_into_bundles_is_still_searched_whole(site, split_site, page):
    found = titles(search(page, split_site, "ke hoach", category="van-ban"))
    assert {"Kế hoạch số 07/KH-UBND", "Kế hoạch số 15/KH-UBND"} <= set(found)  # one in each year's bundle
    assert sorted(found) == sorted(titles(search(page, site, "ke hoach", category="van-ban")))


def test_the_register_and_a_document_print_without_their_controls(site, page):
    page.goto(site + "van-ban/?loai=quyet-dinh")
    wait_for_status(page, "^Có 3 văn bản")
    page.emulate_media(media="print")
    for selector in (".register-filter", ".register-browse", ".site-nav", ".header-tools", "#ket-qua-loc"):
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("table.register-table thead th").first.is_visible()  # a real table on paper
    assert page.locator("table.register-table tbody tr").count() == 3
    page.emulate_media(media="screen")
    page.goto(site + "van-ban/12-2024-qd-ubnd/")
    page.emulate_media(media="print")
    assert not page.locator(".print-button").is_visible()
    for selector in ("h1", ".document-summary", ".document-status", ".document-fields", ".document-files",
                     ".print-only", ".site-footer .agency"):
        assert page.locator(selector).first.is_visible(), selector
    assert page.locator(".print-only").text_content().endswith("/van-ban/12-2024-qd-ubnd/")
