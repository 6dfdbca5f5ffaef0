"""Which search bundles the site has and what goes in each: the plan, not the indexing.

The search page (pages.py) lists the bundles to load, the sitemap and robots.txt
name the bundle folder, and search/ indexes each bundle: all three read this plan,
so it sits with the page plan, below the indexer.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .model import Article, SiteModel, StaticPage
from .register import OfficialDocument

SEARCH_PATH = "tim-kiem"
BUNDLE_DIR = "pagefind"

# Pagefind holds about 200 KB per record while it indexes (measured: 2.2 GB for 10,000): a bundle of
# at most 2,000 records keeps one Pagefind near 400 MB and an edit's re-indexing near 2.5 s. A city
# publishing fewer than 2,000 articles a year (20,000 in ten years) keeps one bundle per year.
MAX_BUNDLE_RECORDS = 2000
# A document's record is small (its trích yếu, issuer, signer and number): Pagefind holds about 53 KB
# for each (267 MB for 5,000 in one bundle, measured with /usr/bin/time). Runs of whole years of at
# most 2,000 documents keep one Pagefind near 110 MB, less than the bundle of a year of articles
# takes on a 10,000-article site (about 160 MB).
MAX_DOCUMENT_BUNDLE_RECORDS = 2000
DOCUMENTS_BUNDLE = "van-ban"  # pagefind/van-ban-2016/: the documents of a run of years (shard_sources)


@dataclass(frozen=True, eq=False)
class RegisterVocabulary:
    """Every word of the register's documents, as one hidden record in each documents' bundle
    (search/index.py makes it, with a filter search.js leaves out of every search).

    Why: Pagefind answers a query word that a bundle does not hold with the longest word of that
    bundle the query word starts with, or drops it. With the register split by years, the bundles
    of other years answered "qd ubnd 12 2024" and "QĐ-UBND 12" with their documents matching
    "qd ubnd 12", and "kế hoạch" with those holding "hộ" (tests/test_register_browser.py), ranked
    by their own statistics, sometimes above the document itself. With the whole register's words in
    every documents' bundle, a word is in that bundle's documents or in this record alone, which is
    never shown: a search of the documents finds what one bundle of them all would."""

    documents: tuple[OfficialDocument, ...]  # the whole register
    # The words of the last builds, by what they are made from (a cache.ValueStore, or None): an
    # article edit then reads them back instead of taking every document's text apart again.
    memo: Any = field(default=None, repr=False)
    url = f"{DOCUMENTS_BUNDLE}/tu-vung/"        # one in each bundle: an address need only be unique in its bundle


def shard_sources(model: SiteModel, vocabulary_memo: Any = None
                  ) -> dict[str, tuple[Article | StaticPage | OfficialDocument | RegisterVocabulary, ...]]:
    """What each bundle's records are made from, newest bundle first: articles by year of
    publication (or run of months, `dated_bundles`); static pages go with the newest bundle (in a
    bundle "trang" when no article is published); the documents of the register in bundles of their
    own, last, by runs of years (`document_bundles`), each with the register's `RegisterVocabulary`.
    The build fingerprints what the records are made from (`record_inputs`), not the records."""
    bundles = dated_bundles([article.date for article in model.articles])
    keys = sorted(set(bundles), reverse=True) or (["trang"] if model.pages else [])  # "2023-07" > "2022"
    sources: dict[str, list] = {key: [] for key in keys}
    for article, key in zip(model.articles, bundles):
        sources[key].append(article)
    if keys:
        sources[keys[0]].extend(model.pages)
    documents = model.register.documents
    runs = document_bundles([document.date for document in documents])
    vocabulary = RegisterVocabulary(documents, vocabulary_memo)  # one object in every bundle: its words are made once (search/)
    for run in sorted(set(runs), reverse=True):
        sources[run] = []
    for document, run in zip(documents, runs):
        sources[run].append(document)
    for run in set(runs):
        sources[run].append(vocabulary)
    return {key: tuple(items) for key, items in sources.items()}


def shard_keys(model: SiteModel) -> list[str]:
    """The bundles' names (folders under pagefind/), newest first; [] when nothing is published."""
    return list(shard_sources(model))


def dated_bundles(dates: list, limit: int | None = None) -> list[str]:
    """Each dated record's bundle, in the given order: its year ("2023"); in a year with more than
    `limit` (MAX_BUNDLE_RECORDS) records, the first month of its run of months ("2023-07"). Months
    are packed in calendar order, so an edit that adds no record moves no boundary."""
    limit = MAX_BUNDLE_RECORDS if limit is None else limit
    per_month = Counter((moment.year, moment.month) for moment in dates)
    per_year = Counter(moment.year for moment in dates)
    key_of_month: dict[tuple[int, int], str] = {}
    for year in per_year:
        if per_year[year] <= limit:
            key_of_month.update({(year, month): str(year) for month in range(1, 13)})
            continue
        key, size = "", 0
        for month in range(1, 13):
            count = per_month[(year, month)]
            if not key or size + count > limit:
                key, size = f"{year}-{month:02d}", 0
            size += count
            key_of_month[(year, month)] = key
    return [key_of_month[(moment.year, moment.month)] for moment in dates]


def document_bundles(dates: list) -> list[str]:
    """Each document's bundle, in the given order: "van-ban-" and the first year of its run of whole
    years. The register is cut into as few runs as MAX_DOCUMENT_BUNDLE_RECORDS allows, of about
    equal size: a run that has just started, small, would rank its documents by the statistics of a
    few (Pagefind scores each bundle apart), below the articles citing them. A year with more
    documents than a run holds stands alone, in runs of months ("van-ban-2023-07"), as a year of
    articles does. (Every new number re-makes every documents' bundle anyway: RegisterVocabulary.)"""
    spans = dated_bundles(dates, MAX_DOCUMENT_BUNDLE_RECORDS)  # "2023", or "2023-07" in a big year
    sizes = Counter(spans)
    target = len(dates) / max(1, math.ceil(len(dates) / MAX_DOCUMENT_BUNDLE_RECORDS))
    run_of: dict[str, str] = {}
    run, size = "", 0
    for span in sorted(sizes):  # "2022" < "2023-01" < "2023-07" < "2024"
        whole_years = "-" not in span and "-" not in run
        if not run or not whole_years or size >= target or size + sizes[span] > MAX_DOCUMENT_BUNDLE_RECORDS:
            run, size = span, 0
        size += sizes[span]
        run_of[span] = run
    return [f"{DOCUMENTS_BUNDLE}-{run_of[span]}" for span in spans]
