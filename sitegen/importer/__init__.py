"""`build.py import`: bring an old portal's articles into `content/` as bundles.

Reads saved HTML pages (a `wget --mirror` folder), RSS/Atom feeds, WordPress
exports and live pages; finds each article (site.toml's `[import]` selectors,
else the page's metadata and readability-lxml), turns its body into Markdown,
copies its photos and attachments, and writes `content/<category>/<slug>/`.
Safe to re-run: what was written is recorded, and a file an editor changed is
never overwritten.

May use: pipeline, output, search, site, media, source, incremental, text, common.
"""
