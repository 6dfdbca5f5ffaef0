"""Write the site into a staging folder, then swap it in place of `public/` in one step.

Only this module writes the output. A failed or killed build never touches
the published folder: everything goes to `.<name>.staging/` first. On Linux
the swap is one atomic exchange (renameat2 RENAME_EXCHANGE), so there is
no moment without a complete `public/`; elsewhere it is two renames, and a
build that finds the leftovers of a killed one restores the previous site
and cleans up before it starts. A lock file keeps two builds (say, the
preview server and an editor's `build`) from using one staging folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import sys
from pathlib import Path

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


class UnsafeOutputPath(ValueError):
    """A page asked to be written outside the output folder."""


def side_folders(output_dir: Path) -> tuple[Path, Path, Path]:
    """(staging, old, lock) beside the output folder: `.public.staging`, `.public.old`, `.public.lock`."""
    return tuple(output_dir.with_name(f".{output_dir.name}.{suffix}") for suffix in ("staging", "old", "lock"))


class Staging:
    """A folder the new site is written into; `commit()` makes it the output folder."""

    def __init__(self, output_dir: Path):
        self.output_dir = output_dir
        self.staging_dir, self.old_dir, _lock_path = side_folders(output_dir)
        self._lock = lock_output(output_dir)  # held until commit/abort
        try:
            recover(output_dir)
            self.staging_dir.mkdir()
        except BaseException:
            self._unlock()
            raise
        self.written = 0
        self._paths: set[str] = set()

    def path_for(self, relative: str) -> Path:
        """The staging path for a site-relative path; refuses anything that leaves the folder."""
        # Check the segments as written: PurePosixPath would quietly fold "a//b" and "./a", and an
        # empty segment means a page with an empty slug about to overwrite its parent's index.html.
        segments = relative.split("/")
        if any(segment in ("", ".", "..") for segment in segments) or "\\" in relative or "\x00" in relative:
            raise UnsafeOutputPath(relative)
        return self.staging_dir.joinpath(*segments)

    def write(self, relative: str, data: bytes) -> None:
        """Write one file; the same path twice means two pages claimed one URL, which is refused."""
        if relative in self._paths:
            raise UnsafeOutputPath(f"{relative} (written twice)")
        path = self.path_for(relative)
        self._paths.add(relative)
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
        """Swap the staging folder in; the previous output is then removed."""
        try:
            if self.output_dir.exists() and exchange(self.staging_dir, self.output_dir):
                # staging now holds the previous site: name it "old" so recover() knows it is disposable
                os.replace(self.staging_dir, self.old_dir)
            else:
                if self.output_dir.exists():
                    os.replace(self.output_dir, self.old_dir)
                os.replace(self.staging_dir, self.output_dir)
            _sync_directory(self.output_dir.parent)
            shutil.rmtree(self.old_dir, ignore_errors=True)
        finally:
            self._unlock()

    def abort(self) -> None:
        try:
            shutil.rmtree(self.staging_dir, ignore_errors=True)
        finally:
            self._unlock()

    def _unlock(self) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(self._lock, fcntl.LOCK_UN)
        self._lock.close()

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def lock_output(output_dir: Path):
    """An exclusive lock on the output folder's lock file (waits for another build to finish).

    The OS releases it when the process ends, even when killed: a lock never goes stale."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    lock = open(side_folders(output_dir)[2], "a+b")  # noqa: SIM115 - the caller closes it
    fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def recover_interrupted(output_dir: Path) -> None:
    """At the start of any build: put back the previous site if a killed build left it aside."""
    staging_dir, old_dir, _lock = side_folders(output_dir)
    if not (staging_dir.exists() or old_dir.exists()):
        return
    lock = lock_output(output_dir)
    try:
        recover(output_dir)
    finally:
        lock.close()  # closing the file releases the lock


def exchange(first: Path, second: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):  # old C library without renameat2
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    return result == 0  # EINVAL/ENOSYS (file system without exchange): fall back to two renames


def _sync_directory(directory: Path) -> None:
    """Make the renames durable across a power cut, where the system allows it."""
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def recover(output_dir: Path) -> None:
    """Undo what a killed build left: restore the previous output, drop half-written folders.

    Call with the lock held (Staging does)."""
    staging_dir, old_dir, _lock = side_folders(output_dir)
    if old_dir.exists() and not output_dir.exists():
        os.replace(old_dir, output_dir)  # killed between the two renames: the old site comes back
    shutil.rmtree(old_dir, ignore_errors=True)
    shutil.rmtree(staging_dir, ignore_errors=True)
