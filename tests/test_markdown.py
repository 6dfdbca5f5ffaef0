"""Markdown → safe HTML with the site's base path, a plain-text summary."""

from bs4 import BeautifulSoup

from sitegen.markdown import first_paragraph_text, html_to_text, render_markdown, shorten


def html_of(body: str, base_path: str = "/") -> BeautifulSoup:
    return BeautifulSoup(render_markdown(body, base_path).html, "html.parser")


def test_paragraphs_lists_tables_and_emphasis():
    body = "Đoạn **đậm** và *nghiêng*.\n\n- một\n- hai\n\n| Cột | Giá trị |\n|---|---|\n| a | 1 |\n"
    html = html_of(body)
    assert html.strong.get_text() == "đậm" and html.em.get_text() == "nghiêng"
    assert [li.get_text() for li in html.select("ul li")] == ["một", "hai"]
    assert [td.get_text() for td in html.select("table td")] == ["a", "1"]


def test_headings_start_at_h2_with_ascii_ids():
    html = html_of("# Kết quả đạt được\n\nx\n\n## Đánh giá\n")
    assert html.find("h1") is None
    assert html.h2["id"] == "ket-qua-dat-duoc" and html.h2.get_text() == "Kết quả đạt được"
    assert html.h3["id"] == "danh-gia"


def test_h2_headings_stay_h2():
    html = html_of("## Một\n\n### Hai\n")
    assert [h.name for h in html.find_all(["h2", "h3"])] == ["h2", "h3"]


def test_root_relative_links_and_images_get_the_base_path():
    body = "[Liên hệ](/lien-he/) [ngoài](https://example.org/) [neo](#muc) ![Ảnh](/anh/a.jpg)"
    html = html_of(body, "/hongngu/")
    hrefs = [a["href"] for a in html.find_all("a")]
    assert hrefs == ["/hongngu/lien-he/", "https://example.org/", "#muc"]
    assert html.img["src"] == "/hongngu/anh/a.jpg" and html.img["alt"] == "Ảnh"


def test_scripts_and_event_handlers_are_removed():
    body = ('<script>alert(1)</script>\n\n<p onclick="x()">Chữ</p>\n\n[x](javascript:alert(1))\n\n'
            '<iframe src="https://evil.example/"></iframe>')
    rendered = render_markdown(body)
    assert "<script" not in rendered.html and "onclick" not in rendered.html
    assert "javascript:" not in rendered.html and "<iframe" not in rendered.html
    assert "Chữ" in rendered.html


def test_tel_and_mailto_links_survive():
    html = html_of("[Gọi](tel:+842773563362) [Thư](mailto:a@example.gov.vn)")
    assert [a["href"] for a in html.find_all("a")] == ["tel:+842773563362", "mailto:a@example.gov.vn"]


def test_summary_is_the_first_paragraph_as_plain_text():
    rendered = render_markdown("## Tiêu đề\n\nĐoạn **đầu** có [liên kết](/x/) &amp; dấu.\n\nĐoạn hai.")
    assert rendered.summary == "Đoạn đầu có liên kết & dấu."
    assert rendered.plain_text == "Tiêu đề Đoạn đầu có liên kết & dấu. Đoạn hai."


def test_long_summary_is_cut_on_a_word():
    text = "chữ " * 200
    rendered = render_markdown(text)
    assert len(rendered.summary) <= 301
    assert rendered.summary.endswith("chữ…")


def test_helpers():
    assert shorten("một hai ba", 100) == "một hai ba"
    assert shorten("một hai, ba", 8) == "một hai…"
    assert shorten("một hai ba", 9) == "một hai…"
    assert html_to_text("<p>a &amp; <b>b</b></p>\n<p>c</p>") == "a & b c"
    assert first_paragraph_text("<p> </p><p>Có chữ</p>") == "Có chữ"
    assert first_paragraph_text("<ul><li>x</li></ul>") == ""


def test_same_input_same_output():
    body = "# A\n\nB [c](/d/)"
    assert render_markdown(body, "/x/") == render_markdown(body, "/x/")
    assert render_markdown(body, "/x/").html != render_markdown(body, "/").html


def test_inline_markup_adds_no_space_before_punctuation():
    assert render_markdown("Tại **Đồng Tháp**, *hôm nay*.").summary == "Tại Đồng Tháp, hôm nay."
    assert html_to_text("<ul><li>một</li><li>hai</li></ul>") == "một hai"
