"""`build.py check` and `build.py new`, run as an editor runs them."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import REPO, article, build, make_site, run_cli, photo

from sitegen.source.content import load_documents
from sitegen.source.config import load_config

SEED = "content/tin-tuc/hoi-nghi-ky-ket-ke-hoach-phoi-hop-chi-bo-ban-cong-tac-mat-tran.md"


def check_json(root, *args):
    result = run_cli("check", "--root", str(root), "--format", "json", *args)
    return result.returncode, json.loads(result.stdout)


def test_real_content_reports_the_seed_slips_as_warnings_only():
    public_before = sorted(p.name for p in (REPO / "public").iterdir()) if (REPO / "public").exists() else None
    status, report = check_json(REPO)
    assert status == 0 and report["errors"] == 0
    found = {(p["code"], p["line"], p["column"]) for p in report["problems"]}
    seed_line = (REPO / SEED).read_text(encoding="utf-8").splitlines()[12]
    assert ("glued-words", 13, seed_line.index("Lãnh") + 1) in found
    assert ("not-a-syllable", 13, seed_line.index("Tnh") + 1) in found
    assert ("not-a-syllable", 13, seed_line.index("Tnh", seed_line.index("Tnh") + 1) + 1) in found
    # Everything else it says is a genuine slip of the seed too, and nothing else is reported.
    assert {code for code, _, _ in found} == {"glued-words", "not-a-syllable", "double-space", "loose-hyphen",
                                              "mixed-tone-placement", "missing-summary"}
    assert len(found) == 7
    assert all(p["path"] == SEED and p["severity"] == "warning" for p in report["problems"])
    after = sorted(p.name for p in (REPO / "public").iterdir()) if (REPO / "public").exists() else None
    assert after == public_before, "check never writes public/"

    strict = run_cli("check", "--root", str(REPO), "--strict")
    assert strict.returncode == 1
    assert "phốLãnh" in strict.stdout and "Có 0 lỗi và 7 cảnh báo." in strict.stdout


def test_clean_site_exits_zero_without_writing_public(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article("Hội nghị tổng kết", summary="Tóm tắt ngắn."),
                                "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nVề chúng tôi.\n"})
    result = run_cli("check", "--root", str(root), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Không thấy lỗi hay cảnh báo nào." in result.stdout
    assert not (root / "public").exists()


def test_build_errors_are_errors_and_exit_one(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article("Bài", category="Không có", summary="x"),
                                "content/tin-tuc/b.md": "---\ntitle: Hội nghị: tổng kết\n---\n"})
    status, report = check_json(root)
    assert status == 1
    errors = {(p["path"], p["line"]) for p in report["problems"] if p["severity"] == "error"}
    assert errors == {("content/tin-tuc/a.md", 4), ("content/tin-tuc/b.md", 2)}
    assert not (root / "public").exists()


def test_template_errors_are_found_without_writing_public(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article("Bài", summary="Tóm tắt."),
                                "templates/article.html": "{% extends 'base.html' %}\n{% block main %}{{ nope }}"
                                                          "{% endblock %}\n"})
    status, report = check_json(root)
    assert status == 1
    assert any(p["path"] == "templates/article.html" and p["line"] == 2 for p in report["problems"])
    assert not (root / "public").exists()


def test_broken_links_images_duplicate_titles_and_missing_summary(tmp_path):
    body = ("Xem [bài hai](/tin-tuc/bai-hai/), [trang sai](/tin-tuc/khong-co/), [giới thiệu](../../gioi-thieu/),\n"
            "và [ngoài](https://example.org/x).\n")
    root = make_site(tmp_path, {
        "content/tin-tuc/bai-mot.md": article("Bài một", summary="Tóm tắt.", body=body),
        "content/tin-tuc/bai-hai.md": article("Thành ủy họp", summary="Tóm tắt.", slug="bai-hai"),
        "content/thong-bao/bai-ba.md": article("Thành uỷ  họp", category="Thông báo", slug="bai-ba"),
        "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nVề chúng tôi.\n",
    })
    status, report = check_json(root)
    assert status == 0  # warnings only
    by_code = {}
    for problem in report["problems"]:
        by_code.setdefault(problem["code"], []).append(problem)
    broken = {(p["line"], p["message"].split('"')[1]) for p in by_code["broken-link"]}
    assert broken == {(8, "/tin-tuc/khong-co/")}
    duplicate = by_code["duplicate-title"]
    assert [(p["path"], p["line"]) for p in duplicate] == [("content/tin-tuc/bai-hai.md", 2)]
    assert "content/thong-bao/bai-ba.md" in duplicate[0]["message"]
    assert [p["path"] for p in by_code["missing-summary"]] == ["content/thong-bao/bai-ba.md"]
    assert [p["path"] for p in by_code["double-space"]] == ["content/thong-bao/bai-ba.md"]
    assert run_cli("check", "--root", str(root), "--strict").returncode == 1


def test_missing_image_and_attachment_are_errors_with_their_line(tmp_path):
    body = "Ảnh:\n\n![Ảnh](/anh/khong-co.jpg) và [tệp](/tai-lieu/ke-hoach.pdf).\n"
    root = make_site(tmp_path, {"content/tin-tuc/bai-mot.md": article("Bài một", summary="Tóm tắt.", body=body)})
    status, report = check_json(root)
    assert status == 1
    errors = {(p["path"], p["line"], p["message"].split('"')[1]) for p in report["problems"] if p["severity"] == "error"}
    assert errors == {("content/tin-tuc/bai-mot.md", 10, "/anh/khong-co.jpg"),
                      ("content/tin-tuc/bai-mot.md", 10, "/tai-lieu/ke-hoach.pdf")}
    assert not (root / "public").exists()


def test_new_article_is_a_draft_in_its_category_folder(tmp_path):
    # One published page besides the draft: Pagefind refuses to index a site with nothing published.
    root = make_site(tmp_path, {"content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nVề chúng tôi.\n"},
                     config=open(REPO / "site.toml", encoding="utf-8").read())
    before = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).replace(second=0, microsecond=0)
    result = run_cli("new", "Hội nghị: tổng kết công tác Đảng năm 2024", "--category", "tin-tuc", "--root", str(root))
    assert result.returncode == 0, result.stderr
    path = root / "content/tin-tuc/hoi-nghi-tong-ket-cong-tac-dang-nam-2024.md"
    assert "content/tin-tuc/hoi-nghi-tong-ket-cong-tac-dang-nam-2024.md" in result.stdout
    documents, problems = load_documents(root, load_config(root))
    assert problems.errors == []
    (document,) = [d for d in documents if d.kind == "article"]
    assert document.title == "Hội nghị: tổng kết công tác Đảng năm 2024"
    assert document.category.slug == "tin-tuc" and document.draft is True
    assert document.author == "Ban biên tập"  # default_author of site.toml
    assert 0 <= (document.date - before).total_seconds() <= 120
    assert document.date.utcoffset().total_seconds() == 7 * 3600
    assert "author: \"Ban biên tập\"" in path.read_text(encoding="utf-8")

    # A draft is not published; the editor's text is never overwritten.
    path.write_text(path.read_text(encoding="utf-8") + "Nội dung của biên tập viên.\n", encoding="utf-8")
    again = run_cli("new", "Hội nghị: tổng kết công tác Đảng năm 2024", "--category", "Tin tức", "--root", str(root))
    assert again.returncode == 1 and "không ghi đè" in again.stderr
    assert "Nội dung của biên tập viên." in path.read_text(encoding="utf-8")
    build(root)
    assert not (root / "public/tin-tuc/hoi-nghi-tong-ket-cong-tac-dang-nam-2024").exists()


def test_new_article_author_option_and_unknown_category(tmp_path):
    root = make_site(tmp_path, {})
    result = run_cli("new", "Thông báo lịch tiếp dân", "-c", "Thông báo", "--author", "Nguyễn Văn A",
                     "--root", str(root))
    assert result.returncode == 0, result.stderr
    text = (root / "content/thong-bao/thong-bao-lich-tiep-dan.md").read_text(encoding="utf-8")
    assert "author: \"Nguyễn Văn A\"" in text and "draft: true" in text
    wrong = run_cli("new", "Bài", "--category", "tin-tuc-su-kien", "--root", str(root))
    assert wrong.returncode == 1
    assert "Chuyên mục \"tin-tuc-su-kien\" không có trong site.toml" in wrong.stderr
    assert "tin-tuc (Tin tức)" in wrong.stderr


def test_missing_alt_text_is_a_warning_and_an_error_with_strict(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/a/index.md": article("Bài", summary="Tóm tắt.", body="![](anh.jpg)\n"),
                                "content/tin-tuc/a/anh.jpg": photo()})
    status, report = check_json(root)
    assert status == 0
    (warning,) = [p for p in report["problems"] if p["code"] == "missing-alt"]
    assert (warning["path"], warning["line"], warning["severity"]) == ("content/tin-tuc/a/index.md", 8, "warning")
    assert run_cli("check", "--root", str(root), "--strict").returncode == 1


def test_check_builds_without_a_search_index(tmp_path, monkeypatch, capsys):
    # No link leads into the index, and Pagefind would take most of the check's time and memory.
    import sitegen.search.index as search_index
    from sitegen.cli import main

    def refuse(*_args, **_options):
        raise AssertionError("check started Pagefind")

    monkeypatch.setattr(search_index, "SearchIndexing", refuse)
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article("Hội nghị tổng kết", summary="Tóm tắt ngắn."),
                                "content/tin-tuc/b.md": article("Bài có liên kết", summary="Tóm tắt.",
                                                                body="Xem [bài cũ](/tin-tuc/khong-co/).")})
    assert main(["check", "--root", str(root), "--strict"]) == 1
    output = capsys.readouterr().out
    assert "content/tin-tuc/b.md" in output and "/tin-tuc/khong-co/" in output, output


def test_a_build_without_the_search_index_then_with_it(tmp_path):
    from sitegen.pipeline import BuildOptions, build_site
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article("Hội nghị tổng kết", summary="Tóm tắt ngắn.")})
    build_site(BuildOptions(root=root, index_search=False))
    assert (root / "public/tim-kiem/index.html").is_file() and not (root / "public/pagefind").exists()
    build_site(BuildOptions(root=root))
    assert (root / "public/pagefind/2023/pagefind-entry.json").is_file()


def test_check_renders_each_body_once_and_keeps_nothing_about_its_scratch_output(tmp_path, monkeypatch, capsys):
    import sitegen.source.loading as loading
    from sitegen.cli import main

    rendered = []
    read_source = loading.read_source
    monkeypatch.setattr(loading, "read_source", lambda raw, display, *rest: rendered.append(display) or
                        read_source(raw, display, *rest))
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article("Hội nghị tổng kết", summary="Tóm tắt ngắn."),
                                "content/tin-tuc/b.md": article("Bài hai", summary="Tóm tắt.")})
    assert main(["check", "--root", str(root), "--strict"]) == 0, capsys.readouterr().out
    assert sorted(rendered) == ["content/tin-tuc/a.md", "content/tin-tuc/b.md"]
    assert not list((root / ".cache").glob("output-*")), "no store for a folder that is thrown away"
    assert not (root / "public").exists()
