"""site.toml: every option read and typed, every mistake reported with its line and a fix."""

import pytest
from conftest import FULL_AGENCY_CONFIG, MINIMAL_CONFIG

from sitegen.source.config import AGENCY_OPTIONS, SITE_OPTIONS, load_config, parse_config
from sitegen.common.errors import BuildFailed


def problems_of(text: str) -> list:
    with pytest.raises(BuildFailed) as failure:
        parse_config(text)
    return failure.value.problems


def only_problem(text: str):
    problems = problems_of(text)
    assert len(problems) == 1, [p.format() for p in problems]
    assert problems[0].hint, "every error says what to do"
    return problems[0]


def line_number(text: str, fragment: str) -> int:
    """1-based line of the first line containing fragment."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_minimal_config_is_read_with_defaults():
    config = parse_config(MINIMAL_CONFIG)
    assert config.site.name == "Trang thử nghiệm"
    assert config.site.base_url == "https://example.gov.vn/"
    assert config.site.base_path == "/"
    assert config.site.origin == "https://example.gov.vn"
    assert config.site.language == "vi"
    assert config.site.timezone == "Asia/Ho_Chi_Minh"
    assert config.site.articles_per_page == 2
    assert config.site.permalink == "/{category}/{slug}/"
    assert [c.slug for c in config.categories] == ["tin-tuc", "thong-bao"]
    assert config.menu[0].title == "Trang chủ" and config.menu[0].url == "/"


def test_optional_agency_fields_absent_are_empty_not_none():
    agency = parse_config(MINIMAL_CONFIG).agency
    assert agency.name == "Ủy ban Nhân dân thành phố Thử Nghiệm"
    for field in ("fax", "email", "license", "responsible_person", "copyright"):
        assert getattr(agency, field) == "", field
    assert agency.contact_person is None


def test_every_agency_field_and_contact_person():
    text = FULL_AGENCY_CONFIG
    agency = parse_config(text).agency
    assert (agency.fax, agency.email, agency.license, agency.responsible_person, agency.copyright) == (
        "0277.3563.363", "ubnd@example.gov.vn", "Giấy phép số 12/GP-TTĐT", "Nguyễn Văn A", "© Ủy ban Nhân dân")
    assert agency.contact_person.name == "Trần Thị B"
    assert agency.contact_person.title == "Chánh Văn phòng"


def test_sub_path_base_url():
    config = parse_config(MINIMAL_CONFIG.replace("https://example.gov.vn/", "https://example.gov.vn/hongngu/"))
    assert config.site.base_path == "/hongngu/"
    assert config.site.origin == "https://example.gov.vn"


def test_schema_documents_every_option():
    for options in (SITE_OPTIONS, AGENCY_OPTIONS):
        for key, option in options.items():
            assert option.doc, key


def test_bad_toml_names_its_line():
    text = MINIMAL_CONFIG.replace('tagline = "Tỉnh Đồng Tháp"', 'tagline = "Tỉnh Đồng Tháp')
    problem = only_problem(text)
    assert problem.path == "site.toml"
    assert problem.line == line_number(text, "tagline")
    assert "TOML" in problem.message
    assert "ngoặc kép" in problem.hint


def test_unknown_key_names_its_line_and_the_nearest_key():
    text = MINIMAL_CONFIG.replace("articles_per_page = 2", "articles_per_pag = 2")
    problem = only_problem(text)
    assert problem.line == line_number(text, "articles_per_pag")
    assert '"articles_per_pag"' in problem.message and "[site]" in problem.message
    assert '"articles_per_page"' in problem.hint
    assert problem.format().startswith(f"site.toml:{problem.line}: lỗi: ")


def test_unknown_key_in_agency_and_unknown_table():
    text = MINIMAL_CONFIG.replace('address = "Số 1, phường Một"', 'adress = "Số 1, phường Một"') + \
        '\n[agencyy]\nname = "x"\n'
    problems = problems_of(text)
    messages = {p.line: p.message + " " + p.hint for p in problems}
    assert '"address"' in messages[line_number(text, "adress")]
    assert '"agency"' in messages[line_number(text, "[agencyy]")]


def test_wrong_type_says_what_type_is_expected():
    text = MINIMAL_CONFIG.replace("articles_per_page = 2", 'articles_per_page = "2"')
    problem = only_problem(text)
    assert problem.line == line_number(text, "articles_per_page")
    assert "số nguyên" in problem.message
    assert problem.hint == "Viết số, không có ngoặc kép, ví dụ: articles_per_page = 10"


def test_boolean_is_not_a_number():
    problem = only_problem(MINIMAL_CONFIG.replace("articles_per_page = 2", "articles_per_page = true"))
    assert "số nguyên" in problem.message


@pytest.mark.parametrize("base_url", ["example.gov.vn", "ftp://example.gov.vn/", "https://example.gov.vn/hongngu",
                                      "https:///x/", "https://example.gov.vn/?a=1"])
def test_bad_base_url_shows_a_good_one(base_url):
    text = MINIMAL_CONFIG.replace('"https://example.gov.vn/"', f'"{base_url}"')
    problem = only_problem(text)
    assert problem.line == line_number(text, "base_url")
    assert "base_url" in problem.message
    assert "https://example.gov.vn/hongngu/" in problem.hint


@pytest.mark.parametrize("permalink, reason", [
    ("{category}/{slug}/", "dấu /"),
    ("/{category}/{title}/", "{slug}"),
    ("/{category}/{slug}/{author}/", "chỉ được dùng"),
    ("/Tin Tức/{slug}/", "chữ thường"),
    ("/../{slug}/", "chữ thường"),
])
def test_bad_permalink(permalink, reason):
    text = MINIMAL_CONFIG.replace("articles_per_page = 2", f'permalink = "{permalink}"')
    problem = only_problem(text)
    assert problem.line == line_number(text, "permalink")
    assert reason in problem.message
    assert "/{category}/{slug}/" in problem.hint


def test_good_permalink_with_dates():
    text = MINIMAL_CONFIG.replace("articles_per_page = 2", 'permalink = "/{year}/{month}/{day}/{slug}/"')
    assert parse_config(text).site.permalink == "/{year}/{month}/{day}/{slug}/"


def test_missing_agency_name():
    text = MINIMAL_CONFIG.replace('name = "Ủy ban Nhân dân thành phố Thử Nghiệm"\n', "")
    problem = only_problem(text)
    assert problem.line == line_number(text, "[agency]")
    assert 'thiếu "name" trong [agency]' in problem.message
    assert "name = " in problem.hint


def test_empty_agency_name_is_refused():
    text = MINIMAL_CONFIG.replace('name = "Ủy ban Nhân dân thành phố Thử Nghiệm"', 'name = "  "')
    problem = only_problem(text)
    assert "để trống" in problem.message


def test_missing_agency_table():
    start = MINIMAL_CONFIG.index("[agency]")
    end = MINIMAL_CONFIG.index("[[menu]]")
    problem = only_problem(MINIMAL_CONFIG[:start] + MINIMAL_CONFIG[end:])
    assert 'thiếu "name" trong [agency]' in problem.message


def test_duplicate_category_slug():
    text = MINIMAL_CONFIG + '\n[[categories]]\nslug = "tin-tuc"\nname = "Tin tức khác"\n'
    problem = only_problem(text)
    assert problem.line == len(text.splitlines()) - 1
    assert '"tin-tuc"' in problem.message and "hai lần" in problem.message


def test_duplicate_category_name_even_with_other_tone_placement():
    text = MINIMAL_CONFIG.replace('name = "Thông báo"', 'name = "Tin tức"')
    problem = only_problem(text)
    assert "Tin tức" in problem.message and "hai chuyên mục" in problem.message


def test_bad_category_slug_suggests_one():
    problem = only_problem(MINIMAL_CONFIG.replace('slug = "thong-bao"', 'slug = "Thông báo"'))
    assert "thong-bao" in problem.hint


def test_no_category_at_all():
    text = MINIMAL_CONFIG[:MINIMAL_CONFIG.index("[[categories]]")]
    assert "chuyên mục" in only_problem(text).message


def test_unknown_timezone():
    problem = only_problem(MINIMAL_CONFIG.replace("articles_per_page = 2", 'timezone = "Asia/Hanoi"'))
    assert "Asia/Ho_Chi_Minh" in problem.hint


def test_menu_item_missing_url():
    text = MINIMAL_CONFIG.replace('url = "/"', 'link = "/"')
    messages = " ".join(p.message for p in problems_of(text))
    assert 'thiếu "url" trong [[menu]] thứ 1' in messages
    assert 'khóa "link"' in messages


def test_several_mistakes_are_reported_together():
    text = MINIMAL_CONFIG.replace("articles_per_page = 2", 'articles_per_page = "2"\ncolour = "red"')
    assert len(problems_of(text)) == 2


def test_load_config_reads_the_file_with_bom(tmp_path):
    (tmp_path / "site.toml").write_bytes(b"\xef\xbb\xbf" + MINIMAL_CONFIG.encode())
    assert load_config(tmp_path).site.name == "Trang thử nghiệm"


def test_load_config_missing_or_not_utf8(tmp_path):
    with pytest.raises(BuildFailed) as failure:
        load_config(tmp_path)
    assert "site.toml" in failure.value.problems[0].format()
    (tmp_path / "site.toml").write_bytes(MINIMAL_CONFIG.encode("cp1258", errors="replace"))
    with pytest.raises(BuildFailed) as failure:
        load_config(tmp_path)
    assert "UTF-8" in failure.value.problems[0].message


def test_category_found_by_name_or_slug_and_either_tone_placement():
    config = parse_config(MINIMAL_CONFIG.replace('name = "Thông báo"', 'name = "Thành uỷ"'))
    assert config.find_category("Tin tức").slug == "tin-tuc"
    assert config.find_category(" tin-tuc ").slug == "tin-tuc"
    assert config.find_category("TIN TỨC").slug == "tin-tuc"
    assert config.find_category("Thành ủy").slug == "thong-bao"
    assert config.find_category("Tin tuc") is None


@pytest.mark.parametrize("line, words", [
    ("articles_per_page = 0", "articles_per_page = 10"),
    ("related_articles = -1", "related_articles = 5"),
])
def test_out_of_range_numbers(line, words):
    problem = only_problem(MINIMAL_CONFIG.replace("articles_per_page = 2", line))
    assert words in problem.hint


def test_table_of_the_wrong_kind():
    problem = only_problem(MINIMAL_CONFIG.replace("[[menu]]", "[menu]"))
    assert '"menu"' in problem.message and "[[..]]" in problem.message


@pytest.mark.parametrize("escape", ["\\u0000", "\\u0007", "\\u001b", "\\u007f"])
def test_control_characters_in_a_value_are_an_error_with_the_line(escape):
    """A control character written as a TOML escape would end up, invisible, in every page."""
    text = MINIMAL_CONFIG.replace('name = "', f'name = "{escape}', 1)
    problem = only_problem(text)
    assert "ký tự điều khiển" in problem.message and "U+00" in problem.message
    assert problem.line == line_number(text, escape)


def test_tabs_and_line_breaks_in_a_value_are_allowed():
    text = MINIMAL_CONFIG.replace('name = "', 'name = "Ủy ban\\tnhân dân\\n', 1)
    assert "\t" in parse_config(text).site.name
