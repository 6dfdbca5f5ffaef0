"""The pure model and the page plan: published articles sorted and grouped, URLs, every page
with its template and view data, and the search bundles the site has.

May use: media, source, incremental, text, common.
"""
