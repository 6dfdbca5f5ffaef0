"""RSS/Atom feeds, sitemap.xml and robots.txt, read as an aggregator and a crawler would."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree

import feedparser
from bs4 import BeautifulSoup
import pytest

from conftest import MINIMAL_CONFIG, article, build, make_site, soup

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VIETNAM = timezone(timedelta(hours=7))
CONFIG = MINIMAL_CONFIG.replace('articles_per_page = 2', 'articles_per_page = 2\nfeed_items = 3')
FILES = {
    **{f"content/tin-tuc/tin-{day}.md": article(f"Tin ngày {day} & <đặc biệt>", f"{day:02d}/05/2023 08:30",
                                                summary=f"Tóm tắt tin ngày {day}.", author="Hoàng Phương")
       for day in range(1, 6)},
    "content/thong-bao/tb.md": article("Thông báo lịch tiếp dân", "03/05/2023 07:00", category="Thông báo",
                                       summary="Lịch tiếp công dân tháng 5."),
    "content/tin-tuc/nhap.md": article("Bản nháp chưa đăng", "04/05/2023", draft="true"),
    "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\nupdated: 01/01/2023\n---\n\nNội dung.\n",
}


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("feeds"), FILES, CONFIG)
    build(root)
    return root / "public"


def parse(path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_site_rss_has_the_latest_n_articles_item_by_item(public):
    feed = parse(public / "rss.xml")
    assert feed.version == "rss20"
    assert feed.feed.title == "Trang thử nghiệm"
    assert feed.feed.link == "https://example.gov.vn/"
    assert feed.feed.language == "vi"
    expected = [(5, "Tin ngày 5"), (4, "Tin ngày 4"), (3, "Tin ngày 3")]
    assert len(feed.entries) == 3
    for entry, (day, start) in zip(feed.entries, expected):
        assert entry.title.startswith(start)
        assert entry.link.startswith("https://example.gov.vn/") and entry.link.endswith("/")
        assert entry.id == entry.link
        assert entry.published.endswith("+0700")
        moment = datetime(*entry.published_parsed[:6], tzinfo=timezone.utc).astimezone(VIETNAM)
        assert (moment.day, moment.month, moment.year) == (day, 5, 2023)
        assert entry.summary
    first = feed.entries[0]
    assert first.title == "Tin ngày 5 & <đặc biệt>"
    assert first.summary == "Tóm tắt tin ngày 5."
    assert first.link == "https://example.gov.vn/tin-tuc/tin-ngay-5-dac-biet/"
    assert first.author == "Hoàng Phương"
    assert first.tags[0].term == "Tin tức"
    assert "Bản nháp" not in str([e.title for e in feed.entries])


def test_site_atom_matches_rss(public):
    atom, rss = parse(public / "atom.xml"), parse(public / "rss.xml")
    assert atom.version == "atom10"
    assert [e.link for e in atom.entries] == [e.link for e in rss.entries]
    assert atom.feed.updated == "2023-05-05T08:30:00+07:00"
    assert atom.feed.author == "Ủy ban Nhân dân thành phố Thử Nghiệm"
    for entry in atom.entries:
        assert entry.id.startswith("https://example.gov.vn/")
        assert entry.published.endswith("+07:00") and entry.updated.endswith("+07:00")
        assert entry.summary
    assert atom.entries[0].published == "2023-05-05T08:30:00+07:00"


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_each_category_has_its_own_feeds(public, name):
    news = parse(public / "tin-tuc" / name)
    assert [e.title.split(" &")[0] for e in news.entries] == ["Tin ngày 5", "Tin ngày 4", "Tin ngày 3"]
    notices = parse(public / "thong-bao" / name)
    assert [e.title for e in notices.entries] == ["Thông báo lịch tiếp dân"]
    assert notices.entries[0].link == "https://example.gov.vn/thong-bao/thong-bao-lich-tiep-dan/"


def test_pages_link_to_the_feeds(public):
    home = soup(public / "index.html")
    links = {(l["type"], l["href"]) for l in home.select('link[rel~="alternate"]')}
    assert ("application/rss+xml", "https://example.gov.vn/rss.xml") in links
    assert ("application/atom+xml", "https://example.gov.vn/atom.xml") in links
    category = soup(public / "thong-bao" / "index.html")
    hrefs = [l["href"] for l in category.select('link[rel~="alternate"]')]
    assert "https://example.gov.vn/thong-bao/rss.xml" in hrefs
    assert "https://example.gov.vn/thong-bao/atom.xml" in hrefs
    for link in home.select('link[rel~="alternate"]') + category.select('link[rel~="alternate"]'):
        assert link["title"]
        assert (public / link["href"].removeprefix("https://example.gov.vn/")).is_file()


def test_sitemap_lists_every_published_page_with_lastmod(public):
    root = ElementTree.parse(public / "sitemap.xml").getroot()
    entries = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}
    html_pages = {"https://example.gov.vn/" + str(p.relative_to(public).parent).replace(".", "").strip("/")
                  for p in public.rglob("index.html")}
    expected = {url if url.endswith("/") else url + "/" for url in html_pages} - {
        "https://example.gov.vn/tim-kiem/"}
    assert set(entries) == expected
    assert entries["https://example.gov.vn/tin-tuc/tin-ngay-5-dac-biet/"] == "2023-05-05T08:30:00+07:00"
    assert entries["https://example.gov.vn/"] == "2023-05-05T08:30:00+07:00"
    assert entries["https://example.gov.vn/thong-bao/"] == "2023-05-03T07:00:00+07:00"
    assert entries["https://example.gov.vn/gioi-thieu/"].startswith("2023-01-01")
    assert not any("ban-nhap" in url for url in entries)


def test_robots_points_to_the_sitemap(public):
    lines = (public / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: https://example.gov.vn/sitemap.xml" in lines
    assert "Disallow: /pagefind/" in lines


def test_feeds_sitemap_and_robots_at_a_sub_path(tmp_path):
    root = make_site(tmp_path, FILES, CONFIG.replace("https://example.gov.vn/", "https://example.gov.vn/hongngu/"))
    build(root)
    public = root / "public"
    rss = parse(public / "rss.xml")
    assert rss.feed.link == "https://example.gov.vn/hongngu/"
    assert all(e.link.startswith("https://example.gov.vn/hongngu/tin-tuc/") or
               e.link.startswith("https://example.gov.vn/hongngu/thong-bao/") for e in rss.entries)
    atom = parse(public / "tin-tuc" / "atom.xml")
    assert all(e.id.startswith("https://example.gov.vn/hongngu/tin-tuc/") for e in atom.entries)
    locs = [url.findtext(f"{SITEMAP}loc") for url in ElementTree.parse(public / "sitemap.xml").getroot()]
    assert locs and all(loc.startswith("https://example.gov.vn/hongngu/") for loc in locs)
    robots = (public / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.gov.vn/hongngu/sitemap.xml" in robots.splitlines()
    assert "Disallow: /hongngu/pagefind/" in robots.splitlines()
    assert "https://example.gov.vn/robots.txt" in robots  # says where the lines must go


def test_two_builds_give_identical_feeds_and_index(tmp_path):
    root = make_site(tmp_path, FILES, CONFIG)
    build(root, "--output", str(tmp_path / "a"))
    build(root, "--output", str(tmp_path / "b"))
    first = {p.relative_to(tmp_path / "a").as_posix(): p.read_bytes()
             for p in (tmp_path / "a").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "b").as_posix(): p.read_bytes()
              for p in (tmp_path / "b").rglob("*") if p.is_file()}
    # Pagefind's filter files included (search_stable.py puts them in a fixed order).
    assert first == second
    assert any(re.match(r"pagefind/\d{4}/fragment/", path) for path in first)
    assert any(re.match(r"pagefind/\d{4}/index/", path) for path in first)
    assert "rss.xml" in first and "tin-tuc/atom.xml" in first


def test_a_hostile_summary_is_text_in_a_feed_reader_not_markup(tmp_path):
    """RSS <description> is read as HTML: the summary's `<script>` must arrive as characters."""
    hostile = 'Xem <script>alert("x")</script> & <img src=x onerror=alert(1)> ngay.'
    root = make_site(tmp_path, {"content/tin-tuc/x.md": article("Tin thử", "01/05/2023 08:00", summary=hostile)})
    build(root)
    channel = ElementTree.parse(root / "public" / "rss.xml").getroot().find("channel")
    description = channel.find("item").find("description").text
    as_html = BeautifulSoup(description, "html.parser")
    assert as_html.find("script") is None and as_html.find("img") is None
    assert as_html.get_text() == hostile  # what a reader shows: the editor's words, every character
    entry = parse(root / "public" / "rss.xml").entries[0]
    assert "<script" not in entry.summary and "&lt;script&gt;" in entry.summary  # feedparser: HTML text
    atom = ElementTree.parse(root / "public" / "atom.xml").getroot()
    summary = atom.find("{http://www.w3.org/2005/Atom}entry").find("{http://www.w3.org/2005/Atom}summary")
    assert summary.get("type", "text") == "text" and summary.text == hostile
