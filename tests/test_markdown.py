"""Markdown → safe HTML with the site's base path, a plain-text summary."""

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.source.markdown import first_paragraph_text, html_to_text, render_markdown, shorten


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


def test_root_relative_links_get_the_base_path_and_local_images_are_left_to_media():
    body = "[Liên hệ](/lien-he/) [ngoài](https://example.org/) [neo](#muc) ![Ảnh](/anh/a.jpg)"
    rendered = render_markdown(body, "/hongngu/")
    html = BeautifulSoup(rendered.html, "html.parser")
    hrefs = [a["href"] for a in html.find_all("a")]
    assert hrefs == ["/hongngu/lien-he/", "https://example.org/", "#muc"]
    # A local photo is published by media.py (resized variants, base path included): here a placeholder.
    assert html.img is None
    assert [(m.target, m.text) for m in rendered.media] == [("/anh/a.jpg", "Ảnh")]


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


# --- text without inline syntax skips the inline patterns (markdown._SkipPlainText) --------------

SAMPLES = [
    "Đoạn văn thường, không có cú pháp nào.\n\n## Tiêu đề\n\n- một\n- hai\n",
    "Chữ **đậm**, *nghiêng*, __đậm__, _nghiêng_, ***cả hai*** và a*b*c, snake_case_word.",
    "Mã `x = 1` và ``có ` bên trong``, \\*không nghiêng\\*, \\\\ gạch.",
    "[liên kết](/tin-tuc/) [tham chiếu][a] [a] ![ảnh](anh.jpg \"Chú thích\") ![tham chiếu][a]\n\n[a]: https://x.vn/",
    "<https://dongthap.gov.vn> <lienhe@hongngu.gov.vn> <b>thẻ</b> <!-- chú thích --> &amp; &#273; &copy; & lẻ",
    "Dòng một  \nDòng hai sau ngắt dòng.\n\nHai dấu cách  ở giữa dòng.",
    "Chú thích[^1].\n\n[^1]: Nội dung chú thích, có **đậm**.\n",
    "*[UBND]: Ủy ban nhân dân\n\nUBND thành phố và UBND phường, *UBND* đậm.\n",
    "## Kết quả {: #ket-qua .lon }\n\nĐoạn có thuộc tính\n{: .ghi-chu }\n",
    "Thuật ngữ\n:   Định nghĩa của nó\n\n| Cột | Giá trị |\n|---|---|\n| *a* | 1 |\n| b | [c](/d/) |\n",
    "```\n*không* [phải] <b>mã</b>\n```\n\n    thụt lề *mã*\n",
    "<div markdown=\"1\">\n*trong* thẻ div\n</div>\n\n<table><tr><td>*thô*</td></tr></table>\n",
    "> Trích dẫn **đậm**\n> dòng hai\n\n1. một\n2. [hai](/hai/)\n    - con *nghiêng*\n",
    "Tải về [kế hoạch](ke-hoach.pdf) và ảnh:\n\n![Hội nghị](hoi-nghi.jpg)\n",
]


def _converters():
    from sitegen.source import markdown as module
    fast = module._converter("/")
    plain = module._converter.__wrapped__("/")  # a new converter, then without the skip
    plain.treeprocessors.deregister("skip-plain-text")
    plain.treeprocessors.deregister("restore-plain-text")
    return fast, plain


def _convert(converter, body: str) -> str:
    converter.reset()
    converter.treeprocessors["media-references"].start(body)
    return converter.convert(body)


def test_the_plain_text_skip_is_on_with_the_pinned_python_markdown():
    fast, _plain = _converters()
    names = [name for name in ("skip-plain-text", "inline", "restore-plain-text")]
    assert all(name in fast.treeprocessors for name in names)
    order = [fast.treeprocessors.get_index_for_name(name) for name in names]
    assert order == sorted(order)  # skip, then the inline patterns, then restore


def test_skipping_plain_text_changes_no_html():
    fast, plain = _converters()
    from pathlib import Path
    bodies = SAMPLES + [path.read_text(encoding="utf-8").split("---", 2)[2]
                        for path in sorted(Path(__file__).parent.parent.glob("content/**/*.md"))]
    for body in bodies:
        assert _convert(fast, body) == _convert(plain, body), body
    assert "<abbr title=\"Ủy ban nhân dân\">UBND</abbr>" in _convert(fast, SAMPLES[7])


MARKDOWN_PIECES = ["Đồng Tháp", "xã", " ", "  ", "\n", "\n\n", "*", "**", "_", "`", "\\", "[", "]", "(", ")",
                   "!", "<", ">", "&", ";", "#", "- ", "1. ", "> ", ":", "{", "}", "^", "=", "\"", "/", "a@b.vn",
                   "https://x.vn", "&amp;", "<b>", "</b>", "    ", "|", "---", "~~~"]


@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40))
@settings(max_examples=300, deadline=None)
def test_skipping_plain_text_changes_no_html_for_any_mix_of_syntax(pieces):
    fast, plain = _converters()
    body = "".join(pieces)
    assert _convert(fast, body) == _convert(plain, body)


def test_a_body_keeps_its_text_packed_and_reads_it_back_as_text():
    """Bodies are held packed (UTF-8 and zlib: a fifth of a str's memory for Vietnamese text) and
    survive the document store's pickling as they are."""
    import pickle
    body = render_markdown("Thành ủy **Hồng Ngự** triển khai kế hoạch năm 2025.\n\n" * 200)
    assert body.plain_text.startswith("Thành ủy Hồng Ngự triển khai") and "<strong>Hồng Ngự</strong>" in body.html
    assert len(body.html_packed) + len(body.plain_packed) < 0.5 * (len(body.html) + len(body.plain_text))
    copy = pickle.loads(pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == body and (copy.html, copy.plain_text) == (body.html, body.plain_text)
