"""The theme's HTML as a screen reader, a slow phone and a strict CSP see it: structure, dates,
landmarks, no other host, fingerprinted non-blocking assets, and the 30 KB article budget."""

from __future__ import annotations

import gzip
import re
from datetime import datetime

import pytest

from conftest import soup
from sample_site import ARTICLE_PATH, PAGE_TYPES

SKIP_LINK_TEXT = {"vi": "Bỏ qua để đến nội dung chính", "en": "Skip to main content"}
MAIN_MENU = {"vi": "Menu chính", "en": "Main menu"}
FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"
FINGERPRINTED = re.compile(r"^/assets/(css|js)/[\w-]+\.[0-9a-f]{10}\.(css|js)$")
BUDGET_BYTES = 30 * 1024


def is_program(script) -> bool:
    """A script the browser runs (not data such as JSON-LD, which no CSP or budget concerns)."""
    return script.get("type", "").lower() in ("", "module", "text/javascript", "application/javascript")


def all_pages(site):
    return sorted(site.rglob("*.html"))


def language_of(site, path) -> str:
    """The pages under en/ are English; every other page is Vietnamese."""
    return "en" if path.relative_to(site).parts[0] == "en" else "vi"


def page_file(site, url):
    return site / (url if url.endswith(".html") else url + "index.html")


def test_every_page_has_lang_one_h1_and_headings_in_order(theme_site):
    for path in all_pages(theme_site):
        html = soup(path)
        assert html.html["lang"] == language_of(theme_site, path), path
        assert len(html.find_all("h1")) == 1, path
        levels = [int(h.name[1]) for h in html.find_all(re.compile(r"^h[1-6]$"))]
        assert levels[0] == 1, (path, levels)
        for previous, current in zip(levels, levels[1:]):
            assert current <= previous + 1, f"{path}: heading h{current} after h{previous}"


def test_every_page_has_landmarks_and_the_skip_link_first(theme_site):
    for path in all_pages(theme_site):
        html = soup(path)
        body = html.body
        language = language_of(theme_site, path)
        assert body.find("header", class_="site-header"), path
        assert body.find("nav", attrs={"aria-label": MAIN_MENU[language]}), path
        main = body.find_all("main")
        assert len(main) == 1 and main[0]["id"] == "noi-dung", path
        assert body.find("footer", class_="site-footer"), path
        first = body.select(FOCUSABLE)[0]
        assert first.get_text(strip=True) == SKIP_LINK_TEXT[language] and first["href"] == "#noi-dung", path


def test_header_shows_site_name_tagline_and_the_configured_menu(theme_site):
    html = soup(theme_site / "index.html")
    header = html.find("header", class_="site-header")
    assert header.select_one(".site-name").get_text() == "Trang thông tin điện tử Thành phố Hồng Ngự"
    assert header.select_one(".site-tagline").get_text() == "Tỉnh Đồng Tháp"
    menu = [a.get_text() for a in header.select("#menu-chinh-ds a")]
    assert menu == ["Trang chủ", "Giới thiệu", "Cơ cấu tổ chức", "Tin tức – Sự kiện", "Thông báo", "Lưu trữ", "Liên hệ"]
    assert header.select_one("#menu-chinh-ds a[aria-current=page]").get_text() == "Trang chủ"


def test_every_date_is_a_time_element_with_a_machine_readable_datetime(theme_site):
    dates_seen = 0
    for path in all_pages(theme_site):
        html = soup(path)
        for time in html.find_all("time"):
            datetime.fromisoformat(time["datetime"])  # raises if missing or malformed
            dates_seen += 1
        # A date written as text outside <time> ("19/04/2023") would be invisible to machines.
        for text in html.main.find_all(string=re.compile(r"\b\d{2}/\d{2}/\d{4}\b")):
            inside_time = text.find_parent("time") is not None
            inside_body = text.find_parent(class_="article-body") is not None
            assert inside_time or inside_body, f"{path}: date outside <time>: {text!r}"
    assert dates_seen > 20


def test_article_shows_title_date_author_source_and_the_agency_footer(theme_site):
    html = soup(page_file(theme_site, ARTICLE_PATH))
    article = html.find("article", class_="article")
    assert article.h1.get_text() == "Hội nghị triển khai kế hoạch phát triển đô thị"
    assert article.find("time")["datetime"] == "2023-04-19T08:30:00+07:00"
    assert "Hoàng Phương" in article.select_one(".author").get_text()
    assert "Văn phòng HĐND và UBND thành phố" in article.select_one(".source").get_text()
    footer = html.find("footer", class_="site-footer").get_text(" ", strip=True)
    for expected in ("Ủy ban Nhân dân thành phố Hồng Ngự", "Khóm An Thạnh A", "0277.3563.362",
                     "ubnd@hongngu.dongthap.gov.vn", "Giấy phép số 12/GP-TTĐT"):
        assert expected in footer


def test_no_page_loads_anything_from_another_host_or_inline(theme_site):
    for path in all_pages(theme_site):
        html = soup(path)
        for tag in html.find_all(["script", "img", "iframe", "source", "video", "audio", "embed", "object"]):
            source = tag.get("src") or tag.get("data") or ""
            assert tag.name != "script" or source or not is_program(tag), f"{path}: inline script (a CSP forbids it)"
            assert not re.match(r"^(https?:)?//", source), f"{path}: {tag}"
        for link in html.find_all("link"):
            if set(link.get("rel", [])) & {"stylesheet", "preload", "icon", "modulepreload", "preconnect"}:
                assert not re.match(r"^(https?:)?//", link["href"]), f"{path}: {link}"
        assert not html.find("style") and not html.find(attrs={"style": True}), f"{path}: inline style"


def test_css_and_js_are_fingerprinted_and_no_script_blocks_rendering(theme_site):
    for path in all_pages(theme_site):
        html = soup(path)
        stylesheets = html.find_all("link", rel="stylesheet")
        scripts = [script for script in html.find_all("script") if is_program(script)]
        assert stylesheets and scripts, path
        for tag in stylesheets + scripts:
            url = tag.get("href") or tag.get("src")
            assert FINGERPRINTED.match(url), f"{path}: {url} is not fingerprinted"
            assert (theme_site / url.lstrip("/")).is_file(), url
        for script in scripts:
            assert script.has_attr("defer") or script.has_attr("async") or script.get("type") == "module", \
                f"{path}: render-blocking {script}"


def test_article_page_html_css_and_js_fit_in_30_kb_gzipped(theme_site):
    path = page_file(theme_site, ARTICLE_PATH)
    html = soup(path)
    files = [path] + [theme_site / tag.get("href", tag.get("src", "")).lstrip("/")
                      for tag in html.find_all(["link", "script"]) if tag.get("src") or "stylesheet" in tag.get("rel", [])]
    assert len(files) >= 4  # the page, site.css, print.css, site.js
    total = sum(len(gzip.compress(f.read_bytes(), compresslevel=9)) for f in files)
    assert total <= BUDGET_BYTES, f"{total} bytes gzipped > {BUDGET_BYTES}"


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_page_type_exists_in_the_sample_site(theme_site, kind):
    """The browser and validator tests below rely on one page of each type."""
    assert page_file(theme_site, PAGE_TYPES[kind]).is_file()


def test_style_sheets_use_system_fonts_and_nothing_from_elsewhere(theme_site):
    """No web font to download (the system stack carries Vietnamese), no import or image from another host."""
    sheets = sorted((theme_site / "assets").rglob("*.css"))
    assert len(sheets) >= 2
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        assert "@font-face" not in css and "@import" not in css, sheet
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), sheet
    site_css = next(s for s in sheets if s.name.startswith("site."))
    assert re.search(r"font-family:\s*system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\"",
                     site_css.read_text(encoding="utf-8"))
