"""Vietnamese typing slips: each warning names line, column and shows the text around it."""

import unicodedata

import pytest

from sitegen.text.typography import check_typography, is_vietnamese_syllable

FRONT = "---\ntitle: Bài thử\ndate: 19/04/2023\ncategory: Tin tức\n---\n\n"
BODY_LINE = 7


def codes(text: str) -> list[tuple[str, int, int]]:
    return sorted((p.code, p.line, p.column) for p in check_typography(text, "content/tin-tuc/x.md"))


@pytest.mark.parametrize("word", ["thành", "phố", "nghiêng", "quốc", "gì", "giữ", "khuya", "tuyết", "uỷ", "ủy",
                                  "hoà", "hòa", "khoẻ", "xoong", "ươm", "ăn", "chiếc", "Lãnh", "Hồng", "Ngự",
                                  "đắk", "oái", "người", "trưởng", "Đồng"])
def test_real_syllables_are_accepted(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["Tnh", "tnh", "internet", "phốLãnh", "â", "qu", "gh", "chiếć", "tõt",
                                  "thànhh", "xyz", "wifi", "bcd", "hóà"])
def test_impossible_syllables_are_refused(word):
    assert not is_vietnamese_syllable(word)


def test_seed_slips_are_found_with_line_column_and_context():
    line = "Ban Thường trực Thành phốLãnh đạo Ban Tổ chức Tnh uỷ trong việc."
    problems = check_typography(FRONT + line + "\n", "content/tin-tuc/x.md")
    glued = next(p for p in problems if p.code == "glued-words")
    assert (glued.line, glued.column) == (BODY_LINE, line.index("Lãnh") + 1)
    assert "phốLãnh" in glued.message and "Thành phốLãnh đạo" in glued.message
    assert "\"phố Lãnh\"" in glued.hint
    syllable = next(p for p in problems if p.code == "not-a-syllable")
    assert (syllable.line, syllable.column) == (BODY_LINE, line.index("Tnh") + 1)
    assert "Tổ chức Tnh uỷ" in syllable.message
    assert all(p.severity == "warning" for p in problems)
    assert len(problems) == 2


def test_acronyms_numbers_abbreviations_and_markup_are_not_reported():
    body = ("UB.MTTQ.VN Thành phố và MTTQ; ông Lê Hùng Dũng – P. Bí thư, Tp. Hồng Ngự, Quy định số "
            "213-QĐ/TW ngày 02/01/2020, khoá XII, diện tích 5km2, trang Internet.\n\n"
            "Xem [trang](/tin-tuc/abcxyz/) và <https://example.gov.vn/xyz> hoặc `lệnh --xyz`.\n\n"
            "```\ncode  with   spaces qwrt\n```\n\n"
            "Dòng ngắt bằng hai dấu cách  \ncuối dòng.\n\n| Cột  | Hai |\n|---|---|\n| a  | b |\n")
    assert codes(FRONT + body) == []


def test_double_space_space_before_punctuation_and_loose_hyphen():
    text = FRONT + "thực hiện chức  năng tự quản tại khóm- ấp , rồi kết thúc .\n"
    found = codes(text)
    line = text.splitlines()[BODY_LINE - 1]
    assert ("double-space", BODY_LINE, line.index("  ") + 1) in found
    assert ("loose-hyphen", BODY_LINE, line.index("- ấp") + 1) in found
    assert ("space-before-punctuation", BODY_LINE, line.index(" ,") + 1) in found
    assert ("space-before-punctuation", BODY_LINE, line.index(" .") + 1) in found
    assert len(found) == 4


def test_text_not_in_nfc_is_reported_once_per_file_from_the_raw_text():
    nfd = unicodedata.normalize("NFD", "Hội nghị tổng kết\n\nThành phố Hồng Ngự\n")
    problems = check_typography(FRONT + nfd, "content/tin-tuc/x.md")
    assert [p.code for p in problems] == ["not-nfc"]
    assert problems[0].line == BODY_LINE and "2 dòng" in problems[0].message


def test_both_tone_placements_in_one_article():
    text = FRONT + "Ban Tổ chức Thành uỷ họp.\n\nThường trực Thành ủy dự. Hòa bình, hòa hợp.\n"
    problems = [p for p in check_typography(text, "content/tin-tuc/x.md") if p.code == "mixed-tone-placement"]
    assert len(problems) == 1
    assert problems[0].line == BODY_LINE + 2
    assert "\"ủy\" ở đây nhưng \"uỷ\" ở dòng 7" in problems[0].message


def test_front_matter_values_are_checked_but_not_its_keys():
    text = "---\ntitle: Hội nghị  Tnh uỷ\ndate: 19/04/2023\ncategory: Tin tức\nslug: xyz-abc\n---\n\nNội dung.\n"
    title = text.splitlines()[1]
    assert codes(text) == [("double-space", 2, title.index("  ") + 1), ("not-a-syllable", 2, title.index("Tnh") + 1)]
