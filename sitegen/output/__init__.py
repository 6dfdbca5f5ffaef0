"""Everything that turns the plan into files: the Jinja environment, rendering only what
changed, feeds, sitemap, metadata, assets, the Content-Security-Policy, and the writer, the only
code that writes the output folder.

May use: search, site, media, source, incremental, text, common.
"""
