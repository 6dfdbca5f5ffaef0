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
    for directory, subdirectories, files in os.walk(folder, followlinks=False):
        for name in sorted(subdirectories + files):
            path = Path(directory, name)
            if path.is_symlink() and not inside(path, root):
                problems.append(Problem(
                    path.relative_to(root).as_posix(), 0,
                    f"liên kết tượng trưng (symlink) trỏ ra ngoài thư mục trang (tới {os.readlink(path)}), "
                    "không được dùng.",
                    "Chép tệp vào trong thư mục trang thay cho liên kết, hoặc xóa liên kết này."))
    return sorted(problems)
