"""Photos and attachments: find the files an article names, make the photos' web variants
(Pillow), keep them in `.cache/images/`.

May use: source, incremental, text, common.
"""
