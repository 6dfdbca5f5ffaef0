"""Hostile and broken content: the build succeeds or reports a content error with file and line.

Property-based (hypothesis) over front matter, Markdown bodies, titles and
slugs, plus the classic attacks by name. Never a traceback, never a hang,
never a file written outside public/. Builds run in-process for speed.
"""

import contextlib
import gzip
import json
import os
import signal
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ElementTree
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL_CONFIG, article, make_site
from sitegen import pipeline
from sitegen.search import index as search_index
from sitegen.common.errors import BuildFailed
from sitegen.pipeline import BuildOptions, build_site
from sitegen.search.index import record_html
from sitegen.text.vietnamese import fold_d

NOW = datetime(2030, 1, 1, tzinfo=timezone.utc)  # everything dated before is published
ARTICLE_PATH = "content/tin-tuc/bai.md"
REAL_SEARCH_INDEXING = search_index.SearchIndexing  # the fixture below replaces it for most tests
HANG_LIMIT = 20  # seconds: a build of one small file that takes longer than this is a hang

PROPERTY = settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "25")), deadline=timedelta(seconds=10),
                    derandomize=os.environ.get("CI") == "true",  # CI: the same examples every run
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextlib.contextmanager
def hang_guard(seconds: float = HANG_LIMIT):
    """Fail (instead of hanging the suite) when the block runs longer than `seconds`."""
    def on_alarm(signum, frame):
        raise TimeoutError(f"the build did not finish in {seconds} s")
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module", autouse=True)
def search_records_instead_of_pagefind():
    """The Pagefind binary takes ~0.4 s a build: the properties check the records it would be given
    (the exact HTML documents, as `search-records/…`); test_real_search_index_* runs the binary."""
    class RecordsOnly:
        def __init__(self, records, language, folder):
            self.files = {f"search-records/{record.url}index.html": record_html(record, language).encode("utf-8")
                          for record in records}

        def result(self, cancel=None):
            return self.files

        def close(self):
            pass

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SearchIndexing", RecordsOnly)
        yield


def files_below(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_one(data: bytes | str, path: str = ARTICLE_PATH):
    """Build a site holding one file; return (report or None, problems, public/). Asserts the invariants."""
    with tempfile.TemporaryDirectory() as sandbox:
        root = make_site(Path(sandbox) / "site", {path: data})
        before = files_below(Path(sandbox))
        report, problems = None, []
        with hang_guard():
            try:
                report = build_site(BuildOptions(root=root, now=NOW))
            except BuildFailed as failure:
                problems = failure.problems
        after = files_below(Path(sandbox))
        # public/, its lock file and the build cache (.cache/, the generator's own folder) are the only outputs.
        written = {name for name in after if not name.startswith(("site/public/", "site/.cache/"))} \
            - {"site/.public.lock"}
        assert written == set(before), f"files written outside public/: {written - set(before)}"
        assert all(after[name] == before[name] for name in before), "an input file was changed"
        if report is None:
            assert problems, "a failed build must say why"
            lines = (data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")).count(b"\n") + 1
            for problem in problems:
                assert problem.path == path, problem.format()
                assert 0 <= problem.line <= lines + 1, problem.format()
                assert problem.message and problem.format().startswith(path)
            return None, problems, None
        public = root / "public"
        check_published_files(public)
        return report, problems, files_below(public)


def check_published_files(public: Path) -> None:
    """What any reader or machine would parse is well-formed: XML parses, JSON-LD parses, no stray script."""
    for path in public.rglob("*"):
        if path.suffix == ".xml":
            ElementTree.parse(path)
        elif path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".html":
            page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            for script in page.find_all("script"):
                if script.get("type") == "application/ld+json":
                    json.loads(script.string)
                else:
                    assert script.get("src") and not script.string, f"inline script in {path}"
            main = page.find("main")
            for element in (main.find_all(True) if main else []):
                assert not any(name.startswith("on") or name in ("style", "srcdoc") for name in element.attrs), element


def article_page(published: dict[str, bytes]) -> BeautifulSoup:
    names = [n for n in published if n.startswith("tin-tuc/") and n.count("/") == 2 and n.endswith("index.html")]
    assert len(names) == 1, names
    return BeautifulSoup(published[names[0]].decode("utf-8"), "html.parser")


# ---- strategies ---------------------------------------------------------------------------------

ANY_CHARACTER = st.characters(codec=None)  # includes lone surrogates, NUL, controls, non-characters
YAML_TRICKY = st.sampled_from([":", "#", "&a", "*a", "!!", "!!python/object:os.system", "|", ">", "- ", "? ",
                               "{", "}", "[", "]", "'", '"', "%", "@", "`", "\t", "\n", "\n  ", "---", "...",
                               "<<: *a", "yes", "no", "~", "null", "0x1F", "1e400", "9" * 50, "19/04/2023",
                               "Tin tức", "title", "date", "category"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(ANY_CHARACTER, max_size=40), st.text(st.sampled_from("aăâđêôơưÀ <>&\"'{}%#:"), max_size=40))
VALUES = st.recursive(SCALARS, lambda children: st.one_of(st.lists(children, max_size=4),
                                                          st.dictionaries(st.text(max_size=8), children, max_size=4)),
                      max_leaves=12)
KEYS = st.one_of(st.sampled_from(["title", "date", "category", "summary", "author", "source", "tags", "image",
                                  "updated", "draft", "slug", "weight", "featured", "layout"]), st.text(max_size=12))


def _dump(mapping: dict) -> str:
    try:
        return yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, UnicodeEncodeError):
        return yaml.safe_dump(mapping, allow_unicode=False, sort_keys=False)


@st.composite
def front_matters(draw) -> bytes:
    """Well-formed YAML of random values, or hand-broken lines; the rest of the file is a normal article."""
    base = {"title": "Bài thử", "date": "19/04/2023", "category": "Tin tức"}
    extra = draw(st.dictionaries(KEYS, VALUES, max_size=5))
    if draw(st.booleans()):
        front = _dump({**base, **extra})
    else:
        lines = [f"{k}: {v}" for k, v in base.items()]
        pieces = st.lists(st.one_of(YAML_TRICKY, ANY_CHARACTER), max_size=12).map("".join)
        lines += draw(st.lists(pieces, max_size=6))
        front = "\n".join(draw(st.permutations(lines))) + "\n"
    text = "---\n" + front + "---\n\nNội dung.\n"
    return text.encode("utf-8", "surrogatepass")


MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "- ", "* ", "1. ", "> ", "    ", "\t", "```", "~~~", "`", "**", "_", "[", "]", "(", ")", "![", "|",
    "---", "***", "\n", "\n\n", "<", ">", "&", "&#0;", "&#x110000;", "&nbsp;", "<div markdown=\"1\">", "</div>",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"https://evil.example/\"></iframe>", "<style>*{}</style>", "<form><input></form>",
    "<!--", "-->", "<![CDATA[", "]]>", "{: onclick=\"x()\" }", "[^1]", "[^1]: chú thích", "*[HTML]: Hyper",
    "| a | b |\n|---|---|\n| 1 | 2 |", "Đồng Tháp", "Thành uỷ", "\u0301", "\u200b", "\ufeff", "\u202e",
])


@st.composite
def markdown_bodies(draw) -> str:
    pieces = draw(st.lists(st.one_of(MARKDOWN_PIECES, st.text(ANY_CHARACTER.filter(
        lambda c: unicodedata.category(c) != "Cs" and c != "\x00"), max_size=20)), max_size=60))
    return "".join(pieces)


# ---- properties ---------------------------------------------------------------------------------

@PROPERTY
@given(front_matters())
def test_any_front_matter_builds_or_reports_file_and_line(data):
    build_one(data)


@PROPERTY
@given(markdown_bodies())
def test_any_markdown_body_builds_and_stays_safe(body):
    report, problems, published = build_one(article(title="Bài thử", body=body))
    if report is None:  # the only content error a body alone can cause: absurd nesting
        assert all("lồng nhau quá sâu" in p.message for p in problems), [p.format() for p in problems]
        return
    page = article_page(published)
    assert page.h1.get_text(strip=True) == "Bài thử"
    for frame in page.select("main iframe"):
        pytest.fail(f"iframe passed without any allowed host: {frame}")


PRINTABLE_TITLE = st.text(st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1,
                          max_size=80).filter(lambda t: t.strip())
HOSTILE_TITLE = st.one_of(PRINTABLE_TITLE, st.sampled_from([
    "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; alert(1); '", "{{ site.name }}",
    "{% raw %}x", "</title><script>x</script>", "]]></title>", "&amp; &lt;", "\\u2028 \\u2029", "</script>",
]).map(str))


@PROPERTY
@given(HOSTILE_TITLE)
def test_any_title_is_shown_as_written_never_interpreted(title):
    written = unicodedata.normalize("NFC", title).strip()
    quoted = json.dumps(title, ensure_ascii=False)
    report, problems, published = build_one(article(title=quoted, summary=quoted))
    if report is None:  # a title without any Latin letter or digit cannot make a slug: said on its line
        assert [(p.line, "slug" in p.message) for p in problems] == [(2, True)], [p.format() for p in problems]
        return
    assert report is not None, [p.format() for p in problems]
    page = article_page(published)
    assert page.h1.get_text() == written
    assert page.title.get_text().startswith(written)
    assert written in page.find("meta", attrs={"name": "description"})["content"]
    assert page.find("meta", attrs={"property": "og:title"})["content"] == written
    linked_data = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert written in [node.get("headline") for node in linked_data]
    for feed in ("rss.xml", "atom.xml", "tin-tuc/rss.xml"):
        titles = [e.text for e in ElementTree.fromstring(published[feed]).iter()
                  if e.tag.rpartition("}")[2] == "title"]
        assert written in titles, feed
    record = next(v for k, v in published.items() if k.startswith("search-records/tin-tuc/"))
    indexed = BeautifulSoup(record.decode("utf-8"), "html.parser")
    assert indexed.find(attrs={"data-pagefind-meta": "title"}).get_text() == fold_d(written)
    assert indexed.find("script") is None


@PROPERTY
@given(st.one_of(st.text(max_size=60), st.sampled_from(["../../etc", "/etc/passwd", "..", ".", "a/b", "a\\b",
                                                         "con", "%2e%2e", "index.html", "tin-tuc", "-a-", "a--b"])))
def test_any_slug_is_refused_or_stays_inside_public(slug):
    report, problems, published = build_one(article(slug=json.dumps(slug)))
    if report is None:
        assert [p.line for p in problems] == [5], [p.format() for p in problems]  # the slug line
        return
    page_names = [n for n in published if n.startswith("tin-tuc/") and n.endswith("/index.html")]
    assert f"tin-tuc/{slug.strip()}/index.html" in page_names


# ---- the classic attacks, by name ---------------------------------------------------------------

def _front(*lines: str, body: str = "Nội dung.\n") -> str:
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def test_nul_bytes_are_a_content_error_with_line():
    _, problems, _ = build_one(article(body="Dòng một.\n\nHai\x00ba").encode())
    assert [(p.line, "NUL" in p.message) for p in problems] == [(9, True)]


def test_lone_surrogates_in_bytes_and_in_yaml_escapes():
    _, problems, _ = build_one(article(body="Đoạn " + "\udcff").encode("utf-8", "surrogatepass"))
    assert problems[0].line == 7 and "UTF-8" in problems[0].message
    _, problems, _ = build_one(_front('title: "\\ud800 Tiêu đề"', "date: 19/04/2023", "category: Tin tức"))
    assert problems[0].line == 2


def test_very_long_line_and_ten_megabyte_file_build():
    long_line = "Một dòng rất dài " * 60000  # ~1 MB without a line break
    report, _, published = build_one(article(body=long_line))
    assert report is not None and "Một dòng rất dài" in article_page(published).main.get_text()
    ten_mb = ("Đoạn văn bản của bài viết dài. " * 40 + "\n\n") * 8500
    assert len(ten_mb.encode()) > 10_000_000
    report, _, published = build_one(article(body=ten_mb))
    assert report is not None


@pytest.mark.parametrize("body", [
    "".join("  " * depth + "- mục\n" for depth in range(1000)),
    "".join("    " * depth + "1. mục\n" for depth in range(300)),
    ">" * 1000 + " trích dẫn\n",
    "".join("> " * depth + "x\n" for depth in range(1, 200)),
])
def test_deeply_nested_lists_and_quotes_are_refused_with_line(body):
    _, problems, _ = build_one(article(body=body))
    assert len(problems) == 1 and "lồng nhau quá sâu" in problems[0].message
    assert problems[0].line >= 7  # in the body, not the front matter


def test_moderately_nested_lists_build():
    body = "".join("    " * depth + f"- mục cấp {depth}\n" for depth in range(20))
    report, _, published = build_one(article(body=body))
    items = [li for li in article_page(published).main.select("li") if li.get_text().startswith("mục cấp")]
    assert report is not None and len(items) == 20


def test_billion_laughs_fails_fast_with_a_clear_error():
    lines = ['a: &a ["ha","ha","ha","ha","ha","ha","ha","ha","ha"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(9)]
    started = time.monotonic()
    _, problems, _ = build_one(_front("title: Cười", *lines, "date: 19/04/2023", "category: Tin tức"))
    assert time.monotonic() - started < 5  # expanded, it would be 9^10 strings
    assert [p.line for p in problems] == [4]  # the first alias, on line 4 ("b: ... *a")
    assert "bí danh YAML" in problems[0].message


@pytest.mark.parametrize("lines, line, words", [
    (("title: Bài", "\tdate: 19/04/2023", "category: Tin tức"), 3, "Tab"),
    (("title: Bài", "date: 19/04/2023", "title: Bài khác", "category: Tin tức"), 4, "hai lần"),
    (("&k title: Bài", "*k : khác", "date: 19/04/2023", "category: Tin tức"), 2, "hai lần"),
    (("base: &b {title: x}", "<<: *b", "date: 19/04/2023", "category: Tin tức"), 3, "bí danh"),
    (("title: !!python/object/apply:os.system ['id']", "date: 19/04/2023", "category: Tin tức"), 2, "YAML"),
    (("title: Bài", "date: 19/04/2023", "category: Tin tức", "weight: " + "9" * 5000), 5, "con số"),
    (("title: Bài", "date: 0000-01-01", "category: Tin tức"), 3, "không đọc được ngày"),
    (("title: Bài", "date: 2023-04-19T08:30+99:99", "category: Tin tức"), 3, "không đọc được ngày"),
    (("title: " + "[" * 5000 + "]" * 5000, "date: 19/04/2023", "category: Tin tức"), 2, "YAML"),
])
def test_yaml_traps_are_content_errors_with_line(lines, line, words):
    _, problems, _ = build_one(_front(*lines))
    assert problems and problems[0].line == line and words in problems[0].format(), [p.format() for p in problems]


def test_a_bad_config_is_reported_not_raised(tmp_path):
    root = make_site(tmp_path / "site", {ARTICLE_PATH: article()}, config=MINIMAL_CONFIG + "\n[site\n")
    with pytest.raises(BuildFailed) as failure:
        build_site(BuildOptions(root=root, now=NOW))
    assert failure.value.problems[0].path == "site.toml" and failure.value.problems[0].line > 0


def test_real_search_index_carries_hostile_text_as_data():
    """The Pagefind binary itself: control characters do not break it, and titles stay text."""
    title = "<img src=x onerror=alert(1)> Đường \"ngoặc\" & </script>"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "SearchIndexing", REAL_SEARCH_INDEXING)
        report, problems, published = build_one(article(title=json.dumps(title, ensure_ascii=False),
                                                        body="Nội dung\x1b có ký tự \x07 điều khiển."))
    assert report is not None, [p.format() for p in problems]
    fragments = [json.loads(gzip.decompress(data)[len(b"pagefind_dcd"):])
                 for name, data in published.items() if name.startswith("pagefind/2023/fragment/")]
    article_fragment = next(f for f in fragments if f["url"].startswith("/tin-tuc/"))
    assert article_fragment["meta"]["title"] == fold_d(title)
    assert "\x1b" not in article_fragment["content"]
    assert fold_d("ký tự điều khiển") in article_fragment["content"]


def test_control_characters_become_spaces_with_a_warning_at_their_line():
    report, problems, published = build_one(article(title='"Tiêu\\a đề"', body="Dòng một.\n\nHai\x0bba\x1b.\n"))
    assert report is not None, [p.format() for p in problems]
    assert [(w.line, w.code) for w in report.warnings] == [(9, "control-character")]
    page = article_page(published)
    assert page.h1.get_text() == "Tiêu  đề"  # the bell became a space
    assert "Hai ba ." in page.main.get_text()
