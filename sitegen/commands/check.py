"""`python build.py check`: everything a build checks, without touching `public/`, and more.

1. The build's own checks (site.toml, front matter, URL collisions, templates):
   the site is built into a throw-away folder, so templates are rendered and
   every output another step adds (feeds, images, attachments…) exists there.
2. Internal links and image/attachment paths that lead to no file of that build.
3. Duplicate titles (the two tone-mark placements count as the same title).
4. Articles without a summary.
5. Vietnamese typing slips (see typography.py).

Exit status: 0 clean, 1 errors (`--strict`: warnings count as errors).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from ..source.content import ARTICLE, is_english_source, load_documents
from ..common.errors import ERROR, WARNING, BuildFailed, Problem, Problems
from ..common.parallel import parallel_map
from ..common.progress import SILENT, Progress
from ..pipeline import BuildOptions, build_site, prepare_site
from ..text.typography import check_typography
from ..text.vietnamese import fold_tone_placement

_SEVERITY_ORDER = {ERROR: 0, WARNING: 1}


def check_site(root: Path, progress: Progress = SILENT) -> list[Problem]:
    """Every problem found in the site at root, errors and warnings, sorted by file, line and column."""
    root = root.resolve()
    options = BuildOptions(root=root, progress=progress)
    try:
        prepared = prepare_site(options)
    except BuildFailed as failure:  # site.toml is wrong: nothing else can be read
        return sort_problems(failure.problems + typography_problems(root))
    problems = Problems()
    problems.extend(prepared.problems)
    if not prepared.problems.errors:
        problems.extend(build_and_check_links(options, prepared.model))
    progress.step("Kiểm tra tiêu đề trùng, tóm tắt, chính tả")
    documents, _ = load_documents(root, prepared.config)
    problems.extend(duplicate_titles(documents, root))
    problems.extend(missing_summaries(documents))
    problems.extend(typography_problems(root))
    return sort_problems(problems.items)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    unique = dict.fromkeys(problems)  # the same warning from two steps is shown once
    return sorted(unique, key=lambda p: (p.path, p.line, p.column, _SEVERITY_ORDER[p.severity], p.message))


def build_and_check_links(options: BuildOptions, model) -> list[Problem]:
    """Build into a temporary folder (template errors surface here), then follow every internal link."""
    scratch = Path(tempfile.mkdtemp(prefix="sitegen-check-"))
    try:
        output = scratch / "site"
        try:
            # The bodies rendered for the check above are in the document cache; nothing is kept
            # about this folder. No search index: no link leads into it, and Pagefind would take
            # most of the time and memory.
            build_site(BuildOptions(root=options.root, output=output, scratch_output=True, index_search=False,
                                    progress=options.progress))
        except BuildFailed as failure:
            return list(failure.problems)
        options.progress.step("Kiểm tra liên kết")
        return broken_links(model, output, options.root)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


class _LinkCollector(HTMLParser):
    """(attribute, URL) of every link, image and embedded file in an HTML fragment."""

    ATTRIBUTES = {"a": "href", "img": "src", "source": "src", "video": "src", "audio": "src",
                  "iframe": "src", "embed": "src", "object": "data", "link": "href"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        wanted = self.ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.links.append((tag, value))


def broken_links(model, output: Path, root: Path) -> list[Problem]:
    """A warning for each link or image in an article or page body that points to no built file."""
    site = model.config.site
    problems = []
    for item in (*model.articles, *model.pages):
        collector = _LinkCollector()
        collector.feed(item.html)
        page_path = site.base_path + item.url
        for tag, url in collector.links:
            target = site_relative(url, page_path, site.base_url, site.base_path)
            if target is None or target_exists(output, target):
                continue
            line, column = locate(root / item.source, url, site.base_path)
            what = "hình ảnh" if tag == "img" else ("tệp" if tag != "a" else "liên kết")
            problems.append(Problem(item.source, line,
                                    f"{what} \"{url}\" dẫn tới trang hoặc tệp không có trong trang đã dựng.",
                                    "Kiểm tra lại đường dẫn (chữ thường, không dấu, có dấu / ở cuối địa chỉ trang) "
                                    "hoặc thêm tệp còn thiếu.", WARNING, column=column, code="broken-link"))
    return problems


def site_relative(url: str, page_path: str, base_url: str, base_path: str) -> str | None:
    """The site-relative path a link points to, "" for the home page; None for external links."""
    parts = urlsplit(url)
    if url.startswith("#") or parts.scheme in ("mailto", "tel", "data", "javascript"):
        return None
    if parts.scheme or parts.netloc:
        if not url.startswith(base_url):
            return None  # another site: not ours to check
        parts = urlsplit(url[len(base_url) - len(base_path):])
    absolute = urljoin(page_path, parts.path) if parts.path else page_path
    if not absolute.startswith(base_path):
        return "../" + absolute  # leaves the site: never exists
    return unquote(absolute[len(base_path):])


def target_exists(output: Path, target: str) -> bool:
    if any(part == ".." for part in PurePosixPath(target).parts):
        return False
    path = output / target if target else output
    return path.is_file() or (path.is_dir() and (path / "index.html").is_file())


def locate(path: Path, url: str, base_path: str) -> tuple[int, int]:
    """Line and column of a URL in the source file (Markdown writes it without the base path)."""
    written = [url]
    if base_path != "/" and url.startswith(base_path):
        written.append("/" + url[len(base_path):])
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0, 0
    for number, line in enumerate(lines, start=1):
        for text in written:
            index = line.find(text)
            if index >= 0:
                return number, index + 1
    return 0, 0


def line_of_key(path: Path, key: str) -> int:
    """The line of `key:` in a file's front matter (1 when not found)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, start=1) if line.startswith(f"{key}:")), 1)


def duplicate_titles(documents, root: Path) -> list[Problem]:
    """A warning on each later file whose title equals an earlier one ("Thành uỷ" = "Thành ủy")."""
    first: dict[str, str] = {}
    problems = []
    for document in documents:
        key = " ".join(fold_tone_placement(document.title).split())
        if key in first:
            problems.append(Problem(document.source, line_of_key(root / document.source, "title"), f"tiêu đề \"{document.title}\" trùng với bài {first[key]}.",
                                    "Người đọc sẽ khó phân biệt hai bài: đổi tiêu đề của một bài.",
                                    WARNING, code="duplicate-title"))
        else:
            first[key] = document.source
    return problems


def missing_summaries(documents) -> list[Problem]:
    return [Problem(d.source, 1, "bài chưa có tóm tắt (summary).",
                    "Thêm dòng summary: … (một, hai câu) vào phần đầu bài; nếu để trống, trang danh sách và "
                    "mạng xã hội lấy đoạn đầu của bài, có thể bị cắt giữa câu.", WARNING, code="missing-summary")
            for d in documents if d.kind == ARTICLE and not d.summary]


def typography_problems(root: Path) -> list[Problem]:
    """Typing slips in every Vietnamese Markdown file (not the English pages of content/en/), read
    as bytes (loading normalises to NFC, hiding NFD); on every core (about 2.7 ms a file)."""
    paths = [path for path in sorted((root / "content").rglob("*"))
             # the build itself reports links out of content/ and non-Markdown files
             if path.suffix.lower() == ".md" and not path.is_symlink() and path.is_file()
             and not is_english_source(path.relative_to(root).as_posix())]
    return [problem for found in parallel_map(lambda path: _file_typography(path, root), paths)
            for problem in found]


def _file_typography(path: Path, root: Path) -> list[Problem]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # the build's own checks already report the encoding
    return check_typography(text, path.relative_to(root).as_posix())


def exit_status(problems: list[Problem], strict: bool = False) -> int:
    failing = [p for p in problems if p.severity == ERROR or strict]
    return 1 if failing else 0


def report_text(problems: list[Problem], strict: bool = False) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    lines = [p.format() for p in problems]
    if not problems:
        lines.append("Không thấy lỗi hay cảnh báo nào.")
    else:
        lines.append(f"\nCó {errors} lỗi và {warnings} cảnh báo."
                     + (" Chế độ --strict: cảnh báo cũng tính là lỗi." if strict and warnings else ""))
        if errors:
            lines.append("Các lỗi làm trang không dựng được: sửa chúng trước khi đăng.")
    return "\n".join(lines)


def report_json(problems: list[Problem], strict: bool = False) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    return json.dumps({"ok": exit_status(problems, strict) == 0, "strict": strict, "errors": errors,
                       "warnings": len(problems) - errors, "problems": [p.as_dict() for p in problems]},
                      ensure_ascii=False, indent=2)
