"""`build.py import` of a saved Liferay portal, then `build`: what editors and readers get."""

from __future__ import annotations

import os
import re
import shutil
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import frontmatter
import pytest
from bs4 import BeautifulSoup

from conftest import build, local_target, run_cli, soup, static_server, tree_digest
from import_fixtures import (DIGITAL_OLD_PATH, FIXTURES, HOST, SAMPLE_ARTICLE, SAMPLE_OLD_PATH, make_import_site,
                             make_mirror)

DIGITAL = "content/tin-tuc/thanh-pho-hong-ngu-trien-khai-ke-hoach-chuyen-doi-so-nam-2023"
SAMPLE = ("content/tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop-ve-nang-cao-vai-tro-lanh-dao-cua-chi-bo-doi-voi-ban-"
          "cong-tac-mat-tran-ap-khom-giai-doan-2023-2027")
NOTICE = "content/thong-bao/thong-bao-lich-tiep-cong-dan-thang-5-nam-2023"


def run_import(site: Path, *args: str):
    return run_cli("import", "--root", str(site), *args)


def import_with_page_changed(tmp_path: Path, page: str, old: str, new: str):
    """(site, mirror, result) of importing the saved portal after one saved page's text was changed."""
    site = make_import_site(tmp_path / "site")
    mirror = make_mirror(tmp_path / "saved")
    saved = mirror / page
    saved.write_text(saved.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return site, mirror, run_import(site, str(mirror))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A site with the saved portal imported (once) and built."""
    base = tmp_path_factory.mktemp("portal")
    site = make_import_site(base / "site")
    mirror = make_mirror(base / "saved")
    result = run_import(site, str(mirror))
    assert result.returncode == 0, result.stdout + result.stderr
    build(site)
    return site, mirror, result


def words(text: str) -> str:
    return " ".join(text.split())


def blocks(element) -> list[str]:
    """The text of each paragraph, heading, list item, table cell and caption, in order."""
    found = []
    for block in element.find_all(["p", "h2", "h3", "h4", "li", "th", "td", "figcaption"]):
        if block.find(["p", "li", "ul", "ol", "table", "img"]) and block.name != "figcaption":
            own = words("".join(t for t in block.find_all(string=True, recursive=False)))
            if own:
                found.append(own)
            continue
        text = words(block.get_text(" "))
        if text:
            found.append(text)
    return found


def built_body(site: Path, folder: str) -> BeautifulSoup:
    page = site / "public" / folder.removeprefix("content/") / "index.html"
    body = soup(page).select_one(".article-body")
    for label in body.select(".attachment-label, .attachment-meta"):
        label.decompose()  # "Tải về: … (PDF, 77 byte)": the build's words around a link, not the article's
    return body


def test_each_paragraph_of_the_old_page_is_in_the_built_article(imported):
    site, _mirror, _result = imported
    old = BeautifulSoup((FIXTURES / "digital-article.html").read_text(encoding="utf-8"), "html.parser")
    old_body = old.select_one(".journal-content-article")
    expected = [text for text in blocks(old_body) if text not in ("null", "Minh Tâm")]
    got = [re.sub(r"\s+([.,;:])", r"\1", text) for text in blocks(built_body(site, DIGITAL))]
    expected = [re.sub(r"\s+([.,;:])", r"\1", text) for text in expected]
    assert got == expected


def test_the_photo_table_becomes_a_captioned_photo_and_the_pdf_is_published(imported):
    site, _mirror, _result = imported
    body = built_body(site, DIGITAL)
    figure = body.find("figure")
    assert figure.find("img")["alt"] == "Quang cảnh hội nghị"
    assert words(figure.figcaption.get_text()) == "Quang cảnh hội nghị triển khai kế hoạch"
    assert len(body.find_all("table")) == 1  # the data table stays a table; the photo's layout table is gone
    pdf = body.find("a", href=re.compile(r"\.pdf$"))
    assert local_target(site / "public", pdf["href"]).read_bytes().startswith(b"%PDF")
    assert (site / DIGITAL / "ke-hoach-chuyen-doi-so-2023.pdf").is_file()


def test_a_link_to_another_imported_article_leads_to_its_new_address(imported):
    site, _mirror, _result = imported
    link = built_body(site, DIGITAL).find("a", string=re.compile("hội nghị ký kết"))
    assert link["href"] == "/" + SAMPLE.removeprefix("content/") + "/"
    assert local_target(site / "public", link["href"]).is_file()


def test_the_sample_article_comes_back_as_it_is_in_content_without_the_debris(imported):
    site, _mirror, _result = imported
    today = frontmatter.loads(SAMPLE_ARTICLE.read_text(encoding="utf-8"))
    back = frontmatter.loads((site / SAMPLE / "index.md").read_text(encoding="utf-8"))
    assert back["title"] == today["title"]
    assert back["date"].startswith(today["date"])  # the old page also gave the time: 19/04/2023 08:30
    assert back["category"] == today["category"]
    assert back["author"] == today["author"]
    assert back["tags"] == today["tags"]
    assert [words(p) for p in back.content.split("\n\n")] == [words(p) for p in today.content.split("\n\n")]
    page = (site / "public" / SAMPLE.removeprefix("content/") / "index.html").read_text(encoding="utf-8")
    article_text = words(BeautifulSoup(page, "html.parser").select_one(".article-body").get_text(" "))
    for debris in ("null", "Chi tiết bài viết", "Chia sẻ", "Các tin khác", "Lượt truy cập", "Hoàng Phương"):
        assert debris not in article_text


def test_front_matter_keeps_the_old_address_and_date_time_in_local_time(imported):
    site, _mirror, _result = imported
    digital = frontmatter.loads((site / DIGITAL / "index.md").read_text(encoding="utf-8"))
    assert digital["date"] == "20/04/2023 08:30"   # "08:30 | 20/04/2023", never shifted by seven hours
    assert digital["source"] == f"https://{HOST}{DIGITAL_OLD_PATH}"
    assert digital["aliases"] == [DIGITAL_OLD_PATH]
    assert digital["summary"] == "Hội nghị triển khai Kế hoạch chuyển đổi số năm 2023 của Thành phố."
    notice = frontmatter.loads((site / NOTICE / "index.md").read_text(encoding="utf-8"))
    assert notice["date"] == "28/04/2023" and notice["category"] == "Thông báo"
    built = soup(site / "public" / DIGITAL.removeprefix("content/") / "index.html")
    assert "20/04/2023 08:30" in built.find("time").get_text()


def test_the_summary_counts_what_was_done(imported):
    _site, _mirror, result = imported
    assert "3 bài mới" in result.stdout
    assert "1 trang không phải bài viết" in result.stdout
    assert "2 ảnh, 1 tệp đính kèm" in result.stdout
    assert "Thông báo 1, Tin tức 2" in result.stdout
    assert "\r" not in result.stderr  # no progress line when the output is not a terminal


def serve_rules(public: Path, request: str) -> str | None:
    """Where the generated nginx rules send a request (path?query), read as nginx reads them:
    the exact `location` of the path, its `if ($args = …)` lines first, then its plain return."""
    path, _, query = request.partition("?")
    inside, plain = False, None
    for line in (public / "redirects.nginx.conf").read_text(encoding="utf-8").splitlines():
        one_line = re.match(r'^location = "([^"]+)" \{ return 301 "([^"]+)"; \}$', line)
        if one_line and one_line.group(1) == path:
            return one_line.group(2)
        opening = re.match(r'^location = "([^"]+)" \{$', line)
        if opening:
            inside = opening.group(1) == path
            continue
        if inside:
            condition = re.match(r'^\s+if \(\$args = "([^"]*)"\) \{ return 301 "([^"]+)"; \}$', line)
            if condition and condition.group(1) == query:
                return condition.group(2)
            fallback = re.match(r'^\s+return 301 "([^"]+)";$', line)
            if fallback:
                plain = fallback.group(1)
            if line == "}":
                return plain
    return None


def apache_target(public: Path, request: str) -> str | None:
    """Where the generated Apache rules send a request, applying them in order as mod_rewrite does,
    both as the <VirtualHost> sees a path ("/-/x") and as a .htaccess does ("-/x")."""
    lines = (public / "redirects.apache.conf").read_text(encoding="utf-8").splitlines()
    path, _, query = request.partition("?")
    condition = None
    for line in lines:
        if line.startswith("RewriteCond %{QUERY_STRING} "):
            condition = line.split(" ", 2)[2]
        elif line.startswith("RewriteRule "):
            _, pattern, target, _flags = line.split(" ")
            matched = re.search(pattern, path) and re.search(pattern, path.lstrip("/")) and (condition is None or re.search(condition, query))
            condition = None
            if matched:
                return target.rstrip("?")
    return None


@pytest.mark.parametrize("old", [SAMPLE_OLD_PATH, SAMPLE_OLD_PATH + ".html", DIGITAL_OLD_PATH,
                                 "/thong-bao/lich-tiep-cong-dan"])
def test_old_addresses_lead_to_the_new_pages(imported, old):
    site, _mirror, _result = imported
    public = site / "public"
    for target in (serve_rules(public, old), apache_target(public, old)):
        assert target is not None, old
        assert local_target(public, target).is_file()
    if "?" not in old:  # a static page at the old path, for servers without rules
        with static_server(public) as base:
            url = urljoin(base, old.lstrip("/") + ("/" if not old.endswith(".html") else ""))
            page = BeautifulSoup(urllib.request.urlopen(url).read().decode("utf-8"), "html.parser")
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        target = refresh.split("url=", 1)[1]
        assert page.find("link", rel="canonical")["href"] == f"https://{HOST}{target}"
        assert page.find("a", href=target) is not None and page.html["lang"] == "vi"
        assert local_target(public, target).is_file()


def test_a_second_import_changes_nothing_and_says_so(imported, tmp_path):
    site, mirror, _result = imported
    content_before = tree_digest(site / "content")
    again = run_import(site, str(mirror))
    assert again.returncode == 0, again.stderr
    assert "0 bài mới" in again.stdout and "3 đã có" in again.stdout
    assert "Không có gì thay đổi" in again.stdout
    assert tree_digest(site / "content") == content_before


def test_update_refreshes_untouched_files_and_never_overwrites_an_edited_one(tmp_path):
    site = make_import_site(tmp_path / "site")
    mirror = make_mirror(tmp_path / "saved")
    assert run_import(site, str(mirror)).returncode == 0
    edited = site / SAMPLE / "index.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Hoàng Phương", "Hoàng Phương (sửa)"),
                      encoding="utf-8")
    # The old portal corrected both articles since the first import.
    for name, words_in_body in ((SAMPLE_OLD_PATH.lstrip("/") + ".html", "Ngày 19/4/2023"),
                                ("tin-tuc/chi-tiet?id=7742453.html", "Sáng ngày 20/4/2023")):
        page = mirror / name
        page.write_text(page.read_text(encoding="utf-8").replace(words_in_body, words_in_body + " (đã sửa)"),
                        encoding="utf-8")

    without = run_import(site, str(mirror))
    assert "--update" in without.stdout
    assert "(đã sửa)" not in (site / DIGITAL / "index.md").read_text(encoding="utf-8")

    updated = run_import(site, str(mirror), "--update")
    assert updated.returncode == 0, updated.stderr
    assert "(đã sửa)" in (site / DIGITAL / "index.md").read_text(encoding="utf-8")
    kept = edited.read_text(encoding="utf-8")
    assert "Hoàng Phương (sửa)" in kept and "(đã sửa)" not in kept
    assert f"{SAMPLE}/index.md" in updated.stderr and "giữ nguyên" in updated.stderr
    # ... and stays the editor's on every later update.
    run_import(site, str(mirror), "--update")
    assert edited.read_text(encoding="utf-8") == kept


def test_dry_run_writes_nothing_and_lists_what_it_would_make(tmp_path):
    site = make_import_site(tmp_path / "site")
    mirror = make_mirror(tmp_path / "saved")
    before = tree_digest(site)
    result = run_import(site, str(mirror), "--dry-run")
    assert result.returncode == 0
    assert tree_digest(site) == before
    assert f"Sẽ tạo {DIGITAL}/" in result.stdout and "không ghi tệp nào" in result.stdout


def test_an_article_already_in_content_is_not_imported_again(tmp_path):
    site = make_import_site(tmp_path / "site")
    shutil.copy(SAMPLE_ARTICLE, site / "content" / "bai-cu.md")
    result = run_import(site, str(make_mirror(tmp_path / "saved")))
    assert "Đã có:" in result.stdout and "content/bai-cu.md" in result.stdout
    assert not (site / SAMPLE).exists()
    assert result.returncode == 0


def test_an_unknown_category_is_listed_with_its_closest_match_and_skips_the_article(tmp_path):
    site, mirror, result = import_with_page_changed(tmp_path, "thong-bao/lich-tiep-cong-dan.html",
                                                    "Thông báo</a></li>", "Thông báo – Thông cáo</a></li>")
    assert result.returncode == 1
    assert "\"Thông báo – Thông cáo\": 1 bài; gần nhất: Thông báo (thong-bao)" in result.stdout
    mapping = tmp_path / "chuyen-muc.csv"
    mapping.write_text("Tên cũ,Chuyên mục mới\nThông báo – Thông cáo,thong-bao\n", encoding="utf-8")
    mapped = run_import(site, str(mirror), "--category-map", str(mapping))
    assert mapped.returncode == 0, mapped.stdout + mapped.stderr
    assert (site / NOTICE / "index.md").is_file()


def test_a_title_taken_by_another_article_gets_a_numbered_slug(tmp_path):
    site = make_import_site(tmp_path / "site")
    (site / "content" / "tin-tuc").mkdir(parents=True)
    (site / "content" / "tin-tuc" / "khac.md").write_text(
        "---\ntitle: Thành phố Hồng Ngự triển khai kế hoạch chuyển đổi số năm 2023\ndate: 01/01/2020\n"
        "category: Tin tức\n---\n\nBài khác, cùng tiêu đề.\n", encoding="utf-8")
    assert run_import(site, str(make_mirror(tmp_path / "saved"))).returncode == 0
    second = frontmatter.loads((site / (DIGITAL + "-2") / "index.md").read_text(encoding="utf-8"))
    assert second["slug"] == DIGITAL.rsplit("/", 1)[1] + "-2"
    build(site)


def windows_1258(text: str) -> bytes:
    """Text as Vietnamese Windows saved it: letters precomposed (ơ, ư, â…), tone marks as combining characters."""
    import unicodedata
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_a_windows_1258_page_and_a_missing_photo(tmp_path):
    site = make_import_site(tmp_path / "site")
    mirror = make_mirror(tmp_path / "saved")
    notice = (FIXTURES / "notice.html").read_text(encoding="utf-8").replace("charset=UTF-8", "charset=windows-1258")
    (mirror / "thong-bao/lich-tiep-cong-dan.html").write_bytes(windows_1258(notice))
    (mirror / "documents/10180/0/tru-so.png").unlink()
    result = run_import(site, str(mirror))
    assert result.returncode == 0
    text = (site / NOTICE / "index.md").read_text(encoding="utf-8")
    assert "Thông báo lịch tiếp công dân tháng 5 năm 2023" in text  # decoded, and NFC
    assert "tru-so.png" not in text
    assert "thong-bao/lich-tiep-cong-dan.html: cảnh báo: không tìm thấy ảnh" in result.stderr


def test_a_page_without_title_is_skipped_and_the_exit_status_says_so(tmp_path):
    site = make_import_site(tmp_path / "site")
    mirror = make_mirror(tmp_path / "saved")
    page = mirror / "thong-bao/lich-tiep-cong-dan.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r'<h3 class="header-title"><span>.*?</span></h3>', '<h3 class="header-title"></h3>', text),
                    encoding="utf-8")
    page.write_text(page.read_text(encoding="utf-8").replace("<title>", "<title>").replace(
        re.search(r"<title>(.*?)</title>", text).group(0), "<title></title>"), encoding="utf-8")
    result = run_import(site, str(mirror))
    assert result.returncode == 1
    assert "Bỏ qua: hongngu.dongthap.gov.vn/thong-bao/lich-tiep-cong-dan.html: bài không có tiêu đề" in result.stdout
    assert "2 bài mới" in result.stdout


def test_a_missing_source_stops_before_anything_is_read(tmp_path):
    site = make_import_site(tmp_path / "site")
    result = run_import(site, str(tmp_path / "khong-co"))
    assert result.returncode == 2
    assert "không có tệp hay thư mục này" in result.stderr


def test_without_selectors_the_page_metadata_and_readability_find_the_article(tmp_path):
    from conftest import MINIMAL_CONFIG
    site = make_import_site(tmp_path / "site", MINIMAL_CONFIG)
    mirror = make_mirror(tmp_path / "saved")
    result = run_import(site, str(mirror))
    # Only the page with Open Graph and article:published_time says it is an article.
    assert "1 bài mới" in result.stdout, result.stdout + result.stderr
    digital = frontmatter.loads((site / DIGITAL / "index.md").read_text(encoding="utf-8"))
    assert digital["date"] == "20/04/2023 08:30" and digital["author"] == "Minh Tâm"
    assert "![Quang cảnh hội nghị](hoi-nghi-chuyen-doi-so.jpg \"Quang cảnh hội nghị triển khai kế hoạch\")" \
        in digital.content
    for debris in ("null", "Chi tiết bài viết", "Các tin khác", "Lượt truy cập"):
        assert debris not in digital.content


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.mark.skipif(NGINX is None and os.environ.get("CI") != "true",
                    reason="nginx is not installed (apt-get install nginx-light; .ci/run installs it)")
def test_real_nginx_with_the_generated_rules_sends_old_addresses_to_the_new_pages(imported, tmp_path):
    import subprocess
    import urllib.error

    from conftest import free_port
    site, _mirror, _result = imported
    public = site / "public"
    port = free_port()
    config = tmp_path / "nginx.conf"
    # As root, nginx's workers would run as "nobody", who cannot read pytest's private temp folder.
    user = "user root;" if os.geteuid() == 0 else ""
    config.write_text(f"""
daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; {user}
events {{}}
http {{
  access_log off; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};
  fastcgi_temp_path {tmp_path}; uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path};
  server {{
    listen 127.0.0.1:{port}; root {public}; index index.html; absolute_redirect off;
    include {public}/redirects.nginx.conf;
    location / {{ try_files $uri $uri/ =404; }}
  }}
}}
""", encoding="utf-8")
    checked = subprocess.run([NGINX, "-t", "-c", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen([NGINX, "-c", str(config)], stderr=subprocess.DEVNULL)
    try:
        class NoFollow(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None
        opener = urllib.request.build_opener(NoFollow)
        for _ in range(50):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except (urllib.error.URLError, ConnectionError):
                import time
                time.sleep(0.1)
        for old in (SAMPLE_OLD_PATH, DIGITAL_OLD_PATH, "/thong-bao/lich-tiep-cong-dan.html"):
            with pytest.raises(urllib.error.HTTPError) as answer:
                opener.open(f"http://127.0.0.1:{port}{old}", timeout=5)
            assert answer.value.code == 301
            target = answer.value.headers["Location"]
            assert local_target(public, target).is_file()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{target}", timeout=5) as page:
                assert page.status == 200
        # Another query on the same old path is not redirected to this article.
        with pytest.raises(urllib.error.HTTPError) as other:
            opener.open(f"http://127.0.0.1:{port}/tin-tuc/chi-tiet?id=1", timeout=5)
        assert other.value.code == 404
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_broken_page_is_reported_and_the_others_imported(tmp_path):
    site = make_import_site(tmp_path / "site")
    mirror = make_mirror(tmp_path / "saved")
    (mirror / "tin-tuc" / "hong.html").write_bytes(b"   ")
    result = run_import(site, str(mirror))
    assert result.returncode == 1
    assert "Bỏ qua: hongngu.dongthap.gov.vn/tin-tuc/hong.html: trang hỏng" in result.stdout
    assert "3 bài mới" in result.stdout


def test_what_the_title_and_date_selectors_find_inside_the_body_is_not_repeated(tmp_path):
    from import_fixtures import IMPORT_CONFIG
    wide_body = IMPORT_CONFIG.replace('body = ".journal-content-article"', 'body = ".asset-full-content"')
    site = make_import_site(tmp_path / "site", wide_body)
    assert run_import(site, str(make_mirror(tmp_path / "saved"))).returncode == 0
    post = frontmatter.loads((site / DIGITAL / "index.md").read_text(encoding="utf-8"))
    assert post["title"] == "Thành phố Hồng Ngự triển khai kế hoạch chuyển đổi số năm 2023"
    assert post["title"] not in post.content and "20/04/2023" not in post.content.split("\n")[0]
    assert "Chuyển đổi số" not in post.content  # the tags line, matched by `tags`
    assert post.content.startswith("Sáng ngày 20/4/2023")  # the summary, matched by `summary`, is above


def test_pages_read_and_converted_by_worker_processes_give_the_same_files(tmp_path, monkeypatch):
    """The parallel path (taken from 150 pages per worker on) writes exactly what one process writes."""
    from sitegen.common import parallel
    from sitegen.importer.run import ImportOptions, import_articles
    mirror = make_mirror(tmp_path / "saved")
    alone = make_import_site(tmp_path / "alone")
    import_articles(ImportOptions(root=alone, sources=(str(mirror),)))
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 1)
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    shared = make_import_site(tmp_path / "shared")
    report = import_articles(ImportOptions(root=shared, sources=(str(mirror),)))
    assert len(report.created) == 3
    assert tree_digest(shared / "content") == tree_digest(alone / "content")


def test_an_article_already_in_content_under_its_old_address_is_not_imported_again(tmp_path):
    site = make_import_site(tmp_path / "site")
    (site / "content" / "tin-tuc").mkdir(parents=True)
    (site / "content" / "tin-tuc" / "chuyen-doi-so.md").write_text(
        f"---\ntitle: Chuyển đổi số (chép tay)\ndate: 21/04/2023\ncategory: Tin tức\n"
        f"source: http://www.{HOST}{DIGITAL_OLD_PATH}\n---\n\nĐã chép tay.\n", encoding="utf-8")
    result = run_import(site, str(make_mirror(tmp_path / "saved")))
    assert "Đã có: hongngu.dongthap.gov.vn/tin-tuc/chi-tiet?id=7742453.html (trong content/tin-tuc/chuyen-doi-so.md)" \
        in result.stdout
    assert not (site / DIGITAL).exists()


def test_an_unreadable_date_makes_a_draft_that_says_why(tmp_path):
    site, _mirror, result = import_with_page_changed(tmp_path, "thong-bao/lich-tiep-cong-dan.html",
                                                     "Ngày 28 tháng 4 năm 2023", "Đang cập nhật")
    assert result.returncode == 0
    assert 'cảnh báo: không đọc được ngày đăng "Đang cập nhật"; bài được nhập dưới dạng bản nháp.' in result.stderr
    text = (site / NOTICE / "index.md").read_text(encoding="utf-8")
    notice = frontmatter.loads(text)
    assert notice["draft"] is True and "# Không đọc được ngày đăng \"Đang cập nhật\"" in text
    build(site)  # a draft: the site builds, without it
    assert not (site / "public" / NOTICE.removeprefix("content/")).exists()
