"""Write the site so that `public/` is never left half-written, touching only files that changed.

Only this module writes the output. Everything goes to `.<name>.staging/`
first; nothing in `public/` changes until the build has rendered every
page. Then one of two commits:

- **Swap** (first build, or an output folder we know nothing about): the
  staging folder holds the whole site and replaces `public/`. On Linux the
  swap is one atomic exchange (renameat2 RENAME_EXCHANGE), so there is no
  moment without a complete `public/`; elsewhere it is two renames.
- **Journal** (the output folder is as our manifest says): the staging folder
  holds only the files whose bytes changed, side by side under names made
  from their paths (`staged_name`): no folder to make for each page, none to
  remove after. The list of files to move in and
  files to delete is written to `.<name>.journal` (atomically: that is the
  commit point), then applied with one rename per file. A build killed before
  the journal leaves `public/` as it was; one killed after it is rolled
  forward by the next build before it starts. A no-change rebuild writes
  nothing at all.

A build that finds the leftovers of a killed one rolls its journal forward
or restores the previous site, and cleans up, before it starts. A lock file
(`.<name>.lock`) keeps two builds (say, the preview server and an editor's
`build`) from using one staging folder.

Hard-linking 15,000 unchanged files into a fresh staging folder and deleting
the old one costs more than a second on this machine, which is why a swap
is kept for first builds only. Freeing the files a commit replaces or deletes
is left to another process, after the build (trash.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import hashlib
import json
import os
import shutil
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR
from typing import TYPE_CHECKING

from ..incremental.cache import bytes_digest
from ..incremental.trash import Trash, discard

if TYPE_CHECKING:
    from .held_output import HeldOutput

Manifest = dict[str, tuple[str, int, int]]  # site-relative path → (bytes hash, size, mtime_ns)

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


class UnsafeOutputPath(ValueError):
    """A page asked to be written outside the output folder."""


def side_folders(output_dir: Path) -> tuple[Path, Path, Path]:
    """(staging, old, lock) beside the output folder: `.public.staging`, `.public.old`, `.public.lock`."""
    return tuple(output_dir.with_name(f".{output_dir.name}.{suffix}") for suffix in ("staging", "old", "lock"))


def staged_name(relative: str) -> str:
    """The name of a changed file in the staging folder of an incremental build: flat, unique,
    short whatever the path's length, ending like the file ("…-index.html")."""
    digest = hashlib.blake2b(relative.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()
    return f"{digest}-{relative.rsplit('/', 1)[-1][-64:]}"


def journal_for(output_dir: Path) -> Path:
    return output_dir.with_name(f".{output_dir.name}.journal")


@dataclass(frozen=True)
class StagedFiles:
    """Files put into the staging folder (Staging.put_all), not yet part of the output."""

    entries: dict[str, tuple[tuple[str, int, int], bool]]   # path → (manifest entry, written)


class Staging:
    """Collects the new site's files; `commit()` makes them the output folder's content.

    `previous` is the manifest of the output folder left by the last build (from the cache);
    files on disk that still match it may be kept instead of written again.
    """

    def __init__(self, output_dir: Path, previous: Manifest | None = None, trash_dir: Path | None = None,
                 held: HeldOutput | None = None):
        self.output_dir = output_dir
        self.staging_dir, self.old_dir, _lock_path = side_folders(output_dir)
        self.journal_path = journal_for(output_dir)
        # Held until commit/abort; a one-off build took it at its start (held_output.py).
        self._lock = held.lock if held is not None else lock_output(output_dir)
        try:
            # What is on disk now; with the last manifest, which of it we may keep as it is.
            self.on_disk: Manifest | None = None
            self.unknown: list[str] = []
            if held is not None:
                self.on_disk, self.unknown = held.compared() or (None, [])
            else:
                recover(output_dir)
                if previous is not None and output_dir.is_dir():
                    self.on_disk, self.unknown = compare_with_disk(output_dir, previous)
            self.incremental = self.on_disk is not None
            self.staging_dir.mkdir()
            # Where replaced and deleted output files go, to be freed after the build (trash.py).
            self.trash = Trash(trash_dir, output_dir) if trash_dir is not None else None
        except BaseException:
            self._unlock()
            raise
        self.manifest: Manifest = {}     # the new output, complete after commit()
        self.changed: list[str] = []     # files written into staging
        self.removed: list[str] = []     # files deleted from the output (after commit)
        self.written = 0                 # files in the new output (kept or written)

    def path_for(self, relative: str) -> Path:
        """The staging path for a site-relative path; refuses anything that leaves the folder."""
        # Check the segments as written: PurePosixPath would quietly fold "a//b" and "./a", and an
        # empty segment means a page with an empty slug about to overwrite its parent's index.html.
        segments = relative.split("/")
        if any(segment in ("", ".", "..") for segment in segments) or "\\" in relative or "\x00" in relative:
            raise UnsafeOutputPath(relative)
        if self.incremental:
            return self.staging_dir / staged_name(relative)
        return self.staging_dir.joinpath(*segments)  # a swap: the staging folder becomes the output

    def _claim(self, relative: str) -> None:
        """The same path twice means two pages claimed one URL, which is refused."""
        if relative in self.manifest:
            raise UnsafeOutputPath(f"{relative} (written twice)")

    def can_keep(self, relative: str) -> bool:
        """Whether the output already holds this file exactly as the last build wrote it."""
        return self.on_disk is not None and relative in self.on_disk

    def keep(self, relative: str) -> bool:
        """Keep the file the last build wrote (its inputs did not change); False if we cannot."""
        if not self.can_keep(relative):
            return False  # (no need to check the path: it was checked when first written)
        self._claim(relative)
        self.manifest[relative] = self.on_disk[relative]
        self.written += 1
        return True

    def write(self, relative: str, data: bytes) -> None:
        """Put a file in the new output; unchanged bytes are not written again."""
        self.record(relative, *self.put(relative, data))

    def put(self, relative: str, data: bytes) -> tuple[tuple[str, int, int], bool]:
        """The file-system half of write(), which a worker process may do: (its manifest entry,
        whether it was written). The parent then calls record() with what this returned."""
        path = self.path_for(relative)
        digest = bytes_digest(data)
        if self.on_disk is not None:
            known = self.on_disk.get(relative)
            if known is not None and known[0] == digest:
                return known, False
        if not self.incremental:
            path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)
            file.flush()  # so that fstat sees the final size
            stat = os.fstat(file.fileno())
        return (digest, stat.st_size, stat.st_mtime_ns), True

    def put_all(self, files: dict[str, bytes]) -> StagedFiles:
        """put() for several files, from any thread (the search index's, while pages render):
        record_all() then makes them part of the output, in the thread that commits."""
        return StagedFiles({relative: self.put(relative, data) for relative, data in files.items()})

    def record_all(self, staged: StagedFiles) -> None:
        for relative, (entry, written) in staged.entries.items():
            self.record(relative, entry, written)

    def record(self, relative: str, entry: tuple[str, int, int], written: bool) -> None:
        """The bookkeeping half of write(): the file is part of the new output."""
        self._claim(relative)
        self.manifest[relative] = entry
        if written:
            self.changed.append(relative)
        self.written += 1

    def copy(self, relative: str, source: Path, digest: str | None = None) -> None:
        """Publish an existing file (a photo from the image cache, an attachment) as it is.

        `digest`: of the file's bytes, when known (uptodate.input_snapshot hashes a file of content/
        only when it changed): the output's copy with those bytes then stays without the file being
        read. Reading and hashing the files of 5,000 documents, 200 KB each, took 1.4 s of every
        build (measured)."""
        if digest is not None and self.can_keep(relative) and self.on_disk[relative][0] == digest:
            self.keep(relative)
            return
        # Through write(): the bytes' hash decides whether the output's copy can stay.
        self.write(relative, Path(source).read_bytes())

    def commit(self) -> None:
        try:
            with _ctrl_c_deferred():  # once the commit starts, it finishes: no half-updated public/
                if not self.incremental:
                    self._swap()
                    return
                self.removed = sorted(set(self.on_disk or {}) - set(self.manifest))
                self.removed += sorted(path for path in self.unknown if path not in self.manifest)
                if not self.changed and not self.removed:
                    shutil.rmtree(self.staging_dir, ignore_errors=True)
                    return
                _write_json_atomically(self.journal_path, {"changed": sorted(self.changed), "removed": self.removed})
                apply_journal(self.output_dir, self.trash)
        finally:
            self._unlock()
            if self.trash is not None:
                self.trash.empty_in_background()

    def _swap(self) -> None:
        """The staging folder takes the output's place; the previous output is then removed."""
        if self.output_dir.exists() and exchange(self.staging_dir, self.output_dir):
            # staging now holds the previous site: name it "old" so recover() knows it is disposable
            os.replace(self.staging_dir, self.old_dir)
        else:
            if self.output_dir.exists():
                os.replace(self.output_dir, self.old_dir)
            os.replace(self.staging_dir, self.output_dir)
        _sync_directory(self.output_dir.parent)
        discard(self.old_dir, self.trash)
        self.changed = sorted(self.manifest)

    def abort(self) -> None:
        """Drop what was staged (a template error, a cancelled preview build): the output is as it was.
        The staged files go to the trash, so the error is reported without waiting for their deletion."""
        try:
            discard(self.staging_dir, self.trash)
            if self.trash is not None:
                self.trash.empty_in_background()
        finally:
            self._unlock()

    def _unlock(self) -> None:
        unlock(self._lock)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


class InterruptedAfterPublishing(KeyboardInterrupt):
    """Ctrl+C came while the new site was being put in place: it was finished first, then we stop."""


@contextlib.contextmanager
def _ctrl_c_deferred():
    """Hold Ctrl+C (SIGINT) back until the block ends, then raise InterruptedAfterPublishing.

    Only the main thread can set a signal handler; elsewhere (the preview server's builds)
    Ctrl+C does not reach this code anyway. SIGKILL cannot be held: the journal covers it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received = []
    previous = signal.signal(signal.SIGINT, lambda _number, _frame: received.append(True))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise InterruptedAfterPublishing()


def lock_output(output_dir: Path):
    """An exclusive lock on the output folder's lock file (waits for another build to finish).

    The OS releases it when the process ends, even when killed: a lock never goes stale."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    lock = open(side_folders(output_dir)[2], "a+b")  # noqa: SIM115 - the caller closes it
    fcntl.flock(lock, fcntl.LOCK_EX)
    return lock


def unlock(lock) -> None:
    """Release a lock_output lock, also for the forked processes that share its file."""
    with contextlib.suppress(OSError):
        fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()


def recover_interrupted(output_dir: Path) -> None:
    """At the start of any build: finish or undo what a killed build left (journal, site set aside)."""
    staging_dir, old_dir, _lock = side_folders(output_dir)
    if not (staging_dir.exists() or old_dir.exists() or journal_for(output_dir).exists()):
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
def compare_with_disk(output_dir: Path, previous: Manifest) -> tuple[Manifest, list[str]]:
    """(manifest entries whose file still has the recorded size and mtime, every other file on disk).

    The other files were changed by hand, or left by something else: they are not trusted,
    and are removed unless the new build writes them.
    """
    verified: Manifest = {}
    unknown: list[str] = []
    folders = [("", str(output_dir))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((relative + "/", entry.path))
                    continue
                known = previous.get(relative)
                if known is not None and entry.is_file(follow_symlinks=False) \
                        and _as_written(entry.stat(follow_symlinks=False), known):
                    verified[relative] = known
                else:
                    unknown.append(relative)
    return verified, unknown


def _as_written(stat: os.stat_result, known: tuple[str, int, int]) -> bool:
    return stat.st_size == known[1] and stat.st_mtime_ns == known[2]


def file_looks_as_written(output_dir: Path, manifest: Manifest | None, relative: str) -> bool:
    """One file, one stat: whether it still has the size and mtime the manifest recorded."""
    known = (manifest or {}).get(relative)
    if known is None:
        return False
    try:
        return _as_written(os.stat(output_dir / relative), known)
    except OSError:
        return False


def output_is_intact(output_dir: Path, manifest: Manifest | None) -> bool:
    """Whether the output holds exactly the manifest's files, as written, and no build was interrupted."""
    if manifest is None or not output_dir.is_dir():
        return False
    for leftover in (".staging", ".journal", ".old"):
        if output_dir.with_name(f".{output_dir.name}{leftover}").exists():
            return False
    verified, unknown = compare_with_disk(output_dir, manifest)
    return not unknown and len(verified) == len(manifest)


def _write_json_atomically(path: Path, value: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump(value, file)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def apply_journal(output_dir: Path, trash: Trash | None = None) -> None:
    """Move the journal's staged files into the output and delete its removed ones (idempotent).
    With a trash, what is replaced or deleted is freed later, by another process (trash.py)."""
    staging_dir = output_dir.with_name(f".{output_dir.name}.staging")
    journal_path = output_dir.with_name(f".{output_dir.name}.journal")
    journal = json.loads(journal_path.read_text(encoding="utf-8"))
    for relative in journal["removed"]:
        target = output_dir / relative
        discard(target, trash)
        _remove_empty_parents(target.parent, output_dir)
    ready: set[str] = {""}  # folders of the output known to be real folders, not files or links
    for relative in journal["changed"]:
        staged = os.path.join(staging_dir, staged_name(relative))
        target = os.path.join(output_dir, relative)
        _make_folder(output_dir, os.path.dirname(relative), ready)
        if trash is not None:
            trash.keep_alive(target)
        try:
            os.replace(staged, target)
        except FileNotFoundError:
            continue  # moved already, by the build that was killed
        except IsADirectoryError:
            shutil.rmtree(target)  # a folder stands where the file goes
            os.replace(staged, target)
    journal_path.unlink()
    shutil.rmtree(staging_dir, ignore_errors=True)


def _make_folder(output_dir: Path, folder: str, ready: set[str]) -> None:
    """Create a folder of the output; a file or link standing where one of its folders must go is
    removed (a link could lead the page outside the output). `ready`: the folders checked already,
    so each is looked at once (one lstat), not once per page below it."""
    if folder in ready:
        return
    _make_folder(output_dir, folder.rpartition("/")[0], ready)
    path = os.path.join(output_dir, folder)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        os.mkdir(path)
    else:
        if not S_ISDIR(mode):
            os.unlink(path)
            os.mkdir(path)
    ready.add(folder)


def _remove_empty_parents(folder: Path, output_dir: Path) -> None:
    while folder != output_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def recover(output_dir: Path) -> None:
    """Finish or undo what a killed build left: roll a journal forward, restore a swapped-out output.

    Call with the lock held (Staging does)."""
    staging_dir, old_dir, _lock = side_folders(output_dir)
    journal_path = journal_for(output_dir)
    journal_path.with_name(journal_path.name + ".tmp").unlink(missing_ok=True)
    if journal_path.exists():
        apply_journal(output_dir)
    if old_dir.exists() and not output_dir.exists():
        os.replace(old_dir, output_dir)  # killed between the two renames: the old site comes back
    shutil.rmtree(old_dir, ignore_errors=True)
    shutil.rmtree(staging_dir, ignore_errors=True)
