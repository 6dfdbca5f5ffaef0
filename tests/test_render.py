"""The Jinja glue: phone links, URL filters, strict templates with their file and line in errors."""

import jinja2
import pytest
from conftest import MINIMAL_CONFIG

from sitegen.source.config import parse_config
from sitegen.site.pages import PageSpec
from sitegen.output.templates import make_environment, phone_href, render_page, template_problem


@pytest.mark.parametrize("written, href", [
    ("0277.3563.362", "tel:+842773563362"),
    ("0277 3563 362", "tel:+842773563362"),
    ("(0277) 3563-362", "tel:+842773563362"),
    ("+84 277 3563 362", "tel:+842773563362"),
    ("0277.3563.362 - 0277.3563.363", "tel:+842773563362"),
    ("0277.3563.362, 0912.345.678", "tel:+842773563362"),
    ("0277.3563.362 hoặc 0912.345.678", "tel:+842773563362"),
    ("1022", "tel:1022"),
])
def test_phone_numbers_become_tel_links(written, href):
    assert phone_href(written) == href


def environment(tmp_path, templates: dict[str, str], base_url="https://example.gov.vn/hongngu/"):
    for name, text in templates.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    config = parse_config(MINIMAL_CONFIG.replace("https://example.gov.vn/", base_url))
    return make_environment([tmp_path], config, {})


def test_url_filters_add_the_base_path(tmp_path):
    env = environment(tmp_path, {"t.html": "{{ 'tin-tuc/' | url }} {{ '/lien-he/' | url }} {{ '' | url }} "
                                           "{{ 'https://x.vn/' | url }} {{ '#a' | url }} {{ 'tin-tuc/' | absolute_url }}"})
    html = render_page(env, PageSpec("", "t.html", {}, "test")).decode()
    assert html.split() == ["/hongngu/tin-tuc/", "/hongngu/lien-he/", "/hongngu/", "https://x.vn/", "#a",
                            "https://example.gov.vn/hongngu/tin-tuc/"]


def test_output_is_escaped(tmp_path):
    env = environment(tmp_path, {"t.html": "{{ title }}"})
    html = render_page(env, PageSpec("", "t.html", {"title": "<script>x</script> & Đ"}, "test")).decode()
    assert html == "&lt;script&gt;x&lt;/script&gt; &amp; Đ"


def test_undefined_variable_fails_with_the_template_line(tmp_path):
    env = environment(tmp_path, {"t.html": "dòng 1\n{{ missing.field }}\n"})
    with pytest.raises(jinja2.UndefinedError) as failure:
        render_page(env, PageSpec("", "t.html", {}, "test"))
    problem = template_problem(failure.value, [tmp_path], tmp_path)
    assert (problem.path, problem.line) == ("t.html", 2)
    assert "missing" in problem.message


def test_unknown_asset_is_an_error(tmp_path):
    env = environment(tmp_path, {"t.html": "{{ asset_url('css/khong-co.css') }}"})
    with pytest.raises(LookupError):
        render_page(env, PageSpec("", "t.html", {}, "test"))


def test_every_broken_template_is_reported_once_in_one_build(tmp_path):
    """Two broken templates: both are named, each once, though many pages use them."""
    from conftest import article, make_site, run_cli

    files = {f"content/tin-tuc/bai-{n}.md": article(f"Bài số {n}") for n in range(5)}
    files["templates/article.html"] = "{% extends 'base.html' %}{% block main %}{{ article.title }</h1>{% endblock %}\n"
    files["templates/category.html"] = "{% extends 'base.html' %}\n{% block main %}{{ no_such_value.x }}{% endblock %}\n"
    root = make_site(tmp_path, files)
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": lỗi: " in line]
    assert len([line for line in errors if line.startswith("templates/article.html:1: ")]) == 1, errors
    assert len([line for line in errors if line.startswith("templates/category.html:2: ")]) == 1, errors
    assert not (root / "public").exists()
