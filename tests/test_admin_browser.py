"""The admin in headless Chromium against `build.py serve --admin` (Decap's local backend): an article
written in the browser is published with its date and address, the sample article keeps its bytes,
a photo lands in the article's folder; the admin loads nothing from another host and breaks no policy.

The browser runs in New York time: the date an editor types is Vietnam's, never shifted."""

from __future__ import annotations

import difflib
import shutil
import time
import unicodedata
from pathlib import Path

import pytest

from conftest import REPO, build, photo, require_tool, soup, static_server
from sitegen.text.vietnamese import slugify
from test_preview_server import WAIT, serve

SAMPLE = next((REPO / "content" / "tin-tuc").glob("*.md")).relative_to(REPO)
LISTEN_FOR_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The repository's own site (site.toml and its sample article) in a temporary folder, served with the admin."""
    require_tool(REPO / "admin" / "node_modules" / "decap-cms", "make test runs npm ci in admin/")
    root = tmp_path_factory.mktemp("admin-browser") / "site"
    root.mkdir()
    shutil.copy(REPO / "site.toml", root / "site.toml")
    shutil.copytree(REPO / "content", root / "content")
    with serve(root, "--admin") as server:
        server.wait_for(lambda: server.output_count("Đã dựng:"), "the first build")
        yield root, server


@pytest.fixture
def admin(browser, site):
    """admin(hash) → a logged-in admin tab; afterwards, every request it made went to the preview server
    and no Content-Security-Policy was violated."""
    root, server = site
    contexts, requests, tabs = [], [], []

    def opener(route: str = ""):
        context = browser.new_context(timezone_id="America/New_York", locale="vi-VN", viewport={"width": 1400, "height": 900})
        context.set_default_timeout(15000)
        context.add_init_script(LISTEN_FOR_VIOLATIONS)
        context.on("request", lambda request: requests.append(request.url))
        contexts.append(context)
        tab = context.new_page()
        tab.goto(f"{server.url}/quan-tri/{route}")
        tab.get_by_role("button", name="Đăng nhập").click()  # the local backend: no password
        tabs.append(tab)
        return tab

    yield opener
    violations = [v for tab in tabs for v in tab.evaluate("window.__violations")]
    for context in contexts:
        context.close()
    assert violations == []
    others = {url for url in requests if not url.startswith((f"{server.url}/", "blob:", "data:"))}
    assert requests and others == set(), others


def publish(tab) -> None:
    """Decap's "Công bố ngay" (publish now), then wait until the editor shows the entry as saved."""
    tab.get_by_role("button", name="Công bố").first.click()
    tab.get_by_role("menuitem", name="Công bố ngay").click()
    tab.get_by_text("Thay đổi đã được lưu").wait_for()


def wait_for_file(path: Path, predicate=lambda data: True) -> bytes:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if path.is_file() and predicate(path.read_bytes()):
            return path.read_bytes()
        time.sleep(0.1)
    raise AssertionError(f"{path} was not written")


def write_article(tab, title: str, category: str, date: str) -> None:
    tab.get_by_label("Tiêu đề").fill(title)
    tab.get_by_label("Ngày giờ đăng").fill(date)
    chooser = tab.get_by_label("Chuyên mục")
    chooser.click()
    chooser.fill(category)
    chooser.press("Enter")
    body = tab.locator("[contenteditable=true]").first
    body.click()
    body.type("Hội nghị có một ")
    body.press("Control+b")
    body.type("chữ đậm")
    body.press("Control+b")
    body.type(" ở giữa.")


def open_site_tab(browser, url: str):
    """A tab of the preview site, once its live reload connection is registered."""
    tab = browser.new_page()
    handshakes = []  # livereload.js says "info" once its websocket is registered with the server
    tab.on("websocket", lambda ws: ws.on("framesent", lambda payload: handshakes.append(1) if '"info"' in str(payload) else None))
    tab.goto(url)
    deadline = time.monotonic() + WAIT
    while not handshakes and time.monotonic() < deadline:
        tab.wait_for_timeout(50)
    assert handshakes, "the live reload connection"
    return tab


def test_an_article_written_in_the_browser_is_published_with_its_date_and_address(admin, site, browser):
    root, server = site
    title = "Đồng Tháp: Hội nghị tổng kết công tác Mặt trận năm 2026"
    listing = open_site_tab(browser, f"{server.url}/thong-bao/")
    tab = admin("#/collections/bai-viet/new")
    write_article(tab, title, "Thông báo", "05/12/2026 08:30")
    assert tab.get_by_label("Tác giả").input_value() == "Ban biên tập"  # default_author of site.toml
    # the preview pane: the article's markup, styled by the site's own (fingerprinted) stylesheet
    preview = next(frame for frame in tab.frames if frame != tab.main_frame and frame.query_selector("h1"))
    assert preview.inner_text("h1") == title
    assert preview.evaluate("""() => [...document.styleSheets].some(sheet => /\\/assets\\/css\\/site\\.[0-9a-f]+\\.css$/
        .test(sheet.href || "") && sheet.cssRules.length > 50)""")
    assert preview.inner_text(".article-body strong") == "chữ đậm"
    publish(tab)
    # the open page of the site reloads by itself, as after any save, and lists the new article
    listing.wait_for_function(f"() => document.body.innerText.includes({title!r})", timeout=WAIT * 1000)
    listing.context.close()
    path = root / "content" / "thong-bao" / "dong-thap-hoi-nghi-tong-ket-cong-tac-mat-tran-nam-2026" / "index.md"
    assert slugify(title) == path.parent.name  # đ → d, the build's rule
    text = wait_for_file(path).decode("utf-8")
    assert text == (f'---\ntitle: "{title}"\ndate: 2026-12-05T08:30:00+07:00\ncategory: thong-bao\n'
                    "author: Ban biên tập\n---\n\nHội nghị có một **chữ đậm** ở giữa.\n")
    # the preview rebuilds by itself; the build publishes it at its address, with its date
    server.wait_for(lambda: server.get(f"/thong-bao/{path.parent.name}/")[0] == 200, "the preview to show it")
    build(root)
    page = soup(root / "public" / "thong-bao" / path.parent.name / "index.html")
    time_element = page.find("article").find("time")
    assert time_element["datetime"] == "2026-12-05T08:30:00+07:00"
    assert time_element.get_text() == "Thứ Bảy, 05/12/2026 08:30"
    assert page.find("article").find("strong").get_text() == "chữ đậm"
    assert page.h1.get_text(strip=True) == title


def test_the_sample_article_changes_by_one_line_and_comes_back_byte_for_byte(admin, site):
    root, _server = site
    path = root / SAMPLE
    original = path.read_bytes()
    tab = admin("#/collections/bai-viet")
    tab.get_by_text("Hội nghị Ký kết Kế hoạch phối hợp").first.click()
    author = tab.get_by_label("Tác giả")
    assert author.input_value() == "Hoàng Phương"
    # Decap offers no save while nothing changed: change the author and save, then put it back.
    author.fill("Nguyễn Văn A")
    publish(tab)
    changed = wait_for_file(path, lambda data: data != original)
    diff = [line for line in difflib.ndiff(original.decode().splitlines(True), changed.decode().splitlines(True))
            if line[:1] in "+-"]
    assert diff == ["- author: Hoàng Phương\n", "+ author: Nguyễn Văn A\n"]
    # Opened again (Decap compares a draft with the entry as first opened, so it would not offer
    # to save the old value in the same visit), the author put back: the original bytes return.
    tab.reload()
    author = tab.get_by_label("Tác giả")
    assert author.input_value() == "Nguyễn Văn A"
    author.fill("Hoàng Phương")
    publish(tab)
    assert wait_for_file(path, lambda data: data == original) == original


def test_a_photo_lands_in_the_articles_folder_and_is_published_in_responsive_sizes(admin, site, tmp_path):
    root, _server = site
    # A Vietnamese name as macOS writes it (decomposed accents): Decap's upload name is still plain.
    picture = tmp_path / unicodedata.normalize("NFD", "Ảnh Hội Nghị.JPG")
    picture.write_bytes(photo(1400, 900))
    tab = admin("#/collections/bai-viet/new")
    write_article(tab, "Ảnh hội nghị điển hình tiên tiến", "Tin tức", "04/12/2026 16:05")
    tab.get_by_role("button", name="Chọn một hình").click()
    tab.locator("input[type=file]").set_input_files(str(picture))
    tab.get_by_role("button", name="Lấy những cái đã chọn").click()
    publish(tab)
    folder = root / "content" / "tin-tuc" / "anh-hoi-nghi-dien-hinh-tien-tien"
    assert wait_for_file(folder / "anh-hoi-nghi.jpg") == picture.read_bytes()
    assert "\nimage: anh-hoi-nghi.jpg\n" in wait_for_file(folder / "index.md").decode("utf-8")
    build(root)
    published = root / "public" / "tin-tuc" / folder.name
    for width in (480, 960, 1400):
        assert (published / f"anh-hoi-nghi-{width}.webp").is_file() and (published / f"anh-hoi-nghi-{width}.jpg").is_file()
    sources = soup(published / "index.html").find("figure", class_="lead-photo").find_all("source")
    assert any("anh-hoi-nghi-480.webp 480w" in source["srcset"] for source in sources)


def test_no_page_but_the_admin_carries_the_relaxed_policy(site):
    _root, server = site
    def policy(path: str) -> str:
        status, html = server.get(path)
        assert status == 200, path
        return soup_text(html).find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "'unsafe-eval'" in policy("/quan-tri/")
    for path in ("/", "/tin-tuc/", "/gioi-thieu/", "/lien-he/", "/tim-kiem/"):
        assert "'unsafe-eval'" not in policy(path) and "'unsafe-inline'" not in policy(path), path
    status, config = server.get("/quan-tri/config.yml")
    assert status == 200 and "proxy_url: /api/v1" in config and "locale: vi" in config
    assert f"site_url: {server.url}/" in config  # "Xem bản hoàn chỉnh" opens the preview


def soup_text(html: str):
    from bs4 import BeautifulSoup
    return BeautifulSoup(html, "html.parser")


def test_a_second_notice_of_the_same_title_gets_the_address_its_editor_writes(admin, site):
    root, _server = site
    title = "Thông báo lịch tiếp công dân"
    for day, address in (("01/11/2026 07:00", ""), ("01/12/2026 07:00", "lich-tiep-cong-dan-thang-12")):
        tab = admin("#/collections/bai-viet/new")
        write_article(tab, title, "Thông báo", day)
        if address:
            tab.get_by_label("Địa chỉ riêng").fill(address)
        publish(tab)
    first = wait_for_file(root / "content" / "thong-bao" / "thong-bao-lich-tiep-cong-dan" / "index.md")
    second = wait_for_file(root / "content" / "thong-bao" / "lich-tiep-cong-dan-thang-12" / "index.md")
    assert b"\nslug: " not in first and b"\nslug: lich-tiep-cong-dan-thang-12\n" in second
    build(root)  # no two articles at one address
    for address, day in (("thong-bao-lich-tiep-cong-dan", "01/11/2026"), ("lich-tiep-cong-dan-thang-12", "01/12/2026")):
        assert day in soup(root / "public" / "thong-bao" / address / "index.html").find("article").find("time").get_text()


def test_the_published_admin_loads_from_the_site_alone_up_to_the_login(browser, tmp_path):
    """`[admin] publish = true`: public/quan-tri/ on a plain static server, under its own policy,
    offers to log in with the agency's git host; nothing is fetched from anywhere else before that."""
    require_tool(REPO / "admin" / "node_modules" / "decap-cms", "make test runs npm ci in admin/")
    config = (REPO / "site.toml").read_text(encoding="utf-8") + (
        '\n[admin]\npublish = true\nbackend = "forgejo"\nbase_url = "https://git.hongngu.gov.vn"\n'
        'repo = "ubnd/trang-thong-tin"\napp_id = "ung-dung-thu"\n')
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    (root / "site.toml").write_text(config, encoding="utf-8")
    build(root)
    with static_server(root / "public") as url:
        context = browser.new_context()
        context.add_init_script(LISTEN_FOR_VIOLATIONS)
        requests = []
        context.on("request", lambda request: requests.append(request.url))
        tab = context.new_page()
        tab.goto(url + "quan-tri/")
        tab.get_by_role("button", name="Đăng nhập bằng tài khoản máy chủ git").wait_for(timeout=15000)
        assert tab.evaluate("window.__violations") == []
        context.close()
    assert [u for u in requests if not u.startswith(url)] == []
