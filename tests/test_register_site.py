"""The documents register as built: pages, statuses with their day, feeds, sitemap, JSON-LD,
Dublin Core, the filter's data file, the editors' errors and `new --document`."""

from __future__ import annotations

import json
import tomllib
from datetime import datetime, timezone

import feedparser
import pytest

from conftest import (DOCUMENTS_CONFIG, MINIMAL_CONFIG, PDF, REPO, make_site, official_document, run_cli, soup,
                      tree_digest)
from sitegen.common.errors import BuildFailed
from sitegen.pipeline import BuildOptions, build_site

CONFIG = MINIMAL_CONFIG + DOCUMENTS_CONFIG
NOW = datetime(2024, 6, 1, 3, 0, tzinfo=timezone.utc)  # 01/06/2024 in Vietnam

FILES = {
    "content/van-ban/quy-dinh/index.md": official_document(
        summary="Ban hành Quy định quản lý trật tự xây dựng", issuer="Ủy ban Nhân dân thành phố Thử Nghiệm",
        fields="[Xây dựng]", signer="{name: Nguyễn Văn A, position: Chủ tịch}", effective="15/03/2024",
        expires="01/01/2026", replaces="[03/2019/QĐ-UBND]", files="[{file: van-ban.pdf, title: Toàn văn}]",
        body="## Điều 1\n\nPhạm vi điều chỉnh."),
    "content/van-ban/quy-dinh/van-ban.pdf": PDF,
    "content/van-ban/cu/index.md": official_document(number="03/2019/QĐ-UBND", issued="10/04/2019",
                                                      summary="Quy định cũ", fields="[Xây dựng, Đất đai]"),
    "content/van-ban/cu/van-ban.pdf": PDF,
    "content/van-ban/ke-hoach/index.md": official_document(number="07/KH-UBND", type="Kế hoạch", issued="10/05/2024",
                                                            effective="01/07/2024", summary="Kế hoạch phòng chống lụt bão"),
    "content/van-ban/ke-hoach/van-ban.pdf": PDF,
    "content/tin-tuc/a.md": "---\ntitle: Bài viết\ndate: 01/05/2024\ncategory: Tin tức\n---\n\nNội dung.\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("register"), FILES, config=CONFIG)
    build_site(BuildOptions(root=root, now=NOW))
    return root / "public"


def rows(page) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            for row in page.select("table.register-table tbody tr")]


def test_the_register_lists_every_document_newest_first_in_pages(site):
    first, second = soup(site / "van-ban/index.html"), soup(site / "van-ban/trang-2/index.html")
    assert first.h1.get_text(strip=True) == "Văn bản"
    headers = [th.get_text(strip=True) for th in first.select("table.register-table thead th")]
    assert headers == ["Số ký hiệu", "Ngày ban hành", "Trích yếu", "Loại văn bản", "Tình trạng"]
    assert rows(first) == [
        ["07/KH-UBND", "Ngày ban hành: 10/05/2024", "Kế hoạch phòng chống lụt bão", "Loại văn bản: Kế hoạch",
         "Tình trạng: Chưa có hiệu lực"],
        ["12/2024/QĐ-UBND", "Ngày ban hành: 05/03/2024", "Ban hành Quy định quản lý trật tự xây dựng",
         "Loại văn bản: Quyết định", "Tình trạng: Còn hiệu lực"]]
    assert [r[0] for r in rows(second)] == ["03/2019/QĐ-UBND"]
    assert "Tình trạng hiệu lực tại ngày 01/06/2024" in first.select_one("table caption").get_text(" ", strip=True)
    assert first.select_one(".pagination a[rel=next]")["href"] == "/van-ban/trang-2/"
    link = first.select_one("table.register-table tbody a")
    assert link["href"] == "/van-ban/07-kh-ubnd-2024/" and (site / "van-ban/07-kh-ubnd-2024/index.html").is_file()


@pytest.mark.parametrize("url, heading, numbers", [
    ("van-ban/loai/quyet-dinh/", "Quyết định", ["12/2024/QĐ-UBND", "03/2019/QĐ-UBND"]),
    ("van-ban/loai/ke-hoach/", "Kế hoạch", ["07/KH-UBND"]),
    ("van-ban/co-quan/uy-ban-nhan-dan-thanh-pho-thu-nghiem/", "Văn bản của Ủy ban Nhân dân thành phố Thử Nghiệm",
     ["07/KH-UBND", "12/2024/QĐ-UBND"]),
    ("van-ban/linh-vuc/xay-dung/", "Văn bản lĩnh vực Xây dựng", ["12/2024/QĐ-UBND", "03/2019/QĐ-UBND"]),
    ("van-ban/linh-vuc/dat-dai/", "Văn bản lĩnh vực Đất đai", ["03/2019/QĐ-UBND"]),
    ("van-ban/nam/2019/", "Văn bản năm 2019", ["03/2019/QĐ-UBND"]),
])
def test_listing_pages_by_type_issuer_field_and_year(site, url, heading, numbers):
    page = soup(site / url / "index.html")
    assert page.h1.get_text(strip=True) == heading
    assert [r[0] for r in rows(page)] == numbers
    assert page.select_one(".lead a")["href"].startswith("/van-ban/?")  # the same choice, filtered in place
    current = page.select_one(".register-browse a[aria-current=page]")
    assert current["href"] == "/" + url


def test_the_register_links_every_listing_page_for_readers_without_javascript(site):
    page = soup(site / "van-ban/index.html")
    links = {a.get_text(strip=True): a["href"] for a in page.select(".register-browse a")}
    assert links["Quyết định"] == "/van-ban/loai/quyet-dinh/"
    assert links["Đất đai"] == "/van-ban/linh-vuc/dat-dai/"
    assert links["2024"] == "/van-ban/nam/2024/"
    assert links["Ủy ban Nhân dân thành phố Thử Nghiệm"] == "/van-ban/co-quan/uy-ban-nhan-dan-thanh-pho-thu-nghiem/"
    for href in links.values():
        assert (site / href.lstrip("/")).exists(), href
    form = page.select_one("form[data-register-filter]")
    assert form.has_attr("hidden")  # shown by the script only
    assert [s["name"] for s in form.select("select")] == ["loai", "co-quan", "linh-vuc", "nam", "tinh-trang"]


def test_a_document_page_shows_every_field_its_files_and_its_relations(site):
    page = soup(site / "van-ban/12-2024-qd-ubnd/index.html")
    assert page.h1.get_text(strip=True) == "Quyết định số 12/2024/QĐ-UBND"
    assert page.select_one(".document-summary").get_text(strip=True) == "Ban hành Quy định quản lý trật tự xây dựng"
    fields = {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in page.select(".document-fields > div")}
    assert fields == {"Số ký hiệu": "12/2024/QĐ-UBND", "Loại văn bản": "Quyết định",
                      "Cơ quan ban hành": "Ủy ban Nhân dân thành phố Thử Nghiệm", "Lĩnh vực": "Xây dựng",
                      "Người ký": "Nguyễn Văn A (Chủ tịch)", "Ngày ban hành": "05/03/2024",
                      "Ngày có hiệu lực": "15/03/2024", "Ngày hết hiệu lực": "01/01/2026",
                      "Tình trạng hiệu lực": "Còn hiệu lực", "Năm ban hành": "2024"}
    [file] = page.select(".document-files a")
    assert file.get_text(" ", strip=True) == "Tải về: Toàn văn (PDF, 2 KB)"
    assert (site / file["href"].lstrip("/")).read_bytes() == PDF
    relations = {h3.get_text(strip=True): [a["href"] for a in h3.find_next("ul").find_all("a")]
                 for h3 in page.select(".document-relations h3")}
    assert relations == {"Thay thế": ["/van-ban/03-2019-qd-ubnd/"]}
    old = soup(site / "van-ban/03-2019-qd-ubnd/index.html")
    assert {h3.get_text(strip=True): [a["href"] for a in h3.find_next("ul").find_all("a")]
            for h3 in old.select(".document-relations h3")} == {"Bị thay thế bởi": ["/van-ban/12-2024-qd-ubnd/"]}
    ended = {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in old.select(".document-fields > div")}
    assert ended["Ngày hết hiệu lực"] == "15/03/2024 (ngày văn bản thay thế có hiệu lực)"
    assert page.select_one(".document-body h2").get_text(strip=True) == "Điều 1"


def test_the_status_is_given_with_its_day_and_when_it_changes(site):
    def status(url: str) -> str:
        return soup(site / url / "index.html").select_one(".document-status").get_text(" ", strip=True)

    assert status("van-ban/12-2024-qd-ubnd/") == ("Tình trạng hiệu lực tại ngày 01/06/2024 : Còn hiệu lực . "
                                                 "Từ ngày 01/01/2026 , văn bản hết hiệu lực.")
    assert status("van-ban/07-kh-ubnd-2024/") == ("Tình trạng hiệu lực tại ngày 01/06/2024 : Chưa có hiệu lực . "
                                                 "Từ ngày 01/07/2024 , văn bản còn hiệu lực.")
    # Replaced by 12/2024/QĐ-UBND, in force from 15/03/2024.
    assert status("van-ban/03-2019-qd-ubnd/") == "Tình trạng hiệu lực tại ngày 01/06/2024 : Hết hiệu lực ."


def test_the_home_page_shows_the_latest_documents(site):
    box = soup(site / "index.html").select_one(".home-documents")
    assert [a.get_text(strip=True) for a in box.select("li a")] == [
        "Kế hoạch số 07/KH-UBND", "Quyết định số 12/2024/QĐ-UBND", "Quyết định số 03/2019/QĐ-UBND"]
    assert box.select_one(".more a")["href"] == "/van-ban/"


def test_the_real_sites_menu_links_the_register():
    config = tomllib.loads((REPO / "site.toml").read_text(encoding="utf-8"))
    assert {"title": "Văn bản", "url": "/van-ban/"} in config["menu"]
    assert list((REPO / "content" / "van-ban").rglob("*.pdf"))  # the sample documents carry their file


def test_feeds_of_new_documents(site):
    rss = feedparser.parse((site / "van-ban/rss.xml").read_bytes())
    atom = feedparser.parse((site / "van-ban/atom.xml").read_bytes())
    for feed in (rss, atom):
        assert not feed.bozo, feed.bozo_exception
        assert [entry.title for entry in feed.entries] == [
            "Kế hoạch số 07/KH-UBND", "Quyết định số 12/2024/QĐ-UBND", "Quyết định số 03/2019/QĐ-UBND"]
        assert feed.entries[0].link == "https://example.gov.vn/van-ban/07-kh-ubnd-2024/"
        assert feed.entries[0].summary == "Kế hoạch phòng chống lụt bão"
        assert feed.entries[1].tags[0].label in ("Quyết định", None) or feed.entries[1].tags[0].term == "Quyết định"
    assert rss.entries[0].published == "Fri, 10 May 2024 00:00:00 +0700"
    links = {link["href"] for link in soup(site / "van-ban/index.html").select("link[rel=alternate]")}
    assert {"https://example.gov.vn/van-ban/rss.xml", "https://example.gov.vn/van-ban/atom.xml"} <= links
    site_feed = feedparser.parse((site / "rss.xml").read_bytes())
    assert [entry.title for entry in site_feed.entries] == ["Bài viết"]  # the news feed stays news


def test_the_sitemap_lists_the_register_and_each_document_with_its_date(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for url, day in (("van-ban/", "2024-05-10"), ("van-ban/12-2024-qd-ubnd/", "2024-03-05"),
                     ("van-ban/03-2019-qd-ubnd/", "2019-04-10")):
        assert f"<loc>https://example.gov.vn/{url}</loc>\n    <lastmod>{day}</lastmod>" in sitemap
    assert "<loc>https://example.gov.vn/van-ban/loai/quyet-dinh/</loc>" in sitemap


def test_json_ld_describes_the_document_as_legislation_field_by_field(site):
    page = soup(site / "van-ban/12-2024-qd-ubnd/index.html")
    [script] = page.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    url = "https://example.gov.vn/van-ban/12-2024-qd-ubnd/"
    assert data["@context"] == "https://schema.org" and data["@type"] == "Legislation"
    assert data["@id"] == data["url"] == url
    assert data["name"] == "Quyết định số 12/2024/QĐ-UBND"
    assert data["description"] == "Ban hành Quy định quản lý trật tự xây dựng"
    assert data["legislationIdentifier"] == "12/2024/QĐ-UBND"
    assert data["legislationType"] == "Quyết định"
    assert data["legislationDate"] == data["datePublished"] == "2024-03-05"
    assert data["legislationLegalForce"] == "https://schema.org/InForce"
    assert data["legislationPassedBy"] == {"@type": "GovernmentOrganization",
                                           "name": "Ủy ban Nhân dân thành phố Thử Nghiệm"}
    assert data["legislationResponsible"] == {"@type": "Person", "name": "Nguyễn Văn A", "jobTitle": "Chủ tịch"}
    assert data["temporalCoverage"] == "2024-03-15/2026-01-01"
    assert data["about"] == ["Xây dựng"]
    assert data["legislationChanges"] == [{"@type": "Legislation", "legislationIdentifier": "03/2019/QĐ-UBND",
                                           "name": "Quyết định số 03/2019/QĐ-UBND",
                                           "@id": "https://example.gov.vn/van-ban/03-2019-qd-ubnd/",
                                           "url": "https://example.gov.vn/van-ban/03-2019-qd-ubnd/"}]
    assert "legislationConsolidates" not in data
    assert data["encoding"] == [{"@type": "MediaObject", "name": "Toàn văn",
                                 "contentUrl": url + "van-ban.pdf", "encodingFormat": "application/pdf",
                                 "contentSize": f"{len(PDF)} B"}]
    assert data["publisher"]["@type"] == "GovernmentOrganization" and data["inLanguage"] == "vi"
    expired = json.loads(soup(site / "van-ban/03-2019-qd-ubnd/index.html")
                         .select_one('script[type="application/ld+json"]').string)
    assert expired["legislationLegalForce"] == "https://schema.org/NotInForce"
    assert expired["temporalCoverage"] == "2019-04-10/2024-03-15"  # replaced from that day


def test_dublin_core_names_the_issuer_number_dates_and_subjects(site):
    page = soup(site / "van-ban/12-2024-qd-ubnd/index.html")
    meta = {}
    for tag in page.select("meta[name^='DC.']"):
        meta.setdefault(tag["name"], []).append(tag["content"])
    assert meta["DC.title"] == ["Quyết định số 12/2024/QĐ-UBND"]
    assert meta["DC.creator"] == ["Ủy ban Nhân dân thành phố Thử Nghiệm"]
    assert meta["DC.date"] == ["2024-03-05"] and meta["DC.date.issued"] == ["2024-03-05"]
    assert meta["DC.date.valid"] == ["2024-03-15/2026-01-01"]
    assert meta["DC.identifier"] == ["https://example.gov.vn/van-ban/12-2024-qd-ubnd/", "12/2024/QĐ-UBND"]
    assert meta["DC.subject"] == ["Quyết định; Xây dựng"]
    assert meta["DC.relation"] == ["https://example.gov.vn/van-ban/03-2019-qd-ubnd/"]
    assert page.select_one("meta[property='og:type']")["content"] == "article"


def test_the_filters_data_file_holds_every_document(site):
    data = json.loads((site / "van-ban/du-lieu.json").read_text(encoding="utf-8"))
    assert data["base"] == "/" and data["date"] == "2024-06-01"
    assert [row[1] for row in data["rows"]] == ["07/KH-UBND", "12/2024/QĐ-UBND", "03/2019/QĐ-UBND"]
    url, number, issued, summary, kind, issuer, fields, status = data["rows"][2]
    assert (url, issued, summary) == ("van-ban/03-2019-qd-ubnd/", "2019-04-10", "Quy định cũ")
    assert data["facets"]["loai"][kind] == ["quyet-dinh", "Quyết định"]
    assert [data["facets"]["linh-vuc"][i][1] for i in fields] == ["Xây dựng", "Đất đai"]
    assert data["facets"]["tinh-trang"][status] == ["het-hieu-luc", "Hết hiệu lực"]


def test_two_builds_on_one_day_are_identical_and_the_next_day_changes_the_statuses(tmp_path):
    root = make_site(tmp_path / "site", FILES, config=CONFIG)
    build_site(BuildOptions(root=root, output=tmp_path / "a", now=NOW, use_cache=False))
    build_site(BuildOptions(root=root, output=tmp_path / "b", now=NOW.replace(hour=16), use_cache=False))
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")  # 01/06 at 10:00 and 23:00 in Vietnam
    build_site(BuildOptions(root=root, output=tmp_path / "c", now=NOW.replace(hour=17), use_cache=False))
    caption = soup(tmp_path / "c/van-ban/index.html").select_one("table caption").get_text(" ", strip=True)
    assert "tại ngày 02/06/2024" in caption


# --- editors' mistakes, as a build reports them ------------------------------------------------

def failed_build(tmp_path, files: dict) -> list[str]:
    root = make_site(tmp_path / "site", files, config=CONFIG)
    with pytest.raises(BuildFailed) as failure:
        build_site(BuildOptions(root=root, now=NOW))
    assert not (root / "public").exists()
    return [problem.format() for problem in failure.value.problems]


def test_a_missing_file_is_an_error_at_its_line(tmp_path):
    [error] = failed_build(tmp_path, {"content/van-ban/a/index.md": official_document(files="[quyet-dinh.pdf]")})
    assert error.startswith("content/van-ban/a/index.md:6: lỗi: không tìm thấy tệp đính kèm \"quyet-dinh.pdf\"")


def test_two_documents_with_one_number_stop_the_build_naming_both(tmp_path):
    errors = failed_build(tmp_path, {"content/van-ban/a/index.md": official_document(),
                                     "content/van-ban/a/van-ban.pdf": PDF,
                                     "content/van-ban/b/index.md": official_document(summary="Bản khác"),
                                     "content/van-ban/b/van-ban.pdf": PDF})
    assert errors == ["content/van-ban/b/index.md:2: lỗi: số ký hiệu 12/2024/QĐ-UBND trùng với văn bản "
                      "content/van-ban/a/index.md. Mỗi văn bản có một số ký hiệu riêng trong năm: kiểm tra lại số, "
                      "hoặc xóa tệp bị trùng."]


def test_the_cli_reports_every_mistake_of_every_document_at_once(tmp_path):
    root = make_site(tmp_path, {
        "content/van-ban/a.md": official_document(number="12 /2024/QĐ-UBND", effective="01/01/2024"),
        "content/van-ban/b.md": official_document(number="13/2024/QĐ-UBND", type="Quyêt định"),
    }, config=CONFIG)
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert "content/van-ban/a.md:2: lỗi: số ký hiệu \"12 /2024/QĐ-UBND\" có dấu cách." in result.stderr
    assert "content/van-ban/a.md:7: lỗi: ngày có hiệu lực (effective) sớm hơn ngày ban hành" in result.stderr
    assert "content/van-ban/b.md:3: lỗi: loại văn bản \"Quyêt định\" không có trong danh sách." in result.stderr
    assert "Có 3 lỗi" in result.stderr


# --- new --document ---------------------------------------------------------------------------

def test_new_document_scaffolds_a_draft_that_builds_and_never_overwrites(tmp_path):
    root = make_site(tmp_path, {}, config=CONFIG)
    args = ["new", "--root", str(root), "--document", "Ban hành Quy chế làm việc", "--number", "05/QĐ-UBND",
            "--type", "quyết định", "--issued", "02/01/2024"]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    path = root / "content/van-ban/05-qd-ubnd-2024/index.md"
    text = path.read_text(encoding="utf-8")
    assert 'number: "05/QĐ-UBND"' in text and 'type: "Quyết định"' in text and "issued: 02/01/2024" in text
    assert "draft: true" in text and "  - 05-qd-ubnd-2024.pdf" in text
    assert "content/van-ban/05-qd-ubnd-2024/" in result.stdout
    assert run_cli("build", "--root", str(root)).returncode == 0  # a draft: its file may come later
    (path.parent / "05-qd-ubnd-2024.pdf").write_bytes(PDF)
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    built = run_cli("build", "--root", str(root))
    assert built.returncode == 0, built.stderr
    assert (root / "public/van-ban/05-qd-ubnd-2024/index.html").is_file()
    again = run_cli(*args)
    assert again.returncode == 1 and "không ghi đè" in again.stderr
    assert path.read_text(encoding="utf-8") == text.replace("draft: true\n", "")


@pytest.mark.parametrize("number, type_name, said", [
    ("05 /QĐ-UBND", "Quyết định", "có dấu cách"),
    ("05/QĐ-UBND", "Quyêt định", "Loại văn bản \"Quyêt định\" không có"),
])
def test_new_document_refuses_a_bad_number_or_type(tmp_path, number, type_name, said):
    root = make_site(tmp_path, {}, config=CONFIG)
    result = run_cli("new", "--root", str(root), "--document", "Trích yếu", "--number", number, "--type", type_name)
    assert result.returncode == 1 and said in result.stderr
    assert not (root / "content" / "van-ban").exists()


def test_new_without_a_title_or_a_document_says_what_to_write(tmp_path):
    result = run_cli("new", "--root", str(make_site(tmp_path, {}, config=CONFIG)))
    assert result.returncode == 2 and "--document" in result.stderr and "--category" in result.stderr


def test_the_preview_marks_a_draft_document(tmp_path):
    root = make_site(tmp_path / "site", {"content/van-ban/a/index.md": official_document(draft="true"),
                                         "content/van-ban/a/van-ban.pdf": PDF}, config=CONFIG)
    build_site(BuildOptions(root=root, output=tmp_path / "preview", now=NOW, include_drafts=True, preview=True))
    banner = soup(tmp_path / "preview/van-ban/12-2024-qd-ubnd/index.html").select_one(".preview-banner")
    assert "BẢN NHÁP" in banner.get_text(" ", strip=True)
    build_site(BuildOptions(root=root, output=tmp_path / "public", now=NOW))
    assert not (tmp_path / "public/van-ban/12-2024-qd-ubnd").exists()
    assert "Chưa có văn bản nào." in soup(tmp_path / "public/van-ban/index.html").get_text(" ", strip=True)
