"""The preview shows an edited article at once, before the rest of the site is rebuilt.

Most saves change one article's text. Its page can be rendered in a few
milliseconds from the last build's model; the full rebuild (listings, feeds,
archives: a second or more at 10,000 articles) follows, and the preview
reloads the tab a second time only if it changed something else. Hugo's
server does the same ("fast render").

The page is exactly what the full rebuild makes of it, or it is not shown
early: the shortcut is taken only when the save changed one article and
nothing that decides where the article stands among the others (address,
date, category, tags, draft or scheduled state; the title too when another
article has the same date, as titles order those), when the file reads
without any error or warning, and when its photos and attachments are ones
the last build already published. Anything else waits for the full rebuild,
which reports problems as usual. A new title shows at once on the article's
own page; its neighbours and the listings show it after the full rebuild.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..source.config import Config
from ..source.content import ARTICLE, parse_document, read_file
from ..common.errors import Problems
from ..media.image_cache import ImageCache
from ..source.markdown import render_document
from ..media.media import MediaSource, publish_media
from ..site.model import Article, SiteModel, make_article
from ..site.pages import PageSpec
from .templates import render_page
from ..common.files import write_atomically
from .writer import lock_output

# What places an article among the others: neighbours, related articles and listings depend on it.
# (The title as well, but only among articles of the same date: see `_keeps_its_place`.)
PLACING_FIELDS = ("source", "url", "date", "category", "tags", "draft", "scheduled")


@dataclass(frozen=True)
class LastBuild:
    """What the last successful preview build made, kept in memory.BuildMemory."""

    config: Config
    model: SiteModel
    article_specs: dict[str, PageSpec]   # article source → its page
    environment: Any                     # the Jinja environment it rendered with
    media_files: dict[str, Path]         # published photos and attachments
    image_cache: ImageCache


@dataclass(frozen=True)
class EarlyPage:
    """An edited article's page, written into the preview before the full rebuild."""

    source: str
    output_path: str
    data: bytes
    seconds: float = 0.0


def show_edited_article(last: LastBuild, root: Path, output_dir: Path, changed: frozenset[Path],
                        now: datetime) -> EarlyPage | None:
    """Render and write the page of the one article `changed` holds; None when the save needs
    the full rebuild first (see the module's docstring)."""
    if len(changed) != 1:
        return None
    path = Path(next(iter(changed)))
    try:
        display = "content/" + path.relative_to(root / "content").as_posix()
    except ValueError:
        return None
    spec = last.article_specs.get(display)
    old = spec.context["article"] if spec is not None else None
    if old is None or path.suffix.lower() != ".md" or not path.is_file():
        return None
    article = _article_from_file(last, root, path, display, old.url, now)
    if article is None or not _keeps_its_place(article, old, last.model):
        return None
    page = dataclasses.replace(spec, context={**spec.context, "article": article})
    try:
        data = render_page(last.environment, page)
    except Exception:  # noqa: BLE001 - the full rebuild reports template errors with their line
        return None
    try:
        _replace_file(output_dir, page.output_path, data)
    except OSError:  # the preview folder was removed by hand, a disk full: the full rebuild copes
        return None
    return EarlyPage(display, page.output_path, data)


def _keeps_its_place(article: Article, old: Article, model: SiteModel) -> bool:
    """Whether the edited article stands where it stood: same placing fields, and a new title only
    when no other article has its date (model._newest_first orders those by title)."""
    if any(getattr(article, name) != getattr(old, name) for name in PLACING_FIELDS):
        return False
    return article.title == old.title or not any(other.date == old.date and other is not old
                                                  for other in model.articles)


def _article_from_file(last: LastBuild, root: Path, path: Path, display: str, url: str,
                       now: datetime) -> Article | None:
    config = last.config
    problems = Problems()
    document = parse_document(read_file(str(path)), display, ARTICLE, config, problems)
    if document is None or problems.items:
        return None
    body = render_document(document, config, problems)
    if problems.items:
        return None
    media = publish_media(root, [MediaSource(document, body, url)], last.image_cache, config.site.base_path)
    if media.problems.items or any(last.media_files.get(name) != source for name, source in media.files.items()):
        return None
    is_future = document.date is not None and document.date > now
    return make_article(config, document, body, is_future, media.documents[display])


def _replace_file(output_dir: Path, relative: str, data: bytes) -> None:
    """Swap the file in whole (a request never reads half of it), under the builds' lock."""
    lock = lock_output(output_dir)
    try:
        write_atomically(output_dir.joinpath(*relative.split("/")), data)
    finally:
        lock.close()
