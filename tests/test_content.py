"""Reading content/: front matter typed and checked, every mistake a Vietnamese message at file:line."""

import codecs
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from conftest import MINIMAL_CONFIG, article, make_site

from sitegen.source.config import parse_config
from sitegen.source.content import ARTICLE, PAGE, load_documents, parse_date, parse_document
from sitegen.common.errors import Problems
from sitegen.text.vietnamese import TONE_MARKS

CONFIG = parse_config(MINIMAL_CONFIG)
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PATH = "content/tin-tuc/bai.md"


def parse(text: str | bytes, kind: str = ARTICLE, config=CONFIG):
    """(document or None, problems) for one file's text."""
    problems = Problems()
    raw = text.encode("utf-8") if isinstance(text, str) else text
    document = parse_document(raw, PATH, kind, config, problems)
    return document, problems


def parsed(text: str, kind: str = ARTICLE):
    document, problems = parse(text, kind)
    assert not problems.errors, [p.format() for p in problems.errors]
    return document


def only_error(text: str | bytes, kind: str = ARTICLE):
    document, problems = parse(text, kind)
    assert document is None
    assert len(problems.errors) == 1, [p.format() for p in problems.errors]
    assert problems.errors[0].hint, "every error says what to do"
    return problems.errors[0]


FULL = """\
---
title: "Hội nghị: tổng kết năm 2023"
date: 2023-04-19 08:30
category: tin-tuc
summary: Tóm tắt do biên tập viên viết.
author: Hoàng Phương
source: Báo Đồng Tháp
tags: [Mặt trận Tổ quốc, Xây dựng Đảng, Mặt trận tổ quốc]
image: /anh/hoi-nghi.jpg
updated: 20/04/2023 10:00
draft: true
slug: hoi-nghi-tong-ket
weight: 5
featured: true
---

# Nội dung

Đoạn đầu.
"""


def test_every_article_field_is_read():
    document = parsed(FULL)
    assert document.kind == ARTICLE
    assert document.title == "Hội nghị: tổng kết năm 2023"
    assert document.date == datetime(2023, 4, 19, 8, 30, tzinfo=VN)
    assert document.category.slug == "tin-tuc"
    assert document.summary == "Tóm tắt do biên tập viên viết."
    assert document.author == "Hoàng Phương"
    assert document.source_name == "Báo Đồng Tháp"
    assert document.tags == ("Mặt trận Tổ quốc", "Xây dựng Đảng")  # same slug: kept once
    assert document.image == "/anh/hoi-nghi.jpg"
    assert document.updated == datetime(2023, 4, 20, 10, 0, tzinfo=VN)
    assert document.draft is True
    assert document.slug == "hoi-nghi-tong-ket"
    assert document.weight == 5
    assert document.featured is True
    assert document.body.startswith("\n# Nội dung")
    assert document.body_line == 16  # the blank line after the closing ---


def test_defaults_of_optional_fields():
    document = parsed(article(title="Thành ủy họp"))
    assert document.slug == "thanh-uy-hop"
    assert (document.summary, document.source_name, document.image, document.author) == ("", "", "", "")
    assert document.tags == ()
    assert (document.draft, document.featured, document.weight, document.updated) == (False, False, 0, None)


def test_default_author_comes_from_site_toml():
    config = parse_config(MINIMAL_CONFIG.replace("articles_per_page = 2", 'default_author = "Ban biên tập"'))
    problems = Problems()
    document = parse_document(article().encode(), PATH, ARTICLE, config, problems)
    assert document.author == "Ban biên tập"


def test_tags_as_comma_separated_line():
    assert parsed(article(tags="Mặt trận, Chi bộ ,, ")).tags == ("Mặt trận", "Chi bộ")


def test_tags_must_be_a_list():
    error = only_error(article(tags="{a: b}"))
    assert "tags" in error.message and error.line == 5


@pytest.mark.parametrize("written, expected", [
    ("2023-04-19", datetime(2023, 4, 19, tzinfo=VN)),
    ("2023-04-19T08:30", datetime(2023, 4, 19, 8, 30, tzinfo=VN)),
    ("2023-04-19 08:30", datetime(2023, 4, 19, 8, 30, tzinfo=VN)),
    ("2023-04-19T08:30:15", datetime(2023, 4, 19, 8, 30, 15, tzinfo=VN)),
    ("2023-04-19T08:30:00+07:00", datetime(2023, 4, 19, 8, 30, tzinfo=VN)),
    ("2023-04-19T01:30:00Z", datetime(2023, 4, 19, 8, 30, tzinfo=VN)),
    ("2023-04-19T01:30:00+00:00", datetime(2023, 4, 19, 8, 30, tzinfo=VN)),
    ("2023-04-19 08:30:00 +07:00", datetime(2023, 4, 19, 8, 30, tzinfo=VN)),
    ("19/04/2023", datetime(2023, 4, 19, tzinfo=VN)),
    ("19/4/2023", datetime(2023, 4, 19, tzinfo=VN)),
    ("19/04/2023 08:30", datetime(2023, 4, 19, 8, 30, tzinfo=VN)),
    ("19/04/2023 8h30", datetime(2023, 4, 19, 8, 30, tzinfo=VN)),
])
def test_dates_iso_and_vietnamese(written, expected):
    moment, message = parse_date(written, VN)
    assert message == ""
    assert moment == expected
    assert moment.utcoffset() == timedelta(hours=7)


def test_naive_dates_are_local_time_in_the_site_timezone():
    document = parsed(article(date="19/04/2023 06:00"))
    assert document.date.astimezone(timezone.utc) == datetime(2023, 4, 18, 23, 0, tzinfo=timezone.utc)


def test_another_site_timezone():
    config = parse_config(MINIMAL_CONFIG.replace("articles_per_page = 2", 'timezone = "Europe/Paris"'))
    problems = Problems()
    document = parse_document(article(date="2023-04-19 08:30").encode(), PATH, ARTICLE, config, problems)
    assert document.date.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("written, words", [
    ("31/02/2023", ["31/02/2023", "không tồn tại", "28 ngày"]),
    ("2023-02-29", ["29/02/2023", "không tồn tại"]),
    ("32/01/2023", ["không tồn tại"]),
    ("01/13/2023", ["tháng 13"]),
    ("19/04/2023 25:00", ["giờ"]),
    ("hôm qua", ["không đọc được"]),
    ("04/19/2023", ["tháng 19"]),
])
def test_impossible_dates_are_refused_clearly(written, words):
    error = only_error(article(date=written))
    assert error.path == PATH and error.line == 3
    assert error.message.startswith('"date": ')
    for word in words:
        assert word in error.message
    assert "19/04/2023" in error.hint


def test_leap_day_is_fine():
    assert parsed(article(date="29/02/2024")).date.day == 29


def test_updated_before_date_is_a_warning():
    document, problems = parse(article(date="19/04/2023", updated="18/04/2023"))
    assert document is not None
    assert [w.code for w in problems.warnings] == ["updated-before-date"]


def test_category_by_name_or_slug():
    assert parsed(article(category="Tin tức")).category.slug == "tin-tuc"
    assert parsed(article(category="thong-bao")).category.name == "Thông báo"
    assert parsed(article(category="thông báo")).category.slug == "thong-bao"


def test_unknown_category_lists_the_declared_ones():
    error = only_error(article(category="Tin tuc"))
    assert error.line == 4
    assert '"Tin tuc"' in error.message and "site.toml" in error.message
    assert 'Có phải ý bạn là "Tin tức"?' in error.hint
    assert "Tin tức, Thông báo" in error.hint


@pytest.mark.parametrize("missing, line", [("title", 1), ("date", 1), ("category", 1)])
def test_required_fields(missing, line):
    text = "\n".join(row for row in article().splitlines() if not row.startswith(missing + ":")) + "\n"
    error = only_error(text)
    assert error.message == f'thiếu "{missing}".'
    assert error.line == line
    assert f"{missing}:" in error.hint


def test_empty_title_names_its_line():
    error = only_error(article(title='""'))
    assert error.line == 2 and "để trống" in error.message


def test_unknown_key_warns_with_the_nearest_known_key():
    document, problems = parse(article(catgory="x", tittle="y"))
    assert document is not None
    warnings = {w.line: w for w in problems.warnings}
    assert 'khóa "catgory"' in warnings[5].message
    assert warnings[5].hint == 'Có phải ý bạn là "category"?'
    assert warnings[5].severity == "warning"
    assert 'Có phải ý bạn là "title"?' == warnings[6].hint


def test_misspelt_category_alone_gives_the_error_and_the_hint():
    text = article().replace("category:", "catgory:")
    document, problems = parse(text)
    assert document is None
    assert 'thiếu "category"' in problems.errors[0].message
    assert 'Có phải ý bạn là "category"?' in problems.warnings[0].hint


def test_a_field_with_a_wrong_type():
    error = only_error(article(draft='"có"'))
    assert error.line == 5 and "true hoặc false" in error.message
    error = only_error(article(weight="nhiều"))
    assert "số nguyên" in error.message


@pytest.mark.parametrize("slug", ["../../x", "/etc/passwd", "a/b", "Hoi-Nghi", "..", "hội-nghị"])
def test_slug_that_is_not_a_plain_name_is_refused(slug):
    error = only_error(article(slug=f'"{slug}"'))
    assert error.line == 5
    assert "slug" in error.message
    assert "slug: " in error.hint


def test_title_without_letters_needs_a_slug():
    error = only_error(article(title='"!!!"'))
    assert error.line == 2 and "slug:" in error.hint
    assert parsed(article(title='"!!!"', slug="thong-bao-1")).slug == "thong-bao-1"


def test_bom_crlf_and_nfd_are_accepted():
    text = unicodedata.normalize("NFD", article(title="Thành ủy Đồng Tháp", body="Dòng một.\nDòng hai."))
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    document, problems = parse(raw)
    assert not problems.items
    assert document.title == "Thành ủy Đồng Tháp"  # NFC
    assert document.category.slug == "tin-tuc"
    assert "\r" not in document.body
    assert document.slug == "thanh-uy-dong-thap"


def windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 does: letters like "ư" whole, tone marks as separate combining bytes."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in marks if c in TONE_MARKS)
            letter = unicodedata.normalize("NFC", "".join(c for c in marks if c not in TONE_MARKS))
            out += letter.encode("cp1258") + tones.encode("cp1258")
    return out


def test_windows_1258_is_refused_with_the_line():
    raw = windows_1258(article(title="Hoi nghi", category="tin-tuc", body="Hội nghị Đồng Tháp"))
    error = only_error(raw)
    assert error.line == 7
    assert "UTF-8" in error.message and "Windows-1258" in error.message
    assert "Unikey" in error.hint
    assert error.format().startswith(f"{PATH}:7: lỗi: ")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(codec):
    error = only_error(article().encode(codec))
    assert "UTF-16" in error.message and "UTF-8" in error.hint
    assert error.format().startswith(f"{PATH}:1: lỗi: ")


@pytest.mark.parametrize("text", ["", "   \n\n", codecs.BOM_UTF8.decode("utf-8")])
def test_empty_file_is_refused(text):
    error = only_error(text)
    assert error.message == "tệp trống."
    assert error.format().startswith(f"{PATH}:1: lỗi: tệp trống.")


def test_missing_or_unclosed_front_matter():
    assert "front matter" in only_error("Chỉ có nội dung.\n").message
    assert "---" in only_error("---\ntitle: A\ndate: 19/04/2023\n").hint


def test_duplicate_key_names_both_lines():
    error = only_error(article(title="Hai").replace("date:", "title: Ba\ndate:"))
    assert error.line == 3
    assert '"title" xuất hiện hai lần (lần đầu ở dòng 2)' in error.message


def test_tab_indentation_is_explained():
    error = only_error(article().replace("category:", "\tcategory:"))
    assert error.line == 4
    assert "Tab" in error.message and "dấu cách" in error.hint


def test_colon_in_a_value_needs_quotes():
    error = only_error(article(title="Hội nghị: tổng kết"))
    assert error.line == 2
    assert "hai chấm" in error.message and 'title: "Hội nghị: tổng kết"' in error.hint


@pytest.mark.parametrize("text, line, words", [
    (article(title='"Hội nghị'), 2, "ngoặc kép đóng"),
    (article(title="'Hội nghị"), 2, "ngoặc kép đóng"),
    (article(tags="[Mặt trận, Chi bộ"), 5, "thiếu dấu ]"),
    (article(summary="{a: b"), 5, "thiếu dấu }"),
    (article(summary="@abc"), 5, "@"),
    ("---\ntitle Hội nghị\ndate: 19/04/2023\ncategory: Tin tức\n---\nx\n", 2,
     'dòng "title Hội nghị" thiếu dấu hai chấm'),
    (article().replace("date:", "  date:"), 3, "thụt lề"),
])
def test_yaml_mistakes_point_at_the_line_to_fix(text, line, words):
    error = only_error(text)
    assert error.line == line
    assert words in error.message
    assert not re.search(r"[a-z]+ [a-z]+ [a-z]+ (not|found|expected)", error.message)  # no PyYAML English


def test_yaml_aliases_are_refused():
    error = only_error(article(summary="&a Tóm tắt", source="*a"))
    assert "bí danh" in error.message


def test_front_matter_must_be_a_mapping():
    error = only_error("---\n- a\n- b\n---\nx\n")
    assert "khóa: giá trị" in error.message


def test_all_problems_of_one_file_are_collected():
    document, problems = parse(article(date="31/02/2023", category="Không có", draft="có"))
    assert document is None
    assert sorted(p.line for p in problems.errors) == [3, 4, 5]


def test_static_page_fields():
    page = parsed("---\ntitle: Liên hệ\nlayout: contact\nsummary: Địa chỉ\nupdated: 01/05/2023\n---\nNội dung\n",
                  PAGE)
    assert page.kind == PAGE and page.layout == "contact" and page.slug == "lien-he"
    assert page.date is None and page.category is None
    assert page.updated == datetime(2023, 5, 1, tzinfo=VN)
    assert parsed("---\ntitle: Giới thiệu\n---\nx\n", PAGE).layout == "page"


def test_page_with_unknown_layout_or_article_keys():
    error = only_error("---\ntitle: A\nlayout: wide\n---\nx\n", PAGE)
    assert "contact" in error.hint
    document, problems = parse("---\ntitle: A\ncategory: Tin tức\n---\nx\n", PAGE)
    assert document is not None and problems.warnings[0].line == 3


def test_load_documents_reads_articles_and_pages_in_order(tmp_path):
    root = make_site(tmp_path, {
        "content/tin-tuc/b.md": article(title="B"),
        "content/a.md": article(title="A"),
        "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nx\n",
        "content/tin-tuc/anh.png": b"\x89PNG",
        "content/tin-tuc/hong.md": b"\xff\xfe",
        "content/tin-tuc/._b.md": b"\x00\x05\x16\x07 macOS resource fork",
        "content/.nhap/c.md": "",
    })
    documents, problems = load_documents(root, CONFIG)
    assert [(d.source, d.kind) for d in documents] == [
        ("content/a.md", ARTICLE), ("content/tin-tuc/b.md", ARTICLE), ("content/trang/gioi-thieu.md", PAGE)]
    assert [p.path for p in problems.errors] == ["content/tin-tuc/hong.md"]


def test_markdown_with_an_upper_case_extension_is_an_article(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/Bai.MD": article(title="Chữ hoa")})
    documents, problems = load_documents(root, CONFIG)
    assert [d.title for d in documents] == ["Chữ hoa"] and not problems.items


def test_word_and_text_files_are_not_published_and_the_editor_is_told(tmp_path):
    root = make_site(tmp_path, {"content/tin-tuc/bai.docx": b"PK\x03\x04", "content/tin-tuc/ghi-chu.txt": "x",
                                "content/tin-tuc/anh.jpg": b"\xff\xd8"})
    documents, problems = load_documents(root, CONFIG)
    assert documents == [] and not problems.errors
    assert [(w.path, w.code) for w in problems.warnings] == [
        ("content/tin-tuc/bai.docx", "not-markdown"), ("content/tin-tuc/ghi-chu.txt", "not-markdown")]
    assert ".md" in problems.warnings[0].message and "Word" in problems.warnings[0].hint


def test_missing_content_folder_is_a_warning(tmp_path):
    (tmp_path / "site.toml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    documents, problems = load_documents(tmp_path, CONFIG)
    assert documents == [] and "content/" in problems.warnings[0].message
