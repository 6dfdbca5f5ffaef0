"""The bench's "cold build without search indexing": `build.py build` with the search index left out.

The issue counts search indexing apart from the cold build, and Hugo's site
has no search: this builds everything else exactly as `build.py build` does
(`BuildOptions(index_search=False)`, as `check` uses). Subtracting the
search steps from a normal build's time is not the same: Pagefind runs while
the pages render and slows them. Only for measuring: the site it writes has
no search index.

    python bench/build_without_search.py SITE_FOLDER
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen.pipeline import BuildOptions, build_site  # noqa: E402

if __name__ == "__main__":
    report = build_site(BuildOptions(root=Path(sys.argv[1]).resolve(), index_search=False))
    print(f"{report.pages} pages, {report.articles} articles, {report.files} files")
