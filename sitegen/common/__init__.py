"""Plumbing that knows nothing of the site: problems with file and line, worker processes,
scratch folders, symlink safety, atomic file writes.

May use: nothing else of ours.
"""
