"""Reading the site's sources: `site.toml` into a typed config, `content/` into validated
documents, Markdown into safe HTML, only for what changed.

May use: incremental, text, common.
"""
