"""What changed since the last build, and what the preview server remembers between builds:
content hashes and stores under `.cache/`, the up-to-date check, in-memory reuse, the trash
that frees replaced files after the build.

May use: common.
"""
