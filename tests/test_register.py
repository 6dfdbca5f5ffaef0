"""The documents register, pure parts: numbers, front matter and its errors, [documents] in
site.toml, statuses on a given day, relations both ways, problems that need the whole register."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from conftest import DOCUMENTS_CONFIG, MINIMAL_CONFIG, official_document, site_model
from sitegen.common.errors import BuildFailed, Problems
from sitegen.site.legal_force import status_on, status_timeline
from sitegen.source.config import parse_config
from sitegen.source.content import OFFICIAL, parse_document
from sitegen.text.document_numbers import number_key, number_problem, number_slug, parse_number, search_words

CONFIG = MINIMAL_CONFIG + DOCUMENTS_CONFIG


def parse(text: str, config: str = CONFIG):
    problems = Problems()
    document = parse_document(text.encode("utf-8"), "content/van-ban/x.md", OFFICIAL, parse_config(config), problems)
    return document, problems


def messages(problems: Problems, severity: str = "error") -> list[str]:
    items = problems.errors if severity == "error" else problems.warnings
    return [problem.format() for problem in items]


# --- numbers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("number, ordinal, year, groups", [
    ("05/QĐ-UBND", 5, None, ("QĐ", "UBND")),
    ("15/UBND-VP", 15, None, ("UBND", "VP")),
    ("12/2024/QĐ-UBND", 12, 2024, ("QĐ", "UBND")),
    ("45/2019/QH14", 45, 2019, ("QH14",)),
    ("102/TTr-UBND", 102, None, ("TTr", "UBND")),
])
def test_well_formed_numbers_are_read_into_their_parts(number, ordinal, year, groups):
    parsed = parse_number(number)
    assert (parsed.ordinal, parsed.year, parsed.groups) == (ordinal, year, groups)
    assert number_problem(number) is None


@pytest.mark.parametrize("number, said", [
    ("12 /2024/QĐ-UBND", "có dấu cách"),
    ("QĐ-UBND 12", "phải bắt đầu bằng số thứ tự"),
    ("12-QĐ-UBND", "thiếu dấu /"),
    ("12/2024", "không đúng thể thức"),
    ("12/QĐ--UBND", "không đúng thể thức"),
])
def test_malformed_numbers_are_explained(number, said):
    message, hint = number_problem(number)
    assert said in message and number in message
    assert "05/QĐ-UBND" in hint or "12/2024/QĐ-UBND" in hint


def test_a_number_with_spaces_is_told_how_to_write_it_joined():
    assert number_problem("12/2024/QĐ - UBND")[1] == "Viết liền, không có dấu cách: 12/2024/QĐ-UBND"


def test_every_spelling_of_a_number_has_one_key():
    assert {number_key(n) for n in ("12/2024/QĐ-UBND", "12/2024/qđ-ubnd", "12/2024/QD-UBND", " 12/2024/QĐ-UBND ")} \
        == {"12/2024/QD-UBND"}


def test_addresses_of_numbers_without_their_year_carry_the_year_of_issue():
    assert number_slug("12/2024/QĐ-UBND", 2024) == "12-2024-qd-ubnd"
    assert number_slug("05/QĐ-UBND", 2023) == "05-qd-ubnd-2023"
    assert number_slug("05/QĐ-UBND", 2024) == "05-qd-ubnd-2024"


def test_the_search_words_of_a_number_hold_it_whole_and_in_parts():
    assert search_words("12/2024/QĐ-UBND") == "12/2024/QĐ-UBND QĐ-UBND 12 2024 QĐ UBND"
    assert search_words("45/2019/QH14") == "45/2019/QH14 45 2019 QH14"
    assert search_words("05/QĐ-UBND") == "05/QĐ-UBND QĐ-UBND 05 5 QĐ UBND"


# --- front matter -------------------------------------------------------------------------------

FULL = official_document(
    issuer="Ủy ban Nhân dân thành phố Hồng Ngự", fields="[Đất đai, xây dựng]",
    signer="{name: Nguyễn Văn A, position: Chủ tịch}", effective="15/03/2024", expires="2025-12-31",
    replaces='["05/2019/QĐ-UBND", "08/QĐ-UBND ngày 10/01/2023"]', amends="07/2020/QĐ-UBND",
    body="Toàn văn quyết định.")


def test_a_document_is_read_with_every_field_typed():
    document, problems = parse(FULL)
    assert messages(problems) == messages(problems, "warning") == []
    official = document.official
    assert (official.number, official.type.name, official.type.code) == ("12/2024/QĐ-UBND", "Quyết định", "QĐ")
    assert official.issuer == "Ủy ban Nhân dân thành phố Hồng Ngự"
    assert [f.name for f in official.fields] == ["Đất đai", "Xây dựng"]
    assert (official.signer, official.signer_position) == ("Nguyễn Văn A", "Chủ tịch")
    assert (official.issued, official.effective, official.expires) == (date(2024, 3, 5), date(2024, 3, 15),
                                                                      date(2025, 12, 31))
    assert [(c.number, c.issued) for c in official.replaces] == [("05/2019/QĐ-UBND", None),
                                                                ("08/QĐ-UBND", date(2023, 1, 10))]
    assert [c.number for c in official.amends] == ["07/2020/QĐ-UBND"]
    assert official.status == ""
    assert document.title == "Quyết định số 12/2024/QĐ-UBND"
    assert document.slug == "12-2024-qd-ubnd"
    assert document.summary == "Ban hành Quy định quản lý trật tự xây dựng"
    assert document.date.isoformat() == "2024-03-05T00:00:00+07:00"
    assert [entry.file for entry in document.attachments] == ["van-ban.pdf"]


def test_defaults_issuer_from_the_agency_and_reads_a_signer_written_as_a_name():
    document, problems = parse(official_document(signer="Trần Thị B"))
    assert document.official.issuer == "Ủy ban Nhân dân thành phố Thử Nghiệm"
    assert (document.official.signer, document.official.signer_position) == ("Trần Thị B", "")
    config = CONFIG.replace("[documents]\n", '[documents]\nissuer = "Văn phòng HĐND và UBND"\n')
    assert parse(official_document(), config)[0].official.issuer == "Văn phòng HĐND và UBND"


def test_blank_optional_fields_written_by_the_admin_are_no_error():
    document, problems = parse(official_document(effective='""', expires='""', status='""',
                                                 signer='{name: "", position: ""}', fields="[]", replaces="[]"))
    assert problems.items == [] and document is not None
    assert (document.official.effective, document.official.signer, document.official.fields) == (None, "", ())


def test_a_written_status_is_matched_whatever_the_tone_marks():
    document, _problems = parse(official_document(status="ngưng hiệu lực"))
    assert document.official.status == "Ngưng hiệu lực"


@pytest.mark.parametrize("extra, line, said, hint", [
    ({"number": "12 /2024/QĐ-UBND"}, 2, "có dấu cách", "Viết liền"),
    ({"number": '""'}, 2, "\"number\" đang để trống", "number: 12/2024/QĐ-UBND"),
    ({"type": "Quyêt định"}, 3, "loại văn bản \"Quyêt định\" không có", "Có phải ý bạn là \"Quyết định\"?"),
    ({"effective": "01/03/2024"}, 7, "ngày có hiệu lực (effective) sớm hơn ngày ban hành", "kiểm tra lại"),
    ({"expires": "05/03/2024"}, 7, "ngày hết hiệu lực (expires) không sau", "phải sau effective"),
    ({"fields": "[Đất đai, Giao thông]"}, 7, "lĩnh vực \"Giao thông\" không có trong site.toml",
     "Các lĩnh vực: Đất đai, Xây dựng."),
    ({"status": "Còn hiệu lực một phần"}, 7, "tình trạng hiệu lực \"Còn hiệu lực một phần\" không có",
     "Hết hiệu lực một phần"),
    ({"signer": "[A, B]"}, 7, "\"signer\" phải là họ tên người ký", "position"),
    ({"issued": "31/02/2024"}, 4, "ngày 31/02/2024 không tồn tại", "19/04/2023"),
    ({"summary": '""'}, 5, "\"summary\" đang để trống", "trích yếu"),
    ({"files": "[]"}, 6, "văn bản chưa có tệp nào", "files: [quyet-dinh.pdf]"),
    ({"replaces": "[05/2019/QĐ-UBND ngày 31/02/2019]"}, 7, "ngày 31/02/2019 không tồn tại", "19/04/2023"),
])
def test_each_mistake_is_an_error_at_its_line_saying_what_to_write(extra, line, said, hint):
    document, problems = parse(official_document(**extra))
    assert document is None
    [error] = problems.errors
    assert error.path == "content/van-ban/x.md" and error.line == line, error.format()
    assert said in error.message, error.format()
    assert hint in error.hint, error.format()


def test_missing_required_fields_are_each_reported():
    document, problems = parse("---\nnumber: 12/2024/QĐ-UBND\n---\n")
    assert document is None
    assert sorted(p.message for p in problems.errors) == sorted([
        "thiếu \"type\".", "thiếu \"issued\".", "thiếu \"summary\".", "văn bản chưa có tệp nào (files)."])


def test_all_mistakes_of_a_file_are_reported_at_once():
    _document, problems = parse(official_document(number="12 /2024/QĐ-UBND", type="Quyêt định",
                                                  effective="01/01/2024", fields="[Giao thông]"))
    assert len(problems.errors) == 4
    assert [p.line for p in problems.errors] == [2, 3, 7, 8]


@pytest.mark.parametrize("number, type_name, said", [
    ("12/2024/QĐ-UBND", "Kế hoạch", "có mã \"QĐ\" của Quyết định, nhưng loại văn bản (type) là Kế hoạch"),
    ("15/UBND-VP", "Quyết định", "không có mã \"QĐ\" của Quyết định"),
    ("12/2024/QD-UBND", "Quyết định", "ký hiệu \"QD\" của Quyết định viết là \"QĐ\""),
    ("5/QĐ-UBND", "Quyết định", "số thứ tự nhỏ hơn 10 viết thêm số 0"),
    ("12/2024/qđ-ubnd", "Quyết định", "viết chữ thường"),
])
def test_a_number_at_odds_with_its_type_or_the_rules_is_a_warning(number, type_name, said):
    document, problems = parse(official_document(number=number, type=type_name))
    assert document is not None and problems.errors == []
    [warning] = problems.warnings
    assert said in warning.message and warning.line == 2, warning.format()


@pytest.mark.parametrize("number, type_name", [("15/UBND-VP", "Công văn"), ("45/2019/QH14", "Luật"),
                                                ("03/HD-UBND", "Hướng dẫn"), ("03/HĐ-UBND", "Hợp đồng"),
                                                ("12/2024/QĐ-UBND", "QĐ")])
def test_numbers_that_agree_with_their_type_raise_nothing(number, type_name):
    document, problems = parse(official_document(number=number, type=type_name))
    assert document is not None and problems.items == []


def test_an_unknown_key_is_a_warning_naming_the_nearest():
    _document, problems = parse(official_document(efective="15/03/2024"))
    [warning] = problems.warnings
    assert warning.line == 7 and "Có phải ý bạn là \"effective\"?" in warning.hint


# --- site.toml ----------------------------------------------------------------------------------

def test_types_are_extended_and_corrected_in_site_toml():
    config = parse_config(CONFIG + '\n[[documents.types]]\nname = "Hướng dẫn liên tịch"\ncode = "HDLT"\n'
                                   '\n[[documents.types]]\nname = "Quy định"\ncode = "QyĐ"\n')
    types = config.documents.types
    assert types[-1].name == "Hướng dẫn liên tịch" and types[-1].slug == "huong-dan-lien-tich"
    assert config.documents.find_type("hdlt").name == "Hướng dẫn liên tịch"
    assert len(types) == 39  # 38 built in, one added; "Quy định" replaced in place
    document, problems = parse(official_document(number="02/HDLT-UBND", type="Hướng dẫn liên tịch"),
                               CONFIG + '\n[[documents.types]]\nname = "Hướng dẫn liên tịch"\ncode = "HDLT"\n')
    assert document is not None and problems.items == []


@pytest.mark.parametrize("extra, said", [
    ('\n[[documents.types]]\nname = "Hướng dẫn liên ngành"\ncode = "HD"\n', "mã \"HD\" được dùng cho hai loại"),
    ('\n[[documents.types]]\nname = "Phiếu trình"\ncode = "P T"\n', "mã loại văn bản \"P T\" không hợp lệ"),
    ('\n[[documents.fields]]\nslug = "Đất"\nname = "Đất"\n', "slug lĩnh vực \"Đất\" không hợp lệ"),
    ('\n[[documents.fields]]\nslug = "dat-dai"\nname = "Đất đai 2"\n', "lĩnh vực \"dat-dai\" được khai báo hai lần"),
])
def test_mistakes_in_the_documents_tables_stop_the_build(extra, said):
    with pytest.raises(BuildFailed) as failure:
        parse_config(CONFIG + extra)
    assert any(said in problem.message and problem.line > 0 for problem in failure.value.problems), \
        [p.format() for p in failure.value.problems]


def test_an_unknown_key_of_the_documents_table_names_the_nearest():
    with pytest.raises(BuildFailed) as failure:
        parse_config(MINIMAL_CONFIG + DOCUMENTS_CONFIG.replace("per_page = 2", "per_pages = 2"))
    [problem] = failure.value.problems
    assert "Có phải ý bạn là \"per_page\"?" in problem.hint
    assert problem.line == (MINIMAL_CONFIG + DOCUMENTS_CONFIG).split("\n").index("per_page = 2") + 1


# --- status on a day ----------------------------------------------------------------------------

ISSUED, EFFECTIVE, EXPIRES = date(2024, 3, 5), date(2024, 3, 15), date(2025, 1, 1)


@pytest.mark.parametrize("day, status, changes_on, next_status", [
    (date(2024, 3, 10), "Chưa có hiệu lực", EFFECTIVE, "Còn hiệu lực"),   # issued, not yet in force
    (EFFECTIVE, "Còn hiệu lực", EXPIRES, "Hết hiệu lực"),                 # its first day in force
    (date(2024, 12, 31), "Còn hiệu lực", EXPIRES, "Hết hiệu lực"),        # its last day
    (EXPIRES, "Hết hiệu lực", None, ""),                                  # from the day of `expires`
    (date(2030, 1, 1), "Hết hiệu lực", None, ""),
])
def test_status_before_between_and_after_effective_and_expires(day, status, changes_on, next_status):
    today = status_on(status_timeline(ISSUED, EFFECTIVE, EXPIRES), day)
    assert (today.status, today.changes_on, today.next_status) == (status, changes_on, next_status)


def test_without_dates_of_force_a_document_is_in_force_from_its_day_of_issue_for_good():
    assert status_on(status_timeline(ISSUED, None, None), ISSUED).status == "Còn hiệu lực"
    assert status_on(status_timeline(ISSUED, None, None), date(2024, 3, 4)).changes_on == ISSUED
    assert status_on(status_timeline(ISSUED, None, None), date(2099, 1, 1)).changes_on is None


def test_a_document_replaced_expires_when_its_replacement_takes_effect():
    timeline = status_timeline(ISSUED, EFFECTIVE, None, replaced_from=date(2024, 9, 1))
    assert status_on(timeline, date(2024, 8, 31)).status == "Còn hiệu lực"
    assert status_on(timeline, date(2024, 8, 31)).changes_on == date(2024, 9, 1)
    assert status_on(timeline, date(2024, 9, 1)).status == "Hết hiệu lực"
    # replaced before it ever took effect: never in force
    never = status_timeline(ISSUED, EFFECTIVE, None, replaced_from=date(2024, 3, 10))
    assert [status_on(never, day).status for day in (date(2024, 3, 9), date(2024, 3, 20))] == \
        ["Chưa có hiệu lực", "Hết hiệu lực"]


def test_a_written_status_wins_on_every_day():
    timeline = status_timeline(ISSUED, EFFECTIVE, EXPIRES, written="Ngưng hiệu lực")
    assert {status_on(timeline, day).status for day in (date(2024, 3, 6), date(2026, 1, 1))} == {"Ngưng hiệu lực"}
    assert status_on(timeline, date(2024, 3, 6)).changes_on is None


# --- the register -------------------------------------------------------------------------------

def register_of(files: dict[str, str], now: datetime = datetime(2024, 6, 1, tzinfo=timezone.utc), **options):
    return site_model(files, config=CONFIG, now=now, **options).register


OLD = official_document(number="05/2019/QĐ-UBND", issued="10/04/2019", summary="Quy định cũ")
NEW = official_document(number="12/2024/QĐ-UBND", issued="05/03/2024", effective="15/03/2024",
                        replaces="[05/2019/QĐ-UBND]", amends='["03/KH-UBND ngày 02/01/2024"]')
PLAN = official_document(number="03/KH-UBND", type="Kế hoạch", issued="02/01/2024", summary="Kế hoạch năm 2024",
                         fields="[Xây dựng]")


def test_relations_are_shown_both_ways_and_a_replaced_document_expires():
    register = register_of({"content/van-ban/cu.md": OLD, "content/van-ban/moi.md": NEW,
                            "content/van-ban/ke-hoach.md": PLAN})
    assert [d.number for d in register.documents] == ["12/2024/QĐ-UBND", "03/KH-UBND", "05/2019/QĐ-UBND"]
    by_number = {d.number: d for d in register.documents}
    new, old, plan = by_number["12/2024/QĐ-UBND"], by_number["05/2019/QĐ-UBND"], by_number["03/KH-UBND"]
    assert [(r.label, [d.number for d in r.documents], [d.url for d in r.documents]) for r in new.relations] == [
        ("Thay thế", ["05/2019/QĐ-UBND"], ["van-ban/05-2019-qd-ubnd/"]),
        ("Sửa đổi, bổ sung", ["03/KH-UBND"], ["van-ban/03-kh-ubnd-2024/"])]
    assert [(r.label, [d.number for d in r.documents]) for r in old.relations] == [
        ("Bị thay thế bởi", ["12/2024/QĐ-UBND"])]
    assert [(r.label, [d.number for d in r.documents]) for r in plan.relations] == [
        ("Được sửa đổi, bổ sung bởi", ["12/2024/QĐ-UBND"])]
    assert (old.status, new.status, plan.status) == ("Hết hiệu lực", "Còn hiệu lực", "Còn hiệu lực")
    assert register.problems == ()


def test_the_replaced_document_is_in_force_until_its_replacement_is():
    register = register_of({"content/van-ban/cu.md": OLD, "content/van-ban/moi.md": NEW},
                           now=datetime(2024, 3, 10, tzinfo=timezone.utc))
    old = next(d for d in register.documents if d.number == "05/2019/QĐ-UBND")
    assert (old.status, old.status_changes_on, old.next_status) == ("Còn hiệu lực", date(2024, 3, 15), "Hết hiệu lực")


def test_the_build_day_is_taken_in_the_sites_time_zone():
    # 2024-03-14 17:00 UTC is already 15/03 in Vietnam: the day the document takes effect.
    register = register_of({"content/van-ban/moi.md": NEW}, now=datetime(2024, 3, 14, 17, 0, tzinfo=timezone.utc))
    assert register.as_of == date(2024, 3, 15) and register.documents[0].status == "Còn hiệu lực"


def test_citations_that_name_no_document_or_several_or_itself_are_warnings():
    files = {
        "content/van-ban/a.md": official_document(number="05/QĐ-UBND", issued="10/04/2023"),
        "content/van-ban/b.md": official_document(number="05/QĐ-UBND", issued="10/04/2024"),
        "content/van-ban/c.md": official_document(
            number="12/2024/QĐ-UBND", replaces="[99/2020/QĐ-UBND, 05/QĐ-UBND, 12/2024/QĐ-UBND]",
            amends='["05/QĐ-UBND ngày 10/04/2024"]'),
    }
    register = register_of(files)
    found = sorted((p.line, p.severity, p.code) for p in register.problems)
    assert found == [(7, "warning", "ambiguous-reference"), (7, "warning", "self-reference"),
                     (7, "warning", "unknown-reference")]
    unknown = next(p for p in register.problems if p.code == "unknown-reference")
    assert unknown.path == "content/van-ban/c.md" and "99/2020/QĐ-UBND" in unknown.message
    ambiguous = next(p for p in register.problems if p.code == "ambiguous-reference")
    assert "năm 2024, 2023" in ambiguous.message and "ngày 10/04/2024" in ambiguous.hint
    cited = next(d for d in register.documents if d.number == "12/2024/QĐ-UBND")
    amended = [r for r in cited.relations if r.label == "Sửa đổi, bổ sung"][0].documents[0]
    assert amended.url == "van-ban/05-qd-ubnd-2024/"  # the date told the two apart
    unlinked = [r for r in cited.relations if r.label == "Thay thế"][0].documents
    assert [(d.number, d.url) for d in unlinked] == [("99/2020/QĐ-UBND", ""), ("05/QĐ-UBND", "")]


def test_two_documents_with_one_number_are_an_error_naming_both():
    register = register_of({"content/van-ban/a.md": official_document(),
                            "content/van-ban/b.md": official_document(number="12/2024/qđ-ubnd")})
    [problem] = register.problems
    assert (problem.path, problem.line, problem.severity) == ("content/van-ban/b.md", 2, "error")
    assert "trùng với văn bản content/van-ban/a.md" in problem.message
    assert [d.source for d in register.documents] == ["content/van-ban/a.md"]


def test_a_number_without_its_year_may_repeat_in_another_year():
    register = register_of({"content/van-ban/a.md": official_document(number="05/QĐ-UBND", issued="10/04/2023"),
                            "content/van-ban/b.md": official_document(number="05/QĐ-UBND", issued="10/04/2024")})
    assert register.problems == ()
    assert [d.url for d in register.documents] == ["van-ban/05-qd-ubnd-2024/", "van-ban/05-qd-ubnd-2023/"]


def test_a_draft_taking_a_number_is_a_warning_and_is_not_listed():
    register = register_of({"content/van-ban/a.md": official_document(),
                            "content/van-ban/b.md": official_document(draft="true")})
    [problem] = register.problems
    assert problem.severity == "warning" and problem.path == "content/van-ban/b.md"
    assert len(register.documents) == 1 and register.exists


def test_documents_issued_later_wait_like_scheduled_articles():
    model = site_model({"content/van-ban/a.md": official_document(issued="01/07/2024")}, config=CONFIG,
                       now=datetime(2024, 6, 1, tzinfo=timezone.utc))
    assert model.register.documents == () and model.register.exists
    assert len(model.held_back.scheduled) == 1


def test_facets_count_documents_by_type_issuer_field_year_and_status():
    register = register_of({"content/van-ban/cu.md": OLD, "content/van-ban/moi.md": NEW,
                            "content/van-ban/ke-hoach.md": PLAN})
    facets = {facet.key: [(o.slug, o.count, o.url) for o in facet.options] for facet in register.facets}
    assert facets["loai"] == [("quyet-dinh", 2, "van-ban/loai/quyet-dinh/"), ("ke-hoach", 1, "van-ban/loai/ke-hoach/")]
    assert facets["nam"] == [("2024", 2, "van-ban/nam/2024/"), ("2019", 1, "van-ban/nam/2019/")]
    assert facets["linh-vuc"] == [("xay-dung", 1, "van-ban/linh-vuc/xay-dung/")]
    assert facets["co-quan"] == [("uy-ban-nhan-dan-thanh-pho-thu-nghiem", 3,
                                  "van-ban/co-quan/uy-ban-nhan-dan-thanh-pho-thu-nghiem/")]
    assert facets["tinh-trang"] == [("con-hieu-luc", 2, ""), ("het-hieu-luc", 1, "")]
