"""The organisation's pages as a citizen and a search engine see them, in Vietnamese and English:
made from to-chuc.toml and site.toml, tel: and mailto: links, nothing for an empty field,
English pages without Vietnamese interface text, hreflang pairs, JSON-LD, the language switch."""

from __future__ import annotations

import json
import re

import pytest

from conftest import MINIMAL_CONFIG, build, make_site, soup
from sitegen.text.interface import INTERFACE_STRINGS

ORGANISATION_URL, CONTACT_URL, ABOUT_URL = "co-cau-to-chuc/", "lien-he/", "gioi-thieu/"
ENGLISH_ABOUT, ENGLISH_ORGANISATION, ENGLISH_CONTACT = "en/", "en/organisation/", "en/contact/"
ENGLISH_PAGE = "en/investing-in-hong-ngu/"
ENGLISH_PAGES = [ENGLISH_ABOUT, ENGLISH_ORGANISATION, ENGLISH_CONTACT, ENGLISH_PAGE]
BASE = "https://hongngu.dongthap.gov.vn/"
# Letters only Vietnamese writes (tone marks, ă â đ ê ô ơ ư): English text has none of them.
VIETNAMESE_LETTERS = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                                re.IGNORECASE)
DOCUMENT_NUMBER = re.compile(r"\b\d+/[\w-]+")


def page(site, url):
    return soup(site / url / "index.html")


def text_of(element) -> str:
    """The text as read: the markup's own spaces, collapsed."""
    return " ".join(element.get_text().split())


def main_text(html) -> str:
    return text_of(html.main)


def json_ld(html) -> dict:
    [script] = html.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def test_the_organisation_page_shows_units_functions_leaders_and_contacts(theme_site):
    html = page(theme_site, ORGANISATION_URL)
    assert html.h1.get_text() == "Cơ cấu tổ chức"
    text = main_text(html)
    for expected in ("Chức năng, nhiệm vụ", "Tổ chức thi hành Hiến pháp", "Bảo đảm an sinh xã hội.",
                     "Lãnh đạo", "Nguyễn Văn Hòa", "Chủ tịch Ủy ban nhân dân thành phố", "Trần Thị Mai",
                     "Cập nhật: 20/11/2026"):
        assert expected in text, expected
    units = html.select("section.unit")
    assert [unit.h3.get_text() for unit in units] == ["Văn phòng HĐND và UBND thành phố",
                                                      "Phòng Tài nguyên và Môi trường", "Phòng Nội vụ"]
    office = units[0]
    assert office["id"] == "don-vi-van-phong"
    assert "Người đứng đầu: Phạm Quốc Dũng, Chánh Văn phòng" in text_of(office)
    assert [li.get_text() for li in office.select("ul.duties li")] == ["Quản lý văn thư, lưu trữ.",
                                                                     "Vận hành Bộ phận Một cửa."]
    assert [a["href"] for a in office.select("a[href^='tel:']")] == [
        "tel:+842773563362", "tel:+842773563310", "tel:+84912345678"]
    assert [a["href"] for a in office.select("a[href^='mailto:']")] == [
        "mailto:vanphong@hongngu.dongthap.gov.vn", "mailto:pqdung@hongngu.dongthap.gov.vn"]
    # The unit without a phone shows no phone row, no empty label.
    environment = text_of(units[1])
    assert "Điện thoại" not in environment and "tainguyenmoitruong@hongngu.dongthap.gov.vn" in environment
    index = [a["href"] for a in html.select("nav.unit-index a")]
    assert index == ["#don-vi-van-phong", "#don-vi-tai-nguyen-moi-truong", "#don-vi-noi-vu"]


def test_no_page_shows_none_or_an_empty_label(theme_site):
    for path in sorted(theme_site.rglob("*.html")):
        html = soup(path)
        text = html.get_text(" ", strip=True)
        assert not re.search(r"\b(None|null)\b", text), path
        for term in html.select("dl div"):
            assert term.dd is not None and term.dd.get_text(strip=True), (path, term)


def test_the_contact_page_shows_the_agency_and_each_units_contacts(theme_site):
    html = page(theme_site, CONTACT_URL)
    text = main_text(html)
    assert "Xin gửi ý kiến về địa chỉ dưới đây." in text  # the editor's Markdown stays
    assert "Đầu mối liên hệ" in text and "Trần Thị B" in text
    section = html.find("section", class_="unit-contacts")
    assert [h3.get_text() for h3 in section.find_all("h3")] == ["Văn phòng HĐND và UBND thành phố",
                                                               "Phòng Tài nguyên và Môi trường", "Phòng Nội vụ"]
    assert "tel:+842773563320" in [a["href"] for a in section.select("a[href^='tel:']")]
    assert section.find("a", href="/co-cau-to-chuc/")


def test_the_about_page_adds_the_structure_to_the_editors_text(theme_site):
    html = page(theme_site, ABOUT_URL)
    text = main_text(html)
    assert "Trang thông tin chính thức." in text and "Chức năng, nhiệm vụ" in text
    links = [a["href"] for a in html.select("ul.unit-index a")]
    assert links == ["/co-cau-to-chuc/#don-vi-van-phong", "/co-cau-to-chuc/#don-vi-tai-nguyen-moi-truong",
                     "/co-cau-to-chuc/#don-vi-noi-vu"]
    for link in links:
        target = page(theme_site, ORGANISATION_URL).find(id=link.split("#")[1])
        assert target is not None, link


@pytest.mark.parametrize("url", ENGLISH_PAGES)
def test_english_pages_have_an_english_interface_and_no_vietnamese_text(theme_site, url):
    html = page(theme_site, url)
    assert html.html["lang"] == "en"
    assert html.find("meta", property="og:locale")["content"] == "en_US"
    assert html.find("meta", attrs={"name": "DC.language"})["content"] == "en"
    whole = str(html)
    vietnamese_only = {key: text for key, text in INTERFACE_STRINGS["vi"].items()
                       if text != INTERFACE_STRINGS["en"][key] and key != "switch_to"}
    assert [text for text in vietnamese_only.values() if text in whole] == []
    # Every text of the page, its attributes (labels, placeholders, titles) and <title> included, is
    # English, except what is marked lang="vi": officials' names, the switch to Vietnamese.
    for marked in html.select("[lang=vi]"):
        marked.decompose()
    texts = [text for text in html.find_all(string=True) if text.parent.name not in ("script", "style")]
    texts += [value for tag in html.find_all(True) for name, value in tag.attrs.items()
              if name in ("aria-label", "title", "placeholder", "alt", "content") and isinstance(value, str)]
    texts = [DOCUMENT_NUMBER.sub("", text) for text in texts]  # "12/GP-TTĐT" is a number, not Vietnamese
    assert [text.strip() for text in texts if VIETNAMESE_LETTERS.search(text)] == []


def test_english_pages_leave_out_what_has_no_english_text(theme_site):
    organisation = page(theme_site, ENGLISH_ORGANISATION)
    assert organisation.h1.get_text() == "Organisation"
    assert [unit.h3.get_text() for unit in organisation.select("section.unit")] == [
        "Office of the City People's Council and People's Committee", "Department of Natural Resources and Environment"]
    text = main_text(organisation)
    assert "Trần Thị Mai" not in text and "Đặng Văn Lợi" not in text  # no position_en; in a unit left out
    assert "Nguyễn Văn Hòa" in text and "Chairman of the City People's Committee" in text
    environment = organisation.find(id="don-vi-tai-nguyen-moi-truong")
    assert environment.find("p", string=re.compile("Advises")) is None and environment.select("ul.duties li")
    assert "Last updated: 20 November 2026" in text  # English dates
    names = organisation.select(".person-name")
    assert names and all(name["lang"] == "vi" for name in names)


def test_english_header_footer_and_menu(theme_site):
    html = page(theme_site, ENGLISH_CONTACT)
    assert html.select_one(".site-name").get_text() == "Hong Ngu City Web Portal"
    assert html.select_one(".site-brand")["href"] == "/en/"
    assert [a.get_text() for a in html.select("#menu-chinh-ds a")] == ["About", "Organisation", "Contact",
                                                                       "Investing in Hong Ngu"]
    assert html.select_one("#menu-chinh-ds a[aria-current=page]")["href"] == "/en/contact/"
    footer = text_of(html.find("footer"))
    assert "Managing agency: Hong Ngu City People's Committee" in footer
    assert "Head office: An Thanh A Quarter, An Loc Ward, Hong Ngu City, Dong Thap Province" in footer
    assert "Licence: Licence No. 12/GP-TTĐT issued by the Dong Thap Department" in footer
    assert "Editor-in-chief" not in footer and "©" not in footer  # no English text given: left out
    assert html.find("footer").find("a", href="tel:+842773563362")
    search = html.find("form", role="search")
    assert search["action"] == "/tim-kiem/" and search.find("label").get_text() == "Search the news (in Vietnamese)"
    assert "Contact person" in main_text(html) and "Officer, City Office" in main_text(html)
    assert not html.find("link", type="application/rss+xml")  # the feeds are Vietnamese


def test_english_page_written_in_markdown(theme_site):
    html = page(theme_site, ENGLISH_PAGE)
    assert html.h1.get_text() == "Investing in Hong Ngu"
    assert html.find("a", href="/tin-tuc/")  # an English page may link to Vietnamese articles
    assert [a.get_text() for a in html.select(".breadcrumb a")] == ["Home"]
    assert "Investing in Hong Ngu" in [a.get_text() for a in page(theme_site, ENGLISH_ABOUT).select("main a")]


PAIRS = [(ORGANISATION_URL, ENGLISH_ORGANISATION), (CONTACT_URL, ENGLISH_CONTACT), (ABOUT_URL, ENGLISH_ABOUT)]


def alternates(html) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in html.find_all("link", rel="alternate", hreflang=True)}


@pytest.mark.parametrize("vietnamese,english", PAIRS)
def test_hreflang_pairs_point_at_each_other(theme_site, vietnamese, english):
    expected = {"vi": BASE + vietnamese, "en": BASE + english, "x-default": BASE + vietnamese}
    assert alternates(page(theme_site, vietnamese)) == expected
    assert alternates(page(theme_site, english)) == expected


def test_every_hreflang_link_leads_to_a_page_that_links_back(theme_site):
    found = 0
    for path in sorted(theme_site.rglob("index.html")):
        html = soup(path)
        own = html.find("link", rel="canonical")["href"]
        for language, href in alternates(html).items():
            target = theme_site / href.removeprefix(BASE) / "index.html"
            assert target.is_file(), (path, href)
            assert own in alternates(soup(target)).values(), (path, href)
            found += 1
    assert found == 3 * 2 * len(PAIRS)


def test_the_language_switch_is_on_every_page_and_leads_to_the_translation(theme_site):
    for path in sorted(theme_site.rglob("*.html")):
        html = soup(path)
        switch = html.select("header a.language-switch")
        assert len(switch) == 1, path
        english = path.relative_to(theme_site).parts[0] == "en"
        assert switch[0]["lang"] == switch[0]["hreflang"] == ("vi" if english else "en"), path
        assert switch[0].get_text() == ("Tiếng Việt" if english else "English")
    for vietnamese, english in PAIRS:
        assert page(theme_site, vietnamese).select_one("a.language-switch")["href"] == "/" + english
        assert page(theme_site, english).select_one("a.language-switch")["href"] == "/" + vietnamese
    assert soup(theme_site / "index.html").select_one("a.language-switch")["href"] == "/en/"
    assert page(theme_site, ENGLISH_PAGE).select_one("a.language-switch")["href"] == "/"


def test_json_ld_describes_the_agency_its_departments_and_contact_points(theme_site):
    data = json_ld(page(theme_site, ORGANISATION_URL))
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentOrganization"
    assert data["@id"] == BASE + "#don-vi" and data["name"] == "Ủy ban Nhân dân thành phố Hồng Ngự"
    assert data["address"]["streetAddress"].startswith("Khóm An Thạnh A")
    departments = data["department"]
    assert [d["name"] for d in departments] == ["Văn phòng HĐND và UBND thành phố", "Phòng Tài nguyên và Môi trường",
                                                "Phòng Nội vụ"]
    assert all(d["@type"] == "GovernmentOrganization" for d in departments)
    office = departments[0]
    assert office["telephone"] == "0277.3563.362" and office["email"] == "vanphong@hongngu.dongthap.gov.vn"
    assert office["employee"][0] == {"@type": "Person", "name": "Phạm Quốc Dũng", "jobTitle": "Chánh Văn phòng",
                                     "telephone": "0277.3563.310", "email": "pqdung@hongngu.dongthap.gov.vn"}
    assert "telephone" not in departments[1]  # left empty in to-chuc.toml: left out
    points = data["contactPoint"]
    assert points[0] == {"@type": "ContactPoint", "name": "Trần Thị B", "contactType": "Chuyên viên Văn phòng",
                         "telephone": "0277.3563.364", "email": "lienhe@hongngu.dongthap.gov.vn"}
    assert {p.get("contactType") for p in points[1:]} == {d["name"] for d in departments}
    assert [p["name"] for p in data["employee"]] == ["Nguyễn Văn Hòa", "Trần Thị Mai"]

    english = json_ld(page(theme_site, ENGLISH_ORGANISATION))
    assert english["name"] == "Hong Ngu City People's Committee"
    assert [d["name"] for d in english["department"]] == [
        "Office of the City People's Council and People's Committee", "Department of Natural Resources and Environment"]
    assert english["contactPoint"][0]["contactType"] == "Officer, City Office"
    for url in (CONTACT_URL, ABOUT_URL, ENGLISH_ABOUT, ENGLISH_CONTACT):
        assert json_ld(page(theme_site, url))["department"], url


def test_sitemap_lists_the_new_pages(theme_site):
    sitemap = (theme_site / "sitemap.xml").read_text(encoding="utf-8")
    for url in [ORGANISATION_URL] + ENGLISH_PAGES:
        assert f"<loc>{BASE}{url}</loc>" in sitemap, url


def test_without_to_chuc_toml_there_are_no_organisation_or_english_pages_and_no_switch(tmp_path):
    root = make_site(tmp_path / "site", {"content/trang/lien-he.md": "---\ntitle: Liên hệ\nlayout: contact\n---\n\nX.\n"},
                     config=MINIMAL_CONFIG)
    build(root)
    public = root / "public"
    assert not (public / "co-cau-to-chuc").exists() and not (public / "en").exists()
    contact = soup(public / "lien-he/index.html")
    assert not contact.select("a.language-switch") and not contact.find("link", hreflang=True)
    assert "Số 1, phường Một" in contact.main.get_text()
    assert not contact.find("section", class_="unit-contacts")


def test_an_organisation_error_stops_the_build_with_the_other_errors(tmp_path):
    from conftest import run_cli
    root = make_site(tmp_path / "site", {
        "to-chuc.toml": '[[officials]]\nname = "A"\nposition = "B"\nunit = "khong-co"\nphone = "12"\n',
        "content/tin-tuc/bai.md": "---\ntitle: Bài\ndate: 40/04/2023\ncategory: Tin tức\n---\n\nX.\n",
    })
    result = run_cli("build", "--root", str(root))
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "to-chuc.toml:4: lỗi: cán bộ \"A\" thuộc đơn vị \"khong-co\"" in output
    assert "to-chuc.toml:5: lỗi: số điện thoại của cán bộ \"A\" \"12\" không phải một số điện thoại." in output
    assert "content/tin-tuc/bai.md:3: lỗi:" in output  # all errors of the build at once
    assert not (root / "public").exists()


def test_an_english_page_without_to_chuc_toml_links_home_to_the_vietnamese_home(tmp_path):
    root = make_site(tmp_path / "site", {"content/en/tourism.md": "---\ntitle: Tourism\n---\n\nVisit the city.\n"})
    build(root)
    html = page(root / "public", "en/tourism/")
    assert html.html["lang"] == "en" and [a.get_text() for a in html.select("#menu-chinh-ds a")] == ["Tourism"]
    assert html.select_one(".site-brand")["href"] == "/" and html.select_one(".breadcrumb a")["href"] == "/"
    assert html.select_one("a.language-switch")["href"] == "/"
    assert not soup(root / "public/index.html").select("a.language-switch")  # no English pages to switch to


def test_a_page_taking_the_organisation_address_is_an_error_naming_both(tmp_path):
    from conftest import run_cli
    root = make_site(tmp_path / "site", {"to-chuc.toml": "[organisation]\nfunctions = \"X.\"\nfunctions_en = \"X.\"\n",
                                         "content/trang/to-chuc.md": "---\ntitle: Tổ chức\nslug: co-cau-to-chuc\n---\n\nX.\n"})
    result = run_cli("build", "--root", str(root))
    assert result.returncode != 0
    assert "content/trang/to-chuc.md:1: lỗi: địa chỉ /co-cau-to-chuc/ bị trùng với trang do hệ thống tạo (cơ cấu tổ chức)" \
        in result.stdout + result.stderr


def test_the_preview_rebuilds_when_to_chuc_toml_is_saved(tmp_path):
    from sitegen.commands.serve import is_watched
    assert is_watched(tmp_path, tmp_path / "to-chuc.toml")
    assert not is_watched(tmp_path, tmp_path / "to-chuc.toml~")


def test_check_does_not_read_english_pages_as_vietnamese(tmp_path):
    from conftest import run_cli
    root = make_site(tmp_path / "site", {"content/en/tourism.md": "---\ntitle: Tourism\n---\n\nVisit the floating market.\n",
                                         "content/trang/du-lich.md": "---\ntitle: Du lịch\n---\n\nTnh uỷ.\n"})
    result = run_cli("check", "--root", str(root))
    assert "content/trang/du-lich.md:5:1: cảnh báo: \"Tnh\" không phải một tiếng" in result.stdout + result.stderr
    assert "content/en/" not in result.stdout + result.stderr
