"""The commands other than `build`, each a user's task: `serve` (the preview server),
`check` (content checks), `new` (an article scaffold), `import` (old portals, importing.py), and the
Vietnamese argument parser they share.

May use: the pipeline and every subpackage.
"""
