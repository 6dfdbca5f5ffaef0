"""The preview shows an edited article's page before the full rebuild, and only when that page
is exactly what the full rebuild makes (sitegen/output/edit_first.py)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from conftest import article, make_site, photo, soup
from test_preview_server import save, serve

from sitegen.commands.serve import PreviewSite

BASE_URL = "http://127.0.0.1:8000/"
EDITED = "content/tin-tuc/mot.md"
TAGGED = dict(tags="[Mặt trận, Nông thôn mới]", slug="mot")


def site_with_neighbours(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", {
        EDITED: article("Bài một", date="19/04/2023 08:30", body="Đoạn đầu.\n\nĐoạn hai.", **TAGGED),
        "content/tin-tuc/hai.md": article("Bài hai", date="20/04/2023 08:30", tags="[Mặt trận]", slug="hai"),
        "content/tin-tuc/ba.md": article("Bài ba", date="18/04/2023 08:30", tags="[Nông thôn mới]", slug="ba"),
        "content/tin-tuc/anh/index.md": article("Bài có ảnh", date="17/04/2023", body="![Ảnh](anh.jpg)",
                                                slug="bai-co-anh"),
        "content/tin-tuc/anh/anh.jpg": photo(),
    })


def files(folder: Path) -> dict[str, bytes]:
    """The preview's files, but its search index: that is refreshed later, in the background."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")}


def fresh_preview(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """What a preview built from scratch holds for the site as it is now."""
    output = tmp_path / "fresh"
    shutil.rmtree(output, ignore_errors=True)
    cache = root / ".cache"
    kept = tmp_path / "cache-aside"
    shutil.move(cache, kept)
    try:
        assert not PreviewSite(root, BASE_URL, output).rebuild().failed
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.move(kept, cache)
    return files(output)


def shown_early(tmp_path: Path, title: str, body: str):
    """(site folder, preview, changed files, early page) after saving EDITED with this title and body:
    the early page must be the article's."""
    root = site_with_neighbours(tmp_path)
    site = PreviewSite(root, BASE_URL)
    assert not site.rebuild().failed
    save(root / EDITED, article(title, date="19/04/2023 08:30", body=body, **TAGGED))
    changed = frozenset({root / EDITED})
    early = site.show_edit_first(changed)
    assert early is not None and early.output_path == "tin-tuc/mot/index.html"
    return root, site, changed, early


def test_a_text_edit_shows_the_article_page_first_exactly_as_the_full_rebuild_makes_it(tmp_path):
    root, site, changed, early = shown_early(tmp_path, "Bài một", "Đoạn đầu.\n\nĐoạn hai, đã sửa.")
    page = site.output / early.output_path
    assert "Đoạn hai, đã sửa." in soup(page).select_one("article").get_text()
    assert "Bài hai" in soup(page).get_text() and "Bài ba" in soup(page).get_text(), "neighbours and related"

    outcome = site.rebuild(changed)
    assert not outcome.failed
    assert page.read_bytes() == early.data, "the full rebuild makes the same page"
    assert early.output_path in outcome.report.changed_paths
    assert files(site.output) == fresh_preview(root, tmp_path)


def test_a_new_title_shows_at_once_on_the_articles_page_and_on_the_others_after_the_rebuild(tmp_path):
    root, site, changed, early = shown_early(tmp_path, "Bài một, đã sửa tiêu đề", "Đoạn đầu.\n\nĐoạn hai.")
    assert soup(site.output / early.output_path).find("h1").get_text() == "Bài một, đã sửa tiêu đề"
    assert "Bài một, đã sửa tiêu đề" not in (site.output / "tin-tuc/hai/index.html").read_text(), "not yet"

    outcome = site.rebuild(changed)
    assert not outcome.failed
    assert (site.output / early.output_path).read_bytes() == early.data, "the full rebuild makes the same page"
    newer = soup(site.output / "tin-tuc/hai/index.html").select_one(".article-nav a[rel=prev]")
    assert newer.get_text() == "Bài một, đã sửa tiêu đề", "the neighbour's link, after the full rebuild"
    assert files(site.output) == fresh_preview(root, tmp_path)


def test_a_new_title_waits_for_the_rebuild_when_another_article_has_the_same_date(tmp_path):
    root = site_with_neighbours(tmp_path)
    save(root / "content/tin-tuc/cung-gio.md", article("Bài cùng giờ", date="19/04/2023 08:30", slug="cung-gio"))
    site = PreviewSite(root, BASE_URL)
    assert not site.rebuild().failed
    # Articles of one moment are in title order: "Bài một" → "Bài z" moves it past "Bài cùng giờ".
    save(root / EDITED, article("Bài z", date="19/04/2023 08:30", body="Đoạn đầu.\n\nĐoạn hai.", **TAGGED))
    assert site.show_edit_first(frozenset({root / EDITED})) is None
    # The same edit of the text alone is still shown at once.
    save(root / EDITED, article("Bài một", date="19/04/2023 08:30", body="Đoạn đầu.\n\nĐoạn ba.", **TAGGED))
    assert site.show_edit_first(frozenset({root / EDITED})) is not None


@pytest.mark.parametrize("edit", [
    dict(title="Bài một, tiêu đề mới", slug="mot-moi"),  # a new title and a new address
    dict(date="21/04/2023 08:30"),               # moves among its neighbours
    dict(category="Thông báo"),                  # another category, another address
    dict(tags="[Mặt trận]"),                     # other related articles
    dict(draft="true"),                          # becomes a draft
    dict(body="![Ảnh mới](anh-moi.jpg)"),        # a photo the last build did not publish
    dict(body="<script>alert(1)</script>"),      # a warning (unsafe HTML removed) to show
    dict(title="Bài một\ndate: 31/02/2023"),     # an error
])
def test_edits_that_move_the_article_or_need_a_message_wait_for_the_full_rebuild(tmp_path, edit):
    root = site_with_neighbours(tmp_path)
    site = PreviewSite(root, BASE_URL)
    assert not site.rebuild().failed
    fields = {"title": "Bài một", "date": "19/04/2023 08:30", "body": "Đoạn đầu.\n\nĐoạn hai.", **TAGGED, **edit}
    save(root / EDITED, article(**fields))
    before = files(site.output)
    assert site.show_edit_first(frozenset({root / EDITED})) is None
    assert files(site.output) == before, "nothing written early"


def test_no_early_page_for_two_files_a_template_a_new_article_or_after_a_failed_build(tmp_path):
    root = site_with_neighbours(tmp_path)
    site = PreviewSite(root, BASE_URL)
    assert not site.rebuild().failed
    body = dict(date="19/04/2023 08:30", **TAGGED)
    save(root / EDITED, article("Bài một", body="Sửa lần một.", **body))
    both = frozenset({root / EDITED, root / "content/tin-tuc/hai.md"})
    assert site.show_edit_first(both) is None
    template = root / "templates" / "article.html"
    template.parent.mkdir()
    save(template, "{% extends 'base.html' %}{% block main %}<h1>{{ article.title }}</h1>{% endblock %}\n")
    assert site.show_edit_first(frozenset({template})) is None
    save(root / "content/tin-tuc/moi.md", article("Bài mới"))
    assert site.show_edit_first(frozenset({root / "content/tin-tuc/moi.md"})) is None

    save(template, "{% extends 'base.html' %}{% block main %}<h1>{{ article.title }</h1>{% endblock %}\n")
    assert site.rebuild(frozenset({template})).failed
    save(root / EDITED, article("Bài một", body="Sửa lần hai.", **body))
    assert site.show_edit_first(frozenset({root / EDITED})) is None, "the error page stays until a full rebuild"


async def reloads_after_saving(server, path: Path, text: str, rebuilds_before: int) -> int:
    """Save, then count the reload signals the livereload websocket sends until the full
    rebuild is done (and half a second more, for a late one)."""
    import asyncio

    from tornado.websocket import websocket_connect

    socket = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
    await socket.write_message(json.dumps({"command": "hello",
                                           "protocols": ["http://livereload.com/protocols/official-7"]}))
    await socket.read_message()
    await socket.write_message(json.dumps({"command": "info", "url": server.url + "/"}))
    await asyncio.sleep(0.3)
    save(path, text)
    reloads, deadline, done_at = 0, time.monotonic() + 20, None
    while time.monotonic() < deadline and (done_at is None or time.monotonic() < done_at + 0.5):
        if done_at is None and server.output_count("Đã dựng lại") > rebuilds_before:
            done_at = time.monotonic()
        try:
            message = await asyncio.wait_for(socket.read_message(), 0.05)
        except asyncio.TimeoutError:
            continue
        reloads += json.loads(message).get("command") == "reload"
    socket.close()
    assert done_at is not None, "the full rebuild did not finish:\n" + "\n".join(server.lines)
    return reloads


def count_reloads(server, path: Path, text: str, rebuilds_before: int) -> int:
    """reloads_after_saving on a thread of its own: Playwright's sync API keeps an event loop
    running on this one, where asyncio.run() is refused."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, reloads_after_saving(server, path, text, rebuilds_before)).result()


def test_the_server_reloads_once_for_a_text_edit_and_again_when_listings_change(tmp_path):
    root = site_with_neighbours(tmp_path)
    with serve(root) as server:
        server.wait_for(lambda: server.output_count("Đã dựng:"), "the first build")
        # The last paragraph: only the article's page shows it. One reload, before the full rebuild.
        text = article("Bài một", date="19/04/2023 08:30", body="Đoạn đầu.\n\nĐoạn hai, sửa.", **TAGGED)
        assert count_reloads(server, root / EDITED, text, 0) == 1
        assert server.output_count("Đã hiện ngay bài vừa sửa (content/tin-tuc/mot.md)") == 1, server.lines
        assert "Đoạn hai, sửa." in server.get("/tin-tuc/mot/")[1]
        # The first paragraph is the summary the category listing shows: the tab reloads again for it.
        text = article("Bài một", date="19/04/2023 08:30", body="Đoạn đầu mới.\n\nĐoạn hai, sửa.", **TAGGED)
        assert count_reloads(server, root / EDITED, text, 1) == 2
        assert server.output_count("Đã hiện ngay bài vừa sửa") == 2
        assert "Đoạn đầu mới." in server.get("/tin-tuc/")[1]
        # A new title with the same address: the page at once, the neighbours and listings after.
        text = article("Bài một, tên mới", date="19/04/2023 08:30", body="Đoạn đầu mới.\n\nĐoạn hai, sửa.", **TAGGED)
        assert count_reloads(server, root / EDITED, text, 2) == 2
        assert server.output_count("Đã hiện ngay bài vừa sửa") == 3
        # A title edit that changes the address waits for the full rebuild: one reload, after it.
        text = article("Bài một, tên mới", date="19/04/2023 08:30", body="Đoạn đầu mới.",
                       **{**TAGGED, "slug": "mot-moi"})
        assert count_reloads(server, root / EDITED, text, 3) == 1
        assert server.output_count("Đã hiện ngay bài vừa sửa") == 3
