"""The theme in real headless Chromium: axe-core finds nothing, nothing comes from another host,
no horizontal scrolling at 320 px or 200 % zoom, keyboard use (skip link, focus ring, phone menu),
the text-size control, and the page as printed."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import NODE_TOOLS, require_tool
from sample_site import ARTICLE_PATH, PAGE_TYPES

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def axe_source():
    return require_tool(NODE_TOOLS / "axe-core" / "axe.min.js", "make test runs npm ci in tests/node").read_text()


@pytest.fixture
def open_page(browser):
    """open_page(url, viewport=..., **context options) → a Playwright page; contexts closed afterwards."""
    contexts = []

    def opener(url, viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, bypass_csp=True, **options)
        contexts.append(context)
        context.set_default_timeout(5000)
        tab = context.new_page()
        tab.goto(url)
        return tab

    yield opener
    for context in contexts:
        context.close()


def axe_violations(tab, axe_source):
    if not tab.evaluate("typeof window.axe === 'object'"):
        tab.evaluate(axe_source)
    violations = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))",
        AXE_TAGS)
    return violations


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_axe_finds_no_violation_on_desktop_and_phone(open_page, theme_server, axe_source, kind):
    tab = open_page(theme_server + PAGE_TYPES[kind], viewport=DESKTOP)
    assert axe_violations(tab, axe_source) == [], "desktop"
    tab.set_viewport_size(PHONE)
    tab.click(".menu-toggle")  # check the open phone menu too
    assert tab.locator("#menu-chinh-ds a").first.is_visible()
    assert axe_violations(tab, axe_source) == [], "phone"


def test_axe_finds_no_violation_on_search_results(open_page, theme_server, axe_source):
    tab = open_page(theme_server + "tim-kiem/?q=do+thi", viewport=PHONE)
    tab.locator(".search-result").first.wait_for(timeout=15000)
    assert axe_violations(tab, axe_source) == []


def test_axe_finds_no_violation_on_any_other_page(open_page, theme_site, theme_server, axe_source):
    """Every page of the sample site not covered above (other articles, notices, page types added
    later), at desktop width."""
    covered = set(PAGE_TYPES.values())
    others = sorted(path.relative_to(theme_site).as_posix().removesuffix("index.html")
                    for path in theme_site.rglob("*.html"))
    others = [url for url in others if url not in covered]
    assert len(others) >= 10
    tab = open_page(theme_server)
    for url in others:
        tab.goto(theme_server + url)
        assert axe_violations(tab, axe_source) == [], url


def test_axe_harness_does_report_violations(open_page, theme_server, axe_source):
    """The zero above means something: the same harness sees a page broken on purpose."""
    tab = open_page(theme_server)
    tab.evaluate("""() => { document.documentElement.removeAttribute('lang');
        document.querySelector('.site-footer').style.color = '#bbb';
        document.querySelector('main').append(document.createElement('img')); }""")
    found = {violation["id"] for violation in axe_violations(tab, axe_source)}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= found


def test_axe_finds_no_violation_when_the_script_does_not_run(browser, theme_server, axe_source):
    # axe needs JavaScript itself, so the site's script is blocked instead of JavaScript as a whole.
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    context.route("**/*.js", lambda route: route.abort())
    tab = context.new_page()
    try:
        for kind in ("home", "article"):
            tab.goto(theme_server + PAGE_TYPES[kind])
            assert not tab.evaluate("document.documentElement.classList.contains('js')")
            assert axe_violations(tab, axe_source) == [], kind
    finally:
        context.close()


def test_pages_make_no_request_to_another_host_and_log_no_error(browser, theme_server):
    own = urlsplit(theme_server).netloc
    context = browser.new_context(viewport=PHONE)
    requested, failed, console_errors = [], [], []
    context.on("request", lambda request: requested.append(request.url))
    context.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    tab = context.new_page()
    tab.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    tab.on("pageerror", lambda error: console_errors.append(str(error)))
    try:
        for url in PAGE_TYPES.values():
            tab.goto(theme_server + url)
        tab.wait_for_load_state("networkidle")  # late requests (the icon) too
        tab.click(".menu-toggle")
        tab.click("button[data-text-size='1']")
    finally:
        context.close()
    assert len(requested) >= len(PAGE_TYPES) * 3  # pages, CSS and JS were seen
    assert [url for url in requested if urlsplit(url).netloc != own] == []
    assert failed == [] and console_errors == []  # e.g. a missing favicon costs Lighthouse points


@pytest.mark.parametrize("viewport, zoom, text_size", [
    ({"width": 320, "height": 640}, 1, "0"),
    ({"width": 640, "height": 450}, 2, "0"),   # a 1280 px screen at 200 % zoom
    ({"width": 320, "height": 640}, 1, "3"),   # the largest text size on the smallest phone
], ids=["320px", "zoom-200", "320px-largest-text"])
def test_no_horizontal_scrolling(browser, theme_server, viewport, zoom, text_size):
    context = browser.new_context(viewport=viewport, device_scale_factor=zoom)
    context.add_init_script(f"localStorage.setItem('co-chu', '{text_size}')")
    tab = context.new_page()
    try:
        for kind, url in PAGE_TYPES.items():
            tab.goto(theme_server + url)
            assert tab.evaluate("document.documentElement.dataset.textSize || '0'") == text_size
            widths = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], f"{kind}: content {widths[0]} px wide in a {widths[1]} px window"
    finally:
        context.close()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(open_page, theme_server):
    tab = open_page(theme_server + ARTICLE_PATH, viewport=PHONE)
    tab.keyboard.press("Tab")
    focused = tab.evaluate("[document.activeElement.textContent, getComputedStyle(document.activeElement).top]")
    assert focused[0] == "Bỏ qua để đến nội dung chính"
    box = tab.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 20  # visible when focused
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "noi-dung"
    tab.keyboard.press("Tab")
    assert tab.evaluate("!!document.activeElement.closest('main')")


FOCUS_RING = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  return {tag: e.tagName, text: e.textContent.trim().slice(0, 40), ring,
          inMain: !!e.closest('main'), body: e === document.body};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_interactive_element_shows_a_focus_ring(open_page, theme_server, viewport):
    tab = open_page(theme_server + ARTICLE_PATH, viewport=viewport)
    if viewport is PHONE:
        tab.click(".menu-toggle")  # count the menu's links too
    expected = tab.evaluate("""() => [...document.querySelectorAll('a[href], button, input, select, textarea')]
        .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length""")
    tab.reload()
    seen = []
    for _ in range(expected + 5):
        tab.keyboard.press("Tab")
        state = tab.evaluate(FOCUS_RING)
        if state["body"] or (seen and state == seen[0]):
            break
        seen.append(state)
        if tab.evaluate("document.activeElement.getAttribute('aria-expanded') === 'false'"):
            tab.keyboard.press("Enter")  # open the phone menu from the keyboard and go on into it
    assert len(seen) == expected
    assert [s for s in seen if not s["ring"]] == []


def test_phone_menu_is_a_keyboard_disclosure_button(open_page, theme_server):
    tab = open_page(theme_server, viewport=PHONE)
    button = tab.locator("button.menu-toggle")
    first_link = tab.locator("#menu-chinh-ds a").first
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "menu-chinh-ds"
    assert not first_link.is_visible()
    button.focus()
    tab.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert first_link.is_visible()
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Trang chủ"
    tab.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert not first_link.is_visible()
    assert tab.evaluate("document.activeElement.classList.contains('menu-toggle')")
    tab.keyboard.press("Space")
    assert first_link.is_visible()


def test_phone_menu_opens_without_javascript(open_page, theme_server):
    tab = open_page(theme_server, viewport=PHONE, java_script_enabled=False)
    links = tab.locator("#menu-chinh-ds a")
    assert not links.first.is_visible()
    toggle = tab.locator("a.menu-toggle")
    toggle.focus()
    tab.keyboard.press("Enter")
    assert [links.nth(i).is_visible() for i in range(links.count())] == [True] * 7
    tab.locator("#menu-chinh-ds a", has_text="Liên hệ").click()
    assert tab.url.endswith("/lien-he/")


def test_desktop_menu_is_always_visible(open_page, theme_server):
    tab = open_page(theme_server, viewport=DESKTOP)
    assert not tab.locator(".menu-toggle").is_visible()
    assert tab.locator("#menu-chinh-ds a").nth(5).is_visible()


def test_text_size_control_changes_and_remembers_the_size(open_page, theme_server):
    tab = open_page(theme_server + ARTICLE_PATH, viewport=PHONE)
    root_size = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    body_size = "parseFloat(getComputedStyle(document.querySelector('.article-body')).fontSize)"
    normal = tab.evaluate(body_size)
    assert tab.evaluate(root_size) == 16
    tab.get_by_role("button", name="A+ tăng cỡ chữ").click()
    tab.get_by_role("button", name="A+ tăng cỡ chữ").click()
    assert tab.evaluate(root_size) == 20 and tab.evaluate(body_size) > normal
    assert tab.locator("[data-text-size-status]").text_content() == "Cỡ chữ 125%"
    tab.goto(theme_server)  # another page remembers the choice
    assert tab.evaluate(root_size) == 20
    tab.get_by_role("button", name="A− giảm cỡ chữ").click()
    assert tab.evaluate(root_size) == 18
    tab.get_by_role("button", name="A cỡ chữ mặc định").click()
    tab.reload()
    assert tab.evaluate(root_size) == 16


def test_javascript_only_controls_are_not_shown_without_javascript(open_page, theme_server):
    tab = open_page(theme_server + ARTICLE_PATH, viewport=DESKTOP, java_script_enabled=False)
    assert not tab.locator(".text-size button").first.is_visible()
    assert not tab.locator(".print-button").is_visible()
    assert tab.locator("h1").is_visible() and tab.locator("#menu-chinh-ds a").first.is_visible()


def test_print_button_opens_the_browsers_print(open_page, theme_server):
    tab = open_page(theme_server + ARTICLE_PATH)
    tab.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    tab.get_by_role("button", name="In bài viết").click()
    assert tab.evaluate("window.printed") == 1


def test_article_prints_as_the_article_alone_on_a4(open_page, theme_server):
    tab = open_page(theme_server + ARTICLE_PATH, viewport=DESKTOP)
    tab.emulate_media(media="print")
    hidden = [".site-nav", ".menu-toggle", ".text-size", ".header-tools", ".skip-link", ".breadcrumb",
              ".print-button", ".article-nav", ".related", ".tags"]
    assert [selector for selector in hidden if tab.locator(selector).first.is_visible()] == []
    assert tab.locator("button:visible, input:visible, form:visible").count() == 0
    for selector in (".site-name", "h1", ".article-header time", ".author", ".source", ".article-body",
                     ".site-footer .agency", ".print-only"):
        assert tab.locator(selector).first.is_visible(), selector
    assert "https://hongngu.dongthap.gov.vn/" + ARTICLE_PATH in tab.locator(".print-only").text_content()
    written_out = tab.evaluate("""() => [...document.querySelectorAll('.article-body a')]
        .map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
    assert [href for href, _ in written_out] == ["/thong-bao/lay-y-kien-nhan-dan/", "https://dongthap.gov.vn/tin-tuc"]
    assert [content for _, content in written_out] == [
        '" (https://hongngu.dongthap.gov.vn/thong-bao/lay-y-kien-nhan-dan/)"',  # the full address on paper
        '" (https://dongthap.gov.vn/tin-tuc)"']
    page_size = tab.evaluate("""() => [...document.styleSheets].flatMap(s => [...s.cssRules])
        .filter(r => r instanceof CSSPageRule).map(r => r.style.getPropertyValue('size'))""")
    assert [size.upper() for size in page_size] == ["A4"]
    pdf = tab.pdf(prefer_css_page_size=True)  # Chromium lays the page out on paper from print.css's @page
    width, height = (float(n) for n in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert abs(width - 595) < 3 and abs(height - 842) < 3  # A4 in points
    tab.emulate_media(media="screen")
    assert tab.locator(".site-nav").is_visible() and not tab.locator(".print-only").is_visible()


def test_english_text_size_control_speaks_english(open_page, theme_server):
    tab = open_page(theme_server + "en/organisation/", viewport=PHONE)
    tab.get_by_role("button", name="A+ larger text").click()
    assert tab.locator("[data-text-size-status]").text_content() == "Text size 112.5%"
    tab.get_by_role("button", name="A default text size").click()


@pytest.mark.parametrize("url", ["co-cau-to-chuc/", "en/organisation/", "en/contact/"])
def test_organisation_pages_print_their_content_on_a4(open_page, theme_server, url):
    tab = open_page(theme_server + url, viewport=DESKTOP)
    tab.emulate_media(media="print")
    for selector in (".site-nav", ".header-tools", ".language-switch", ".skip-link", ".breadcrumb", "nav.unit-index"):
        assert not tab.locator(selector).first.is_visible(), selector
    for selector in (".site-name", "h1", "main h2", "main a[href^='tel:']", "main a[href^='mailto:']",
                     ".site-footer .agency"):
        assert tab.locator(selector).first.is_visible(), selector
    pdf = tab.pdf(prefer_css_page_size=True)
    width, height = (float(n) for n in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    assert abs(width - 595) < 3 and abs(height - 842) < 3
