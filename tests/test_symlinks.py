"""Symbolic links in content/ or assets/ that lead outside the site's folder are refused, by name."""

from conftest import article, build, make_site, run_cli


def _outside_secret(tmp_path):
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(article(title="Mật khẩu máy chủ", body="MAT-KHAU-BI-MAT"), encoding="utf-8")
    return secret


def _assert_refused(root, result, link_name):
    assert result.returncode == 1
    assert f"{link_name}: lỗi: liên kết tượng trưng (symlink) trỏ ra ngoài thư mục trang" in result.stderr
    assert "Traceback" not in result.stderr
    published = root / "public"
    assert not published.exists() or all("MAT-KHAU-BI-MAT" not in p.read_text(errors="replace")
                                         for p in published.rglob("*") if p.is_file())


def test_article_linked_from_outside_is_refused(tmp_path):
    secret = _outside_secret(tmp_path)
    root = make_site(tmp_path / "site", {"content/tin-tuc/a.md": article()})
    (root / "content/tin-tuc/b.md").symlink_to(secret)
    _assert_refused(root, run_cli("build", "--root", str(root)), "content/tin-tuc/b.md")


def test_folder_linked_from_outside_is_refused(tmp_path):
    secret = _outside_secret(tmp_path)
    root = make_site(tmp_path / "site", {"content/tin-tuc/a.md": article()})
    (root / "content/ngoai").symlink_to(secret.parent, target_is_directory=True)
    _assert_refused(root, run_cli("build", "--root", str(root)), "content/ngoai")


def test_asset_linked_from_outside_is_refused(tmp_path):
    secret = _outside_secret(tmp_path)
    root = make_site(tmp_path / "site", {"content/tin-tuc/a.md": article(), "assets/css/extra.css": "p{}"})
    (root / "assets/css/passwd.css").symlink_to(secret)
    _assert_refused(root, run_cli("build", "--root", str(root)), "assets/css/passwd.css")


def test_links_inside_the_site_are_fine(tmp_path):
    root = make_site(tmp_path / "site", {"content/tin-tuc/a.md": article(),
                                         "chung/b.md": article(title="Bài dùng chung")})
    (root / "content/tin-tuc/b.md").symlink_to("../../chung/b.md")
    build(root)
    assert (root / "public/tin-tuc/bai-dung-chung/index.html").is_file()
