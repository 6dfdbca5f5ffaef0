"""The editor's guide explains every error message; the CI examples check every change, rebuild
daily and keep the cache; no link in the README or the docs is broken."""

import ast
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO

GUIDE = REPO / "docs" / "huong-dan-bien-tap.md"
MESSAGE_MODULES = ["source/content.py", "source/config.py", "output/templates.py", "site/pages.py",
                   "output/redirects.py", "importer/run.py", "source/official_fields.py", "source/document_types.py",
                   "site/register.py"]


def message_fragments(module: str) -> list[str]:
    """The fixed words of each editor-facing message (the parts of the f-string between its values)."""
    tree = ast.parse((REPO / "sitegen" / module).read_text(encoding="utf-8"))
    fragments = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        # report(key, message, hint): official_fields.py's reader, the line found from the key
        if name not in ("error", "warning", "Problem", "_FrontMatterError", "report") or len(node.args) < 3:
            continue
        message = node.args[1] if name in ("_FrontMatterError", "report") else node.args[2]
        parts = message.values if isinstance(message, ast.JoinedStr) else [message]
        for part in parts:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                text = part.value.strip(" .\"():")
                if len(text) >= 8:
                    fragments.append(text)
    return fragments


@pytest.mark.parametrize("module", MESSAGE_MODULES)
def test_guide_explains_every_error_message(module):
    guide = GUIDE.read_text(encoding="utf-8")
    fragments = message_fragments(module)
    assert fragments, f"no messages found in {module}"
    missing = [fragment for fragment in fragments if fragment not in guide]
    assert missing == [], f"messages of sitegen/{module} not explained in {GUIDE.name}"


def test_organisation_guide_explains_every_message_of_to_chuc_toml():
    guide = (REPO / "docs" / "to-chuc.md").read_text(encoding="utf-8")
    fragments = message_fragments("source/organisation.py")
    assert len(fragments) > 10
    assert [fragment for fragment in fragments if fragment not in guide] == []


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_examples_check_every_change_and_rebuild_daily(name):
    text = (REPO / "docs" / "ci" / name).read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    commands = yaml.safe_dump(workflow, allow_unicode=True)
    assert "make check" in commands and "make build" in commands
    if name == "github-actions.yml":
        triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
        assert "push" in triggers and "pull_request" in triggers
        (schedule,) = triggers["schedule"]
        minute, hour, day, month, weekday = schedule["cron"].split()
        assert (day, month, weekday) == ("*", "*", "*")
    else:
        assert "schedule" in text and "Pipeline schedules" in text
    assert "SOURCE_DATE_EPOCH" in text  # warned against: it would freeze which scheduled articles are due


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_examples_keep_the_build_cache_between_runs(name):
    """The nightly build is incremental: .cache/ and public/ come back from the last run."""
    workflow = yaml.safe_load((REPO / "docs" / "ci" / name).read_text(encoding="utf-8"))
    if name == "github-actions.yml":
        (cache,) = [step for step in workflow["jobs"]["build"]["steps"]
                    if step.get("uses", "").startswith("actions/cache@")]
        paths = cache["with"]["path"].split()
        assert cache["with"]["restore-keys"] and cache["with"]["key"] != cache["with"]["restore-keys"]
    else:
        paths = [path.rstrip("/") for path in workflow["cache"]["paths"]]
    assert {".cache", "public"} <= set(paths)


# --- no broken link in README.md and docs/ ---------------------------------------------------------

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, each space a hyphen;
    letters of any script (Vietnamese with its marks), digits, `_` and `-` kept."""
    kept = "".join(character for character in heading.strip().lower()
                   if character in " -_" or unicodedata.category(character)[0] in "LMN")
    return kept.replace(" ", "-")


def rendered(path: Path) -> BeautifulSoup:
    """The document as a reader sees it: links inside code blocks and code spans are examples, not links."""
    html = markdown.markdown(path.read_text(encoding="utf-8"), extensions=["extra"])
    return BeautifulSoup(html, "html.parser")


def anchors_of(path: Path) -> set[str]:
    """Every `#anchor` a link into this Markdown file may use: its headings (a repeated heading
    gets -1, -2… as on GitHub) and explicit id/name attributes."""
    page = rendered(path)
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for heading in page.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
        anchor = github_anchor(heading.get_text())
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    for element in page.find_all(attrs={"id": True}):
        anchors.add(element["id"])
    for element in page.find_all("a", attrs={"name": True}):
        anchors.add(element["name"])
    return anchors


def broken_links(path: Path, repository: Path) -> list[str]:
    """Each relative link of a Markdown file that names no file of the repository, or a heading
    its target does not have: "file: link (why)"."""
    problems = []
    for element in rendered(path).find_all(["a", "img"]):
        link = element.get("href") if element.name == "a" else element.get("src")
        if not link:
            continue
        parts = urlsplit(link)
        if parts.scheme or link.startswith("//"):
            continue  # another site: not ours to check
        where = path.relative_to(repository).as_posix()
        if parts.path:
            base = repository if parts.path.startswith("/") else path.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if not target.is_relative_to(repository.resolve()) or not target.exists():
                problems.append(f"{where}: {link} (no such file in the repository)")
                continue
        else:
            target = path
        if parts.fragment and target.suffix == ".md" and unquote(parts.fragment) not in anchors_of(target):
            problems.append(f"{where}: {link} (no heading #{parts.fragment} in {target.name})")
    return problems


def test_no_link_in_the_readme_or_the_docs_is_broken():
    assert len(DOCUMENTS) >= 8 and (REPO / "docs" / "developers.md") in DOCUMENTS
    broken = [problem for document in DOCUMENTS for problem in broken_links(document, REPO)]
    assert broken == []


def test_every_reader_is_sent_on_from_the_readme():
    readme = rendered(REPO / "README.md")
    linked = {link["href"].split("#")[0] for link in readme.find_all("a", href=True)}
    for document in ["docs/huong-dan-bien-tap.md", "docs/it-officer.md", "docs/developers.md",
                     "docs/trien-khai.md", "docs/security.md"]:
        assert document in linked
    assert len((REPO / "README.md").read_bytes()) <= 11_000  # a short README that sends you on


@pytest.mark.parametrize("heading, anchor", [
    ("Never a half-written `public/`", "never-a-half-written-public"),
    ("Theme (templates/ and assets/)", "theme-templates-and-assets"),
    ("Sitemap and robots.txt", "sitemap-and-robotstxt"),
    ("After a kill: `.cache/`, the journal and the trash", "after-a-kill-cache-the-journal-and-the-trash"),
    ("9. Thông báo lỗi và cách sửa", "9-thông-báo-lỗi-và-cách-sửa"),
    ("Tệp cấu hình `site.toml` (thường do bộ phận kỹ thuật sửa)",
     "tệp-cấu-hình-sitetoml-thường-do-bộ-phận-kỹ-thuật-sửa"),
])
def test_anchors_follow_github(heading, anchor):
    assert github_anchor(BeautifulSoup(markdown.markdown(f"## {heading}"), "html.parser").get_text()) == anchor


def test_a_broken_link_or_anchor_is_found(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# Ảnh và tệp\n\n## Đặt ảnh ở đâu\n", encoding="utf-8")
    (tmp_path / "README.md").write_text(
        "[ok](docs/a.md#đặt-ảnh-ở-đâu) [ok](#tiêu-đề) [web](https://example.gov.vn/x)\n"
        "[missing](docs/b.md) [bad anchor](docs/a.md#dat-anh-o-dau) [outside](../x.md)\n\n"
        "`[code](not-a-link.md)`\n\n```\n[example](nor-this.md)\n```\n\n# Tiêu đề\n", encoding="utf-8")
    assert broken_links(tmp_path / "README.md", tmp_path) == [
        "README.md: docs/b.md (no such file in the repository)",
        "README.md: docs/a.md#dat-anh-o-dau (no heading #dat-anh-o-dau in a.md)",
        "README.md: ../x.md (no such file in the repository)",
    ]
