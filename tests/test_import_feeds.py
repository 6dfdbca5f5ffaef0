"""`build.py import` of an RSS feed and a WordPress export (WXR): fields, [caption], dates, pages, drafts."""

from __future__ import annotations

import shutil

import frontmatter
import pytest

from conftest import build, photo, run_cli, soup
from import_fixtures import FIXTURES, PDF, make_import_site


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    base = tmp_path_factory.mktemp("feeds")
    site = make_import_site(base / "site")
    shutil.copy(FIXTURES / "wordpress.xml", base / "wordpress.xml")
    shutil.copy(FIXTURES / "tin-tuc.rss", base / "tin-tuc.rss")
    uploads = base / "wp-content" / "uploads" / "2023" / "05"
    uploads.mkdir(parents=True)
    (uploads / "tru-so.jpg").write_bytes(photo())
    (uploads / "lich-tiep-cong-dan.pdf").write_bytes(PDF)
    result = run_cli("import", "--root", str(site), str(base / "wordpress.xml"), str(base / "tin-tuc.rss"))
    assert result.returncode == 0, result.stdout + result.stderr
    build(site, "--drafts")
    return site, result


def read(site, folder: str) -> frontmatter.Post:
    return frontmatter.loads((site / "content" / folder / "index.md").read_text(encoding="utf-8"))


def test_a_wordpress_post_keeps_its_fields_and_its_caption(imported):
    site, _result = imported
    post = read(site, "thong-bao/lich-tiep-cong-dan-thang-6-2023")
    assert post["title"] == "Lịch tiếp công dân tháng 6/2023"
    assert post["date"] == "30/05/2023 08:00"  # post_date_gmt 01:00 is 08:00 in Viet Nam
    assert post["category"] == "Thông báo" and post["tags"] == ["Tiếp công dân"]
    assert post["author"] == "Nguyễn Thị Mai"     # the display name, not the login
    assert post["summary"] == "Lịch tiếp công dân của phường trong tháng 6."
    assert post["image"] == "tru-so.jpg"          # the featured image, copied beside the post
    assert "/?p=42" in post["aliases"]
    assert "[caption" not in post.content and "[gallery" not in post.content
    assert "[lịch chi tiết](lich-tiep-cong-dan.pdf)" in post.content  # an attachment from the uploads folder
    assert (site / "content/thong-bao/lich-tiep-cong-dan-thang-6-2023/lich-tiep-cong-dan.pdf").read_bytes() == PDF
    figure = soup(site / "public/thong-bao/lich-tiep-cong-dan-thang-6-2023/index.html").select_one(".article-body figure")
    assert figure.find("img")["alt"] == "Trụ sở Ủy ban nhân dân phường"
    assert figure.figcaption.get_text(strip=True) == "Trụ sở Ủy ban nhân dân phường An Lộc"


def test_wordpress_paragraphs_pages_and_drafts(imported):
    site, result = imported
    body = soup(site / "public/thong-bao/lich-tiep-cong-dan-thang-6-2023/index.html").select_one(".article-body")
    paragraphs = [" ".join(p.get_text(" ").split()) for p in body.find_all("p")]
    assert paragraphs[0] == "Ủy ban nhân dân phường thông báo lịch tiếp công dân tháng 6/2023."
    assert body.find("br") is not None  # a single newline in WordPress is a line break
    page = read(site, "trang/gioi-thieu-phuong-an-loc")
    assert "date" not in page.metadata and "category" not in page.metadata
    assert (site / "public/gioi-thieu-phuong-an-loc/index.html").is_file()
    assert read(site, "thong-bao/ban-nhap-chua-dang")["draft"] is True
    assert "đã bỏ mã ngắn [gallery]" in result.stderr


def test_a_feed_gives_full_text_where_it_has_it_and_warns_where_it_has_only_a_summary(imported):
    site, result = imported
    full = read(site, "tin-tuc/ra-quan-ve-sinh-moi-truong-huong-ung-ngay-nuoc-the-gioi")
    assert full["date"] == "22/03/2023 07:15" and full["author"] == "Thanh Hà" and full["tags"] == ["Môi trường"]
    assert "Hơn 500 đoàn viên" in full.content
    short = read(site, "tin-tuc/tap-huan-chuyen-doi-so-cho-can-bo-khom-ap")
    assert short["date"] == "28/03/2023 08:00"  # 01:00 GMT
    assert "tin-tuc.rss#2: cảnh báo: nguồn tin chỉ có tóm tắt" in result.stderr


def test_a_second_import_of_the_same_files_is_a_no_op(imported, tmp_path):
    site, _result = imported
    base = site.parent
    again = run_cli("import", "--root", str(site), str(base / "wordpress.xml"), str(base / "tin-tuc.rss"))
    assert again.returncode == 0
    assert "0 bài mới" in again.stdout and "Không có gì thay đổi" in again.stdout


def test_an_article_in_two_sources_of_one_run_is_imported_once(tmp_path):
    from import_fixtures import make_mirror
    site = make_import_site(tmp_path / "site")
    mirror = make_mirror(tmp_path / "saved")
    feed = tmp_path / "tin-tuc.rss"
    feed.write_text((FIXTURES / "tin-tuc.rss").read_text(encoding="utf-8").replace(
        "https://hongngu.dongthap.gov.vn/-/ra-quan-ve-sinh-moi-truong",
        "https://hongngu.dongthap.gov.vn/tin-tuc/chi-tiet?id=7742453"), encoding="utf-8")
    result = run_cli("import", "--root", str(site), str(mirror), str(feed))
    assert result.returncode == 0, result.stderr
    assert "tin-tuc.rss#1 (trong content/tin-tuc/thanh-pho-hong-ngu-trien-khai-ke-hoach-chuyen-doi-so-nam-2023/)" \
        in result.stdout
    assert not any((site / "content" / "tin-tuc").glob("*-2"))


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
 <title>Thông báo</title><id>urn:uuid:thong-bao</id><updated>2023-05-02T10:00:00+07:00</updated>
 <entry>
  <title>Thông báo nghỉ lễ 30/4 và 1/5</title>
  <link href="https://hongngu.dongthap.gov.vn/-/thong-bao-nghi-le"/>
  <id>urn:uuid:nghi-le</id>
  <published>2023-04-25T16:45:00+07:00</published><updated>2023-04-26T08:00:00+07:00</updated>
  <author><name>Văn phòng HĐND-UBND</name></author>
  <category term="Thông báo"/>
  <summary>Lịch nghỉ lễ của cơ quan.</summary>
  <content type="html">&lt;p&gt;Cơ quan nghỉ lễ từ ngày 29/4 đến hết ngày 3/5/2023.&lt;/p&gt;</content>
 </entry>
</feed>
"""


def test_an_atom_feed(tmp_path):
    site = make_import_site(tmp_path / "site")
    feed = tmp_path / "thong-bao.atom"
    feed.write_text(ATOM, encoding="utf-8")
    result = run_cli("import", "--root", str(site), str(feed))
    assert result.returncode == 0, result.stderr
    post = read(site, "thong-bao/thong-bao-nghi-le-30-4-va-1-5")
    assert post["date"] == "25/04/2023 16:45" and post["author"] == "Văn phòng HĐND-UBND"
    assert post["summary"] == "Lịch nghỉ lễ của cơ quan."
    assert post.content.strip() == "Cơ quan nghỉ lễ từ ngày 29/4 đến hết ngày 3/5/2023."
