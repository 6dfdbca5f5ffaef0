"""The words of the interface (menu, footer labels, skip link, search box…) in each language.

One dictionary per language, the same keys in each: templates read `ui.<key>`,
and a page is rendered with the dictionary of its own language. Articles and
their listings are Vietnamese only; these strings are the ones the pages
shown in both languages share (header, footer, breadcrumb, organisation and
contact pages). English dates are formatted here too (Babel, like the
Vietnamese ones in vietnamese.py).
"""

from __future__ import annotations

from datetime import date

from babel import Locale
from babel import dates as babel_dates

ENGLISH = "en"
ENGLISH_FOLDER = "en"   # content/en/*.md and every English page's address: /en/…

INTERFACE_STRINGS: dict[str, dict[str, str]] = {
    "vi": {
        "switch_to": "English",
        "skip_link": "Bỏ qua để đến nội dung chính",
        "main_menu": "Menu chính",
        "menu_button": "Danh mục",
        "home": "Trang chủ",
        "breadcrumb": "Vị trí trang",
        "search_region": "Tìm kiếm trên trang",
        "search_label": "Tìm kiếm bài viết",
        "search_placeholder": "Tìm kiếm…",
        "search_button": "Tìm",
        "text_size": "Cỡ chữ",
        "text_smaller": "giảm cỡ chữ",
        "text_default": "cỡ chữ mặc định",
        "text_larger": "tăng cỡ chữ",
        "managing_agency": "Đơn vị chủ quản",
        "head_office": "Trụ sở",
        "address": "Địa chỉ",
        "phone": "Điện thoại",
        "fax": "Fax",
        "email": "Email",
        "licence": "Giấy phép",
        "responsible_person": "Chịu trách nhiệm chính",
        "attachments": "Tệp đính kèm",
        "contact_information": "Thông tin liên hệ",
        "contact_person": "Đầu mối liên hệ",
        "full_name": "Họ và tên",
        "position": "Chức vụ",
        "about": "Giới thiệu",
        "organisation": "Cơ cấu tổ chức",
        "contact": "Liên hệ",
        "functions_and_duties": "Chức năng, nhiệm vụ",
        "duties": "Nhiệm vụ, quyền hạn",
        "leadership": "Lãnh đạo",
        "units": "Các cơ quan, đơn vị",
        "units_index": "Danh sách cơ quan, đơn vị",
        "unit_head": "Người đứng đầu",
        "unit_officials": "Lãnh đạo, cán bộ đầu mối",
        "unit_contacts": "Liên hệ các cơ quan, đơn vị",
        "unit": "Cơ quan, đơn vị",
        "see_organisation": "Xem đầy đủ chức năng, nhiệm vụ và lãnh đạo các cơ quan, đơn vị",
        "updated": "Cập nhật",
        "more_pages": "Thông tin khác",
        "organisation_summary": "Cơ cấu tổ chức, chức năng, nhiệm vụ, lãnh đạo và thông tin liên hệ của {agency}.",
        "contact_summary": "Địa chỉ, số điện thoại, thư điện tử của {agency} và các cơ quan, đơn vị.",
        "about_summary": "Giới thiệu {agency}: chức năng, nhiệm vụ và cơ cấu tổ chức.",
    },
    ENGLISH: {
        "switch_to": "Tiếng Việt",
        "skip_link": "Skip to main content",
        "main_menu": "Main menu",
        "menu_button": "Menu",
        "home": "Home",
        "breadcrumb": "You are here",
        "search_region": "Search this site",
        "search_label": "Search the news (in Vietnamese)",
        "search_placeholder": "Search…",
        "search_button": "Search",
        "text_size": "Text size",
        "text_smaller": "smaller text",
        "text_default": "default text size",
        "text_larger": "larger text",
        "managing_agency": "Managing agency",
        "head_office": "Head office",
        "address": "Address",
        "phone": "Phone",
        "fax": "Fax",
        "email": "Email",
        "licence": "Licence",
        "responsible_person": "Editor-in-chief",
        "attachments": "Attachments",
        "contact_information": "Contact information",
        "contact_person": "Contact person",
        "full_name": "Name",
        "position": "Position",
        "about": "About",
        "organisation": "Organisation",
        "contact": "Contact",
        "functions_and_duties": "Functions and duties",
        "duties": "Duties and powers",
        "leadership": "Leadership",
        "units": "Departments and units",
        "units_index": "List of departments and units",
        "unit_head": "Head",
        "unit_officials": "Officials",
        "unit_contacts": "Contacts of departments and units",
        "unit": "Department or unit",
        "see_organisation": "Full functions, duties and officials of each department",
        "updated": "Last updated",
        "more_pages": "More information",
        "organisation_summary": "Organisational structure, functions, duties, officials and contacts of {agency}.",
        "contact_summary": "Address, phone numbers and email of {agency} and its departments.",
        "about_summary": "About {agency}: its functions, duties and structure.",
    },
}

_LOCALES = {language: Locale.parse(language) for language in INTERFACE_STRINGS}
_DAY_PATTERNS = {"vi": "dd/MM/yyyy", ENGLISH: "d MMMM y"}


def interface_strings(language: str) -> dict[str, str]:
    """The interface words of a language (the site's own language when it has none of its own)."""
    return INTERFACE_STRINGS.get(language, INTERFACE_STRINGS["vi"])


def format_day(day: date, language: str) -> str:
    """"15/01/2026" in Vietnamese, "15 January 2026" in English."""
    locale = _LOCALES.get(language, _LOCALES["vi"])
    return babel_dates.format_date(day, _DAY_PATTERNS.get(language, _DAY_PATTERNS["vi"]), locale=locale)
