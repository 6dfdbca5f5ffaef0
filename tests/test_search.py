"""Full-text search in headless Chromium, on a built site served by a plain static server.

The site holds the real seed article plus a few written for the Vietnamese
cases the search must get right: tone-mark placement, "đ", exact diacritics
first, category filter.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import REPO, article, build, free_port, make_site, soup, static_server

SEED = next((REPO / "content" / "tin-tuc").glob("*.md")).read_text(encoding="utf-8")
SEED_TITLE = "Hội nghị Ký kết Kế hoạch phối hợp"

FILES = {
    "content/tin-tuc/hoi-nghi.md": SEED,
    "content/tin-tuc/duong.md": article(
        "Nâng cấp tuyến đường ven sông ở Đồng Tháp", "10/05/2023 09:00",
        body="Thành phố khởi công sửa chữa tuyến đường dọc sông Tiền, phục vụ người dân đi lại an toàn."),
    "content/tin-tuc/thanh-uy-moi.md": article(
        "Thành ủy họp phiên thường kỳ", "11/05/2023 09:00",
        body="Ban Thường vụ Thành ủy đánh giá kết quả công tác tháng năm."),
    "content/tin-tuc/thanh-uy-cu.md": article(
        "Thành uỷ gặp mặt các đảng viên lâu năm", "12/05/2023 09:00",
        body="Lãnh đạo Thành uỷ thăm hỏi và tặng quà các đảng viên cao tuổi."),
    "content/thong-bao/lich-cat-dien.md": article(
        "Lịch tạm ngưng cấp điện trên đường Nguyễn Huệ", "13/05/2023 09:00", category="Thông báo",
        body="Điện lực thông báo tạm ngưng cấp điện để bảo trì lưới điện trên đường Nguyễn Huệ."),
    # One word, three spellings: an exact match of the diacritics must come first.
    "content/tin-tuc/cau.md": article("Khánh thành cầu mới", "14/05/2023 09:00",
                                      body="Người dân vui mừng đi trên cầu mới bắc qua kênh."),
    "content/tin-tuc/cau-khong-dau.md": article("Thong tin cau moi", "15/05/2023 09:00",
                                                body="Nguoi dan vui mung di tren cau moi bac qua kenh."),
    "content/tin-tuc/cau-hoi.md": article("Giải đáp câu hỏi của người dân", "16/05/2023 09:00",
                                          body="Ủy ban trả lời câu hỏi người dân gửi về trang."),
}


SITE_ROOTS: dict[str, Path] = {}  # served base URL → its folder


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The built site, served over HTTP; yields the server's base URL."""
    root = make_site(tmp_path_factory.mktemp("search"), FILES)
    build(root)
    with static_server(root / "public") as base:
        SITE_ROOTS[base] = root / "public"
        yield base


def search(page, base: str, query: str, category: str = "") -> list[dict]:
    """Open the search page with a query (and category) and return the results as a reader sees them.

    Only locators (Playwright's own isolated world), no page-side eval: works under a strict CSP."""
    url = f"{base}tim-kiem/?q={quote(query)}" + (f"&chuyen-muc={category}" if category else "")
    page.goto(url)
    page.locator("#trang-thai-tim", has_text=re.compile(r"^(Tìm thấy|Không)")).wait_for(timeout=15000)
    results = []
    for item in page.locator(".search-result").all():
        link = item.locator("h2 a")
        results.append({
            "title": link.text_content(), "href": link.get_attribute("href"),
            "date": " ".join(item.locator("time").all_text_contents()),
            "category": " ".join(item.locator(".search-category").all_text_contents()),
            "excerpt": item.locator(".search-excerpt").text_content(),
            "marked": item.locator(".search-excerpt mark").all_text_contents()})
    return results


def titles(results: list[dict]) -> list[str]:
    return [result["title"] for result in results]


def test_unaccented_query_finds_the_seed_article(site, page):
    results = search(page, site, "thanh uy hong ngu")
    assert any(title.startswith(SEED_TITLE) for title in titles(results))
    seed = next(r for r in results if r["title"].startswith(SEED_TITLE))
    assert seed["date"] == "19/04/2023"
    assert seed["category"] == "Tin tức"
    # The excerpt shows the text as written, with the matched words highlighted.
    assert "Thành uỷ" in seed["excerpt"] or "Thành ủy" in seed["excerpt"]
    assert {"Thành", "Hồng"} & set(m.strip(",.") for m in seed["marked"])


def test_both_tone_mark_placements_find_the_same_articles(site, page):
    new_style = set(titles(search(page, site, "Thành ủy")))
    old_style = set(titles(search(page, site, "Thành uỷ")))
    assert new_style == old_style
    assert {"Thành ủy họp phiên thường kỳ", "Thành uỷ gặp mặt các đảng viên lâu năm"} <= new_style
    assert any(title.startswith(SEED_TITLE) for title in new_style)


def test_duong_finds_duong_with_d_bar_and_shows_it_as_written(site, page):
    results = search(page, site, "duong")
    found = titles(results)
    assert "Nâng cấp tuyến đường ven sông ở Đồng Tháp" in found
    assert "Lịch tạm ngưng cấp điện trên đường Nguyễn Huệ" in found
    road = next(r for r in results if r["title"].startswith("Nâng cấp"))
    assert "đường" in road["marked"]
    assert "đường dọc sông Tiền" in road["excerpt"]


def test_query_with_d_bar_finds_the_same(site, page):
    assert "Nâng cấp tuyến đường ven sông ở Đồng Tháp" in titles(search(page, site, "đường"))


def test_dong_thap_finds_dong_thap(site, page):
    results = search(page, site, "dong thap")
    assert titles(results)[0] == "Nâng cấp tuyến đường ven sông ở Đồng Tháp"


def test_exact_diacritics_rank_first(site, page):
    assert titles(search(page, site, "cầu"))[0] == "Khánh thành cầu mới"
    assert titles(search(page, site, "câu"))[0] == "Giải đáp câu hỏi của người dân"
    unaccented = titles(search(page, site, "cau"))
    assert unaccented[0] == "Thong tin cau moi"
    assert {"Khánh thành cầu mới", "Giải đáp câu hỏi của người dân"} <= set(unaccented)


def test_category_filter(site, page):
    everywhere = titles(search(page, site, "đường"))
    notices = search(page, site, "đường", category="thong-bao")
    assert len(everywhere) > len(notices) == 1
    assert notices[0]["title"] == "Lịch tạm ngưng cấp điện trên đường Nguyễn Huệ"
    assert notices[0]["category"] == "Thông báo"
    assert page.input_value("#chuyen-muc-tim") == "thong-bao"
    assert "trong chuyên mục Thông báo" in page.text_content("#trang-thai-tim")


def test_no_result_is_announced(site, page):
    assert search(page, site, "zyxwv") == []
    status = page.locator("#trang-thai-tim")
    assert status.get_attribute("role") == "status"
    assert "Không tìm thấy kết quả nào" in status.text_content()


def test_result_links_open_the_article(site, page):
    results = search(page, site, "khanh thanh cau")
    page.click(f"text={results[0]['title']}")
    page.wait_for_load_state()
    assert page.locator("h1").text_content() == "Khánh thành cầu mới"


def test_keyboard_header_box_enter_and_arrow_keys(site, page):
    page.goto(site)
    box = page.get_by_label("Tìm kiếm bài viết")
    box.fill("thanh uy")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?q=thanh"))
    page.locator(".search-result").nth(2).wait_for(timeout=15000)  # (no wait_for_function: the CSP forbids eval)
    assert page.text_content("#trang-thai-tim").startswith("Tìm thấy")
    search_box = page.get_by_label("Từ khóa")
    assert search_box.input_value() == "thanh uy"
    search_box.focus()
    page.keyboard.press("ArrowDown")
    links = page.locator(".search-result h2 a")
    assert page.evaluate("document.activeElement.textContent") == links.nth(0).text_content()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == links.nth(1).text_content()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "tu-khoa-tim"
    # Typing a new query and pressing Enter searches again and announces it.
    search_box.fill("dong thap")
    search_box.press("Enter")
    page.locator("#trang-thai-tim", has_text="dong thap").wait_for(timeout=15000)
    assert "dong+thap" in page.url or "dong%20thap" in page.url


def test_without_javascript_the_page_says_how_to_find_articles(site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(site + "tim-kiem/?q=duong")
        assert "tắt JavaScript" in tab.text_content("noscript, .search-noscript")
        links = {a.text_content(): a.get_attribute("href") for a in tab.locator(".search-browse a").all()}
        assert links["Tin tức"] == "/tin-tuc/"
        assert links["Thông báo"] == "/thong-bao/"
        assert links["Lưu trữ"] == "/luu-tru/"
        tab.click("text=Lưu trữ >> nth=-1")
        assert tab.locator("h1").text_content() == "Lưu trữ"
    finally:
        context.close()


def test_search_box_is_in_every_page_header(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article()})
    build(root)
    for path in (root / "public").rglob("*.html"):
        form = soup(path).select_one("header form[role=search]")
        assert form is not None, path
        assert form["action"] == "/tim-kiem/"
        field = form.select_one("input[name=q]")
        assert form.select_one(f"label[for={field['id']}]").get_text(strip=True)


def test_search_works_at_a_sub_path(tmp_path, page):
    root = make_site(tmp_path / "src", {"content/tin-tuc/duong.md": FILES["content/tin-tuc/duong.md"]})
    build(root, "--base-url", "https://example.gov.vn/hongngu/", "--output", str(tmp_path / "host" / "hongngu"))
    with static_server(tmp_path / "host") as host:
        results = search(page, host + "hongngu/", "duong")
        assert titles(results) == ["Nâng cấp tuyến đường ven sông ở Đồng Tháp"]
        assert results[0]["href"].startswith("/hongngu/tin-tuc/")
        page.click("text=Nâng cấp tuyến đường")
        page.wait_for_load_state()
        assert page.locator("h1").text_content() == "Nâng cấp tuyến đường ven sông ở Đồng Tháp"


def test_more_results_button_shows_the_next_ten_and_moves_focus(tmp_path, page):
    files = {f"content/tin-tuc/khom-{n}.md": article(f"Tin khóm số {n}", f"{n:02d}/06/2023 08:00",
                                                    body=f"Khóm An Thạnh tổ chức hoạt động số {n}.")
             for n in range(1, 13)}
    root = make_site(tmp_path, files)
    build(root)
    with static_server(root / "public") as base:
        assert len(search(page, base, "khom an thanh")) == 10
        assert page.text_content("#trang-thai-tim").startswith("Tìm thấy 12 kết quả")
        more = page.get_by_role("button", name="Xem thêm kết quả")
        more.click()
        page.locator(".search-result").nth(11).wait_for(timeout=15000)
        assert page.locator(".search-result").count() == 12
        assert more.is_hidden()
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == page.locator(".search-result h2 a").nth(10).text_content()


CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; "
       "img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'")


class _CspHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that sends the strict policy a later step will add (no inline script)."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


def test_search_works_under_a_strict_content_security_policy(site, page):
    public = SITE_ROOTS[site]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()),
                                             functools.partial(_CspHandler, directory=str(public)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    try:
        results = search(page, f"http://127.0.0.1:{server.server_address[1]}/", "duong")
        assert "Nâng cấp tuyến đường ven sông ở Đồng Tháp" in titles(results)
        assert violations == []
    finally:
        server.shutdown()
        server.server_close()
    # And no page carries an inline script: every <script> has a src or is JSON-LD data.
    for path in public.rglob("*.html"):
        for script in soup(path).find_all("script"):
            assert script.get("src") or script.get("type") == "application/ld+json", (path, str(script)[:80])


def test_a_site_with_nothing_published_builds_and_its_search_page_says_so(tmp_path, page):
    """A brand-new site (only a draft) has no index: the build still works and the reader is told why."""
    root = make_site(tmp_path, {"content/tin-tuc/nhap.md": article("Bài đang viết", draft="true")})
    build(root)
    assert not (root / "public" / "pagefind").exists()
    with static_server(root / "public") as base:
        page.goto(f"{base}tim-kiem/?q={quote('đường')}")
        status = page.locator("#trang-thai-tim", has_text="chưa có bài viết nào")
        status.wait_for(timeout=15000)
        assert page.locator(".search-result").count() == 0
        # The ways to browse stay on the page.
        assert page.locator(".search-browse a", has_text="Lưu trữ").count() == 1
