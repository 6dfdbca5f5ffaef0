#!/usr/bin/env python3
"""A/B: the same corpus with and without the documents register, builds interleaved.

    .venv/bin/python bench/documents_ab.py [RUNS]

Uses the corpus `bench/run.py --sizes 10000 --documents 5000` generated
(bench/sites/10000-5000d/ours) and a copy of it without content/van-ban/ and [documents]
(made here, in bench/sites/10000-5000d/nodocs). Both are built once, then a no-change rebuild
and a one-article edit are alternated between them, so both see the same load on a busy machine.
Prints medians and the peak memory of the process tree (bench/run.py's measure). No assertion.
"""

import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import PYTHON, REPO, SITES, Site, edit_article, measure  # noqa: E402

WITH = SITES / "10000-5000d" / "ours"
WITHOUT = SITES / "10000-5000d" / "nodocs"


def without_documents() -> Path:
    if not WITHOUT.exists():
        WITHOUT.mkdir(parents=True)
        for name in ("content", "templates"):
            shutil.copytree(WITH / name, WITHOUT / name)
        shutil.rmtree(WITHOUT / "content" / "van-ban")
        config = (WITH / "site.toml").read_text(encoding="utf-8")
        (WITHOUT / "site.toml").write_text(config[:config.index("[documents]")], encoding="utf-8")
    return WITHOUT


def build(folder: Path) -> tuple[float, int, int]:
    wall, (rss, pss), _output = measure([PYTHON, str(REPO / "build.py"), "build", "--root", str(folder)], REPO)
    return wall, rss >> 20, pss >> 20


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    if not WITH.exists():
        print("generate the corpus first: python bench/run.py --sizes 10000 --documents 5000 --runs 1", file=sys.stderr)
        return 2
    sites = {"with 5,000 documents": WITH, "without documents": without_documents()}
    for name, folder in sites.items():
        print(name, "first build (s, peak RSS MB, PSS MB):", build(folder), flush=True)
    results = {name: {"no-change": [], "one-article": []} for name in sites}
    for run in range(runs):
        for name, folder in sites.items():
            results[name]["no-change"].append(build(folder))
            edit_article(Site("ours", folder, [], []), 200 + run)
            results[name]["one-article"].append(build(folder))
    for name, steps in results.items():
        for step, found in steps.items():
            print(f"{name:22} {step:12} median {statistics.median(r[0] for r in found):.2f} s  "
                  f"runs {[round(r[0], 2) for r in found]}  peak RSS/PSS {max(r[1] for r in found)}/"
                  f"{max(r[2] for r in found)} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
