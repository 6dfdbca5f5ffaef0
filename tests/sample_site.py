"""A small but complete site for the theme tests: every page type, every optional footer field,
and an article body with the things editors write (headings, lists, a table, a quotation,
internal and external links, a very long word)."""

from __future__ import annotations

from pathlib import Path

from conftest import PDF, article, build, make_site, official_document

THEME_CONFIG = """\
[site]
name = "Trang thông tin điện tử Thành phố Hồng Ngự"
name_en = "Hong Ngu City Web Portal"
tagline = "Tỉnh Đồng Tháp"
tagline_en = "Dong Thap Province"
base_url = "https://hongngu.dongthap.gov.vn/"
articles_per_page = 2
default_author = "Ban biên tập"

[agency]
name = "Ủy ban Nhân dân thành phố Hồng Ngự"
name_en = "Hong Ngu City People's Committee"
address = "Khóm An Thạnh A, phường An Lộc, Thành phố Hồng Ngự - tỉnh Đồng Tháp"
address_en = "An Thanh A Quarter, An Loc Ward, Hong Ngu City, Dong Thap Province"
phone = "0277.3563.362"
fax = "0277.3563.363"
email = "ubnd@hongngu.dongthap.gov.vn"
license = "Giấy phép số 12/GP-TTĐT do Sở Thông tin và Truyền thông tỉnh Đồng Tháp cấp"
license_en = "Licence No. 12/GP-TTĐT issued by the Dong Thap Department of Information and Communications"
responsible_person = "Nguyễn Văn A, Chánh Văn phòng"
copyright = "© Ủy ban Nhân dân thành phố Hồng Ngự."

[agency.contact_person]
name = "Trần Thị B"
title = "Chuyên viên Văn phòng"
title_en = "Officer, City Office"
phone = "0277.3563.364"
email = "lienhe@hongngu.dongthap.gov.vn"

[[menu]]
title = "Trang chủ"
url = "/"

[[menu]]
title = "Giới thiệu"
url = "/gioi-thieu/"

[[menu]]
title = "Cơ cấu tổ chức"
url = "/co-cau-to-chuc/"

[[menu]]
title = "Tin tức – Sự kiện"
url = "/tin-tuc/"

[[menu]]
title = "Thông báo"
url = "/thong-bao/"

[[menu]]
title = "Lưu trữ"
url = "/luu-tru/"

[[menu]]
title = "Liên hệ"
url = "/lien-he/"

[[categories]]
slug = "tin-tuc"
name = "Tin tức"
description = "Tin tức, sự kiện về hoạt động của chính quyền và đời sống nhân dân thành phố."

[[categories]]
slug = "thong-bao"
name = "Thông báo"

[documents]
per_page = 2

[[documents.fields]]
slug = "xay-dung"
name = "Xây dựng"

[[documents.fields]]
slug = "cai-cach-hanh-chinh"
name = "Cải cách hành chính"
"""

# The organisation, with gaps a real file has: a unit without a phone, English texts missing
# (responsible_person_en and copyright_en above too). Each missing English text leaves its item
# out of the English pages.
THEME_ORGANISATION = """\
[organisation]
updated = 2026-11-20
introduction = "Ủy ban nhân dân thành phố là cơ quan hành chính nhà nước ở địa phương."
introduction_en = "The City People's Committee is the local state administrative body."
functions = "Tổ chức thi hành Hiến pháp, pháp luật và nghị quyết của Hội đồng nhân dân thành phố."
functions_en = "Enforces the Constitution, the law and the resolutions of the City People's Council."
duties = ["Quản lý đất đai, quy hoạch đô thị.", "Bảo đảm an sinh xã hội."]
duties_en = ["Manages land and urban planning.", "Safeguards social security."]

[[officials]]
name = "Nguyễn Văn Hòa"
position = "Chủ tịch Ủy ban nhân dân thành phố"
position_en = "Chairman of the City People's Committee"
phone = "0277.3563.300"
email = "chutich@hongngu.dongthap.gov.vn"

[[officials]]
name = "Trần Thị Mai"
position = "Phó Chủ tịch Ủy ban nhân dân thành phố"
email = "ttmai@hongngu.dongthap.gov.vn"

[[units]]
id = "van-phong"
name = "Văn phòng HĐND và UBND thành phố"
name_en = "Office of the City People's Council and People's Committee"
functions = "Tham mưu, giúp việc cho Hội đồng nhân dân và Ủy ban nhân dân thành phố."
functions_en = "Advises and assists the City People's Council and People's Committee."
duties = ["Quản lý văn thư, lưu trữ.", "Vận hành Bộ phận Một cửa."]
duties_en = ["Keeps the records and archives.", "Runs the One-Stop Shop."]
address = "Khóm An Thạnh A, phường An Lộc, thành phố Hồng Ngự"
address_en = "An Thanh A Quarter, An Loc Ward, Hong Ngu City"
phone = "0277.3563.362"
email = "vanphong@hongngu.dongthap.gov.vn"
head = "Phạm Quốc Dũng"

[[officials]]
name = "Phạm Quốc Dũng"
position = "Chánh Văn phòng"
position_en = "Chief of Office"
unit = "van-phong"
phone = "0277.3563.310"
email = "pqdung@hongngu.dongthap.gov.vn"

[[officials]]
name = "Võ Thị Thu Hà"
position = "Phó Chánh Văn phòng"
position_en = "Deputy Chief of Office"
unit = "van-phong"
phone = "0912 345 678"

[[units]]
id = "tai-nguyen-moi-truong"
name = "Phòng Tài nguyên và Môi trường"
name_en = "Department of Natural Resources and Environment"
functions = "Tham mưu quản lý nhà nước về đất đai, tài nguyên nước, môi trường."
duties = ["Hướng dẫn thủ tục cấp giấy chứng nhận quyền sử dụng đất."]
duties_en = ["Guides citizens through land use right certificates."]
email = "tainguyenmoitruong@hongngu.dongthap.gov.vn"
head = "Trương Công Bằng"

[[officials]]
name = "Trương Công Bằng"
position = "Trưởng phòng Tài nguyên và Môi trường"
position_en = "Head of the Department of Natural Resources and Environment"
unit = "tai-nguyen-moi-truong"
email = "tcbang@hongngu.dongthap.gov.vn"

[[units]]
id = "noi-vu"
name = "Phòng Nội vụ"
functions = "Tham mưu quản lý nhà nước về tổ chức bộ máy, cán bộ, công chức."
phone = "0277.3563.320"

[[officials]]
name = "Đặng Văn Lợi"
position = "Trưởng phòng Nội vụ"
unit = "noi-vu"
"""

ENGLISH_PAGE = """\
---
title: Investing in Hong Ngu
summary: Where investors find the city's contacts and procedures.
---

Investors are welcome to contact the [Department of Finance and Planning](/en/organisation/).
The city's news is published in Vietnamese: see [the news](/tin-tuc/).
"""

RICH_BODY = """\
Sáng ngày 19/4/2023, Ủy ban Nhân dân thành phố tổ chức hội nghị triển khai kế hoạch phát triển đô thị.

## Nội dung chính

Hội nghị thống nhất các bước thực hiện:

1. Rà soát quy hoạch các phường An Lộc, An Thạnh.
2. Lấy ý kiến Nhân dân về [dự thảo kế hoạch](/thong-bao/lay-y-kien-nhan-dan/).
3. Công khai kết quả trên [Cổng thông tin điện tử tỉnh](https://dongthap.gov.vn/tin-tuc).

### Kinh phí dự kiến

| Hạng mục | Kinh phí (triệu đồng) |
|---|---|
| Chỉnh trang vỉa hè | 1.200 |
| Chiếu sáng công cộng | 850 |

> Mọi ý kiến góp ý xin gửi về Văn phòng HĐND và UBND thành phố trước ngày 30/4/2023.

Mã hồ sơ trực tuyến: 000.00.17.H19-230419-0001-KHPTDT-UBNDTPHONGNGU-VANPHONGHDNDVAUBND.
"""

ARTICLE_PATH = "tin-tuc/hoi-nghi-trien-khai-ke-hoach-phat-trien-do-thi/"
DOCUMENT_PATH = "van-ban/12-2024-qd-ubnd/"

# Three documents of the register: a decision replacing an older one (both ways), a plan it amends.
DOCUMENTS = {
    "content/van-ban/quy-dinh-xay-dung/index.md": official_document(
        summary="Ban hành Quy định quản lý trật tự xây dựng trên địa bàn thành phố Hồng Ngự",
        issuer="Ủy ban Nhân dân thành phố Hồng Ngự", fields="[Xây dựng, Cải cách hành chính]",
        signer="{name: Nguyễn Văn A, position: Chủ tịch}", effective="15/03/2024", expires="01/01/2030",
        files="[{file: van-ban.pdf, title: Quyết định số 12/2024/QĐ-UBND}]", replaces="[03/2019/QĐ-UBND]",
        amends='["05/KH-UBND ngày 02/01/2024"]',
        body="Quyết định gồm 3 chương, 20 điều.\n\n## Điều 1. Phạm vi điều chỉnh\n\nQuy định này áp dụng "
             "trên địa bàn thành phố."),
    "content/van-ban/quy-dinh-xay-dung/van-ban.pdf": PDF,
    "content/van-ban/quy-dinh-cu/index.md": official_document(
        number="03/2019/QĐ-UBND", issued="10/04/2019", issuer="Ủy ban Nhân dân thị xã Hồng Ngự",
        summary="Ban hành Quy định quản lý trật tự xây dựng trên địa bàn thị xã Hồng Ngự", fields="[Xây dựng]"),
    "content/van-ban/quy-dinh-cu/van-ban.pdf": PDF,
    "content/van-ban/ke-hoach/index.md": official_document(
        number="05/KH-UBND", type="Kế hoạch", issued="02/01/2024", issuer="Ủy ban Nhân dân thành phố Hồng Ngự",
        summary="Kế hoạch cải cách hành chính năm 2024", fields="[Cải cách hành chính]"),
    "content/van-ban/ke-hoach/van-ban.pdf": PDF,
}


def theme_site_files() -> dict[str, str | bytes]:
    """Five news articles (three listing pages), one notice, tags, two static pages, three documents."""
    files = {
        "content/tin-tuc/hoi-nghi.md": article(
            "Hội nghị triển khai kế hoạch phát triển đô thị", "19/04/2023 08:30", body=RICH_BODY,
            author="Hoàng Phương", source="Văn phòng HĐND và UBND thành phố",
            updated="20/04/2023 09:00", tags="[Đô thị, Quy hoạch]"),
        "content/thong-bao/lay-y-kien.md": article(
            "Lấy ý kiến Nhân dân về dự thảo kế hoạch", "18/04/2023 10:00", category="Thông báo",
            body="Ủy ban Nhân dân thành phố thông báo lấy ý kiến Nhân dân.", slug="lay-y-kien-nhan-dan",
            tags="[Quy hoạch]"),
        "to-chuc.toml": THEME_ORGANISATION,
        "content/en/dau-tu.md": ENGLISH_PAGE,
        "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\nlayout: about\n---\n\nTrang thông tin chính thức.\n\n"
                                       "## Nhiệm vụ\n\n- Đưa tin kịp thời.\n- Công khai thông báo.\n",
        "content/trang/lien-he.md": "---\ntitle: Liên hệ\nlayout: contact\n---\n\nXin gửi ý kiến về địa chỉ dưới đây.\n",
    }
    files.update(DOCUMENTS)
    for day in range(1, 5):
        files[f"content/tin-tuc/tin-{day}.md"] = article(
            f"Tin hoạt động số {day} của các phường, xã", f"0{day}/03/2023 07:00",
            body=f"Nội dung tin hoạt động số {day}.", tags="[Đô thị]")
    return files


def build_theme_site(root: Path) -> Path:
    """Build the sample site into root/public and return that folder."""
    make_site(root, theme_site_files(), config=THEME_CONFIG)
    build(root)
    return root / "public"


# One page of each type, as site-relative URLs (the 404 page is reached by its file name).
PAGE_TYPES = {
    "home": "",
    "article": ARTICLE_PATH,
    "category": "tin-tuc/",
    "category page 2": "tin-tuc/trang-2/",
    "tag": "tu-khoa/do-thi/",
    "tags": "tu-khoa/",
    "archive": "luu-tru/",
    "year": "luu-tru/2023/",
    "month": "luu-tru/2023/03/",
    "static page": "gioi-thieu/",
    "contact page": "lien-he/",
    "404": "404.html",
    "search": "tim-kiem/",
    "organisation": "co-cau-to-chuc/",
    "english about": "en/",
    "english organisation": "en/organisation/",
    "english contact": "en/contact/",
    "english page": "en/investing-in-hong-ngu/",
    "register": "van-ban/",
    "register page 2": "van-ban/trang-2/",
    "register by type": "van-ban/loai/quyet-dinh/",
    "document": DOCUMENT_PATH,
}

