"""The model: what is published, in which order, grouped how, linked to what."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from conftest import article, site_model

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2023, 6, 1, 12, 0, tzinfo=VN)


def titles(articles) -> list[str]:
    return [a.title for a in articles]


def test_articles_get_pretty_urls_and_are_newest_first():
    model = site_model({
        "content/tin-tuc/a.md": article(title="Cũ", date="01/04/2023"),
        "content/tin-tuc/b.md": article(title="Mới", date="02/04/2023"),
        "content/thong-bao/c.md": article(title="Thông báo số 1", date="03/04/2023", category="Thông báo"),
    }, now=NOW)
    assert titles(model.articles) == ["Thông báo số 1", "Mới", "Cũ"]
    assert model.articles[0].url == "thong-bao/thong-bao-so-1/"
    assert titles(model.by_category["tin-tuc"]) == ["Mới", "Cũ"]
    assert titles(model.by_category["thong-bao"]) == ["Thông báo số 1"]


def test_same_moment_sorted_by_title_in_vietnamese_order():
    model = site_model({
        "content/a.md": article(title="Yên Bình", date="01/04/2023"),
        "content/b.md": article(title="Ân tình", date="01/04/2023"),
        "content/c.md": article(title="Đêm hội", date="01/04/2023"),
        "content/d.md": article(title="Dân vận", date="01/04/2023"),
    }, now=NOW)
    assert titles(model.articles) == ["Ân tình", "Dân vận", "Đêm hội", "Yên Bình"]


def test_permalink_pattern_with_dates():
    config_text = __import__("conftest").MINIMAL_CONFIG.replace(
        "articles_per_page = 2", 'permalink = "/{year}/{month}/{day}/{slug}/"')
    model = site_model({"content/a.md": article(title="Bài", date="09/04/2023")}, config=config_text, now=NOW)
    assert model.articles[0].url == "2023/04/09/bai/"


def test_drafts_and_future_articles_are_held_back():
    model = site_model({
        "content/a.md": article(title="Đã đăng", date="01/05/2023"),
        "content/b.md": article(title="Nháp", date="01/05/2023", draft="true"),
        "content/c.md": article(title="Hẹn giờ 1", date="01/07/2023 08:00"),
        "content/d.md": article(title="Hẹn giờ 2", date="15/06/2023"),
        "content/trang/e.md": "---\ntitle: Trang nháp\ndraft: true\n---\nx\n",
    }, now=NOW)
    assert titles(model.articles) == ["Đã đăng"]
    assert model.pages == ()
    assert model.held_back.drafts == 2
    assert model.held_back.scheduled == (datetime(2023, 6, 15, tzinfo=VN), datetime(2023, 7, 1, 8, 0, tzinfo=VN))


def test_drafts_and_future_included_on_request():
    files = {
        "content/b.md": article(title="Nháp", date="01/05/2023", draft="true"),
        "content/c.md": article(title="Hẹn giờ", date="01/07/2023"),
    }
    with_drafts = site_model(files, now=NOW, include_drafts=True)
    assert titles(with_drafts.articles) == ["Nháp"] and with_drafts.articles[0].draft
    assert len(with_drafts.held_back.scheduled) == 1
    both = site_model(files, now=NOW, include_drafts=True, include_future=True)
    assert titles(both.articles) == ["Hẹn giờ", "Nháp"]
    assert both.articles[0].scheduled and not both.articles[1].scheduled


def test_article_dated_today_is_published_at_six_in_the_morning():
    six_am = datetime(2023, 4, 19, 6, 0, tzinfo=VN)
    model = site_model({"content/a.md": article(date="19/04/2023"),
                        "content/b.md": article(title="Chiều nay", date="19/04/2023 14:00")}, now=six_am)
    assert titles(model.articles) == ["Bài viết thử"]
    assert six_am.astimezone(timezone.utc).day == 18  # in UTC it is still "yesterday"


def test_summary_falls_back_to_the_first_paragraph():
    model = site_model({
        "content/a.md": article(title="A", body="## Mục\n\nĐoạn **đầu**.\n\nĐoạn hai."),
        "content/b.md": article(title="B", summary="Tóm tắt riêng."),
    }, now=NOW)
    summaries = {a.title: a.summary for a in model.articles}
    assert summaries == {"A": "Đoạn đầu.", "B": "Tóm tắt riêng."}


def test_tags_grouped_by_slug_in_vietnamese_order():
    model = site_model({
        "content/a.md": article(title="A", date="01/04/2023", tags="[Yên Phong, Ân Hữu]"),
        "content/b.md": article(title="B", date="02/04/2023", tags="[ân hữu, Đoàn kết]"),
    }, now=NOW)
    assert [(t.name, t.slug) for t in model.by_tag] == [
        ("Ân Hữu", "an-huu"), ("Đoàn kết", "doan-ket"), ("Yên Phong", "yen-phong")]
    assert titles(model.by_tag[next(iter(model.by_tag))]) == ["B", "A"]
    assert model.articles[0].tags[0].url == "tu-khoa/an-huu/"


def test_months_newest_first():
    model = site_model({
        "content/a.md": article(title="A", date="31/12/2022 23:59"),
        "content/b.md": article(title="B", date="01/01/2023"),
        "content/c.md": article(title="C", date="15/01/2023"),
    }, now=NOW)
    assert [(m.year, m.month, titles(m.articles)) for m in model.months] == [
        (2023, 1, ["C", "B"]), (2022, 12, ["A"])]
    assert model.months[0].url == "luu-tru/2023/01/"


def test_month_of_an_article_is_its_local_month():
    model = site_model({"content/a.md": article(date="2023-01-31T20:00:00Z")}, now=NOW)
    assert (model.months[0].year, model.months[0].month) == (2023, 2)  # 03:00 on 1 Feb in Vietnam


def test_previous_and_next_stay_in_the_category():
    model = site_model({
        "content/a.md": article(title="A", date="01/04/2023"),
        "content/b.md": article(title="B", date="02/04/2023"),
        "content/c.md": article(title="C", date="03/04/2023"),
        "content/x.md": article(title="X", date="02/04/2023 12:00", category="Thông báo"),
    }, now=NOW)
    urls = {a.title: a.url for a in model.articles}
    newer, older = model.neighbours[urls["B"]]
    assert (newer.title, older.title) == ("C", "A")
    assert model.neighbours[urls["C"]][0] is None
    assert model.neighbours[urls["A"]][1] is None
    assert model.neighbours[urls["X"]] == (None, None)


def test_related_articles_share_tags_first_then_the_category():
    model = site_model({
        "content/a.md": article(title="A", date="01/04/2023", tags="[x, y]"),
        "content/b.md": article(title="B", date="02/04/2023", tags="[x]"),
        "content/c.md": article(title="C", date="03/04/2023", tags="[x, y]", category="Thông báo"),
        "content/d.md": article(title="D", date="04/04/2023"),
        "content/e.md": article(title="E", date="05/04/2023", category="Thông báo"),
    }, now=NOW)
    urls = {a.title: a.url for a in model.articles}
    assert titles(model.related[urls["A"]]) == ["C", "B", "D"]
    assert urls["A"] not in [a.url for a in model.related[urls["A"]]]


def test_related_articles_limit_from_site_toml():
    config_text = __import__("conftest").MINIMAL_CONFIG.replace("articles_per_page = 2", "related_articles = 1")
    model = site_model({f"content/{n}.md": article(title=f"Bài {n}", date=f"0{n}/04/2023", tags="[x]")
                        for n in range(1, 5)}, config=config_text, now=NOW)
    assert all(len(related) == 1 for related in model.related.values())


def test_static_pages_sorted_and_placed_at_their_slug():
    model = site_model({
        "content/trang/lien-he.md": "---\ntitle: Liên hệ\nlayout: contact\n---\nx\n",
        "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\nGiới thiệu về trang.\n",
    }, now=NOW)
    assert [(p.title, p.url, p.layout) for p in model.pages] == [
        ("Giới thiệu", "gioi-thieu/", "page"), ("Liên hệ", "lien-he/", "contact")]
    assert model.pages[0].summary == "Giới thiệu về trang."


def test_related_articles_are_taken_from_the_last_build_until_an_article_is_moved_or_retagged(tmp_path, monkeypatch):
    from sitegen.site import model as model_module
    from sitegen.incremental.cache import ValueStore

    files = {"content/a.md": article(title="A", date="01/04/2023", tags="[x, y]"),
             "content/b.md": article(title="B", date="02/04/2023", tags="[x]"),
             "content/c.md": article(title="C", date="03/04/2023", tags="[y]"),
             "content/d.md": article(title="D", date="04/04/2023", tags="[y]")}
    text_edit = {**files, "content/b.md": article(title="B", date="02/04/2023", tags="[x]", body="Văn bản khác.")}
    retagged = {**files, "content/b.md": article(title="B", date="02/04/2023", tags="[x, y]")}

    def related_titles(files, memo=None) -> dict[str, list[str]]:
        model = site_model(files, now=NOW, related_memo=memo)
        return {a.title: titles(model.related[a.url]) for a in model.articles}

    without_memo = {name: related_titles(version) for name, version in
                    (("files", files), ("text_edit", text_edit), ("retagged", retagged))}
    assert without_memo["retagged"] != without_memo["files"]  # the new tag changes the answer
    worked_out = []
    real = model_module._related
    monkeypatch.setattr(model_module, "_related", lambda *args: worked_out.append(1) or real(*args))
    memo = ValueStore(tmp_path, "related")
    assert related_titles(files, memo) == without_memo["files"] and len(worked_out) == 1
    # A text edit leaves every article where it was: the last build's answer is used.
    assert related_titles(text_edit, memo) == without_memo["text_edit"] and len(worked_out) == 1
    # A new tag: worked out again.
    assert related_titles(retagged, memo) == without_memo["retagged"] and len(worked_out) == 2
