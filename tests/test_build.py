"""End to end: `build.py build` on the real site and on small sites, asserting on what a reader sees."""

import re
import shutil
import unicodedata
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import (FULL_AGENCY_CONFIG, MINIMAL_CONFIG, REPO, article, build, crawl, local_target, make_site,
                      run_cli, soup, static_server, tree_digest)

SEED_TITLE = ("Hội nghị Ký kết Kế hoạch phối hợp về nâng cao vai trò lãnh đạo của chi bộ đối với "
              "ban công tác mặt trận ấp, khóm giai đoạn 2023 – 2027")
SEED_URL = ("tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop-ve-nang-cao-vai-tro-lanh-dao-cua-chi-bo-doi-voi-"
            "ban-cong-tac-mat-tran-ap-khom-giai-doan-2023-2027/")
SUB_PATH_URL = "https://example.gov.vn/hongngu/"
FORBIDDEN_WORDS = re.compile(r"\b(None|null|undefined|NaN)\b")


@pytest.fixture(scope="module")
def real_site(tmp_path_factory):
    """The repository's own site, built as `make build` would (into a temporary folder)."""
    output = tmp_path_factory.mktemp("real") / "public"
    result = run_cli("build", "--root", str(REPO), "--output", str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def real_site_sub_path(tmp_path_factory):
    """The same site published under https://example.gov.vn/hongngu/."""
    output = tmp_path_factory.mktemp("sub") / "public"
    result = run_cli("build", "--root", str(REPO), "--output", str(output), "--base-url", SUB_PATH_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def pages_of(public):
    return sorted(public.rglob("*.html"))


def text_of(element) -> str:
    return re.sub(r"\s+", " ", element.get_text(" ", strip=True)).strip()


def is_not_an_empty_label(element) -> bool:
    """False for "Nguồn:" with nothing after it: a row (p, li) that is only a short label, or an inline
    label (span, strong…) with nothing after it in its row. A <dt> is judged by its <dd>; a row
    introducing a list ("Bạn có thể:" + <ul>) is fine."""
    own = text_of(element)
    if element.name in ("p", "li") and own == "" and not element.find(True):
        return False
    if not (own.endswith(":") and len(own.split()) <= 5):
        return True
    if element.name in ("p", "li"):
        following = element.find_next_sibling()
        return following is not None and following.name in ("ul", "ol", "dl", "table")
    return any(text_of(sibling) if hasattr(sibling, "get_text") else sibling.strip()
               for sibling in element.next_siblings)


def footer_lines(html) -> dict[str, str]:
    """The footer's agency block as {label: value}, e.g. {"Điện thoại:": "0277.3563.362"}."""
    footer = html.find("footer", class_="site-footer")
    return {text_of(row.dt): text_of(row.dd) for row in footer.select("dl.agency > div")}


# --- The real site -------------------------------------------------------------------------------

def test_seed_article_reads_as_on_the_old_portal(real_site):
    html = soup(real_site / SEED_URL / "index.html")
    assert text_of(html.h1) == SEED_TITLE
    assert html.title.get_text().startswith(SEED_TITLE)
    assert text_of(html.select_one(".article .meta time")) == "Thứ Tư, 19/04/2023"
    assert html.select_one(".article .meta time")["datetime"] == "2023-04-19T00:00:00+07:00"
    assert text_of(html.select_one(".author")) == "Tác giả: Hoàng Phương"
    body = text_of(html.select_one(".article-body"))
    assert body.startswith("Ngày 19/4/2023, Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố phối hợp")
    assert body.endswith("các phong trào thi đua yêu nước.")
    assert "Chi tiết bài viết" not in text_of(html.main) and "null" not in text_of(html)
    crumbs = [text_of(li) for li in html.select(".breadcrumb li")]
    assert crumbs == ["Trang chủ", "Tin tức", SEED_TITLE]
    assert html.select_one(".breadcrumb a[href='/tin-tuc/']")
    assert html.select_one("button.print-button").get_text() == "In bài viết"


def test_footer_of_the_seed_with_its_labels_on_every_page(real_site):
    pages = pages_of(real_site)
    assert len(pages) >= 10
    for page in pages:
        html = soup(page)
        english = page.relative_to(real_site).parts[0] == "en"  # the footer in English, from the _en values
        assert footer_lines(html) == ({
            "Managing agency:": "Hong Ngu City People's Committee",
            "Head office:": "An Thanh A Quarter, An Loc Ward, Hong Ngu City, Dong Thap Province",
            "Phone:": "0277.3563.362",
        } if english else {
            "Đơn vị chủ quản:": "Ủy ban Nhân dân thành phố Hồng Ngự",
            "Trụ sở:": "Khóm An Thạnh A, phường An Lộc, Thành phố Hồng Ngự - tỉnh Đồng Tháp",
            "Điện thoại:": "0277.3563.362",
        }), page
        phone = html.select_one("footer.site-footer a[href^='tel:']")
        assert phone["href"] == "tel:+842773563362" and phone.get_text() == "0277.3563.362"


def assert_page_shows_no_gaps(page, language: str = "vi") -> None:
    """In its language, one h1, the footer; no "None"/"null"/"undefined" and no label left empty."""
    html = soup(page)
    assert html.html["lang"] == language, page
    assert html.find("footer", class_="site-footer"), page
    assert html.title and text_of(html.title), page
    assert len(html.find_all("h1")) == 1, page
    visible = text_of(html)
    assert not FORBIDDEN_WORDS.search(visible), (page, FORBIDDEN_WORDS.search(visible))
    for tag in html.find_all(True):
        for value in tag.attrs.values():
            value = " ".join(value) if isinstance(value, list) else value
            assert not FORBIDDEN_WORDS.search(value), (page, tag.name, value)
    for element in html.find_all(["p", "li", "span", "label", "strong", "b"]):
        assert is_not_an_empty_label(element), (page, str(element)[:120])
    for dd in html.find_all("dd"):
        assert text_of(dd), (page, str(dd.parent))


def test_every_page_is_vietnamese_and_shows_no_placeholder_or_empty_label(real_site):
    for page in pages_of(real_site):
        assert_page_shows_no_gaps(page, "en" if page.relative_to(real_site).parts[0] == "en" else "vi")


def test_every_link_of_every_page_resolves_to_a_file(real_site):
    links = crawl(real_site)
    assert sum(len(urls) for urls in links.values()) > 100
    for page, urls in links.items():
        for url in urls:
            target = local_target(real_site, url)
            assert target is not None and target.is_file(), f"{page}: {url}"
    # Every page is reachable from another page (nothing orphaned), except the 404 page.
    linked = {local_target(real_site, url) for urls in links.values() for url in urls}
    for page in pages_of(real_site):
        assert page in linked or page.name == "404.html", page


def test_fragment_links_point_at_an_existing_id(real_site):
    for page in pages_of(real_site):
        html = soup(page)
        ids = {tag["id"] for tag in html.find_all(id=True)}
        for link in html.find_all("a", href=re.compile(r"^#")):
            assert link["href"][1:] in ids, (page, link["href"])


def test_no_relative_links_so_pages_work_at_any_depth(real_site):
    for page in pages_of(real_site):
        html = soup(page)
        for tag in html.find_all(["a", "link", "script", "img"]):
            url = tag.get("href") or tag.get("src")
            if url:
                assert re.match(r"^(/|#|[a-z]+:)", url) and not url.startswith("//"), (page, url)


def test_every_link_works_under_a_sub_path(real_site_sub_path):
    links = crawl(real_site_sub_path)
    checked = 0
    for page, urls in links.items():
        for url in urls:
            assert url.startswith("/hongngu/"), f"{page}: {url}"
            target = local_target(real_site_sub_path, url, "/hongngu/")
            assert target.is_file(), f"{page}: {url}"
            checked += 1
    assert checked > 100
    home = soup(real_site_sub_path / "index.html")
    assert home.find("link", rel="canonical")["href"] == SUB_PATH_URL
    # Links written in Markdown (/lien-he/ in Giới thiệu) get the sub-path too.
    intro = soup(real_site_sub_path / "gioi-thieu" / "index.html")
    assert intro.select_one(".article-body a")["href"] == "/hongngu/lien-he/"


def test_static_pages_and_contact_details_from_site_toml(real_site):
    intro = soup(real_site / "gioi-thieu" / "index.html")
    assert text_of(intro.h1) == "Giới thiệu"
    assert "kênh thông tin chính thức" in text_of(intro.select_one(".article-body"))
    contact = soup(real_site / "lien-he" / "index.html")
    assert text_of(contact.h1) == "Liên hệ"
    details = contact.select_one("main section.contact")
    assert text_of(details.h2) == "Thông tin liên hệ"
    rows = {text_of(row.dt): text_of(row.dd) for row in details.select("dl.agency > div")}
    assert rows["Đơn vị chủ quản:"] == "Ủy ban Nhân dân thành phố Hồng Ngự"
    assert rows["Trụ sở:"].startswith("Khóm An Thạnh A")
    assert details.select_one("a[href='tel:+842773563362']")


def test_menu_from_site_toml_on_every_page(real_site):
    expected = ["Trang chủ", "Giới thiệu", "Cơ cấu tổ chức", "Tin tức – Sự kiện", "Thông báo", "Văn bản", "Lưu trữ",
                "Liên hệ"]
    english = ["About", "Organisation", "Contact"]  # the English pages' own menu
    for page in pages_of(real_site):
        menu = [text_of(a) for a in soup(page).select("nav.site-nav li a")]
        assert menu == (english if page.relative_to(real_site).parts[0] == "en" else expected), page
    current = soup(real_site / "lien-he" / "index.html").select_one("nav.site-nav a[aria-current='page']")
    assert text_of(current) == "Liên hệ"


def test_404_page_works_from_any_depth(real_site):
    html = soup(real_site / "404.html")
    assert text_of(html.h1) == "Không tìm thấy trang"
    deep = "https://hongngu.dongthap.gov.vn/tin-tuc/khong/co/trang-nay/"
    urls = [t.get("href") or t.get("src") for t in html.find_all(["a", "link", "script"])]
    assert any(text_of(a) == "Trang chủ" and a["href"] == "/" for a in html.find_all("a"))
    for url in urls:
        resolved = urljoin(deep, url)
        if urlsplit(resolved).netloc == "hongngu.dongthap.gov.vn" and not url.startswith("#"):
            assert local_target(real_site, urlsplit(resolved).path).is_file(), url


def test_sitemap_lists_existing_pages_only(real_site):
    locs = re.findall(r"<loc>(.*?)</loc>", (real_site / "sitemap.xml").read_text())
    assert "https://hongngu.dongthap.gov.vn/" + SEED_URL in locs
    for loc in locs:
        assert local_target(real_site, urlsplit(loc).path).is_file(), loc
    assert not any(loc.endswith("404.html") for loc in locs)


def test_real_site_build_message(tmp_path):
    result = run_cli("build", "--root", str(REPO), "--output", str(tmp_path / "out"))
    assert re.search(r"Đã dựng \d+ trang \(1 bài viết\)", result.stdout)
    assert result.stderr == ""


# --- Small sites -------------------------------------------------------------------------------------

def test_article_page_shows_every_field(tmp_path):
    root = make_site(tmp_path, {
        "content/tin-tuc/a.md": article(title="Bài trước", date="18/04/2023"),
        "content/tin-tuc/b.md": article(
            title="Hội nghị Đồng Tháp", date="19/04/2023 08:30", author="Hoàng Phương", source="Báo Đồng Tháp",
            updated="20/04/2023 09:15", tags="[Mặt trận, Chi bộ]", body="Nội dung **chính**."),
        "content/tin-tuc/c.md": article(title="Bài sau", date="20/04/2023", tags="[Chi bộ]"),
    })
    build(root)
    html = soup(root / "public" / "tin-tuc" / "hoi-nghi-dong-thap" / "index.html")
    assert text_of(html.h1) == "Hội nghị Đồng Tháp"
    times = [text_of(t) for t in html.select(".article .meta time")]
    assert times == ["Thứ Tư, 19/04/2023 08:30", "Thứ Năm, 20/04/2023 09:15"]
    assert text_of(html.select_one(".updated")) == "Cập nhật: Thứ Năm, 20/04/2023 09:15"
    assert text_of(html.select_one(".author")) == "Tác giả: Hoàng Phương"
    assert text_of(html.select_one(".source")) == "Nguồn: Báo Đồng Tháp"
    assert html.select_one(".article-body strong").get_text() == "chính"
    assert [(a.get_text(), a["href"]) for a in html.select(".tags a")] == [
        ("Mặt trận", "/tu-khoa/mat-tran/"), ("Chi bộ", "/tu-khoa/chi-bo/")]
    assert html.select_one("a[rel=prev]")["href"] == "/tin-tuc/bai-truoc/"
    assert html.select_one("a[rel=next]")["href"] == "/tin-tuc/bai-sau/"
    assert [text_of(a) for a in html.select(".related a")] == ["Bài sau", "Bài trước"]
    assert html.find("meta", attrs={"name": "description"})["content"] == "Nội dung chính."
    for page in pages_of(root / "public"):
        assert_page_shows_no_gaps(page)


def test_optional_fields_left_out_leave_no_label(tmp_path):
    root = make_site(tmp_path, {"content/a.md": article()})
    build(root)
    html = soup(root / "public" / "tin-tuc" / "bai-viet-thu" / "index.html")
    for selector in (".author", ".source", ".updated", ".tags", ".article-nav", ".related"):
        assert html.select_one(selector) is None, selector
    assert list(footer_lines(html)) == ["Đơn vị chủ quản:", "Trụ sở:", "Điện thoại:"]
    assert html.select_one(".copyright") is None
    for page in pages_of(root / "public"):
        assert_page_shows_no_gaps(page)


def test_every_agency_field_when_set(tmp_path):
    config = FULL_AGENCY_CONFIG
    root = make_site(tmp_path, {"content/trang/lien-he.md": "---\ntitle: Liên hệ\nlayout: contact\n---\nx\n"},
                     config=config)
    build(root)
    html = soup(root / "public" / "lien-he" / "index.html")
    assert footer_lines(html) == {
        "Đơn vị chủ quản:": "Ủy ban Nhân dân thành phố Thử Nghiệm", "Trụ sở:": "Số 1, phường Một",
        "Điện thoại:": "0277.3563.362", "Fax:": "0277.3563.363", "Email:": "ubnd@example.gov.vn",
        "Giấy phép:": "Giấy phép số 12/GP-TTĐT", "Chịu trách nhiệm chính:": "Nguyễn Văn A"}
    assert text_of(html.select_one("footer .copyright")) == "© Ủy ban Nhân dân"
    assert html.select_one("footer a[href='mailto:ubnd@example.gov.vn']")
    contact = text_of(html.select_one("section.contact"))
    assert "Họ và tên: Trần Thị B" in contact and "Chức vụ: Chánh Văn phòng" in contact
    assert html.select_one("section.contact a[href='tel:+84912345678']")
    assert_page_shows_no_gaps(root / "public" / "lien-he" / "index.html")


def test_category_pagination_with_numbered_links(tmp_path):
    files = {f"content/tin-tuc/{n}.md": article(title=f"Tin số {n}", date=f"{n:02d}/04/2023") for n in range(1, 6)}
    files["content/thong-bao/x.md"] = article(title="Thông báo", category="thong-bao")
    root = make_site(tmp_path, files)
    build(root)
    public = root / "public"
    listing = [public / "tin-tuc" / "index.html", public / "tin-tuc" / "trang-2" / "index.html",
               public / "tin-tuc" / "trang-3" / "index.html"]
    assert not (public / "tin-tuc" / "trang-4").exists()
    assert not (public / "tin-tuc" / "trang-1").exists()
    titles = [[text_of(a) for a in soup(page).select(".card-title a")] for page in listing]
    assert titles == [["Tin số 5", "Tin số 4"], ["Tin số 3", "Tin số 2"], ["Tin số 1"]]
    for number, page in enumerate(listing, start=1):
        html = soup(page)
        links = html.select("nav.pagination a[aria-label^='Trang ']")
        assert [(text_of(a), a["href"]) for a in links] == [
            ("1", "/tin-tuc/"), ("2", "/tin-tuc/trang-2/"), ("3", "/tin-tuc/trang-3/")]
        assert text_of(html.select_one("nav.pagination a[aria-current=page]")) == str(number)
        assert bool(html.select_one("nav.pagination a[rel=prev]")) == (number > 1)
        assert bool(html.select_one("nav.pagination a[rel=next]")) == (number < 3)
    assert text_of(soup(listing[1]).h1) == "Tin tức (trang 2/3)"
    single = soup(public / "thong-bao" / "index.html")
    assert single.select_one("nav.pagination") is None


def test_home_featured_first_then_a_section_per_category(tmp_path):
    root = make_site(tmp_path, {
        "content/a.md": article(title="Tin mới nhất", date="05/04/2023"),
        "content/b.md": article(title="Tin nổi bật", date="01/04/2023", featured="true"),
        "content/c.md": article(title="Thông báo mới", date="03/04/2023", category="Thông báo"),
    })
    build(root)
    html = soup(root / "public" / "index.html")
    assert [text_of(a) for a in html.select("#tin-moi ~ .cards .card-title a")] == [
        "Tin nổi bật", "Tin mới nhất", "Thông báo mới"]
    assert [text_of(h) for h in html.select("main section h2")[1:]] == ["Tin tức", "Thông báo"]
    assert [text_of(a) for a in html.select("#muc-tin-tuc ~ ul a")] == ["Tin mới nhất", "Tin nổi bật"]


def test_tag_pages_and_tag_index_in_vietnamese_order(tmp_path):
    root = make_site(tmp_path, {
        "content/a.md": article(title="A", date="01/04/2023", tags="[Yên Phong, Ân Hữu]"),
        "content/b.md": article(title="B", date="02/04/2023", tags="[Ân Hữu]"),
    })
    build(root)
    public = root / "public"
    index = soup(public / "tu-khoa" / "index.html")
    assert [text_of(li) for li in index.select(".tag-list li")] == ["Ân Hữu (2)", "Yên Phong (1)"]
    tag = soup(public / "tu-khoa" / "an-huu" / "index.html")
    assert text_of(tag.h1) == "Từ khóa: Ân Hữu"
    assert [text_of(a) for a in tag.select(".card-title a")] == ["B", "A"]


def test_archive_by_year_and_month(tmp_path):
    root = make_site(tmp_path, {
        "content/a.md": article(title="Cuối năm", date="31/12/2022 20:00"),
        "content/b.md": article(title="Đầu năm", date="02/01/2023"),
        "content/c.md": article(title="Tháng tư", date="19/04/2023"),
    })
    build(root)
    public = root / "public"
    archive = soup(public / "luu-tru" / "index.html")
    assert [text_of(h) for h in archive.select("main h2")] == ["Năm 2023 (2 bài)", "Năm 2022 (1 bài)"]
    assert [(text_of(a), a["href"]) for a in archive.select(".month-list a")] == [
        ("Tháng 4/2023", "/luu-tru/2023/04/"), ("Tháng 1/2023", "/luu-tru/2023/01/"),
        ("Tháng 12/2022", "/luu-tru/2022/12/")]
    month = soup(public / "luu-tru" / "2023" / "04" / "index.html")
    assert text_of(month.h1) == "Lưu trữ tháng 4/2023"
    assert [text_of(a) for a in month.select(".card-title a")] == ["Tháng tư"]
    assert [text_of(li) for li in month.select(".breadcrumb li")] == ["Trang chủ", "Lưu trữ", "Năm 2023", "Tháng 4/2023"]
    year = soup(public / "luu-tru" / "2023" / "index.html")
    assert [text_of(a) for a in year.select(".card-title a")] == ["Tháng tư", "Đầu năm"]


def test_two_articles_claiming_one_url_is_an_error_naming_both(tmp_path):
    root = make_site(tmp_path, {
        "content/tin-tuc/mot.md": article(title="Thành uỷ họp"),
        "content/tin-tuc/hai.md": article(title="Thành ủy họp"),
    })
    result = run_cli("build", "--root", str(root))
    assert result.returncode != 0
    assert "content/tin-tuc/mot.md" in result.stderr and "content/tin-tuc/hai.md" in result.stderr
    assert "/tin-tuc/thanh-uy-hop/" in result.stderr
    assert not (root / "public").exists()


def test_all_errors_at_once_and_previous_public_untouched(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/tot.md": article(title="Bài tốt")})
    build(root)
    before = tree_digest(root / "public")
    bad = {
        "content/tin-tuc/ngay.md": article(date="31/02/2023"),
        "content/tin-tuc/muc.md": article(category="Tin tuc"),
        "content/tin-tuc/trong.md": "",
        "content/tin-tuc/utf16.md": article().encode("utf-16"),
        "content/tin-tuc/yaml.md": article(title="Hội nghị: tổng kết"),
        "content/tin-tuc/slug.md": article(slug="../../x"),
        "content/tin-tuc/thieu.md": article().replace("title: Bài viết thử\n", ""),
    }
    make_site(root, bad)
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": lỗi: " in line]
    assert [line.split(":")[0] for line in errors] == sorted(f"content/tin-tuc/{n}.md" for n in
                                                            ["ngay", "muc", "trong", "utf16", "yaml", "slug", "thieu"])
    for line in errors:
        assert re.match(r"^content/tin-tuc/\w+\.md:\d+: lỗi: ", line), line
    assert "content/tin-tuc/ngay.md:3: lỗi:" in result.stderr
    assert "Có 7 lỗi" in result.stderr and "giữ nguyên" in result.stderr
    assert tree_digest(root / "public") == before
    assert not (tmp_path / "x").exists() and not (root.parent / "x").exists()
    assert sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != ".cache") == ["content", "public"]  # no staging left


def test_bad_site_toml_stops_the_build_with_its_line(tmp_path):
    root = make_site(tmp_path, {"content/a.md": article()},
                     config=MINIMAL_CONFIG.replace("articles_per_page = 2", "articles_per_pag = 2"))
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert 'site.toml:5: lỗi: khóa "articles_per_pag"' in result.stderr
    assert '"articles_per_page"' in result.stderr


def test_warnings_name_the_nearest_key_and_do_not_stop_the_build(tmp_path):
    root = make_site(tmp_path, {"content/a.md": article(tieu_de="x", tag="Mặt trận")})
    result = build(root)
    assert 'content/a.md:6: cảnh báo: khóa "tag" không được dùng' in result.stderr
    assert 'Có phải ý bạn là "tags"?' in result.stderr
    assert "Có 2 cảnh báo" in result.stdout


def test_misspelt_key_is_shown_next_to_the_error_it_causes(tmp_path):
    root = make_site(tmp_path, {"content/a.md": article().replace("category:", "catgory:")})
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert 'thiếu "category"' in result.stderr
    assert 'khóa "catgory"' in result.stderr and 'Có phải ý bạn là "category"?' in result.stderr


def test_two_builds_are_byte_identical(tmp_path):
    files = {f"content/tin-tuc/{n}.md": article(title=f"Tin {n}", date=f"{n:02d}/04/2023", tags="[a, b]")
             for n in range(1, 6)}
    files["content/trang/lien-he.md"] = "---\ntitle: Liên hệ\nlayout: contact\n---\nx\n"
    root = make_site(tmp_path / "site", files)
    build(root, "--output", str(tmp_path / "one"))
    build(root, "--output", str(tmp_path / "two"))
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")


def test_bom_crlf_and_nfd_articles_build(tmp_path):
    text = unicodedata.normalize("NFD", article(title="Thành ủy Đồng Tháp", body="Nội dung."))
    root = make_site(tmp_path, {"content/a.md": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()})
    build(root)
    html = soup(root / "public" / "tin-tuc" / "thanh-uy-dong-thap" / "index.html")
    assert html.h1.get_text() == "Thành ủy Đồng Tháp"  # NFC on the page
    assert unicodedata.is_normalized("NFC", (root / "public" / "index.html").read_text())


# --- Drafts, scheduled articles, the clock ----------------------------------------------------------

def epoch(text: str) -> str:
    return str(int(datetime.fromisoformat(text).timestamp()))


def test_drafts_and_future_are_held_back_and_the_build_says_until_when(tmp_path):
    root = make_site(tmp_path, {
        "content/a.md": article(title="Đã đăng", date="01/04/2023"),
        "content/b.md": article(title="Bản nháp", date="01/04/2023", draft="true"),
        "content/c.md": article(title="Hẹn giờ", date="25/12/2099 08:00"),
        "content/d.md": article(title="Hẹn giờ sau", date="01/01/2100"),
    })
    result = build(root)
    assert "Chưa đăng: 1 bản nháp (dùng --drafts để xem); 2 bài hẹn giờ, sẽ đăng từ " \
           "Thứ Sáu, 25/12/2099 08:00 đến Thứ Sáu, 01/01/2100 (dùng --future để xem)." in result.stdout
    public = root / "public"
    assert [text_of(a) for a in soup(public / "tin-tuc" / "index.html").select(".card-title a")] == ["Đã đăng"]
    assert not (public / "tin-tuc" / "ban-nhap").exists() and not (public / "tin-tuc" / "hen-gio").exists()

    build(root, "--drafts")
    assert (public / "tin-tuc" / "ban-nhap" / "index.html").is_file()
    assert not (public / "tin-tuc" / "hen-gio").exists()
    result = build(root, "--drafts", "--future")
    assert (public / "tin-tuc" / "hen-gio" / "index.html").is_file()
    assert "Chưa đăng" not in result.stdout


def test_article_dated_today_is_published_by_a_build_at_six_in_the_morning(tmp_path):
    root = make_site(tmp_path, {
        "content/a.md": article(title="Hôm nay", date="19/04/2023"),
        "content/b.md": article(title="Chiều nay", date="19/04/2023 14:00"),
    })
    six_am = epoch("2023-04-19T06:00:00+07:00")
    result = run_cli("build", "--root", str(root), env={"SOURCE_DATE_EPOCH": six_am})
    assert result.returncode == 0, result.stderr
    assert (root / "public" / "tin-tuc" / "hom-nay" / "index.html").is_file()
    assert not (root / "public" / "tin-tuc" / "chieu-nay").exists()
    assert "1 bài hẹn giờ, sẽ đăng Thứ Tư, 19/04/2023 14:00" in result.stdout
    afternoon = epoch("2023-04-19T14:00:00+07:00")
    run_cli("build", "--root", str(root), env={"SOURCE_DATE_EPOCH": afternoon})
    assert (root / "public" / "tin-tuc" / "chieu-nay" / "index.html").is_file()


# --- Command line -------------------------------------------------------------------------------------

def test_help_explains_the_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "content/" in result.stdout and "public/" in result.stdout and "build" in result.stdout
    result = run_cli("build", "--help")
    assert result.returncode == 0
    for option in ("--root", "--drafts", "--future", "--output", "--base-url"):
        assert option in result.stdout
    assert "bản nháp" in result.stdout and "public/ cũ được giữ nguyên" in result.stdout


def test_help_is_in_vietnamese():
    result = run_cli("--help")
    assert result.stdout.startswith("Cách dùng: build.py")
    assert "tùy chọn:" in result.stdout and "hiện hướng dẫn này" in result.stdout
    assert "usage" not in result.stdout and "options:" not in result.stdout
    assert "python build.py build --drafts --future" in result.stdout  # examples


@pytest.mark.parametrize("args, words", [
    ((), "thiếu LỆNH"),
    (("biuld",), "LỆNH: không có lựa chọn 'biuld'"),
    (("build", "--outptu", "x"), "không hiểu tùy chọn: --outptu"),
])
def test_usage_mistakes_are_explained_in_vietnamese(args, words):
    result = run_cli(*args)
    assert result.returncode == 2
    assert "Cách dùng: build.py" in result.stderr
    assert f"build.py: lỗi: {words}" in result.stderr and "build.py --help" in result.stderr


def test_base_url_option_without_trailing_slash(tmp_path):
    root = make_site(tmp_path, {"content/a.md": article()})
    build(root, "--base-url", "https://example.gov.vn/hongngu")
    html = soup(root / "public" / "tin-tuc" / "bai-viet-thu" / "index.html")
    assert html.select_one(".breadcrumb a")["href"] == "/hongngu/"
    assert html.find("link", rel="canonical")["href"] == "https://example.gov.vn/hongngu/tin-tuc/bai-viet-thu/"
    result = run_cli("build", "--root", str(root), "--base-url", "hongngu")
    assert result.returncode == 1 and "--base-url" in result.stderr


@pytest.mark.parametrize("output", [".", "content", "content/tin-tuc", ".."])
def test_output_folder_that_would_replace_the_sources_is_refused(tmp_path, output):
    root = make_site(tmp_path / "site", {"content/tin-tuc/a.md": article()})
    before = tree_digest(tmp_path)
    result = run_cli("build", "--root", str(root), "--output", str(root / output))
    assert result.returncode == 1 and "--output" in result.stderr
    assert tree_digest(tmp_path) == before


def test_make_build_output_is_ignored_by_git():
    ignored = (REPO / ".gitignore").read_text().split()
    assert "public/" in ignored
    assert shutil.which("make")


def test_timestamps_are_in_the_site_timezone(tmp_path):
    root = make_site(tmp_path, {"content/a.md": article(date="2023-04-19T01:30:00Z")})
    build(root)
    html = soup(root / "public" / "tin-tuc" / "bai-viet-thu" / "index.html")
    time = html.select_one(".meta time")
    assert text_of(time) == "Thứ Tư, 19/04/2023 08:30"
    assert datetime.fromisoformat(time["datetime"]) == datetime(2023, 4, 19, 1, 30, tzinfo=timezone.utc)


# --- In a real browser ----------------------------------------------------------------------------------

def test_404_page_and_sub_path_site_work_in_chromium(tmp_path, page):
    """Served under /hongngu/ like on the agency's server: the 404 page shown at a deep missing path
    loads its stylesheet and its links lead to real pages; the menu works."""
    root = make_site(tmp_path / "site", {"content/tin-tuc/a.md": article(title="Tin đầu tiên"),
                                         "content/trang/lien-he.md": "---\ntitle: Liên hệ\nlayout: contact\n---\nx\n"},
                     config=MINIMAL_CONFIG.replace('url = "/"', 'url = "/lien-he/"').replace(
                         'title = "Trang chủ"', 'title = "Liên hệ"'))
    www = tmp_path / "www"
    build(root, "--output", str(www / "hongngu"), "--base-url", SUB_PATH_URL)
    deep = www / "hongngu" / "khong" / "co" / "trang-nay"
    deep.mkdir(parents=True)
    shutil.copy(www / "hongngu" / "404.html", deep / "index.html")  # what a server does for a missing path

    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    with static_server(www) as base:
        page.goto(base + "hongngu/khong/co/trang-nay/", timeout=15000)
        assert page.locator("h1").inner_text() == "Không tìm thấy trang"
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") != "static"
        page.get_by_role("link", name="Trang chủ", exact=True).first.click()
        page.wait_for_url(base + "hongngu/", timeout=15000)
        assert page.locator(".card-title a").inner_text() == "Tin đầu tiên"
        page.locator("nav.site-nav").get_by_role("link", name="Liên hệ").click()
        page.wait_for_url(base + "hongngu/lien-he/", timeout=15000)
        assert "Đơn vị chủ quản:" in page.locator("section.contact").inner_text()
    assert failed == []
