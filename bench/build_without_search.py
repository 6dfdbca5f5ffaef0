"""`build.py` with the search index left out, for the bench's "cold build without search" line.

The issue counts search indexing apart from the cold build, and Hugo's site
has no search: this builds everything else exactly as `build.py` does, with
Pagefind never started. (Subtracting the search steps from a normal build's
time is not the same: Pagefind runs while the pages render and slows them.)
Only for measuring: the site it writes has no search index.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitegen import pipeline  # noqa: E402
from sitegen.cli import main  # noqa: E402


class NoSearchIndex:
    """Stands in for pipeline.SearchIndexing: no Pagefind run, an empty bundle."""

    def __init__(self, records, language):
        pass

    def result(self, cancel=None) -> dict[str, bytes]:
        return {}

    def close(self) -> None:
        pass


if __name__ == "__main__":
    pipeline.SearchIndexing = NoSearchIndex
    sys.exit(main())
