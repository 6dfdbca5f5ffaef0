"""Front matter `source` and `aliases`: accepted by the build, published as redirects, checked by `check`."""

from __future__ import annotations

from conftest import article, build, make_site, run_cli, soup


def test_an_address_in_source_is_the_old_address_not_the_news_source(tmp_path):
    site = make_site(tmp_path, {
        "content/tin-tuc/a.md": article(title="Bài cũ", source="https://old.example.vn/-/bai-cu"),
        "content/tin-tuc/b.md": article(title="Bài khác", source="Báo Đồng Tháp"),
    })
    build(site)
    assert "Nguồn:" not in soup(site / "public/tin-tuc/bai-cu/index.html").select_one("main").get_text()
    assert "Nguồn: Báo Đồng Tháp" in soup(site / "public/tin-tuc/bai-khac/index.html").select_one("main").get_text()


def test_redirects_are_published_and_stay_out_of_the_sitemap(tmp_path):
    site = make_site(tmp_path, {"content/tin-tuc/a.md": article(
        title="Bài cũ", aliases='["/-/bai-cu", "/tin-tuc/chi-tiet?id=7742453", "/tin/bai-cu.html"]')})
    build(site)
    public = site / "public"
    assert soup(public / "-/bai-cu/index.html").find("a")["href"] == "/tin-tuc/bai-cu/"
    assert (public / "tin/bai-cu.html").is_file()
    assert "chi-tiet?id=7742453" not in " ".join(p.as_posix() for p in public.rglob("*"))
    assert 'if ($args = "id=7742453")' in (public / "redirects.nginx.conf").read_text(encoding="utf-8")
    assert "RewriteCond %{QUERY_STRING} ^id=7742453$" in (public / "redirects.apache.conf").read_text(encoding="utf-8")
    assert "bai-cu/" in (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "/-/bai-cu" not in (public / "sitemap.xml").read_text(encoding="utf-8")


def test_a_site_without_aliases_has_no_rule_files(tmp_path):
    site = make_site(tmp_path, {"content/tin-tuc/a.md": article(title="Bài")})
    build(site)
    assert not (site / "public/redirects.apache.conf").exists()
    assert not (site / "public/redirects.nginx.conf").exists()


def test_check_reports_an_alias_that_collides_with_a_page_or_another_alias(tmp_path):
    site = make_site(tmp_path, {
        "content/tin-tuc/a.md": article(title="Bài một", aliases='["/tin-tuc/", "/-/chung"]'),
        "content/tin-tuc/b.md": article(title="Bài hai", aliases='["/-/chung"]'),
    })
    result = run_cli("check", "--root", str(site))
    assert "content/tin-tuc/a.md: cảnh báo: địa chỉ cũ /tin-tuc/ trùng với một trang" in result.stdout
    assert "content/tin-tuc/b.md: cảnh báo: địa chỉ cũ /-/chung đã là địa chỉ cũ của content/tin-tuc/a.md" \
        in result.stdout
    build(site)
    assert "Bài một" in soup(site / "public/-/chung/index.html").find("a").get_text()
    assert soup(site / "public/tin-tuc/index.html").find("meta", attrs={"http-equiv": "refresh"}) is None


def test_a_bad_alias_is_an_error_at_its_line(tmp_path):
    site = make_site(tmp_path, {"content/tin-tuc/a.md": "---\ntitle: Bài\ndate: 19/04/2023\ncategory: Tin tức\n"
                                "aliases:\n  - https://old.example.vn/-/bai\n  - /../../etc\n---\n\nNội dung.\n"})
    result = run_cli("build", "--root", str(site))
    assert result.returncode == 1
    assert "content/tin-tuc/a.md:6: lỗi: địa chỉ cũ \"https://old.example.vn/-/bai\" phải là đường dẫn" in result.stderr
    assert "content/tin-tuc/a.md:7: lỗi: địa chỉ cũ \"/../../etc\"" in result.stderr


def test_import_help_is_in_vietnamese():
    result = run_cli("import", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("Cách dùng: build.py import")
    for option in ("--dry-run", "--update", "--category-map"):
        assert option in result.stdout
    assert "chuyển bài từ trang cũ" in run_cli("--help").stdout
