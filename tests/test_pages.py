"""Planning pages: pagination with numbered links, the home page's order, every page's URL, collisions."""

from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import MINIMAL_CONFIG, article, site_model

from sitegen.site.pages import home_articles, paginate, plan_pages

NOW = datetime(2024, 1, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def numbers(links) -> list:
    return [link["number"] for link in links]


def test_paginate_counts_and_urls():
    pages = paginate(tuple(range(5)), 2, "tin-tuc/")
    assert [p.articles for p in pages] == [(0, 1), (2, 3), (4,)]
    assert [p.url for p in pages] == ["tin-tuc/", "tin-tuc/trang-2/", "tin-tuc/trang-3/"]
    assert [(p.previous_url, p.next_url) for p in pages] == [
        (None, "tin-tuc/trang-2/"), ("tin-tuc/", "tin-tuc/trang-3/"), ("tin-tuc/trang-2/", None)]
    assert all(p.count == 3 for p in pages)
    assert numbers(pages[1].links) == [1, 2, 3]
    assert [link["current"] for link in pages[1].links] == [False, True, False]


def test_exact_multiple_and_empty_listing():
    assert len(paginate(tuple(range(4)), 2, "x/")) == 2
    empty = paginate((), 2, "x/")
    assert len(empty) == 1 and empty[0].articles == () and empty[0].count == 1


def test_many_pages_show_first_last_and_neighbours_with_gaps():
    pages = paginate(tuple(range(20)), 1, "x/")
    assert numbers(pages[0].links) == [1, 2, 3, None, 20]
    assert numbers(pages[9].links) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert numbers(pages[19].links) == [1, None, 18, 19, 20]
    assert numbers(pages[3].links) == [1, 2, 3, 4, 5, 6, None, 20]
    assert pages[9].links[3] == {"number": 9, "url": "x/trang-9/", "current": False}


def test_home_puts_featured_and_weighted_articles_first():
    model = site_model({
        "content/a.md": article(title="Mới nhất", date="05/04/2023"),
        "content/b.md": article(title="Nổi bật cũ", date="01/04/2023", featured="true"),
        "content/c.md": article(title="Nặng", date="02/04/2023", weight="10"),
        "content/d.md": article(title="Nổi bật mới", date="03/04/2023", featured="true"),
        "content/e.md": article(title="Thường", date="04/04/2023"),
    }, now=NOW)
    assert [a.title for a in home_articles(model)] == ["Nặng", "Nổi bật mới", "Nổi bật cũ", "Mới nhất", "Thường"]


def test_home_latest_limit():
    config = MINIMAL_CONFIG.replace("articles_per_page = 2", "home_latest = 2")
    model = site_model({f"content/{n}.md": article(title=f"Bài {n}", date=f"0{n}/04/2023") for n in range(1, 5)},
                       config=config, now=NOW)
    assert [a.title for a in home_articles(model)] == ["Bài 4", "Bài 3"]


def test_every_page_of_the_site_is_planned():
    model = site_model({
        "content/a.md": article(title="A", date="01/03/2023", tags="[Ấp]"),
        "content/b.md": article(title="B", date="01/04/2023"),
        "content/c.md": article(title="C", date="02/04/2023"),
        "content/trang/lien-he.md": "---\ntitle: Liên hệ\nlayout: contact\n---\nx\n",
    }, now=NOW)
    specs, problems = plan_pages(model)
    assert not problems.items
    paths = [s.output_path for s in specs]
    assert sorted(paths) == sorted([
        "index.html", "tin-tuc/a/index.html", "tin-tuc/b/index.html", "tin-tuc/c/index.html",
        "lien-he/index.html", "tin-tuc/index.html", "tin-tuc/trang-2/index.html", "thong-bao/index.html",
        "tu-khoa/index.html", "tu-khoa/ap/index.html", "tim-kiem/index.html", "luu-tru/index.html", "luu-tru/2023/index.html",
        "luu-tru/2023/trang-2/index.html",
        "luu-tru/2023/04/index.html", "luu-tru/2023/03/index.html", "404.html"])
    templates = {s.output_path: s.template for s in specs}
    assert templates["lien-he/index.html"] == "page.html"
    assert templates["tin-tuc/trang-2/index.html"] == "category.html"
    assert templates["luu-tru/2023/index.html"] == "year.html"


def test_two_articles_claiming_one_url_name_both_files():
    model = site_model({
        "content/tin-tuc/thanh-uy-1.md": article(title="Thành uỷ họp"),
        "content/tin-tuc/thanh-uy-2.md": article(title="Thành ủy họp"),
    }, now=NOW)
    _, problems = plan_pages(model)
    [error] = problems.errors
    assert error.path == "content/tin-tuc/thanh-uy-2.md"
    assert "content/tin-tuc/thanh-uy-1.md" in error.message and "/tin-tuc/thanh-uy-hop/" in error.message
    assert "slug:" in error.hint


def test_article_taking_a_generated_page_url_is_blamed():
    model = site_model({f"content/{n}.md": article(title=f"Bài {n}") for n in range(3)} | {
        "content/x.md": article(title="Trang 2")}, now=NOW)
    _, problems = plan_pages(model)
    [error] = problems.errors
    assert error.path == "content/x.md" and error.line == 1
    assert "chuyên mục Tin tức" in error.message


def test_page_taking_a_category_url():
    model = site_model({"content/trang/tin-tuc.md": "---\ntitle: Tin tức\n---\nx\n"}, now=NOW)
    _, problems = plan_pages(model)
    assert [e.path for e in problems.errors] == ["content/trang/tin-tuc.md"]


def test_draft_or_scheduled_article_taking_a_url_is_a_warning_now():
    model = site_model({
        "content/a.md": article(title="Thành uỷ họp"),
        "content/b.md": article(title="Thành ủy họp", draft="true"),
        "content/c.md": article(title="Hội nghị", date="01/01/2099"),
        "content/d.md": article(title="Hội nghị", draft="true"),
    }, now=NOW)
    _, problems = plan_pages(model)
    assert not problems.errors
    assert [(w.path, w.code) for w in problems.warnings] == [("content/b.md", "future-collision"),
                                                             ("content/d.md", "future-collision")]
    assert "/tin-tuc/thanh-uy-hop/ với content/a.md" in problems.warnings[0].message
    assert "/tin-tuc/hoi-nghi/ với content/c.md" in problems.warnings[1].message  # held back ones too


def test_menu_item_pointing_at_no_page_is_a_warning():
    config = MINIMAL_CONFIG + """
[[menu]]
title = "Tin tức"
url = "/tin-tuc/"

[[menu]]
title = "Văn bản"
url = "/van-ban/"

[[menu]]
title = "Cổng tỉnh"
url = "https://dongthap.gov.vn/"

[[menu]]
title = "RSS"
url = "/rss.xml"
"""
    model = site_model({"content/a.md": article()}, config=config, now=NOW)
    _, problems = plan_pages(model)
    assert [(w.path, w.code) for w in problems.warnings] == [("site.toml", "broken-menu-link")]
    assert '"Văn bản"' in problems.warnings[0].message and "/van-ban/" in problems.warnings[0].message
