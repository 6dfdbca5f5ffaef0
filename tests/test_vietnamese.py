"""Vietnamese text: slugs, tone-mark folding, search keys, sort order, dates."""

import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sitegen.text.vietnamese import (fold_tone_placement, format_date, format_date_formal, format_datetime,
                                format_month, nfc, search_key, slugify, sort_key, strip_diacritics)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SEED_TITLE = ("Hội nghị Ký kết Kế hoạch phối hợp về nâng cao vai trò lãnh đạo của chi bộ đối với "
              "ban công tác mặt trận ấp, khóm giai đoạn 2023 – 2027")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_slug_of_the_seed_title_keeps_every_word_without_accents():
    assert slugify(SEED_TITLE) == ("hoi-nghi-ky-ket-ke-hoach-phoi-hop-ve-nang-cao-vai-tro-lanh-dao-cua-chi-bo-doi-voi-"
                                   "ban-cong-tac-mat-tran-ap-khom-giai-doan-2023-2027")


def test_slug_starts_with_hoi_nghi_and_ends_with_dong_thap():
    assert slugify("Hội nghị tổng kết công tác năm 2023 của tỉnh Đồng Tháp") == \
        "hoi-nghi-tong-ket-cong-tac-nam-2023-cua-tinh-dong-thap"
    assert slugify("Hội nghị … Đồng Tháp") == "hoi-nghi-dong-thap"


@pytest.mark.parametrize("text, slug", [
    ("đường", "duong"),
    ("ĐƯỜNG ĐÊ", "duong-de"),
    ("Đồng Tháp", "dong-thap"),
    ("  --Ấp  Mỹ Hoà!!  ", "ap-my-hoa"),
    ("Quy định số 213-QĐ/TW", "quy-dinh-so-213-qd-tw"),
    ("!!!", ""),
])
def test_slugify_maps_d_bar_and_drops_everything_but_letters_and_digits(text, slug):
    assert slugify(text) == slug


def test_both_tone_mark_placements_give_the_same_slug_and_key():
    assert slugify("Thành uỷ") == slugify("Thành ủy") == "thanh-uy"
    assert slugify("hoà") == slugify("hòa") == "hoa"
    assert fold_tone_placement("Thành uỷ") == fold_tone_placement("Thành ủy")
    assert fold_tone_placement("Khoá XII") == fold_tone_placement("Khóa XII")


def test_folding_keeps_different_tones_different():
    assert fold_tone_placement("ủy") != fold_tone_placement("ụy")
    assert fold_tone_placement("hoà") != fold_tone_placement("hoa")
    assert slugify("ủy") == slugify("ụy")  # slugs drop every tone, by design


def test_folding_is_case_insensitive():
    assert fold_tone_placement("TIN TỨC") == fold_tone_placement("Tin tức")


def test_nfd_input_gives_the_same_results_as_nfc():
    assert nfc(nfd(SEED_TITLE)) == SEED_TITLE
    assert slugify(nfd("Đồng Tháp")) == "dong-thap"
    assert fold_tone_placement(nfd("Thành ủy")) == fold_tone_placement("Thành uỷ")
    assert sort_key(nfd("Ân")) == sort_key("Ân")


def test_search_key_finds_duong_in_duong_with_d_bar():
    assert search_key("Đường Nguyễn Huệ") == "duong nguyen hue"
    assert strip_diacritics("Đđ") == "Dd"


def test_sort_key_puts_an_before_yen():
    names = ["Yên", "Ân", "Bình"]
    assert sorted(names) == ["Bình", "Yên", "Ân"]  # code-point order: wrong for Vietnamese
    assert sorted(names, key=sort_key) == ["Ân", "Bình", "Yên"]


def test_sort_key_puts_d_bar_after_d_and_before_e():
    assert sorted(["Em", "Đào", "Dung"], key=sort_key) == ["Dung", "Đào", "Em"]
    assert sort_key("đ") > sort_key("d")
    assert sort_key("đa") > sort_key("dz")


def test_sort_key_follows_the_alphabet_a_a_breve_a_circumflex_then_tones():
    assert sorted(["â", "ă", "a"], key=sort_key) == ["a", "ă", "â"]
    assert sorted(["ơ", "ô", "o"], key=sort_key) == ["o", "ô", "ơ"]
    assert sorted(["ư", "u"], key=sort_key) == ["u", "ư"]
    # Letters decide before tones: "Ánh" sorts with "Anh", before "Ăn".
    assert sorted(["Ăn", "Ánh", "Anh"], key=sort_key) == ["Anh", "Ánh", "Ăn"]
    assert sorted(["má", "mà", "ma", "mạ", "mả", "mã"], key=sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_dates_in_vietnamese():
    moment = datetime(2023, 4, 19, 8, 30, tzinfo=VN)
    assert format_date(moment) == "Thứ Tư, 19/04/2023"
    assert format_datetime(moment) == "Thứ Tư, 19/04/2023 08:30"
    assert format_datetime(datetime(2023, 4, 19, tzinfo=VN)) == "Thứ Tư, 19/04/2023"
    assert format_datetime(datetime(2023, 4, 23, 17, 5, tzinfo=VN)) == "Chủ Nhật, 23/04/2023 17:05"
    assert format_date(datetime(2023, 4, 17, tzinfo=VN)) == "Thứ Hai, 17/04/2023"


def test_formal_date_and_month_heading():
    assert format_date_formal(datetime(2023, 4, 19, tzinfo=VN)) == "ngày 19 tháng 4 năm 2023"
    assert format_date_formal(datetime(2023, 12, 2, tzinfo=VN)) == "ngày 2 tháng 12 năm 2023"
    assert format_month(2023, 4) == "Tháng 4/2023"
