"""The full-text search index: Pagefind records built from the model, bundles made stable.

May use: site, media, source, incremental, text, common.
"""
