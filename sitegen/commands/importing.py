"""`build.py import`: the editor's side of the importer (sitegen/importer/): check the
arguments, run it with a progress line on a terminal, print what it did and what went wrong."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from ..common.errors import BuildFailed
from ..common.progress import Progress
from ..importer.categories import CategoryMapError, read_category_map
from ..importer.run import ImportOptions, import_articles
from ..importer.sources import missing_sources
from ..importer.summary import describe
from ..source.config import load_config


def import_sources(root: Path, sources: list[str], dry_run: bool = False, update: bool = False,
                   category_map: Path | None = None, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Exit status: 0 every article imported (or already there), 1 an article skipped, 2 nothing could start."""
    missing = missing_sources(sources)
    if missing:
        for source in missing:
            print(f"{source}: lỗi: không có tệp hay thư mục này. Kiểm tra đường dẫn (đặt trong ngoặc kép nếu có "
                  "dấu cách), hoặc viết đầy đủ http:// hay https:// cho một địa chỉ web.", file=err)
        return 2
    try:
        config = load_config(root)
        mapping = read_category_map(category_map) if category_map else None
        with Progress(err) as progress:
            report = import_articles(ImportOptions(root=root, sources=tuple(sources), dry_run=dry_run,
                                                   update=update, category_map=mapping), config, progress)
    except BuildFailed as failure:
        for problem in failure.problems:
            print(problem.format(), file=err)
        return 2
    except CategoryMapError as error:
        print(f"lỗi: {error}", file=err)
        return 2
    for problem in report.problems.errors + report.problems.warnings:
        print(problem.format(), file=err)
    print(describe(report), file=out)
    return report.exit_status
