"""Reading to-chuc.toml: every mistake reported at once with its line, and the two views
(Vietnamese, English) of the data, the English one leaving out what has no English text."""

from __future__ import annotations

from datetime import date

import pytest

from sample_site import THEME_CONFIG, THEME_ORGANISATION
from sitegen.source.config import parse_config
from sitegen.source.organisation import (MISSING_ENGLISH, is_email_address, is_phone_number,
                                         missing_site_english, parse_organisation)

VALID_UNIT = """\
[[units]]
id = "tai-chinh-ke-hoach"
name = "Phòng Tài chính – Kế hoạch"
name_en = "Department of Finance and Planning"
phone = "0277.3563.340"
email = "taichinh@hongngu.dongthap.gov.vn"
head = "Ngô Thanh Phong"

[[officials]]
name = "Ngô Thanh Phong"
position = "Trưởng phòng"
position_en = "Head of Department"
unit = "tai-chinh-ke-hoach"
"""


def messages(problems, severity="error"):
    return [(p.line, p.message) for p in problems.items if p.severity == severity]


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_every_mistake_is_reported_at_once_with_its_line():
    text = VALID_UNIT + """
[[units]]
id = "Phòng Y tế"
name = "Phòng Y tế"
name_en = "Department of Health"
phone = "0277.35a"
email = "yte@hongngu"
ten_khac = "x"
head = "Không Có Ai"

[[officials]]
name = "Tô Văn Khải"
position = "Trưởng phòng Y tế"
position_en = "Head of the Department of Health"
unit = "tai-chinh-ke-hoach-x"
email = "tvkhai hongngu.dongthap.gov.vn"
"""
    data, problems = parse_organisation(text)
    assert data is None
    errors = messages(problems)
    expected_lines = {
        "mã đơn vị \"Phòng Y tế\" không hợp lệ": line_of(text, 'id = "Phòng Y tế"'),
        "\"0277.35a\" không phải một số điện thoại": line_of(text, "0277.35a"),
        "\"yte@hongngu\" không phải một địa chỉ email": line_of(text, "yte@hongngu"),
        "khóa \"ten_khac\" không có trong [[units]] thứ 2": line_of(text, "ten_khac"),
        "người đứng đầu \"Không Có Ai\" của đơn vị \"Phòng Y tế\" không có": line_of(text, "Không Có Ai"),
        "cán bộ \"Tô Văn Khải\" thuộc đơn vị \"tai-chinh-ke-hoach-x\"": line_of(text, "tai-chinh-ke-hoach-x"),
        "\"tvkhai hongngu.dongthap.gov.vn\" không phải một địa chỉ email": line_of(text, "tvkhai hongngu"),
    }
    for fragment, line in expected_lines.items():
        assert [number for number, message in errors if fragment in message] == [line], fragment
    assert len(errors) == len(expected_lines)
    unknown_key = [p for p in problems.items if "ten_khac" in p.message][0]
    assert unknown_key.format().startswith(f"to-chuc.toml:{line_of(text, 'ten_khac')}: lỗi: khóa \"ten_khac\"")


def test_an_official_in_an_unknown_unit_gets_the_nearest_unit_as_a_hint():
    text = VALID_UNIT.replace('unit = "tai-chinh-ke-hoach"', 'unit = "tai-chinh-ke-hoch"')
    _data, problems = parse_organisation(text)
    [error] = problems.errors
    assert "không có đơn vị nào mang mã hay tên này" in error.message
    assert "Có phải ý bạn là \"tai-chinh-ke-hoach\"?" in error.hint


def test_an_official_may_name_the_unit_by_its_name_in_either_tone_placement():
    text = VALID_UNIT.replace('id = "tai-chinh-ke-hoach"\nname = "Phòng Tài chính – Kế hoạch"',
                              'id = "tai-chinh-ke-hoach"\nname = "Phòng Tài chính – Kế hoạch hoà nhập"')
    text = text.replace('unit = "tai-chinh-ke-hoach"', 'unit = "Phòng Tài chính – Kế hoạch hòa nhập"')
    data, problems = parse_organisation(text)
    assert problems.errors == []
    assert data.vietnamese.units[0].head.name == "Ngô Thanh Phong"


def test_missing_required_keys_duplicate_ids_unknown_tables_and_bad_types_are_errors():
    text = """\
[organisation]
updated = "20/11/2026"
duties = [1, 2]

[[units]]
name = "Phòng Nội vụ"

[[units]]
id = "noi-vu"
name = "Phòng Nội vụ"

[[units]]
id = "noi-vu"
name = "Phòng Nội vụ 2"

[[officials]]
position = "Chuyên viên"

[[officer]]
name = "x"
"""
    _data, problems = parse_organisation(text)
    errors = messages(problems)
    assert (line_of(text, "updated"), "updated \"20/11/2026\" không phải một ngày.") in errors
    assert any("\"duties\" phải là danh sách" in m and n == line_of(text, "duties") for n, m in errors)
    assert any("thiếu \"id\" trong [[units]] thứ 1" in m and n == 5 for n, m in errors)
    assert any("mã đơn vị \"noi-vu\" được dùng cho hai đơn vị" in m and n == 13 for n, m in errors)
    assert any("thiếu \"name\" trong [[officials]] thứ 1" in m for n, m in errors)
    assert any("bảng \"officer\" không được hỗ trợ" in m and n == line_of(text, "[[officer]]") for n, m in errors)
    assert len(errors) == 6


def test_toml_syntax_error_names_its_line():
    _data, problems = parse_organisation('[[units]]\nid = "van-phong\nname = "x"\n')
    [error] = problems.errors
    assert error.line == 2 and "cú pháp TOML sai" in error.message


@pytest.mark.parametrize("phone", ["0277.3563.362", "0277 3563 362", "+84 277 3563 362", "0912-345-678",
                                   "(0277) 3563362", "19001234"])
def test_phone_numbers_people_write_are_phones(phone):
    assert is_phone_number(phone)


@pytest.mark.parametrize("phone", ["0277.35a", "113", "0277.3563.362 - 0277.3563.363", "máy lẻ 12",
                                   "0277.3563.362 hoặc 0912345678", "12345678901234"])
def test_what_is_not_one_phone_number(phone):
    assert not is_phone_number(phone)


@pytest.mark.parametrize("email,valid", [("vanphong@hongngu.dongthap.gov.vn", True), ("a.b+c@example.vn", True),
                                         ("yte@hongngu", False), ("a b@x.vn", False), ("a@@x.vn", False),
                                         ("a..b@x.vn", False), ("@x.vn", False), ("a@x.vn, b@x.vn", False)])
def test_email_addresses(email, valid):
    assert is_email_address(email) is valid


def test_both_views_from_the_sample_organisation():
    data, problems = parse_organisation(THEME_ORGANISATION)
    assert problems.errors == []
    vietnamese, english = data.vietnamese, data.english
    assert vietnamese.updated == english.updated == date(2026, 11, 20)
    assert [p.name for p in vietnamese.leaders] == ["Nguyễn Văn Hòa", "Trần Thị Mai"]
    assert [u.name for u in vietnamese.units] == ["Văn phòng HĐND và UBND thành phố", "Phòng Tài nguyên và Môi trường",
                                                  "Phòng Nội vụ"]
    office = vietnamese.units[0]
    assert office.head.position == "Chánh Văn phòng"
    assert [p.name for p in office.officials] == ["Phạm Quốc Dũng", "Võ Thị Thu Hà"]  # the head first
    assert office.duties == ("Quản lý văn thư, lưu trữ.", "Vận hành Bộ phận Một cửa.")
    # English: the official without position_en and the unit without name_en are left out, and so is the
    # text without its English counterpart; nothing Vietnamese stands in for what is missing.
    assert [p.position for p in english.leaders] == ["Chairman of the City People's Committee"]
    assert [u.name for u in english.units] == ["Office of the City People's Council and People's Committee",
                                               "Department of Natural Resources and Environment"]
    environment = english.units[1]
    assert environment.functions == () and environment.duties == ("Guides citizens through land use right certificates.",)
    assert environment.phone == "" and environment.email == "tainguyenmoitruong@hongngu.dongthap.gov.vn"
    assert english.units[0].officials[0].position == "Chief of Office"


def test_each_missing_english_text_is_a_warning_naming_the_field_and_its_line():
    _data, problems = parse_organisation(THEME_ORGANISATION)
    warnings = {(p.line, p.message) for p in problems.warnings}
    assert all(p.code == MISSING_ENGLISH for p in problems.warnings)
    assert warnings == {
        (line_of(THEME_ORGANISATION, 'position = "Phó Chủ tịch'),
         "cán bộ \"Trần Thị Mai\" chưa có bản tiếng Anh \"position_en\": mục này không hiện trên trang tiếng Anh."),
        (line_of(THEME_ORGANISATION, 'functions = "Tham mưu quản lý nhà nước về đất đai'),
         "đơn vị \"Phòng Tài nguyên và Môi trường\" chưa có bản tiếng Anh \"functions_en\": phần này không hiện "
         "trên trang tiếng Anh."),
        (line_of(THEME_ORGANISATION, 'name = "Phòng Nội vụ"'),
         "đơn vị \"Phòng Nội vụ\" chưa có bản tiếng Anh \"name_en\": mục này không hiện trên trang tiếng Anh."),
        (line_of(THEME_ORGANISATION, 'position = "Trưởng phòng Nội vụ"'),
         "cán bộ \"Đặng Văn Lợi\" chưa có bản tiếng Anh \"position_en\": mục này không hiện trên trang tiếng Anh."),
    }


def test_duties_translated_in_part_are_left_out_with_a_warning():
    text = VALID_UNIT.replace('head = "Ngô Thanh Phong"\n',
                              'head = "Ngô Thanh Phong"\nduties = ["Một.", "Hai."]\nduties_en = ["One."]\n')
    data, problems = parse_organisation(text)
    [warning] = problems.warnings
    assert "\"duties_en\" có 1 mục, \"duties\" có 2" in warning.message
    assert data.english.units[0].duties == () and data.vietnamese.units[0].duties == ("Một.", "Hai.")


def test_site_toml_english_texts_are_asked_for_once_there_are_english_pages():
    config = parse_config(THEME_CONFIG)
    warnings = missing_site_english(config, THEME_CONFIG).warnings
    assert [(p.path, p.line) for p in warnings] == [("site.toml", line_of(THEME_CONFIG, "responsible_person =")),
                                                   ("site.toml", line_of(THEME_CONFIG, "copyright ="))]
    assert "\"responsible_person_en\"" in warnings[0].message


def test_the_repositorys_own_organisation_is_complete_in_both_languages():
    from conftest import REPO
    from sitegen.source.config import load_config
    from sitegen.source.organisation import load_organisation

    data, problems = load_organisation(REPO, load_config(REPO))
    assert problems == []
    assert len(data.english.units) == len(data.vietnamese.units) >= 10
    assert all(unit.head is not None and unit.functions and unit.duties for unit in data.english.units)
