"""Metadata for search engines and sharing, parsed from the built HTML (JSON-LD with json.loads)."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL_CONFIG, article, build, make_site, soup

TRICKY_TITLE = "Cảnh báo </script><script>alert(1)</script> <!-- và \"ngoặc\" & ký hiệu"
FILES = {
    "content/tin-tuc/hoi-nghi.md": article(
        "Hội nghị tổng kết năm 2023", "19/04/2023 08:30", author="Hoàng Phương", source="Báo Đồng Tháp",
        summary="Tóm tắt hội nghị tổng kết.", tags="[Kinh tế, Xã hội]", image="/anh/hoi-nghi.jpg",
        updated="20/04/2023 10:00"),
    "content/tin-tuc/canh-bao.md": article(TRICKY_TITLE.replace('"', '\\"').join('""'), "18/04/2023",
                                           summary="Tóm tắt </script> có <!-- lạ."),
    "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\nsummary: Giới thiệu về thành phố.\n---\n\nNội dung.\n",
}


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    config = MINIMAL_CONFIG.replace('https://example.gov.vn/', 'https://example.gov.vn/hongngu/')
    root = make_site(tmp_path_factory.mktemp("meta"), FILES, config)
    build(root)
    return root / "public"


def meta(html, key: str) -> list[str]:
    """Values of <meta property=key> or <meta name=key>."""
    return [tag["content"] for tag in html.find_all("meta") if key in (tag.get("property"), tag.get("name"))]


def one(html, key: str) -> str:
    values = meta(html, key)
    assert len(values) == 1, (key, values)
    return values[0]


def json_ld(html) -> list:
    scripts = html.find_all("script", type="application/ld+json")
    return [json.loads(script.string) for script in scripts]


ARTICLE_URL = "https://example.gov.vn/hongngu/tin-tuc/hoi-nghi-tong-ket-nam-2023/"


def test_article_title_description_canonical(public):
    html = soup(public / "tin-tuc" / "hoi-nghi-tong-ket-nam-2023" / "index.html")
    assert html.title.string.startswith("Hội nghị tổng kết năm 2023")
    assert one(html, "description") == "Tóm tắt hội nghị tổng kết."
    assert html.find("link", rel="canonical")["href"] == ARTICLE_URL


def test_article_open_graph_and_twitter(public):
    html = soup(public / "tin-tuc" / "hoi-nghi-tong-ket-nam-2023" / "index.html")
    assert one(html, "og:type") == "article"
    assert one(html, "og:title") == "Hội nghị tổng kết năm 2023"
    assert one(html, "og:description") == "Tóm tắt hội nghị tổng kết."
    assert one(html, "og:url") == ARTICLE_URL
    assert one(html, "og:image") == "https://example.gov.vn/hongngu/anh/hoi-nghi.jpg"
    assert one(html, "og:locale") == "vi_VN"
    assert one(html, "article:published_time") == "2023-04-19T08:30:00+07:00"
    assert one(html, "article:modified_time") == "2023-04-20T10:00:00+07:00"
    assert meta(html, "article:tag") == ["Kinh tế", "Xã hội"]
    assert one(html, "twitter:card") == "summary_large_image"
    assert one(html, "twitter:title") == "Hội nghị tổng kết năm 2023"
    assert one(html, "twitter:image") == "https://example.gov.vn/hongngu/anh/hoi-nghi.jpg"


def test_article_dublin_core(public):
    html = soup(public / "tin-tuc" / "hoi-nghi-tong-ket-nam-2023" / "index.html")
    assert html.find("link", rel="schema.DC")["href"] == "http://purl.org/dc/elements/1.1/"
    assert one(html, "DC.title") == "Hội nghị tổng kết năm 2023"
    assert one(html, "DC.creator") == "Hoàng Phương"
    assert one(html, "DC.date") == "2023-04-19"
    assert one(html, "DC.description") == "Tóm tắt hội nghị tổng kết."
    assert one(html, "DC.publisher") == "Ủy ban Nhân dân thành phố Thử Nghiệm"
    assert one(html, "DC.identifier") == ARTICLE_URL
    assert one(html, "DC.language") == "vi"
    assert one(html, "DC.source") == "Báo Đồng Tháp"


def test_article_json_ld_news_article(public):
    html = soup(public / "tin-tuc" / "hoi-nghi-tong-ket-nam-2023" / "index.html")
    [data] = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Hội nghị tổng kết năm 2023"
    assert data["datePublished"] == "2023-04-19T08:30:00+07:00"
    assert data["dateModified"] == "2023-04-20T10:00:00+07:00"
    assert data["author"] == {"@type": "Person", "name": "Hoàng Phương"}
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    assert data["publisher"]["name"] == "Ủy ban Nhân dân thành phố Thử Nghiệm"
    assert data["publisher"]["telephone"] == "0277.3563.362"
    assert data["mainEntityOfPage"]["@id"] == ARTICLE_URL
    assert data["image"] == ["https://example.gov.vn/hongngu/anh/hoi-nghi.jpg"]


def test_script_breaking_title_is_escaped_everywhere(public):
    path = next(p for p in (public / "tin-tuc").glob("canh-bao*/index.html"))
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("</head>")]
    # Exactly one script element in the head, and no stray comment: nothing broke out.
    assert head.count("<script") == 1 and head.count("</script>") == 1
    assert "<!--" not in head
    html = soup(path)
    [data] = json_ld(html)
    assert data["headline"] == TRICKY_TITLE
    assert data["description"] == "Tóm tắt </script> có <!-- lạ."
    assert one(html, "og:title") == TRICKY_TITLE
    assert one(html, "DC.title") == TRICKY_TITLE


def test_home_page_json_ld_website_and_organization(public):
    html = soup(public / "index.html")
    [data] = json_ld(html)
    kinds = {node["@type"]: node for node in data["@graph"]}
    assert kinds["WebSite"]["url"] == "https://example.gov.vn/hongngu/"
    assert kinds["WebSite"]["name"] == "Trang thử nghiệm"
    assert kinds["WebSite"]["potentialAction"]["target"].startswith("https://example.gov.vn/hongngu/tim-kiem/?q=")
    organization = kinds["GovernmentOrganization"]
    assert organization["name"] == "Ủy ban Nhân dân thành phố Thử Nghiệm"
    assert organization["address"]["streetAddress"] == "Số 1, phường Một"
    assert "faxNumber" not in organization and "email" not in organization
    assert one(html, "og:type") == "website"
    assert one(html, "DC.creator") == "Ủy ban Nhân dân thành phố Thử Nghiệm"
    assert one(html, "DC.date") == "2023-04-19"


def test_every_page_has_the_basic_metadata_with_absolute_urls(public):
    pages = list(public.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = soup(path)
        assert html.title.string.strip(), path
        assert html.find("link", rel="canonical")["href"].startswith("https://example.gov.vn/hongngu/"), path
        for key in ("og:title", "og:url", "twitter:card", "DC.title", "DC.publisher", "DC.identifier",
                    "DC.language"):
            assert one(html, key), (path, key)
        assert one(html, "og:url").startswith("https://example.gov.vn/hongngu/")
        for script in html.find_all("script", type="application/ld+json"):
            json.loads(script.string)
        for tag in html.find_all("meta"):
            assert tag.get("content", "x").strip(), (path, tag)
            assert "None" != tag.get("content")


def test_static_page_metadata(public):
    html = soup(public / "gioi-thieu" / "index.html")
    assert one(html, "og:title") == "Giới thiệu"
    assert one(html, "description") == "Giới thiệu về thành phố."
    assert one(html, "twitter:card") == "summary"
    assert not meta(html, "og:image")
    assert not html.find_all("script", type="application/ld+json")
