"""Write the site into a staging folder, then swap it in place of `public/` in one step.

Only this module writes the output. A failed or killed build never touches
the published folder: everything goes to `.<name>.staging/` first; the swap
is two renames, and a build that finds the leftovers of a killed one
cleans them up (or restores the previous site) before it starts.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath


class UnsafeOutputPath(ValueError):
    """A page asked to be written outside the output folder."""


class Staging:
    """A folder the new site is written into; `commit()` makes it the output folder."""

    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.staging_dir = output_dir.with_name(f".{output_dir.name}.staging")
        self.old_dir = output_dir.with_name(f".{output_dir.name}.old")
        recover(output_dir)
        self.staging_dir.mkdir(parents=True)
        self.written = 0

    def path_for(self, relative: str) -> Path:
        """The staging path for a site-relative path; refuses anything that leaves the folder."""
        # Check the segments as written: PurePosixPath would quietly fold "a//b" and "./a", and an
        # empty segment means a page with an empty slug about to overwrite its parent's index.html.
        segments = relative.split("/")
        if any(segment in ("", ".", "..") for segment in segments) or "\\" in relative or "\x00" in relative:
            raise UnsafeOutputPath(relative)
        return self.staging_dir.joinpath(*PurePosixPath(relative).parts)

    def write(self, relative: str, data: bytes) -> None:
        path = self.path_for(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.written += 1

    def copy(self, relative: str, source: Path) -> None:
        """Publish an existing file (a photo from the image cache, an attachment) as it is."""
        path = self.path_for(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        self.written += 1

    def commit(self) -> None:
        """Swap the staging folder in: the old output moves aside, then is removed."""
        if self.output_dir.exists():
            os.replace(self.output_dir, self.old_dir)
        os.replace(self.staging_dir, self.output_dir)
        shutil.rmtree(self.old_dir, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging_dir, ignore_errors=True)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def recover(output_dir: Path) -> None:
    """Undo what a killed build left: restore the previous output, drop half-written folders."""
    staging_dir = output_dir.with_name(f".{output_dir.name}.staging")
    old_dir = output_dir.with_name(f".{output_dir.name}.old")
    if old_dir.exists() and not output_dir.exists():
        os.replace(old_dir, output_dir)
    shutil.rmtree(old_dir, ignore_errors=True)
    shutil.rmtree(staging_dir, ignore_errors=True)
