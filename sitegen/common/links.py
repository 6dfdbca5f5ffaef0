"""Refuse symbolic links that lead out of the site's folder.

A link in content/ or assets/ pointing at /etc/passwd or a home folder
would publish that file. Links that stay inside the site's folder are fine.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Problem


def inside(path: Path, root: Path) -> bool:
    """Whether path, with every symlink followed, is within root."""
    return path.resolve().is_relative_to(root.resolve())


def outside_links(folder: Path, root: Path) -> list[Problem]:
    """An error for every symlink below folder whose target is outside root, sorted by path."""
    problems = []
    if not folder.is_dir():
        return problems
    for entry in _walk(str(folder)):
        # The entry knows it is a link from the folder listing: no system call per file.
        if entry.is_symlink() and not inside(Path(entry.path), root):
            path = Path(entry.path)
            problems.append(Problem(
                path.relative_to(root).as_posix(), 0,
                f"liên kết tượng trưng (symlink) trỏ ra ngoài thư mục trang (tới {os.readlink(path)}), "
                "không được dùng.",
                "Chép tệp vào trong thư mục trang thay cho liên kết, hoặc xóa liên kết này."))
    return sorted(problems)


def _walk(folder: str):
    """Every entry below folder; links to folders are reported, not entered."""
    with os.scandir(folder) as entries:
        for entry in entries:
            yield entry
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path)
