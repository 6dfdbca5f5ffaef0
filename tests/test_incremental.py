"""Incremental builds: after any sequence of edits, public/ equals a clean build's, byte for byte.

Builds run in-process (the CLI is tested elsewhere) with a fixed clock, so
each step is a few tens of milliseconds. A clean build is one with
`use_cache=False` into another folder.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from conftest import (DOCUMENTS_CONFIG, MINIMAL_CONFIG, PDF, REPO, article, build, make_site, official_document,
                      photo, require_tool, soup)
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.common.errors import BuildFailed
from sitegen.output import writer
from sitegen.incremental.cache import CACHE_DIR
from sitegen.output.edit_first import show_edited_article
from sitegen.incremental.memory import BuildMemory
from sitegen.pipeline import BuildOptions, build_site
from sitegen.site import model, search_plan
from sitegen.text.vietnamese import slugify

NOW = datetime(2024, 6, 1, 3, 0, tzinfo=timezone.utc)
TITLES = ["Hội nghị tổng kết", "Thông báo lịch tiếp dân", "Khánh thành cầu Đồng Tháp", "Ra mắt mô hình"]
DATES = ["19/04/2023 08:30", "01/05/2023", "15/12/2022 14:00", "10/06/2024 07:00"]  # the last is scheduled
BODIES = ["Nội dung bài viết.", "## Kết quả\n\n- Một\n- Hai\n\nXem [trang chủ](/).", "**Đậm** và *nghiêng*."]
TAGS = ["Mặt trận", "Chuyển đổi số", "Nông thôn mới"]
ALIASES = ["/-/bai-cu", "/tin-tuc/chi-tiet?id=1", "/tin-tuc/chi-tiet?id=2", "/tin-tuc/"]
# Documents of the register: numbers (one without its year), days of issue (the last after NOW: held back).
DOCUMENT_NUMBERS = ["12/2024/QĐ-UBND", "05/QĐ-UBND", "07/KH-UBND"]
DOCUMENT_ISSUED = ["05/03/2024", "01/06/2024", "04/06/2024", "15/11/2023"]
# The pictures a "photo" edit publishes: two of one size (only the pixels differ) and one of another
# size, whose <img width height> and srcset differ: what the article's page must show again.
PHOTOS = [photo(64, 48), photo(64, 48, color=(200, 50, 50)), photo(90, 40)]
# to-chuc.toml as an "organisation" edit writes it: None removes it (no organisation, no English
# pages, no language switch on any page); the last names a unit that does not exist (an error).
ORGANISATION_UNIT = """\
[[units]]
id = "van-phong"
name = "Văn phòng"
name_en = "City Office"
phone = "{phone}"
head = "Phạm Quốc Dũng"

[[officials]]
name = "Phạm Quốc Dũng"
position = "Chánh Văn phòng"
{position_en}unit = "van-phong"
"""
ORGANISATIONS = [
    None,
    ORGANISATION_UNIT.format(phone="0277.3563.310", position_en='position_en = "Chief of Office"\n'),
    ORGANISATION_UNIT.format(phone="0277.3563.999", position_en=""),  # a warning; left out in English
    ORGANISATION_UNIT.replace('unit = "van-phong"', 'unit = "van-phong-cu"').format(phone="0277.3563.310",
                                                                                  position_en=""),
]
ENGLISH_TITLES = ["Investing in the city", "Tourism"]


def site_files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def build_both(root: Path, memory: BuildMemory | None = None, now: datetime = NOW):
    """Incremental build into root/public and clean build into root/clean; both outcomes.
    With `memory`, also an incremental build that keeps it, as the preview server does,
    into root/remembered (its outcome last)."""
    outcomes = []
    builds = [(root / "public", True, None), (root / "clean", False, None)]
    if memory is not None:
        builds.append((root / "remembered", True, memory))
    for output, use_cache, kept in builds:
        if not use_cache:
            shutil.rmtree(output, ignore_errors=True)
        try:
            outcomes.append(build_site(BuildOptions(root=root, output=output, now=now, use_cache=use_cache,
                                                    memory=kept)))
        except Exception as error:  # noqa: BLE001 - both builds must fail alike
            outcomes.append(type(error).__name__)
    return outcomes


def assert_same_as_clean(root: Path, built: str = "public") -> None:
    incremental, clean = site_files(root / built), site_files(root / "clean")
    differing = sorted(path for path in set(incremental) | set(clean) if incremental.get(path) != clean.get(path))
    assert not differing, f"{built}/ differs from a clean build in: {differing[:10]}"


def watched_files(root: Path) -> dict[Path, bytes]:
    """Every file of the site but the cache, which the preview server does not watch (and where a
    process started by the last build may still be deleting replaced pages: trash.py)."""
    files = {}
    for folder, subfolders, names in os.walk(root):
        if Path(folder) == root:
            subfolders[:] = [name for name in subfolders if name != CACHE_DIR]
        files.update({Path(folder, name): Path(folder, name).read_bytes() for name in names})
    return files


def changed_files(root: Path, before: dict[Path, bytes]) -> list[Path]:
    """What a file watcher reports after an edit: every file added, changed or removed."""
    now = watched_files(root)
    return [Path(path) for path in set(before) | set(now) if before.get(path) != now.get(path)]


# --- the property ------------------------------------------------------------------------------

def article_text(draw_values: dict) -> str:
    extra = {"tags": "[" + ", ".join(draw_values["tags"]) + "]"} if draw_values["tags"] else {}
    if draw_values.get("aliases"):
        extra["aliases"] = "[" + ", ".join(f'"{alias}"' for alias in draw_values["aliases"]) + "]"
    return article(title=f"{draw_values['title']} số {draw_values['number']}", date=draw_values["date"],
                   category=draw_values["category"], body=draw_values["body"], **extra)


article_values = st.fixed_dictionaries({
    "title": st.sampled_from(TITLES),
    "number": st.integers(0, 3),  # repeated numbers make two articles claim one URL: an error both builds see
    "date": st.sampled_from(DATES),
    "category": st.sampled_from(["tin-tuc", "thong-bao"]),
    "body": st.sampled_from(BODIES),
    "tags": st.lists(st.sampled_from(TAGS), max_size=2, unique=True),
    # Old addresses (redirect pages and server rules): shared by two articles, or a page's own
    # address ("/tin-tuc/"), they are reported and left out, in both builds alike.
    "aliases": st.lists(st.sampled_from(ALIASES), max_size=2, unique=True),
})
edits = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 5), article_values),
    st.tuples(st.just("edit"), st.integers(0, 5), article_values),
    st.tuples(st.just("text"), st.integers(0, 5), st.sampled_from(BODIES)),  # the body only, as most saves
    st.tuples(st.just("retitle"), st.integers(0, 5), st.sampled_from(TITLES)),  # a new title, the same address
    st.tuples(st.just("rename"), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.just("delete"), st.integers(0, 5), st.none()),
    st.tuples(st.just("template"), st.sampled_from(["article.html", "partials/footer.html",
                                                     "partials/article-card.html"]), st.booleans()),
    st.tuples(st.just("category"), st.sampled_from(["Thông báo", "Thông báo mới", "Tin vắn"]), st.booleans()),
    st.tuples(st.just("config"), st.integers(1, 3), st.sampled_from(["0277.3563.362", "0277.3563.999"])),
    # the admin published with the site (issue 25) or not; its config.yml follows site.toml
    st.tuples(st.just("admin"), st.sampled_from([None, "ung-dung-1", "ung-dung-2"]), st.none()),
    # replace the photo of content/tin-tuc/bai-co-anh/ (the article, with or without a cover, is
    # written when missing); None removes the article and its photo
    st.tuples(st.just("photo"), st.sampled_from([None, 0, 1, 2]), st.booleans()),
    st.tuples(st.just("organisation"), st.integers(0, len(ORGANISATIONS) - 1), st.none()),
    # content/en/dau-tu.md with one of the titles (it is in the English menu), or removed (None)
    st.tuples(st.just("english"), st.sampled_from([None, *ENGLISH_TITLES]), st.none()),
    # documents of the register: written (a number may repeat: an error both builds see), deleted, and
    # the clock moved on by days, across the dates that change their status
    st.tuples(st.just("document"), st.integers(0, 3), st.fixed_dictionaries({
        "number": st.sampled_from(DOCUMENT_NUMBERS), "issued": st.sampled_from(DOCUMENT_ISSUED),
        "effective": st.sampled_from([None, "01/06/2024", "03/06/2024"]), "expires": st.sampled_from([None, "05/06/2024"]),
        "relation": st.sampled_from([None, "replaces: [05/QĐ-UBND]", "amends: [12/2024/QĐ-UBND]"]),
        "summary": st.sampled_from(["Ban hành Quy định", "Kế hoạch năm 2024"]),
        "fields": st.sampled_from(["", "[Đất đai]", "[Xây dựng, Đất đai]"])})),
    st.tuples(st.just("document-delete"), st.integers(0, 3), st.none()),
    # the file every document attaches, rewritten at another size (their pages show it): the register
    # a build keeps for the next (register_memo.py) must then be made anew
    st.tuples(st.just("document-file"), st.integers(0, 3), st.none()),
    st.tuples(st.just("day"), st.integers(1, 5), st.none()),
)


def document_text(values: dict) -> str:
    extra = {key: values[key] for key in ("effective", "expires") if values[key]}
    if values["fields"]:
        extra["fields"] = values["fields"]
    text = official_document(number=values["number"], type="Kế hoạch" if "KH" in values["number"] else "Quyết định",
                             issued=values["issued"], summary=values["summary"], files="[/media/van-ban.pdf]", **extra)
    return text.replace("\n---\n", f"\n{values['relation']}\n---\n", 1) if values["relation"] else text


def photo_article(root: Path, picture: int | None, cover: bool = False) -> None:
    """content/tin-tuc/bai-co-anh/: an article showing anh.jpg in its body (and as its cover when
    `cover`). An existing article's Markdown is left as it is: only the picture changes."""
    folder = root / "content" / "tin-tuc" / "bai-co-anh"
    if picture is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.glob("*.md")):
        extra = {"image": "anh.jpg"} if cover else {}
        text = article(title="Bài có ảnh", body="![Quang cảnh hội nghị](anh.jpg)", **extra)
        (folder / "index.md").write_text(text, encoding="utf-8")
    (folder / "anh.jpg").write_bytes(PHOTOS[picture])


def apply_edit(root: Path, edit: tuple) -> None:
    kind, target, value = edit
    articles = sorted((root / "content").rglob("*.md"))
    if kind == "add":
        (root / "content" / "tin-tuc").mkdir(parents=True, exist_ok=True)
        (root / "content" / "tin-tuc" / f"bai-{len(articles)}-{target}.md").write_text(article_text(value), "utf-8")
    elif kind == "edit" and articles:
        articles[target % len(articles)].write_text(article_text(value), encoding="utf-8")
    elif kind == "text" and articles:
        path = articles[target % len(articles)]
        front, separator, _body = path.read_text(encoding="utf-8").partition("\n---\n")
        if separator:
            path.write_text(f"{front}\n---\n\n{value}\n", encoding="utf-8")
    elif kind == "retitle" and articles:  # the slug is written out first, so the address stays
        path = articles[target % len(articles)]
        front, separator, body = path.read_text(encoding="utf-8").partition("\n---\n")
        lines = front.split("\n")
        titles = [index for index, line in enumerate(lines) if line.startswith("title: ")]
        if separator and titles:
            if not any(line.startswith("slug: ") for line in lines):
                lines.append(f"slug: {slugify(lines[titles[0]][len('title: '):])}")
            lines[titles[0]] = f"title: {value} (sửa)"
            path.write_text("\n".join(lines) + separator + body, encoding="utf-8")
    elif kind == "rename" and articles:
        source = articles[target % len(articles)]
        source.rename(source.with_name(f"doi-ten-{value}-{source.name}"))
    elif kind == "delete" and articles:
        articles[target % len(articles)].unlink()
    elif kind == "template":
        own = root / "templates" / target
        if value:
            own.parent.mkdir(parents=True, exist_ok=True)
            own.write_text((REPO / "templates" / target).read_text(encoding="utf-8") + "\n<!-- sửa -->\n", "utf-8")
        else:
            own.unlink(missing_ok=True)  # back to the generator's own template
    elif kind == "category":
        config = (root / "site.toml").read_text(encoding="utf-8")
        description = '\ndescription = "Mô tả chuyên mục."' if value else ""
        config = config.split('[[categories]]\nslug = "thong-bao"')[0]
        (root / "site.toml").write_text(config + f'[[categories]]\nslug = "thong-bao"\nname = "{target}"'
                                        f'{description}\n', encoding="utf-8")
    elif kind == "config":
        config = (root / "site.toml").read_text(encoding="utf-8")
        config = config.replace("articles_per_page = 2", f"articles_per_page = {target}", 1)
        for old in ("0277.3563.362", "0277.3563.999"):
            config = config.replace(f'phone = "{old}"', f'phone = "{value}"')
        (root / "site.toml").write_text(config, encoding="utf-8")
    elif kind == "photo":
        photo_article(root, target, value)
    elif kind == "organisation":
        path = root / "to-chuc.toml"
        if ORGANISATIONS[target] is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(ORGANISATIONS[target], encoding="utf-8")
    elif kind == "english":
        path = root / "content" / "en" / "dau-tu.md"
        if target is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\ntitle: {target}\n---\n\nText.\n", encoding="utf-8")
    elif kind == "admin":
        config = (root / "site.toml").read_text(encoding="utf-8").split("\n[admin]\n")[0]
        if target is not None:
            config += (f'\n[admin]\npublish = true\nbase_url = "https://git.example.gov.vn"\n'
                       f'repo = "ubnd/trang"\napp_id = "{target}"\n')
        (root / "site.toml").write_text(config, encoding="utf-8")
    elif kind == "document":
        (root / "content" / "van-ban").mkdir(parents=True, exist_ok=True)
        (root / "content" / "van-ban" / f"vb-{target}.md").write_text(document_text(value), encoding="utf-8")
    elif kind == "document-delete":
        (root / "content" / "van-ban" / f"vb-{target}.md").unlink(missing_ok=True)
    elif kind == "document-file":
        (root / "content" / "media" / "van-ban.pdf").write_bytes(PDF + b" " * 1024 * target)


def check_edit_sequence(steps: list[tuple]) -> int:
    """Apply the edits one by one; after each, the incremental build must equal a clean one.
    Returns how many edited pages were shown early (and checked against the full rebuild)."""
    shown_early = 0
    # The register's search bundles as a large register has them, a run of years or months each,
    # moving as documents come and go, each holding every document's words (search_plan.py).
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_plan, "MAX_DOCUMENT_BUNDLE_RECORDS", 1)
        root = make_site(Path(folder) / "site", {
            "content/tin-tuc/mot.md": article(title="Bài một", category="tin-tuc", tags="[Mặt trận]"),
            "content/tin-tuc/hai.md": article(title="Bài hai", date="20/04/2023", category="thong-bao"),
            "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\nlayout: about\n---\n\nTrang giới thiệu.\n",
            "content/trang/lien-he.md": "---\ntitle: Liên hệ\nlayout: contact\n---\n\nLiên hệ.\n",
            "to-chuc.toml": ORGANISATIONS[1],
            "content/media/van-ban.pdf": PDF,  # the file of every document an edit writes
        }, config=MINIMAL_CONFIG.replace("[[categories]]", DOCUMENTS_CONFIG + "\n[[categories]]", 1))
        photo_article(root, 0)
        memory = BuildMemory()  # the preview server's, kept from step to step
        now = NOW  # moved on by "day" edits
        build_both(root, memory, now)
        assert_same_as_clean(root)
        last_failed = False
        for edit in steps:
            sources = watched_files(root)
            apply_edit(root, edit)
            changed = frozenset(changed_files(root, sources))
            memory.forget_files(changed)
            # As the preview server does after a save: the edited article's page first, when it can.
            if edit[0] == "day":
                now += timedelta(days=edit[1])
            early = None if last_failed else show_edited_article(memory.last_build, root, root / "remembered",
                                                                 changed, now)
            before = site_files(root / "public")
            incremental, clean, remembered = build_both(root, memory, now)
            assert isinstance(incremental, str) == isinstance(clean, str) == isinstance(remembered, str), \
                (edit, incremental, clean, remembered)
            last_failed = isinstance(clean, str)
            if isinstance(clean, str):
                assert site_files(root / "public") == before  # a failed build leaves public/ as it was
            else:
                assert_same_as_clean(root)
                assert_same_as_clean(root, "remembered")
                if early is not None:
                    assert (root / "remembered" / early.output_path).read_bytes() == early.data, edit
                    shown_early += 1
    return shown_early


@settings(max_examples=16, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=6))
def test_incremental_build_equals_clean_build_after_any_edits(steps):
    check_edit_sequence(steps)


def test_documents_and_the_days_that_change_their_status_keep_incremental_builds_exact():
    """A sequence the property test may not draw: documents replacing one another, a status that
    changes as the days pass with no file changed (the up-to-date check must not keep yesterday's)."""
    decision = {"number": "12/2024/QĐ-UBND", "issued": "05/03/2024", "effective": "03/06/2024", "expires": None,
                "relation": "replaces: [05/QĐ-UBND]", "summary": "Ban hành Quy định", "fields": "[Đất đai]"}
    older = {**decision, "number": "05/QĐ-UBND", "effective": None, "relation": None, "summary": "Kế hoạch năm 2024"}
    check_edit_sequence([("document", 0, decision), ("document", 1, older), ("day", 1, None), ("day", 1, None),
                         ("document", 2, {**older, "number": "07/KH-UBND", "issued": "04/06/2024",
                                          "expires": "05/06/2024"}),
                         ("day", 2, None), ("document-file", 3, None), ("text", 0, BODIES[1]),
                         ("document-delete", 1, None), ("day", 1, None), ("document-file", 0, None)])


def test_retitled_articles_shown_early_equal_the_full_rebuild():
    # content/: bai-co-anh/index.md, hai.md (20/04/2023, a date of its own), mot.md, trang/…
    same_date = {"title": "Bài cùng ngày", "number": 1, "date": "20/04/2023", "category": "tin-tuc",
                 "body": BODIES[0], "tags": []}
    # Two new titles for "hai" are shown early; once "bai-4-0.md" shares its date (and sorts first,
    # so "hai" is the third file), a new title waits for the rebuild; a text edit is shown early.
    assert check_edit_sequence([("retitle", 1, TITLES[1]), ("retitle", 1, TITLES[2]), ("add", 0, same_date),
                                ("retitle", 2, TITLES[3]), ("text", 2, BODIES[1])]) == 3


# --- files an article shows: a change to one is a change to the article ------------------------

def test_photo_replaced_by_one_of_another_size_is_shown_at_its_new_size(tmp_path):
    """Only anh.jpg changes, not index.md: the page's <img> must still get the new size and srcset."""
    root = make_site(tmp_path / "site", {"content/tin-tuc/mot.md": article(title="Bài một")})
    photo_article(root, 0)
    build_site(BuildOptions(root=root, now=NOW))
    photo_article(root, 2)  # 90 × 40 instead of 64 × 48
    again = build_site(BuildOptions(root=root, now=NOW))
    page = soup(root / "public/tin-tuc/bai-co-anh/index.html")
    image = page.select_one("article picture img")
    assert (image["width"], image["height"]) == ("90", "40")
    assert again.rendered > 0
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert_same_as_clean(root)


def test_attachment_replaced_by_a_larger_file_shows_its_new_size(tmp_path):
    root = make_site(tmp_path / "site", {
        "content/tin-tuc/ke-hoach/index.md": article(title="Kế hoạch", body="Xem [Kế hoạch](ke-hoach.pdf)."),
        "content/tin-tuc/ke-hoach/ke-hoach.pdf": b"%PDF-1.4\n" + b"0" * 2048,
    })
    build_site(BuildOptions(root=root, now=NOW))
    (root / "content/tin-tuc/ke-hoach/ke-hoach.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 5 * 1024)
    build_site(BuildOptions(root=root, now=NOW))
    link = soup(root / "public/tin-tuc/ke-hoach/index.html").select_one("a.attachment-link")
    assert "(PDF, 5 KB)" in link.get_text(" ", strip=True)
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert_same_as_clean(root)


def document_site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {
        "content/tin-tuc/mot.md": article(title="Bài một"),
        "content/van-ban/quyet-dinh.md": official_document(files="[/media/van-ban.pdf]"),
        "content/van-ban/ke-hoach.md": official_document(number="07/KH-UBND", type="Kế hoạch",
                                                         files="[/media/van-ban.pdf]"),
        "content/media/van-ban.pdf": PDF,
    }, config=MINIMAL_CONFIG.replace("[[categories]]", DOCUMENTS_CONFIG + "\n[[categories]]", 1))


def test_the_register_is_made_again_only_when_what_it_is_made_from_changes(tmp_path, monkeypatch):
    """An article edit takes the register back from the last build (register_memo.py); a document's
    file replaced by a larger one, or the next day (statuses), make it anew."""
    made, build_register = [], model.build_register
    monkeypatch.setattr(model, "build_register", lambda *args: made.append(1) or build_register(*args))
    root = document_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    assert len(made) == 1
    article_path = root / "content/tin-tuc/mot.md"
    article_path.write_text(article_path.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    build_site(BuildOptions(root=root, now=NOW))
    assert len(made) == 1
    (root / "content/media/van-ban.pdf").write_bytes(PDF + b" " * 5 * 1024)
    build_site(BuildOptions(root=root, now=NOW))
    assert len(made) == 2
    files = soup(root / "public/van-ban/12-2024-qd-ubnd/index.html").get_text(" ", strip=True)
    assert "(PDF, 7 KB)" in files
    build_site(BuildOptions(root=root, now=NOW + timedelta(days=1)))
    assert len(made) == 3
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW + timedelta(days=1), use_cache=False))
    assert_same_as_clean(root)


def test_an_article_file_taking_the_address_of_a_kept_document_file_is_reported_as_in_a_clean_build(tmp_path):
    root = document_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    (root / "content/media/Van_Ban.pdf").write_bytes(PDF)  # published as media/van-ban.pdf too
    (root / "content/tin-tuc/hai.md").write_text(article(title="Bài hai", body="[Tệp](/media/Van_Ban.pdf)"), "utf-8")
    failures = []
    for use_cache, output in ((True, root / "public"), (False, root / "clean")):
        with pytest.raises(BuildFailed) as failed:
            build_site(BuildOptions(root=root, output=output, now=NOW, use_cache=use_cache))
        failures.append([problem.format() for problem in failed.value.problems])
    assert failures[0] == failures[1]
    assert any("/media/van-ban.pdf" in line for line in failures[0])


def test_a_build_publishes_an_unchanged_attachment_without_reading_it_and_a_changed_one_anew(tmp_path, monkeypatch):
    """The documents' files are often the bulk of a site (5,000 PDFs): a build trusts the digest the
    up-to-date check keeps of each file of content/, and reads only a file that changed."""
    root = document_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    read, real_read = [], Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or real_read(path))
    article_path = root / "content/tin-tuc/mot.md"
    article_path.write_text(article_path.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    build_site(BuildOptions(root=root, now=NOW))
    assert "van-ban.pdf" not in read
    (root / "content/media/van-ban.pdf").write_bytes(PDF.replace(b"Catalog", b"Katalog"))  # the same size
    build_site(BuildOptions(root=root, now=NOW))
    assert "van-ban.pdf" in read
    assert (root / "public/media/van-ban.pdf").read_bytes() == PDF.replace(b"Catalog", b"Katalog")
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert_same_as_clean(root)


def test_organisation_and_english_page_edits_equal_a_clean_build():
    """The organisation's pages, the English menu and every page's language switch follow to-chuc.toml
    and content/en/: changed, broken, removed and written again."""
    check_edit_sequence([("organisation", 2, None), ("english", ENGLISH_TITLES[0], None), ("organisation", 3, None),
                         ("organisation", 0, None), ("english", ENGLISH_TITLES[1], None), ("organisation", 1, None),
                         ("english", None, None), ("config", 2, "0277.3563.999")])


def test_an_organisation_edit_rerenders_the_organisation_pages_alone(tmp_path):
    root = small_site(tmp_path)
    (root / "to-chuc.toml").write_text(ORGANISATIONS[1], encoding="utf-8")
    first = build_site(BuildOptions(root=root, now=NOW))
    (root / "to-chuc.toml").write_text(ORGANISATIONS[2], encoding="utf-8")
    again = build_site(BuildOptions(root=root, now=NOW))
    assert again.rendered == 4 < first.pages  # co-cau-to-chuc/, en/, en/organisation/, en/contact/
    assert "0277.3563.999" in (root / "public/co-cau-to-chuc/index.html").read_text(encoding="utf-8")
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert_same_as_clean(root)


def test_edit_sequence_that_found_the_stale_photo_page():
    """The sequence the property test first failed on, kept as a plain regression test."""
    added = {"title": TITLES[0], "number": 0, "date": DATES[0], "category": "tin-tuc", "body": BODIES[0], "tags": []}
    check_edit_sequence([
        ("add", 0, added), ("photo", 0, False), ("template", "article.html", False),
        ("category", "Thông báo", False), ("photo", 2, False),
    ])


def test_publishing_changing_and_withdrawing_the_admin_equals_a_clean_build():
    """[admin] publish = true adds quan-tri/ (Decap and a config.yml made from site.toml); a new
    app_id rewrites the config only; removing the section removes the folder."""
    require_tool(REPO / "admin" / "node_modules" / "decap-cms", "make test runs npm ci in admin/")
    check_edit_sequence([("admin", "ung-dung-1", None), ("text", 0, BODIES[0]), ("admin", "ung-dung-2", None),
                         ("template", "article.html", True), ("admin", None, None)])


# --- what the cache must never do -------------------------------------------------------------

def small_site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {
        f"content/tin-tuc/bai-{n}.md": article(title=f"Bài số {n}", date=f"{n + 1:02d}/04/2023 08:00",
                                               tags="[Mặt trận, Chuyển đổi số]")
        for n in range(6)
    }, config=MINIMAL_CONFIG)


def test_rebuild_with_no_change_renders_and_writes_nothing(tmp_path):
    root = small_site(tmp_path)
    first = build_site(BuildOptions(root=root, now=NOW))
    before = {p: p.stat().st_mtime_ns for p in (root / "public").rglob("*") if p.is_file()}
    again = build_site(BuildOptions(root=root, now=NOW))
    assert first.rendered == first.pages > 0
    assert (again.rendered, again.changed) == (0, 0)
    assert {p: p.stat().st_mtime_ns for p in (root / "public").rglob("*") if p.is_file()} == before


def test_a_build_parses_the_templates_again_only_when_one_of_them_changed(tmp_path, monkeypatch):
    """What each template includes, extends or imports is taken from the last build (.cache/)."""
    from sitegen.output import changed_pages

    parsed = []
    real_find = changed_pages.jinja2.meta.find_referenced_templates
    monkeypatch.setattr(changed_pages.jinja2.meta, "find_referenced_templates",
                        lambda tree: parsed.append(1) or real_find(tree))
    monkeypatch.setattr(changed_pages, "_REFERENCES", {})
    root = small_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    every_template = len(parsed)
    changed_pages._REFERENCES.clear()  # each build below as a process of its own
    path = root / "content/tin-tuc/bai-0.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    build_site(BuildOptions(root=root, now=NOW))
    assert (every_template > 10, len(parsed)) == (True, every_template)
    changed_pages._REFERENCES.clear()
    own = root / "templates" / "partials" / "footer.html"
    own.parent.mkdir(parents=True)
    own.write_text((REPO / "templates/partials/footer.html").read_text(encoding="utf-8")
                   + "<!-- sửa -->\n", encoding="utf-8")
    build_site(BuildOptions(root=root, now=NOW))
    assert len(parsed) == 2 * every_template
    assert "<!-- sửa -->" in (root / "public/index.html").read_text(encoding="utf-8")
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert_same_as_clean(root)


def test_one_article_edit_rerenders_only_the_pages_that_show_it(tmp_path):
    root = small_site(tmp_path)
    first = build_site(BuildOptions(root=root, now=NOW))
    path = root / "content/tin-tuc/bai-0.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung bài viết.", "Nội dung đã sửa."), "utf-8")
    again = build_site(BuildOptions(root=root, now=NOW))
    assert 0 < again.rendered < first.pages
    html = next((root / "public").rglob("bai-so-0/index.html")).read_text(encoding="utf-8")
    assert "Nội dung đã sửa." in html
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert_same_as_clean(root)


def test_an_article_text_edit_leaves_the_archive_pages_that_do_not_list_it_alone(tmp_path, monkeypatch):
    """Archive pages name every month of the year, but only by its number and link: an edit to
    one article's text re-renders the archive pages listing it, not the whole year's."""
    from sitegen.output import changed_pages
    root = small_site(tmp_path)  # six articles of April 2023, two a page: three pages of each list
    build_site(BuildOptions(root=root, now=NOW))
    rendered = []
    real_render_page = changed_pages.render_page
    monkeypatch.setattr(changed_pages, "render_page", lambda environment, spec: rendered.append(spec.url)
                        or real_render_page(environment, spec))
    monkeypatch.setenv("SITEGEN_JOBS", "1")  # count the calls in this process
    path = root / "content/tin-tuc/bai-5.md"  # the newest: on the first page of each list
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung bài viết.", "Nội dung đã sửa."), "utf-8")
    build_site(BuildOptions(root=root, now=NOW))
    archive = sorted(url for url in rendered if url.startswith("luu-tru/"))
    assert archive == ["luu-tru/2023/", "luu-tru/2023/04/"]
    assert any(url.endswith("bai-so-5/") for url in rendered)


def test_an_input_file_rewritten_with_the_same_size_and_modification_time_is_read_again(tmp_path):
    """The up-to-date check trusts the last build's digest of a file only while the file keeps
    its identity; restoring the modification time still changes its status-change time."""
    root = small_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    path = root / "content/tin-tuc/bai-0.md"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Nội dung bài viết.", "Nội dung bài viếT."), "utf-8")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    again = build_site(BuildOptions(root=root, now=NOW))
    assert again.rendered > 0
    page = next((root / "public").rglob("bai-so-0/index.html")).read_text(encoding="utf-8")
    assert "Nội dung bài viếT." in page


def test_the_up_to_date_check_reads_a_file_changed_too_close_to_the_last_look(tmp_path):
    """A file whose status changed within RACY_NANOSECONDS of the last look is hashed again even
    when its identity matches (two saves in one clock tick can leave it unchanged); an older one
    is trusted without being read."""
    from sitegen.incremental.cache import bytes_digest
    from sitegen.incremental.uptodate import RACY_NANOSECONDS, KnownFiles, input_snapshot
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article(title="Bài")})
    source = str(root / "content/tin-tuc/a.md")
    _snapshot, digests, known = input_snapshot(root, [], ())
    identity = known.files[source][0]
    stale = {source: (identity, "digest-of-older-bytes")}
    changed_at = max(os.stat(source).st_mtime_ns, os.stat(source).st_ctime_ns)
    _snapshot, racy, _known = input_snapshot(root, [], (), KnownFiles(changed_at + RACY_NANOSECONDS // 2, stale))
    assert racy[source] == bytes_digest(Path(source).read_bytes())
    _snapshot, trusted, _known = input_snapshot(root, [], (), KnownFiles(changed_at + 2 * RACY_NANOSECONDS, stale))
    assert trusted[source] == "digest-of-older-bytes"


def test_site_toml_edit_keeps_the_search_index_and_an_article_edit_remakes_it(tmp_path):
    """The index is made of the articles' text alone: re-indexing for a phone number would cost minutes."""
    root = small_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    [index] = (root / "public" / "pagefind").glob("*/pagefind-entry.json")
    before = index.stat().st_mtime_ns, index.read_bytes()
    config = root / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("0277", "0288"), encoding="utf-8")
    build_site(BuildOptions(root=root, now=NOW))
    assert "0288" in (root / "public" / "index.html").read_text(encoding="utf-8")
    assert (index.stat().st_mtime_ns, index.read_bytes()) == before
    path = root / "content/tin-tuc/bai-0.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung bài viết.", "Bánh phồng tôm."), "utf-8")
    build_site(BuildOptions(root=root, now=NOW))
    assert index.read_bytes() != before[1]
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert_same_as_clean(root)


def test_corrupt_or_foreign_cache_is_discarded(tmp_path):
    root = small_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (Path.touch, (marker,))

    stores = sorted((root / CACHE_DIR).rglob("*.pickle"))
    assert stores
    stores[0].write_bytes(pickle.dumps({"kind": "documents", "format": 1, "data": {"x": Exploit()}}))
    for store in stores[1:]:
        store.write_bytes(b"\x80\x05garbage")
    (root / "public" / "tin-tuc" / "stray.html").write_text("left by hand", encoding="utf-8")
    report = build_site(BuildOptions(root=root, now=NOW))
    assert not marker.exists(), "loading the cache ran code"
    assert report.rendered == report.pages  # nothing trusted
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert_same_as_clean(root)


def test_hand_edited_output_file_is_rewritten(tmp_path):
    root = small_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    home = root / "public" / "index.html"
    home.write_text("sửa tay", encoding="utf-8")
    build_site(BuildOptions(root=root, now=NOW))
    assert "sửa tay" not in home.read_text(encoding="utf-8")
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert_same_as_clean(root)


def test_build_killed_while_applying_changes_is_rolled_forward(tmp_path, monkeypatch):
    root = small_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    (root / "content/tin-tuc/bai-5.md").unlink()
    path = root / "content/tin-tuc/bai-1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung bài viết.", "Bản mới."), "utf-8")

    def killed(output_dir, trash=None):
        raise KeyboardInterrupt  # as if the process died right after writing the journal

    monkeypatch.setattr(writer, "apply_journal", killed)
    try:
        build_site(BuildOptions(root=root, now=NOW))
    except KeyboardInterrupt:
        pass
    monkeypatch.undo()
    assert (root / ".public.journal").exists()
    assert next((root / "public").rglob("bai-so-5/index.html"), None) is not None  # old site still whole
    build_site(BuildOptions(root=root, now=NOW))
    assert not (root / ".public.journal").exists()
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert_same_as_clean(root)


def test_cli_no_cache_builds_from_scratch(tmp_path):
    root = small_site(tmp_path)
    build(root)

    def stores() -> dict[Path, int]:
        # Not the trash: a process of its own empties it after a build, whenever it gets to it.
        trash = root / CACHE_DIR / "trash"
        return {p: p.stat().st_mtime_ns for p in (root / CACHE_DIR).rglob("*") if trash not in (p, *p.parents)}

    before = stores()
    result = build(root, "--no-cache", "--verbose")
    pages = re.search(r"Đã dựng (\d+) trang", result.stdout).group(1)
    assert f"dựng lại {pages} trang" in result.stdout  # every page, none taken from the cache
    assert stores() == before


def test_unchanged_site_still_publishes_a_scheduled_article_when_its_time_comes(tmp_path):
    root = small_site(tmp_path)
    (root / "content/tin-tuc/hen-gio.md").write_text(article(title="Bài hẹn giờ", date="10/06/2024 07:00"), "utf-8")
    first = build_site(BuildOptions(root=root, now=NOW))
    assert len(first.held_back.scheduled) == 1
    assert next((root / "public").rglob("bai-hen-gio/index.html"), None) is None
    later = datetime(2024, 6, 10, 0, 0, tzinfo=timezone.utc)  # 07:00 in Vietnam: the article's time
    again = build_site(BuildOptions(root=root, now=later))
    assert again.rendered > 0 and not again.held_back.scheduled
    assert next((root / "public").rglob("bai-hen-gio/index.html"), None) is not None
    build_site(BuildOptions(root=root, output=root / "clean", now=later, use_cache=False))
    assert_same_as_clean(root)


def test_stray_file_in_output_is_removed_even_when_nothing_changed(tmp_path):
    root = small_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    (root / "public" / "stray.html").write_text("không thuộc trang", encoding="utf-8")
    build_site(BuildOptions(root=root, now=NOW))
    assert not (root / "public" / "stray.html").exists()


def test_parallel_build_equals_serial_build(tmp_path, monkeypatch):
    """Enough articles for the process pool: the output is the same bytes as one process makes."""
    files = {f"content/tin-tuc/bai-{n}.md": article(title=f"Bài số {n}", date=f"{n % 28 + 1:02d}/0{n % 9 + 1}/2023",
                                                     tags=f"[Chủ đề {n % 7}]", body=f"Đoạn **{n}**.\n\n- một\n- hai")
             for n in range(340)}
    root = make_site(tmp_path / "site", files)
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    parallel = build_site(BuildOptions(root=root, now=NOW))
    monkeypatch.setenv("SITEGEN_JOBS", "1")
    build_site(BuildOptions(root=root, output=root / "clean", now=NOW, use_cache=False))
    assert parallel.articles == 340
    assert_same_as_clean(root)


def test_the_cycle_collector_is_paused_while_the_site_is_read_and_on_again_after_even_a_failure(tmp_path, monkeypatch):
    import gc

    from sitegen.common import parallel
    from sitegen import pipeline
    from sitegen.common.errors import BuildFailed

    during = []
    prepare_site = pipeline.prepare_site

    def recording(*args, **kwargs):
        during.append(gc.isenabled())
        return prepare_site(*args, **kwargs)

    monkeypatch.setattr(pipeline, "prepare_site", recording)
    rendering = []
    render_changed_pages = pipeline.render_changed_pages

    def recording_render(*args, **kwargs):
        rendering.append((gc.isenabled(), gc.get_freeze_count() > 0))
        return render_changed_pages(*args, **kwargs)

    monkeypatch.setattr(pipeline, "render_changed_pages", recording_render)
    root = small_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    (root / "content/tin-tuc/hong.md").write_text("---\ntitle: [chưa đóng\n---\n\nThân bài.\n", encoding="utf-8")
    with pytest.raises(BuildFailed):  # a front matter that does not parse
        build_site(BuildOptions(root=root, now=NOW))
    assert during == [False, False]
    assert rendering == [(True, True)]  # on while pages render, what was read out of its sight
    assert gc.isenabled() and gc.get_freeze_count() == 0
    # Forked workers collect the cycles of their own work; the build's process does not.
    monkeypatch.setenv("SITEGEN_JOBS", "2")
    with pipeline.cycle_collector_for_a_build():
        states = parallel.parallel_map(lambda _item: gc.isenabled(), range(400))
    assert set(states) == {False, True}


def test_journal_replaces_a_file_by_a_folder_and_a_folder_by_a_file(tmp_path):
    output = tmp_path / "public"
    with writer.Staging(output) as staging:
        staging.write("tin", b"file")
        staging.write("bai/index.html", b"page")
    with writer.Staging(output, staging.manifest) as second:
        assert second.incremental
        second.write("tin/index.html", b"now a folder")
        second.write("bai", b"now a file")
    assert site_files(output) == {"tin/index.html": b"now a folder", "bai": b"now a file"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".public.lock", "public"]  # the lock file stays


def test_preview_and_build_taking_turns_do_not_render_every_article_again(tmp_path, monkeypatch):
    """`make serve` renders bodies for its own base URL; `make build` after it still finds its own."""
    from sitegen.source import loading
    from sitegen.commands.serve import PreviewSite

    root = small_site(tmp_path)
    build_site(BuildOptions(root=root, now=NOW))
    PreviewSite(root, "http://127.0.0.1:8000/").rebuild()
    path = root / "content/tin-tuc/bai-0.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung bài viết.", "Nội dung mới."), "utf-8")
    read = []
    real_read_source = loading.read_source
    monkeypatch.setattr(loading, "read_source", lambda raw, display, *rest: read.append(display)
                        or real_read_source(raw, display, *rest))
    monkeypatch.setenv("SITEGEN_JOBS", "1")  # count the calls in this process
    build_site(BuildOptions(root=root, now=NOW))
    assert read == ["content/tin-tuc/bai-0.md"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim: Linux only")
def test_memory_freed_after_reading_is_given_back_to_the_system():
    """What reading the site frees stays in the process unless handed back; the rendering workers
    would be forked with it."""
    from sitegen.pipeline import return_free_memory

    def resident_mb() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    blocks = [bytes(2000 + index % 7) for index in range(20000)]  # 40 MB, as bodies are
    kept = bytes(3000)  # allocated after them: the freed space is not at the heap's top
    before = resident_mb()
    del blocks
    assert resident_mb() > before - 10  # freed, yet still held by the process
    return_free_memory()
    assert resident_mb() < before - 30 and kept


def test_a_build_gives_freed_memory_back_once_the_site_is_read(tmp_path, monkeypatch):
    from sitegen.source import loading
    from sitegen import pipeline
    steps = []
    load_content = loading.load_content
    monkeypatch.setattr(pipeline, "load_content", lambda *a, **k: steps.append("read") or load_content(*a, **k))
    monkeypatch.setattr(pipeline, "return_free_memory", lambda: steps.append("given back"))
    build_site(BuildOptions(root=small_site(tmp_path), now=NOW))
    assert steps == ["read", "given back"]


def test_a_source_changed_after_the_inputs_were_hashed_is_cached_under_its_own_bytes(tmp_path):
    """load_content trusts the digests input_snapshot read moments before only for results it
    already has; a source it parses is cached under the digest of the bytes it parsed."""
    from sitegen.incremental.cache import DocumentStore, bytes_digest
    from sitegen.source.config import load_config
    from sitegen.source.loading import load_content
    from sitegen.incremental.uptodate import input_snapshot

    root = make_site(tmp_path, {"content/tin-tuc/a.md": article(title="Bản cũ")})
    source = root / "content/tin-tuc/a.md"
    _snapshot, digests, _known = input_snapshot(root, [], ())
    assert digests[str(source)] == bytes_digest(source.read_bytes())
    source.write_text(article(title="Bản mới"), encoding="utf-8")  # saved between the two reads
    store = DocumentStore(root)
    documents, _bodies, _problems = load_content(root, load_config(root), store,
                                                 known_digests=digests)
    assert [d.title for d in documents] == ["Bản mới"]
    key = store.entries["content/tin-tuc/a.md"][0]
    assert key.startswith(bytes_digest(source.read_bytes()) + ":")
    # The next build sees the new bytes, and uses what was stored for them.
    _snapshot, digests, _known = input_snapshot(root, [], ())
    documents, _bodies, _problems = load_content(root, load_config(root), store,
                                                 known_digests=digests)
    assert [d.title for d in documents] == ["Bản mới"]


def test_a_fingerprint_names_every_value_an_article_holds_and_nothing_else():
    """Page fingerprints read articles as plain values (cache.Fingerprinter.flatten): a change in any
    field, a nested date, tag or time zone included, must change the page's fingerprint; equal
    values built anew must not (each build makes its own objects)."""
    import dataclasses
    from datetime import date
    from zoneinfo import ZoneInfo

    from sitegen.incremental.cache import Fingerprinter
    from sitegen.site.model import Tag

    @dataclasses.dataclass(frozen=True)
    class Item:
        title: str
        moment: datetime
        day: date
        tags: tuple
        digest: str = "d"
        html_packed: bytes = b""  # derived from the digest: not read

    def page_key(item) -> str:
        fingerprint = Fingerprinter()  # a fresh memo: another build
        return fingerprint(fingerprint.flatten({"article": item, "newer": None, "related": (item,)}))

    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    item = Item("Tin", datetime(2024, 3, 1, 8, tzinfo=hanoi), date(2024, 3, 1), (Tag("Đô thị", "do-thi"),))
    same = Item("Tin", datetime(2024, 3, 1, 8, tzinfo=hanoi), date(2024, 3, 1), (Tag("Đô thị", "do-thi"),),
                html_packed=b"other bytes")
    assert page_key(item) == page_key(same)
    bangkok = ZoneInfo("Asia/Bangkok")  # the same offset, another zone
    changes = [dict(title="Tin mới"), dict(moment=datetime(2024, 3, 1, 9, tzinfo=hanoi)),
               dict(moment=datetime(2024, 3, 1, 8, tzinfo=bangkok)), dict(day=date(2024, 3, 2)),
               dict(tags=(Tag("Đô thị", "do-thi-2"),)), dict(tags=()), dict(digest="e")]
    keys = {page_key(dataclasses.replace(item, **change)) for change in changes}
    assert len(keys) == len(changes) and page_key(item) not in keys
