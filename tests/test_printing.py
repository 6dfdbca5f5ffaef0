"""Root-relative links in a body get their full address for print.css."""

from sitegen.source.markdown import render_markdown
from sitegen.output.printing import add_print_urls


def test_root_relative_links_get_the_full_address():
    body = render_markdown("Xem [thông báo](/thong-bao/x/?a=1&b=2) và [tỉnh](https://dongthap.gov.vn/).", "/hongngu/").html
    printed = add_print_urls(body, "https://example.gov.vn")
    assert 'href="/hongngu/thong-bao/x/?a=1&amp;b=2" data-print-url="https://example.gov.vn/hongngu/thong-bao/x/?a=1&amp;b=2"' in printed
    assert 'href="https://dongthap.gov.vn/"' in printed and printed.count("data-print-url") == 1


def test_other_links_and_text_are_left_alone():
    body = '<p>a href="/x" <a href="#muc">mục</a> <a href="mailto:a@b.vn">thư</a> <a href="//cdn.x/">x</a></p>'
    assert add_print_urls(body, "https://example.gov.vn") == body


def test_other_attributes_are_kept():
    body = '<a title="Xem" href="/y/">y</a>'
    assert add_print_urls(body, "https://example.gov.vn/") == \
        '<a title="Xem" href="/y/" data-print-url="https://example.gov.vn/y/">y</a>'
