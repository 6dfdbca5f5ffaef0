"""`build.py import https://…`: a page or a feed read from a live server (here one on 127.0.0.1,
never the network), robots.txt obeyed, photos fetched beside the page."""

from __future__ import annotations

import shutil

import frontmatter

from conftest import photo, run_cli, static_server
from import_fixtures import FIXTURES, PDF, make_import_site
from sitegen.importer.run import ImportOptions, import_articles
from sitegen.importer.web import PoliteClient


def old_portal(folder):
    """The old portal as a server shows it; robots.txt keeps crawlers out of /rieng/."""
    (folder / "-").mkdir(parents=True)
    # Its absolute links name the real portal: made root-relative, so that nothing leaves 127.0.0.1.
    page = (FIXTURES / "digital-article.html").read_text(encoding="utf-8")
    (folder / "-" / "chuyen-doi-so").write_text(page.replace("https://hongngu.dongthap.gov.vn/", "/"), encoding="utf-8")
    pdf = folder / "documents/10180/0/ke-hoach-chuyen-doi-so-2023.pdf"
    pdf.mkdir(parents=True)
    (pdf / "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9").write_bytes(PDF)
    photos = folder / "documents/10180/0/hoi-nghi-chuyen-doi-so.jpg"
    photos.mkdir(parents=True)
    (photos / "6f1c2e8a-1b2c-4d3e-9f00-123456789abc").write_bytes(photo())
    (folder / "rieng").mkdir()
    shutil.copy(FIXTURES / "notice.html", folder / "rieng" / "thong-bao")
    feed = (FIXTURES / "tin-tuc.rss").read_text(encoding="utf-8")
    (folder / "rss.xml").write_text(feed.replace("https://hongngu.dongthap.gov.vn/", "/"), encoding="utf-8")
    (folder / "robots.txt").write_text("User-agent: *\nDisallow: /rieng/\n", encoding="utf-8")
    return folder


def test_a_page_and_a_feed_read_over_http(tmp_path):
    site = make_import_site(tmp_path / "site")
    with static_server(old_portal(tmp_path / "www")) as base:
        options = ImportOptions(root=site, sources=(base + "-/chuyen-doi-so", base + "rss.xml"),
                                client=PoliteClient(delay=0.0, timeout=5.0))
        report = import_articles(options)
    assert [folder for folder in report.created] == [
        "content/tin-tuc/thanh-pho-hong-ngu-trien-khai-ke-hoach-chuyen-doi-so-nam-2023/",
        "content/tin-tuc/ra-quan-ve-sinh-moi-truong-huong-ung-ngay-nuoc-the-gioi/",
        "content/tin-tuc/tap-huan-chuyen-doi-so-cho-can-bo-khom-ap/"]
    article = site / "content/tin-tuc/thanh-pho-hong-ngu-trien-khai-ke-hoach-chuyen-doi-so-nam-2023"
    post = frontmatter.loads((article / "index.md").read_text(encoding="utf-8"))
    assert post["source"] == base + "-/chuyen-doi-so" and post["aliases"] == ["/-/chuyen-doi-so"]
    assert (article / "hoi-nghi-chuyen-doi-so.jpg").read_bytes() == photo()  # fetched from the server
    assert (article / "ke-hoach-chuyen-doi-so-2023.pdf").read_bytes() == PDF
    # The feed's second entry has only its summary, and its page is not on this server.
    assert [(p.path, p.message.split(",")[0]) for p in report.problems.warnings] == [
        (base + "rss.xml#2", "nguồn tin chỉ có tóm tắt")]
    assert report.exit_status == 0


def test_robots_txt_is_obeyed(tmp_path):
    site = make_import_site(tmp_path / "site")
    with static_server(old_portal(tmp_path / "www")) as base:
        result = run_cli("import", "--root", str(site), base + "rieng/thong-bao")
    assert result.returncode == 1
    assert "robots.txt" in result.stdout and "không cho phép" in result.stdout
    assert not (site / "content" / "thong-bao").exists()


def test_a_server_that_does_not_answer_is_reported_not_waited_for(tmp_path):
    site = make_import_site(tmp_path / "site")
    options = ImportOptions(root=site, sources=("http://127.0.0.1:9/bai-viet",),
                            client=PoliteClient(delay=0.0, timeout=2.0))
    report = import_articles(options)
    assert report.exit_status == 1
    assert "không tải được" in report.skipped[0].reason


def test_a_summary_only_feed_entry_is_completed_from_its_page(tmp_path):
    site = make_import_site(tmp_path / "site")
    www = old_portal(tmp_path / "www")
    with static_server(www) as base:
        feed = (FIXTURES / "tin-tuc.rss").read_text(encoding="utf-8").replace(
            "https://hongngu.dongthap.gov.vn/-/tap-huan-chuyen-oi-so", base + "-/chuyen-doi-so")
        (www / "rss.xml").write_text(feed, encoding="utf-8")
        report = import_articles(ImportOptions(root=site, sources=(base + "rss.xml",),
                                               client=PoliteClient(delay=0.0, timeout=5.0)))
    assert report.exit_status == 0 and not report.problems.warnings  # no "only a summary" warning
    completed = frontmatter.loads((site / "content/tin-tuc/thanh-pho-hong-ngu-trien-khai-ke-hoach-chuyen-doi-so-nam-2023"
                                   / "index.md").read_text(encoding="utf-8"))
    assert "Thanh toán không dùng tiền mặt" in completed.content  # the page's table, not the feed's summary
    assert completed["date"] == "20/04/2023 08:30" and completed["source"] == base + "-/chuyen-doi-so"
