"""Everything that turns the plan into files: the Jinja environment, rendering only what
changed, feeds, sitemap, metadata, assets, the Content-Security-Policy, and the writer, the only
code that writes the output folder; and the redirects for old addresses (redirects.py).

May use: search, site, media, source, incremental, text, common.
"""
