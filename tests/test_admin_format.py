"""The admin's front matter format (admin/src/frontmatter.js, run in Node): a file opened and saved
unchanged keeps its bytes, a change to one field changes only that field's line, what it writes the
build accepts as it is, and its slugs are the build's."""

from __future__ import annotations

import difflib
import json
import random
import shutil
import subprocess
import unicodedata
from datetime import datetime, timedelta, timezone

import pytest

from conftest import MINIMAL_CONFIG, REPO, require_tool
from sitegen.common.errors import Problems
from sitegen.source.config import parse_config
from sitegen.source.content import ARTICLE, parse_document
from sitegen.text.vietnamese import slugify

ARTICLE_FIELDS = ["title", "date", "category", "summary", "author", "source", "tags", "image", "attachments",
                  "featured", "draft", "updated", "body"]
SAMPLE = next((REPO / "content" / "tin-tuc").glob("*.md"))

# Front matter as editors, `build.py new` and other tools write it: each must come back byte for byte.
STYLES = {
    "quoted": '---\ntitle: "Hội nghị: tổng kết"\ndate: "19/04/2023 08:30"\ncategory: \'Tin tức\'\n---\n\nNội dung.\n',
    "comments and blank lines": ("---\n# Bài của phòng Văn hóa\ntitle: Lễ hội  # tên tạm\n\ndate: 2023-04-19\n"
                                 "category: tin-tuc\n# cuối\n---\nNội dung.\n"),
    "block lists": ("---\ntitle: Bài\ndate: 19/04/2023\ncategory: Tin tức\ntags:\n- Mặt trận\n-   Chi bộ\n"
                    "attachments:\n  - file: ke-hoach.pdf\n    title: Kế hoạch\n  - quyet-dinh.docx\n---\n\nA\n"),
    "scaffold": ('---\ntitle: "Hội nghị"\ndate: 05/12/2026 08:30\ncategory: "Tin tức"\nauthor: "Ban biên tập"\n'
                 'summary: ""\ntags: []\ndraft: true\n---\n\n<!-- Viết nội dung bài dưới dòng này. -->\n'),
    "crlf": "---\r\ntitle: Bài\r\ndate: 19/04/2023\r\ncategory: Tin tức\r\n---\r\n\r\nDòng một.\r\nDòng hai.\r\n",
    "no final newline": "---\ntitle: Bài\ndate: 19/04/2023\ncategory: Tin tức\n---\nKhông có dòng trống cuối",
    "byte order mark": "\ufeff---\ntitle: Bài\ndate: 19/04/2023\ncategory: Tin tức\n---\n\nA\n",
    "folded and literal": "---\ntitle: >\n  Tiêu đề dài\n  hai dòng\nsummary: |\n  Dòng 1\n  Dòng 2\ndate: 19/04/2023\ncategory: Tin tức\n---\n\nA\n",
    "empty body": "---\ntitle: Bài\ndate: 19/04/2023\ncategory: Tin tức\n---\n",
    "longer delimiter": "-----\ntitle: Bài\ndate: 19/04/2023\ncategory: Tin tức\n-----\n\nA\n",
    "yes and numbers": "---\ntitle: Bài\ndate: 19/04/2023\ncategory: Tin tức\nfeatured: yes\nweight: 010\n---\n\nA\n",
}


def run_format(cases: list[dict]) -> list:
    """Each case through tests/admin_format.mjs (one Node process for all)."""
    node = shutil.which("node")
    if node is None:
        require_tool(REPO / "node-is-missing", "apt-get install nodejs")
    require_tool(REPO / "admin" / "node_modules" / "yaml", "make test runs npm ci in admin/")
    result = subprocess.run([node, str(REPO / "tests" / "admin_format.mjs")], input=json.dumps({"cases": cases}),
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def accepted(text: str, display: str = "content/tin-tuc/bai/index.md"):
    """The build's reading of a file the admin wrote: (Document, problems)."""
    problems = Problems()
    document = parse_document(text.encode("utf-8"), display, ARTICLE, parse_config(MINIMAL_CONFIG), problems)
    assert document is not None, [p.format() for p in problems.errors]
    return document, problems


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)) if line[:1] in "+-"]


def test_every_file_opened_and_saved_unchanged_keeps_its_bytes():
    texts = {str(path.relative_to(REPO)): path.read_text(encoding="utf-8") for path in sorted((REPO / "content").rglob("*.md"))}
    texts.update(STYLES)
    results = run_format([{"op": "roundtrip", "text": text, "sortedKeys": ARTICLE_FIELDS} for text in texts.values()])
    for (name, text), result in zip(texts.items(), results):
        assert result == text, name


def test_a_change_to_one_field_changes_only_its_line():
    text = SAMPLE.read_text(encoding="utf-8")
    cases = [
        {"changes": {"title": "Hội nghị: tiêu đề mới"}},
        {"changes": {"tags": ["Mặt trận Tổ quốc", "Chi bộ"]}},
        {"changes": {"author": "Nguyễn Văn A"}},
        {"changes": {"summary": "Tóm tắt mới."}},                 # a new key
        {"changes": {"author": ""}},                               # cleared: its line goes
        {"changes": {"date": "2023-04-19T08:30:00+07:00"}},
    ]
    results = run_format([{"op": "change", "text": text, "sortedKeys": ARTICLE_FIELDS, **case} for case in cases])
    title, tags, author, summary, cleared, date = (changed_lines(text, result) for result in results)
    assert title == [f"- {text.splitlines(True)[1]}", "+ title: \"Hội nghị: tiêu đề mới\"\n"]
    assert tags[-1] == "+ tags: [Mặt trận Tổ quốc, Chi bộ]\n" and len(tags) == 2
    assert author == ["- author: Hoàng Phương\n", "+ author: Nguyễn Văn A\n"]
    assert summary == ["+ summary: Tóm tắt mới.\n"]
    assert cleared == ["- author: Hoàng Phương\n"]
    assert date == ["- date: 19/04/2023\n", "+ date: 2023-04-19T08:30:00+07:00\n"]
    # the new key sits where the admin's field order puts it: after category, before author
    lines = results[3].splitlines()
    assert lines.index("summary: Tóm tắt mới.") == lines.index("category: Tin tức") + 1
    # the body is untouched by a front matter change, and a body change leaves the front matter alone
    assert results[0].split("\n---\n", 1)[1] == text.split("\n---\n", 1)[1]
    body_changed = run_format([{"op": "change", "text": text, "changes": {"body": "Đoạn mới.\n"}}])[0]
    assert body_changed == text.split("\n---\n", 1)[0] + "\n---\n\nĐoạn mới.\n"


def test_a_change_keeps_the_style_of_the_line_it_replaces():
    results = run_format([
        {"op": "change", "text": STYLES["quoted"], "changes": {"title": "Hội nghị"}},
        {"op": "change", "text": STYLES["block lists"], "changes": {"tags": ["Một", "Hai"]}},
        {"op": "change", "text": STYLES["comments and blank lines"], "changes": {"title": "Lễ hội mới"}},
    ])
    assert 'title: "Hội nghị"\n' in results[0]
    assert "tags:\n  - Một\n  - Hai\n" in results[1]
    assert results[2] == STYLES["comments and blank lines"].replace("title: Lễ hội  # tên tạm", "title: Lễ hội mới")


def tricky_text(rng: random.Random) -> str:
    """Text a YAML writer must quote: colons, hashes, quotes, leading symbols, yes/no, numbers, dates."""
    pieces = ["Hội nghị", ": ", " #", "\"", "'", "[", "{", "- ", "@", "`", "!", "&", "*", "%", "|", ">", "yes", "No",
              "0123", "1e3", "2023-04-19", "null", "~", "Đồng Tháp", "Thành uỷ", "–", "…", "\\", "  ", "?"]
    return ("".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) + " bài").strip()  # a slug: one word


def test_what_the_admin_writes_the_build_reads_back_unchanged():
    rng = random.Random(25)
    entries = []
    for _ in range(150):
        entries.append({"title": tricky_text(rng), "summary": tricky_text(rng), "author": tricky_text(rng),
                        "date": "2026-12-05T08:30:00+07:00", "category": rng.choice(["tin-tuc", "Thông báo"]),
                        "tags": [tricky_text(rng) for _ in range(rng.randint(0, 3))], "draft": rng.random() < 0.3,
                        "attachments": [{"file": "ke-hoach.pdf", "title": tricky_text(rng)}],
                        "body": "Có **chữ đậm**.", "__slug": "bo-qua"})
    written = run_format([{"op": "new", "data": entry, "sortedKeys": ARTICLE_FIELDS} for entry in entries])
    edited = run_format([{"op": "change", "text": text, "changes": {"title": entry["summary"], "summary": entry["title"]},
                          "sortedKeys": ARTICLE_FIELDS} for text, entry in zip(written, entries)])
    for entry, text, edit in zip(entries, written, edited):
        assert "__slug" not in text and text.startswith("---\ntitle: ")
        document, _ = accepted(text)
        assert (document.title, document.summary, document.author) == (entry["title"], entry["summary"], entry["author"])
        assert document.date == datetime(2026, 12, 5, 8, 30, tzinfo=timezone(timedelta(hours=7)))
        assert document.category.slug in ("tin-tuc", "thong-bao") and document.draft == entry["draft"]
        assert [a.title for a in document.attachments] == [entry["attachments"][0]["title"]]
        assert document.body.strip() == "Có **chữ đậm**."
        document, _ = accepted(edit)
        assert (document.title, document.summary) == (entry["summary"], entry["title"])


def test_empty_fields_are_left_out_of_a_new_file():
    text = run_format([{"op": "new", "sortedKeys": ARTICLE_FIELDS, "data": {
        "title": "Bài", "date": "2026-12-05T08:30:00+07:00", "category": "tin-tuc", "summary": "", "tags": [],
        "image": "", "draft": False, "featured": False, "attachments": [], "author": "Ban biên tập", "body": "A"}}])[0]
    assert text == ("---\ntitle: Bài\ndate: 2026-12-05T08:30:00+07:00\ncategory: tin-tuc\nauthor: Ban biên tập\n"
                    "---\n\nA\n")


@pytest.mark.parametrize("title", [
    "Hội nghị Ký kết Kế hoạch phối hợp giai đoạn 2023 – 2027", "Đồng Tháp: Đường về Đất Sen hồng",
    "Thành uỷ Hồng Ngự", "Thành ủy Hồng Ngự", "ĐẠI HỘI ĐẢNG BỘ", "Số 12/2024/QĐ-UBND ngày 05/12", "“Ngày hội” — 100%",
    "Café Ơn Ưng Ăn Ân", "中文 and Ωμέγα", "   ---   ", "İstanbul ß Æ", "",
])
def test_the_admins_slugs_are_the_builds(title):
    forms = [title, unicodedata.normalize("NFD", title)]  # text pasted from macOS or Word may be NFD
    assert run_format([{"op": "slugify", "text": form} for form in forms]) == [slugify(form) for form in forms]
