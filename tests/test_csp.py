"""Every page carries a Content-Security-Policy, and the site works under it in a real browser."""

import time

import pytest

from conftest import article, build, make_site, soup, static_server

# Records violations before any page script runs (Playwright's init scripts are not subject to the page's CSP).
LISTEN_FOR_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
window.__printed = 0;
window.print = function () { window.__printed += 1; };
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A small site with every page type: home, articles, static pages, category, tag, archive, month, 404."""
    root = tmp_path_factory.mktemp("csp") / "site"
    files = {f"content/tin-tuc/bai-{n}.md": article(title=f"Bài số {n}", date=f"{n + 1:02d}/04/2023 08:30",
                                                    tags="Mặt trận, Chi bộ",
                                                    body=f"Nội dung **bài {n}**.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
             for n in range(5)}
    files["content/thong-bao/tb.md"] = article(title="Thông báo lịch tiếp dân", category="Thông báo")
    files["content/trang/gioi-thieu.md"] = "---\ntitle: Giới thiệu\n---\n\nGiới thiệu về thành phố.\n"
    make_site(root, files)
    build(root)
    return root / "public"


def test_every_page_has_the_policy_first_in_head(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        head = soup(path).head
        first = head.find("meta", attrs={"http-equiv": True})
        assert first is not None, path
        assert first["http-equiv"] == "Content-Security-Policy", path
        policy = dict(part.strip().split(" ", 1) for part in first["content"].split(";"))
        assert policy["default-src"] == "'self'"
        assert policy["script-src"] == "'self' 'wasm-unsafe-eval'"  # no 'unsafe-inline', no other origin
        assert policy["style-src"] == "'self'"
        assert policy["object-src"] == "'none'" and policy["frame-src"] == "'none'"
        # the policy must come before anything it governs
        governed = head.find(["link", "script", "style"])
        assert governed is None or first.sourceline < governed.sourceline, path
        inline = [s for s in soup(path).find_all("script", src=False) if s.get("type") != "application/ld+json"]
        assert not inline, f"inline script in {path}"  # JSON-LD is data, never run
        assert not soup(path).find(attrs={"style": True}), f"inline style in {path}"


def wait_until(page, expression: str, seconds: float = 5) -> None:
    """Poll an expression (page.wait_for_function would eval() it in the page, which the CSP forbids)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def _visit(page, url):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    response = page.goto(url)
    page.wait_for_load_state("load")
    return response, errors, failed, page.evaluate("window.__violations")


def test_no_violation_on_any_page_in_chromium(site, browser):
    pages = sorted(site.rglob("*.html"))
    context = browser.new_context()
    context.add_init_script(LISTEN_FOR_VIOLATIONS)
    try:
        with static_server(site) as base:
            for path in pages:
                tab = context.new_page()
                url = base + path.relative_to(site).as_posix()
                response, errors, failed, violations = _visit(tab, url)
                assert response.status == 200, url
                assert violations == [], url
                assert [e for e in errors if "Content Security Policy" in e] == [], url
                assert failed == [], url
                # the stylesheet applied (a blocked one would leave the skip link visible at the top)
                assert tab.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") != "static"
                tab.close()
    finally:
        context.close()


def test_article_script_still_works_under_the_policy(site, browser):
    article_page = next(p for p in sorted(site.rglob("index.html")) if "bai-so-1" in p.as_posix())
    context = browser.new_context()
    context.add_init_script(LISTEN_FOR_VIOLATIONS)
    try:
        tab = context.new_page()
        with static_server(site) as base:
            _visit(tab, base + article_page.relative_to(site).as_posix())
            tab.get_by_role("button", name="In bài viết").click()
            assert tab.evaluate("window.__printed") == 1
            assert tab.evaluate("window.__violations") == []
    finally:
        context.close()


def test_injected_inline_script_is_blocked(site, browser, tmp_path):
    """The control: the listener does see a violation, and the inline script does not run."""
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    html = (site / "index.html").read_text(encoding="utf-8")
    html = html.replace("</main>", "<script>window.__ran = true</script><img src='https://evil.example/x.png'></main>")
    (hostile / "index.html").write_text(html, encoding="utf-8")
    context = browser.new_context()
    context.add_init_script(LISTEN_FOR_VIOLATIONS)
    try:
        tab = context.new_page()
        with static_server(hostile) as base:
            _response, _errors, _failed, _ = _visit(tab, base)
            wait_until(tab, "window.__violations.length >= 2")
            violations = tab.evaluate("window.__violations")
            assert tab.evaluate("window.__ran === undefined")
            assert any(v.startswith("script-src") for v in violations)
            assert any(v.startswith("img-src") and "evil.example" in v for v in violations)
    finally:
        context.close()


def test_preview_may_allow_exactly_its_live_reload_snippet(site, browser, tmp_path):
    """The preview server's inline live-reload snippet runs (by hash); any other inline script still does not."""
    from sitegen.output.csp import allow_inline_script

    snippet = b'<script type="text/javascript">window.__live = true;</script>'
    page_bytes = (site / "index.html").read_bytes().replace(b"</head>", snippet + b"</head>", 1)
    page_bytes = page_bytes.replace(b"</main>", b"<script>window.__ran = true</script></main>")
    preview = tmp_path / "preview"
    preview.mkdir()
    (preview / "index.html").write_bytes(allow_inline_script(page_bytes, snippet))
    context = browser.new_context()
    context.add_init_script(LISTEN_FOR_VIOLATIONS)
    try:
        tab = context.new_page()
        with static_server(preview) as base:
            _visit(tab, base)
            wait_until(tab, "window.__violations.length >= 1")
            assert tab.evaluate("window.__live === true")
            assert tab.evaluate("window.__ran === undefined")
    finally:
        context.close()
