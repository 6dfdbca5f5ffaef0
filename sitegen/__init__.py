"""The site generator: files on disk → a static site in `public/`.

Subpackages, lowest first; a module imports only from its own subpackage or
from lower ones (tests/test_layout.py reads the imports and enforces it):

    common/       plumbing that knows nothing of the site: problems, processes, files
    text/         Vietnamese text: NFC, slugs, folding, dates, sorting, typing slips
    incremental/  what changed since the last build: hashes, stores, memory, trash
    source/       site.toml and content/: decoding, front matter, Markdown to safe HTML
    media/        photos and attachments: find, process, cache
    site/         the pure model and the page plan: articles, pages, URLs, search bundles
    search/       the Pagefind index, built from the model
    output/       Jinja, rendering, feeds, sitemap, assets, CSP, the staging writer

and the thin top: `pipeline.py` (the build, step by step), `commands/` (each a
user's task: serve, check, new) and `cli.py` (the command line).
"""
