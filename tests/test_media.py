"""Photos and attachments, end to end: an editor's article folder in, what a reader gets out."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import article, build, make_site, photo, run_cli, soup, static_server
from sitegen.media import images
from sitegen.source.markdown import ATTACHMENT, IMAGE, render_markdown
from sitegen.pipeline import BuildOptions, build_site, prepare_site

PDF = b"%PDF-1.4\n" + b"x" * (245 * 1024)            # shown as "245 KB"
DOCX = b"PK\x03\x04" + b"d" * (12 * 1024)            # "12 KB"
XLSX = b"PK\x03\x04" + b"s" * (1_300_000)            # "1,2 MB"

MEETING = article(
    title="Hội nghị ký kết kế hoạch phối hợp", date="19/04/2023 08:30", image="anh-bia.jpg",
    attachments="\n  - file: quyet-dinh.docx\n    title: Quyết định thành lập\n  - bang-tinh.xlsx",
    body="""Đoạn mở đầu của bài viết.

![Quang cảnh hội nghị](anh-bia.jpg "Ông Lê Hùng Dũng phát biểu tại hội nghị")

Xem [Kế hoạch phối hợp](ke-hoach.pdf) để biết thêm.

![Ảnh chụp bằng điện thoại](dien-thoai.jpg)

![Biểu trưng Mặt trận](/media/logo-mat-tran.png)
""")

NOTICE = article(title="Thông báo lịch tiếp công dân", date="20/04/2023 07:00", category="Thông báo",
                 image="../media/tru-so.jpg", body="Lịch tiếp công dân.\n\n![Bảng lịch](lich.png)\n")

FILES = {
    "content/tin-tuc/hoi-nghi/index.md": MEETING,
    "content/tin-tuc/hoi-nghi/anh-bia.jpg": photo(1800, 1200),
    "content/tin-tuc/hoi-nghi/dien-thoai.jpg": photo(1000, 600, orientation=6, gps=True),
    "content/tin-tuc/hoi-nghi/ke-hoach.pdf": PDF,
    "content/tin-tuc/hoi-nghi/quyet-dinh.docx": DOCX,
    "content/tin-tuc/hoi-nghi/bang-tinh.xlsx": XLSX,
    "content/media/logo-mat-tran.png": photo(300, 200, "PNG"),
    "content/media/tru-so.jpg": photo(800, 500),
    "content/thong-bao/lich-tiep-cong-dan.md": NOTICE,
    "content/thong-bao/lich.png": photo(500, 700, "PNG"),
    "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\nimage: /media/tru-so.jpg\n---\n\n"
                                   "![Trụ sở Ủy ban](/media/tru-so.jpg \"Trụ sở\")\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("media") / "site", FILES)
    build(root)
    return root


def article_body(root: Path, url: str):
    return soup(root / "public" / url / "index.html").select_one("article.article")


def published(root: Path, url: str) -> Path:
    """The file a root-relative URL points to in public/."""
    assert url.startswith("/"), url
    path = root / "public" / url.lstrip("/")
    assert path.is_file(), f"{url} is not published"
    return path


def srcset_entries(value: str) -> list[tuple[str, int]]:
    return [(url, int(width[:-1])) for url, width in (item.split() for item in value.split(", "))]


def test_photo_becomes_a_figure_with_webp_and_jpeg_in_several_widths(site):
    figure = article_body(site, "tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop").select_one("figure.photo")
    assert figure.figcaption.get_text() == "Ông Lê Hùng Dũng phát biểu tại hội nghị"
    source, img = figure.picture.source, figure.picture.img
    assert source["type"] == "image/webp"
    webp = srcset_entries(source["srcset"])
    jpeg = srcset_entries(img["srcset"])
    assert [w for _, w in webp] == [w for _, w in jpeg] == [480, 960, 1600]
    assert all(url.endswith(".webp") for url, _ in webp) and all(url.endswith(".jpg") for url, _ in jpeg)
    assert img["sizes"] == source["sizes"] and "100vw" in img["sizes"]
    assert (img["width"], img["height"]) == ("1600", "1067")
    assert img["alt"] == "Quang cảnh hội nghị"
    for url, width in webp + jpeg:
        with Image.open(published(site, url)) as image:
            assert image.width == width
            assert image.format == ("WEBP" if url.endswith(".webp") else "JPEG")
            assert image.height == round(1200 * width / 1800)
    assert published(site, img["src"])


def test_first_photo_loads_at_once_and_the_others_lazily(site):
    images_ = article_body(site, "tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop").select(".article-body img")
    assert len(images_) == 3
    assert not images_[0].has_attr("loading") and images_[0]["fetchpriority"] == "high"
    for img in images_[1:]:
        assert img["loading"] == "lazy" and img["decoding"] == "async"


def test_phone_photo_is_upright_and_published_without_exif_or_gps(site):
    img = article_body(site, "tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop").select(".article-body img")[1]
    assert (img["width"], img["height"]) == ("600", "1000")  # stored 1000 × 600, EXIF says rotate
    assert [w for _, w in srcset_entries(img["srcset"])] == [480, 600]
    published_images = [p for p in (site / "public").rglob("*") if p.suffix in (".jpg", ".webp")]
    assert len(published_images) >= 10
    for path in published_images:
        with Image.open(path) as image:
            assert dict(image.getexif()) == {}, path
        assert b"TestCam" not in path.read_bytes()


def test_originals_are_not_published(site):
    names = {p.name for p in (site / "public").rglob("*")}
    assert not names & {"anh-bia.jpg", "dien-thoai.jpg", "logo-mat-tran.png", "lich.png", "index.md"}


def test_shared_media_folder_is_published_under_media(site):
    img = article_body(site, "tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop").select(".article-body img")[2]
    assert img["src"] == "/media/logo-mat-tran-300.jpg"
    assert [w for _, w in srcset_entries(img["srcset"])] == [300]  # never wider than the original
    with Image.open(published(site, img["src"])) as image:
        assert image.size == (300, 200)


def test_body_link_to_a_document_shows_type_and_size_and_downloads_it(site):
    body = article_body(site, "tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop").select_one(".article-body")
    link = body.select_one("a.attachment-link")
    assert link.get_text() == "Tải về: Kế hoạch phối hợp (PDF, 245 KB)"
    assert published(site, link["href"]).read_bytes() == PDF
    assert "Xem Tải về: Kế hoạch phối hợp (PDF, 245 KB) để biết thêm." in body.get_text(" ", strip=True)


def test_front_matter_attachments_are_listed_in_a_box_under_the_article(site):
    box = article_body(site, "tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop").select_one("section.attachments")
    assert box.h2.get_text() == "Tệp đính kèm"
    links = box.select("a")
    assert [a.get_text() for a in links] == ["Tải về: Quyết định thành lập (DOCX, 12 KB)",
                                             "Tải về: bang-tinh.xlsx (XLSX, 1,2 MB)"]
    assert published(site, links[0]["href"]).read_bytes() == DOCX
    assert published(site, links[1]["href"]).read_bytes() == XLSX


def test_cover_is_shown_on_listing_cards_and_the_home_page(site):
    for page in ("index.html", "tin-tuc/index.html", "thong-bao/index.html"):
        cards = soup(site / "public" / page).select(".card")
        assert cards, page
        for card in cards:
            img = card.select_one(".card-image picture img")
            assert img is not None, (page, card.h3.get_text())
            assert img["alt"] == ""  # decoration: the card's title says it
            assert img["width"] and img["height"] and img["loading"] == "lazy"
            assert published(site, img["src"])


def test_cover_not_in_the_body_leads_the_article_and_the_body_photos_are_lazy(site):
    page = article_body(site, "thong-bao/thong-bao-lich-tiep-cong-dan")
    lead = page.select_one("figure.lead-photo img")
    assert lead["src"] == "/media/tru-so-800.jpg" and lead["alt"] == "Thông báo lịch tiếp công dân"
    assert not lead.has_attr("loading")
    body_img = page.select_one(".article-body img")
    assert body_img["loading"] == "lazy"
    assert body_img["src"] == "/thong-bao/thong-bao-lich-tiep-cong-dan/lich-500.jpg"
    # The cover that is also in the body is not shown twice.
    assert article_body(site, "tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop").select_one(".lead-photo") is None


def test_cover_is_in_open_graph_with_its_size_and_description(site):
    prepared = prepare_site(BuildOptions(root=site))
    by_title = {a.title: a for a in prepared.model.articles}
    cover = by_title["Hội nghị ký kết kế hoạch phối hợp"].cover
    assert (cover.url, cover.width, cover.height, cover.type) == (
        "tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop/anh-bia-1600.jpg", 1600, 1067, "image/jpeg")
    assert cover.alt == "Quang cảnh hội nghị"  # the body's description of the same photo
    head = soup(site / "public/tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop/index.html").head
    og = {tag["property"]: tag["content"] for tag in head.find_all("meta", property=True)}
    assert og["og:image"] == "https://example.gov.vn/tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop/anh-bia-1600.jpg"
    assert (og["og:image:width"], og["og:image:height"], og["og:image:alt"]) == ("1600", "1067",
                                                                               "Quang cảnh hội nghị")
    assert published(site, "/" + og["og:image"].split("/", 3)[3])
    page_head = soup(site / "public/gioi-thieu/index.html").head
    assert page_head.find("meta", property="og:image")["content"] == "https://example.gov.vn/media/tru-so-800.jpg"


def test_static_pages_get_photos_too(site):
    page = soup(site / "public/gioi-thieu/index.html").select_one("article")
    img = page.select_one(".article-body figure.photo img")
    assert img["src"] == "/media/tru-so-800.jpg" and not img.has_attr("loading")
    assert page.select_one("figcaption").get_text() == "Trụ sở"


def test_markdown_leaves_placeholders_with_lines_and_keeps_other_links():
    body = render_markdown("\n".join([
        "Đọc [kế hoạch](ke-hoach.pdf) và ![biểu đồ](bieu-do.png) ở đây.",
        "",
        "![Toàn cảnh](anh%201.jpg \"Chú thích\")",
        "",
        "[Văn bản ngoài](https://vanban.gov.vn/a.pdf) ![ngoài](https://x.vn/a.jpg) [trang](/gioi-thieu/)",
    ]), "/tinh/")
    assert [(r.kind, r.target, r.text, r.title, r.line, r.block) for r in body.media] == [
        (ATTACHMENT, "ke-hoach.pdf", "kế hoạch", "", 1, False),
        (IMAGE, "bieu-do.png", "biểu đồ", "", 1, False),
        (IMAGE, "anh 1.jpg", "Toàn cảnh", "Chú thích", 3, True),
    ]
    assert body.html.count("sitegen-media") == 3 and '<figure class="photo">' in body.html
    assert 'href="https://vanban.gov.vn/a.pdf"' in body.html
    # An image from another site is not a placeholder either: the sanitiser removes it (the CSP would block it).
    assert "x.vn" not in body.html and [r.what for r in body.removed] == ["ảnh lấy từ trang khác (x.vn)"]
    assert [r.line for r in body.removed] == [5]
    assert 'href="/tinh/gioi-thieu/"' in body.html
    assert body.summary == "Đọc kế hoạch và ở đây."  # no placeholder leaks into text
    assert "sitegen" not in body.plain_text


def test_two_builds_are_byte_identical(site, tmp_path):
    build(site, "--output", str(tmp_path / "again"))

    def files(folder: Path) -> dict[Path, bytes]:
        return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    first, second = files(site / "public"), files(tmp_path / "again")
    assert any(name.suffix == ".webp" for name in first)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_rebuild_reads_photos_from_the_cache_instead_of_encoding(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site", {
        "content/tin-tuc/a/index.md": article(title="Bài A", body="![Ảnh một](mot.jpg)\n\n![Ảnh hai](hai.jpg)"),
        "content/tin-tuc/a/mot.jpg": photo(120, 80),
        "content/tin-tuc/a/hai.jpg": photo(90, 60, color=(200, 50, 50)),
    })
    encoded = []
    real_encode = images.encode
    monkeypatch.setattr(images, "encode", lambda image, *args: encoded.append(image.size) or real_encode(image, *args))

    first = build_site(BuildOptions(root=root))
    assert (first.photos_encoded, first.photos_reused, len(encoded)) == (2, 0, 4)  # 1 width × 2 formats each
    assert sorted(p.name for p in (root / ".cache" / "images").glob("*.json")).__len__() == 2
    html_before = (root / "public/tin-tuc/bai-a/index.html").read_bytes()

    encoded.clear()
    second = build_site(BuildOptions(root=root))
    assert (second.photos_encoded, second.photos_reused, encoded) == (0, 2, [])
    assert (root / "public/tin-tuc/bai-a/index.html").read_bytes() == html_before
    assert (root / "public/tin-tuc/bai-a/mot-120.webp").is_file()

    (root / "content/tin-tuc/a/hai.jpg").write_bytes(photo(90, 60, color=(20, 150, 50)))  # the editor replaces one
    third = build_site(BuildOptions(root=root))
    assert (third.photos_encoded, third.photos_reused, len(encoded)) == (1, 1, 2)


def test_a_rebuild_publishes_unchanged_photos_without_reading_them(tmp_path, monkeypatch):
    """The up-to-date check's digest of a photo finds its variants in .cache/images/ without the photo
    being read and hashed, and the variants' digests kept there keep the output's copies unread (an
    entry from before they were kept gets them once)."""
    import json

    root = make_site(tmp_path / "site", {
        "content/tin-tuc/a/index.md": article(title="Bài A", body="![Ảnh một](mot.jpg)"),
        "content/tin-tuc/b.md": article(title="Bài B"),
        "content/tin-tuc/a/mot.jpg": photo(120, 80),
    })

    def edit_other_article(text: str) -> None:
        (root / "content/tin-tuc/b.md").write_text(article(title="Bài B", body=text), encoding="utf-8")

    build_site(BuildOptions(root=root))
    page = (root / "public/tin-tuc/bai-a/index.html").read_bytes()
    for entry in (root / ".cache/images").glob("*.json"):  # as written before variants' digests were kept
        entry.write_text(json.dumps({k: v for k, v in json.loads(entry.read_text()).items() if k != "digests"}))
    edit_other_article("Sửa lần một.")
    build_site(BuildOptions(root=root))
    assert all("digests" in json.loads(entry.read_text()) for entry in (root / ".cache/images").glob("*.json"))

    read, real_read = [], Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or real_read(path))
    edit_other_article("Sửa lần hai.")
    again = build_site(BuildOptions(root=root))
    assert (again.photos_encoded, again.photos_reused) == (0, 1)
    assert [name for name in read if name.endswith((".jpg", ".webp"))] == []
    assert (root / "public/tin-tuc/bai-a/index.html").read_bytes() == page

    (root / "content/tin-tuc/a/mot.jpg").write_bytes(photo(120, 80, color=(20, 150, 50)))  # other pixels
    replaced = build_site(BuildOptions(root=root))
    assert (replaced.photos_encoded, "mot.jpg" in read) == (1, True)
    build_site(BuildOptions(root=root, output=root / "clean", use_cache=False))
    published = sorted(p.relative_to(root / "public") for p in (root / "public").rglob("mot-*"))
    assert published and all((root / "public" / p).read_bytes() == (root / "clean" / p).read_bytes()
                             for p in published)


def test_cli_verbose_build_reports_cached_photos(site):
    result = build(site, "--verbose")
    assert "Ảnh: 0 ảnh xử lý mới, 5 ảnh lấy lại từ .cache/images/" in result.stdout
    # A Word file an article links to is an attachment, not an article written in the wrong format.
    assert "quyet-dinh.docx" not in result.stderr and "cảnh báo" not in result.stderr


def test_missing_alt_text_is_a_warning_naming_file_and_line(tmp_path):
    root = make_site(tmp_path / "site", {
        "content/tin-tuc/a/index.md": article(title="Bài A", body="Mở đầu.\n\n![](anh.jpg)\n"),
        "content/tin-tuc/a/anh.jpg": photo(),
    })
    result = build(root)
    assert 'content/tin-tuc/a/index.md:9: cảnh báo: ảnh "anh.jpg" chưa có mô tả (alt)' in result.stderr
    assert (root / "public/tin-tuc/bai-a/anh-64.jpg").is_file()


def test_every_missing_or_broken_file_is_an_error_with_article_and_line(tmp_path):
    root = make_site(tmp_path / "site", {
        "content/tin-tuc/a/index.md": article(
            title="Bài A", image="bia.jpg",
            attachments="\n  - file: to-trinh.pdf\n    title: Tờ trình",
            body="\n".join(["Mở đầu.", "", "![Ảnh thiếu](khong-co.jpg)", "", "![Ảnh hỏng](hong.jpg)", "",
                            "![Ảnh quá lớn](qua-lon.jpg)", "", "Xem [kế hoạch](ke-hoach.pdf).", "",
                            "![Sai chữ hoa](Anh-Dep.JPG)"])),
        "content/tin-tuc/a/hong.jpg": photo()[:200],
        "content/tin-tuc/a/qua-lon.jpg": photo() + b"\0" * 21_000_000,
        "content/tin-tuc/a/anh-dep.jpg": photo(),
        "content/tin-tuc/b.md": article(title="Bài B", body="![Ảnh](../../../etc/passwd.jpg)\n\n![Liên kết](lien-ket.jpg)"),
    })
    (root / "content/tin-tuc/lien-ket.jpg").symlink_to(tmp_path / "ngoai.jpg")  # a link leading out of content/
    (tmp_path / "ngoai.jpg").write_bytes(photo())
    (root / "public").mkdir()
    (root / "public" / "index.html").write_text("bản cũ", encoding="utf-8")

    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": lỗi: " in line]
    expected = [
        'content/tin-tuc/a/index.md:5: lỗi: không tìm thấy ảnh "bia.jpg"',
        'content/tin-tuc/a/index.md:7: lỗi: không tìm thấy tệp đính kèm "to-trinh.pdf"',
        'content/tin-tuc/a/index.md:13: lỗi: không tìm thấy ảnh "khong-co.jpg"',
        'content/tin-tuc/a/index.md:15: lỗi: ảnh "hong.jpg": ảnh bị hỏng',
        'content/tin-tuc/a/index.md:17: lỗi: ảnh "qua-lon.jpg": ảnh quá lớn (21,0 MB); tối đa 20,0 MB.',
        'content/tin-tuc/a/index.md:19: lỗi: không tìm thấy tệp đính kèm "ke-hoach.pdf"',
        'content/tin-tuc/a/index.md:21: lỗi: không tìm thấy ảnh "Anh-Dep.JPG"',
        'content/tin-tuc/b.md:7: lỗi: ảnh "../../../etc/passwd.jpg" nằm ngoài thư mục content/.',
        'content/tin-tuc/b.md:9: lỗi: ảnh "lien-ket.jpg" nằm ngoài thư mục content/.',
        'content/tin-tuc/lien-ket.jpg: lỗi: liên kết tượng trưng (symlink) trỏ ra ngoài thư mục trang',
    ]
    assert len(errors) == len(expected), result.stderr
    for line, start in zip(errors, expected):
        assert line.startswith(start), (line, start)
    assert 'Có phải ý bạn là "anh-dep.jpg"?' in errors[6]
    assert "Traceback" not in result.stderr
    assert (root / "public" / "index.html").read_text(encoding="utf-8") == "bản cũ"


def test_attachments_front_matter_must_be_a_list_of_files(tmp_path):
    root = make_site(tmp_path / "site", {
        "content/tin-tuc/a.md": article(title="Bài A", attachments="ke-hoach.pdf"),
        "content/tin-tuc/b.md": article(title="Bài B", attachments="\n  - title: Không có tên tệp"),
        "content/tin-tuc/c.md": article(title="Bài C", attachments="\n  - anh.png"),
        "content/tin-tuc/anh.png": photo(image_format="PNG"),
    })
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert 'content/tin-tuc/a.md:5: lỗi: "attachments" phải là danh sách tệp đính kèm.' in result.stderr
    assert 'content/tin-tuc/b.md:6: lỗi: mỗi tệp đính kèm cần có "file"' in result.stderr
    assert 'content/tin-tuc/c.md:6: lỗi: "anh.png" không phải loại tệp đính kèm được hỗ trợ.' in result.stderr


def test_browser_shows_the_webp_photo_at_its_size_without_layout_shift(site, page):
    with static_server(site / "public") as base:
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(base + "tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop/")
        img = page.locator(".article-body figure img").first
        img.wait_for()
        page.wait_for_function("document.querySelector('.article-body figure img').complete")
        current = img.evaluate("i => [i.currentSrc, i.naturalWidth, i.getBoundingClientRect().width,"
                               " i.getBoundingClientRect().height]")
    src, natural_width, shown_width, shown_height = current
    assert re.search(r"/anh-bia-(480|960)\.webp$", src), src  # a phone gets a small WebP, not the original
    assert natural_width > 0  # decoded (Chromium scales naturalWidth by the srcset density)
    assert shown_width == pytest.approx(390 - 32, abs=2)
    assert shown_height == pytest.approx(shown_width * 1067 / 1600, abs=2)


def test_two_files_published_under_one_name_is_an_error_naming_both(tmp_path):
    root = make_site(tmp_path / "site", {
        "content/tin-tuc/a/index.md": article(title="Bài A", body="![Một](Ảnh 1.jpg)\n\n![Hai](anh-1.png)"),
        "content/tin-tuc/a/Ảnh 1.jpg": photo(),
        "content/tin-tuc/a/anh-1.png": photo(image_format="PNG"),
    })
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert ('content/tin-tuc/a/index.md:9: lỗi: "content/tin-tuc/a/anh-1.png" và "content/tin-tuc/a/Ảnh 1.jpg" '
            'cùng được đăng thành /tin-tuc/bai-a/anh-1-64.webp.') in result.stderr
