"""Which search bundles the site has and what goes in each: the plan, not the indexing.

The search page (pages.py) lists the bundles to load, the sitemap and robots.txt
name the bundle folder, and search/ indexes each bundle: all three read this plan,
so it sits with the page plan, below the indexer.
"""

from __future__ import annotations

from collections import Counter

from .model import Article, SiteModel, StaticPage
from .register import OfficialDocument

SEARCH_PATH = "tim-kiem"
BUNDLE_DIR = "pagefind"

# Pagefind holds about 200 KB per record while it indexes (measured: 2.2 GB for 10,000): a bundle of
# at most 2,000 records keeps one Pagefind near 400 MB and an edit's re-indexing near 2.5 s. A city
# publishing fewer than 2,000 articles a year (20,000 in ten years) keeps one bundle per year.
MAX_BUNDLE_RECORDS = 2000
DOCUMENTS_BUNDLE = "van-ban"  # pagefind/van-ban/: every document of the register (shard_sources)


def shard_sources(model: SiteModel) -> dict[str, tuple[Article | StaticPage | OfficialDocument, ...]]:
    """What each bundle's records are made from, newest bundle first: articles by year of
    publication (or run of months, `dated_bundles`); static pages go with the newest bundle (in a
    bundle "trang" when no article is published); the documents of the register in a bundle of
    their own, last. The build fingerprints what the records are made from (`record_inputs`), not
    the records.

    Why one bundle for the documents: Pagefind ignores a query word that matches nothing in a
    bundle, so a bundle per year answered "qd ubnd 12 2024" in the years without "2024" with
    documents matching "qd ubnd 12", ranked by that bundle's own statistics, sometimes above
    12/2024/QĐ-UBND itself (bench/search_bench.py --documents). In one bundle every part of every
    number is known, so only documents with all of them match. A document's record is a tenth
    of an article's (its summary and notes), so 5,000 of them cost Pagefind what 500 articles do."""
    bundles = dated_bundles([article.date for article in model.articles])
    keys = sorted(set(bundles), reverse=True) or (["trang"] if model.pages else [])  # "2023-07" > "2022"
    sources: dict[str, list] = {key: [] for key in keys}
    for article, key in zip(model.articles, bundles):
        sources[key].append(article)
    if keys:
        sources[keys[0]].extend(model.pages)
    if model.register.documents:
        sources[DOCUMENTS_BUNDLE] = list(model.register.documents)
    return {key: tuple(items) for key, items in sources.items()}


def shard_keys(model: SiteModel) -> list[str]:
    """The bundles' names (folders under pagefind/), newest first; [] when nothing is published."""
    return list(shard_sources(model))


def dated_bundles(dates: list) -> list[str]:
    """Each dated record's bundle, in the given order: its year ("2023"); in a year with more than
    MAX_BUNDLE_RECORDS records, the first month of its run of months ("2023-07"). Months are
    packed in calendar order, so an edit that adds no record moves no boundary."""
    per_month = Counter((moment.year, moment.month) for moment in dates)
    per_year = Counter(moment.year for moment in dates)
    key_of_month: dict[tuple[int, int], str] = {}
    for year in per_year:
        if per_year[year] <= MAX_BUNDLE_RECORDS:
            key_of_month.update({(year, month): str(year) for month in range(1, 13)})
            continue
        key, size = "", 0
        for month in range(1, 13):
            count = per_month[(year, month)]
            if not key or size + count > MAX_BUNDLE_RECORDS:
                key, size = f"{year}-{month:02d}", 0
            size += count
            key_of_month[(year, month)] = key
    return [key_of_month[(moment.year, moment.month)] for moment in dates]
