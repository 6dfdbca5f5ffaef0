"""Write the site so that `public/` is never left half-written, touching only files that changed.

Only this module writes the output. Everything goes to `.<name>.staging/`
first; nothing in `public/` changes until the build has rendered every
page. Then one of two commits:

- **Swap** (first build, or an output folder we know nothing about): the
  staging folder holds the whole site and replaces `public/` by two renames.
- **Journal** (the output folder is as our manifest says): the staging folder
  holds only the files whose bytes changed. The list of files to move in and
  files to delete is written to `.<name>.journal` (atomically: that is the
  commit point), then applied with one rename per file. A build killed before
  the journal leaves `public/` as it was; one killed after it is rolled
  forward by the next build before it starts. A no-change rebuild writes
  nothing at all.

Hard-linking 15,000 unchanged files into a fresh staging folder and deleting
the old one costs more than a second on this machine, which is why a swap
is kept for first builds only.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path, PurePosixPath

from .cache import bytes_digest

Manifest = dict[str, tuple[str, int, int]]  # site-relative path → (bytes hash, size, mtime_ns)


class UnsafeOutputPath(ValueError):
    """A page asked to be written outside the output folder."""


class Staging:
    """Collects the new site's files; `commit()` makes them the output folder's content.

    `previous` is the manifest of the output folder left by the last build (from the cache);
    files on disk that still match it may be kept instead of written again.
    """

    def __init__(self, output_dir: Path, previous: Manifest | None = None):
        self.output_dir = output_dir
        self.staging_dir = output_dir.with_name(f".{output_dir.name}.staging")
        self.old_dir = output_dir.with_name(f".{output_dir.name}.old")
        self.journal_path = output_dir.with_name(f".{output_dir.name}.journal")
        recover(output_dir)
        # What is on disk now; with the last manifest, which of it we may keep as it is.
        self.on_disk: Manifest | None = None
        self.unknown: list[str] = []
        if previous is not None and output_dir.is_dir():
            self.on_disk, self.unknown = _compare_with_disk(output_dir, previous)
        self.incremental = self.on_disk is not None
        self.staging_dir.mkdir(parents=True)
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
        return self.staging_dir.joinpath(*PurePosixPath(relative).parts)

    def can_keep(self, relative: str) -> bool:
        """Whether the output already holds this file exactly as the last build wrote it."""
        return self.on_disk is not None and relative in self.on_disk

    def keep(self, relative: str) -> bool:
        """Keep the file the last build wrote (its inputs did not change); False if we cannot."""
        if not self.can_keep(relative):
            return False  # (no need to check the path: it was checked when first written)
        self.manifest[relative] = self.on_disk[relative]
        self.written += 1
        return True

    def write(self, relative: str, data: bytes) -> None:
        """Put a file in the new output; unchanged bytes are not written again."""
        path = self.path_for(relative)
        digest = bytes_digest(data)
        if self.on_disk is not None:
            known = self.on_disk.get(relative)
            if known is not None and known[0] == digest:
                self.manifest[relative] = known
                self.written += 1
                return
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)
            file.flush()  # so that fstat sees the final size
            stat = os.fstat(file.fileno())
        self.manifest[relative] = (digest, stat.st_size, stat.st_mtime_ns)
        self.changed.append(relative)
        self.written += 1

    def commit(self) -> None:
        if not self.incremental:
            self._swap()
            return
        self.removed = sorted(set(self.on_disk or {}) - set(self.manifest))
        self.removed += sorted(path for path in self.unknown if path not in self.manifest)
        if not self.changed and not self.removed:
            shutil.rmtree(self.staging_dir, ignore_errors=True)
            return
        _write_json_atomically(self.journal_path, {"changed": sorted(self.changed), "removed": self.removed})
        apply_journal(self.output_dir)

    def _swap(self) -> None:
        """The old output moves aside, the staging folder takes its place, the old one is removed."""
        if self.output_dir.exists():
            os.replace(self.output_dir, self.old_dir)
        os.replace(self.staging_dir, self.output_dir)
        shutil.rmtree(self.old_dir, ignore_errors=True)
        self.changed = sorted(self.manifest)

    def abort(self) -> None:
        shutil.rmtree(self.staging_dir, ignore_errors=True)

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def _compare_with_disk(output_dir: Path, previous: Manifest) -> tuple[Manifest, list[str]]:
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
                stat = entry.stat(follow_symlinks=False)
                if known is not None and entry.is_file(follow_symlinks=False) \
                        and stat.st_size == known[1] and stat.st_mtime_ns == known[2]:
                    verified[relative] = known
                else:
                    unknown.append(relative)
    return verified, unknown


def output_is_intact(output_dir: Path, manifest: Manifest | None) -> bool:
    """Whether the output holds exactly the manifest's files, as written, and no build was interrupted."""
    if manifest is None or not output_dir.is_dir():
        return False
    for leftover in (".staging", ".journal", ".old"):
        if output_dir.with_name(f".{output_dir.name}{leftover}").exists():
            return False
    verified, unknown = _compare_with_disk(output_dir, manifest)
    return not unknown and len(verified) == len(manifest)


def _write_json_atomically(path: Path, value: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump(value, file)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def apply_journal(output_dir: Path) -> None:
    """Move the journal's staged files into the output and delete its removed ones (idempotent)."""
    staging_dir = output_dir.with_name(f".{output_dir.name}.staging")
    journal_path = output_dir.with_name(f".{output_dir.name}.journal")
    journal = json.loads(journal_path.read_text(encoding="utf-8"))
    for relative in journal["removed"]:
        target = output_dir / relative
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink(missing_ok=True)
        _remove_empty_parents(target.parent, output_dir)
    ready: set[str] = set()  # folders known to exist in the output
    for relative in journal["changed"]:
        staged, target = os.path.join(staging_dir, relative), os.path.join(output_dir, relative)
        folder = os.path.dirname(relative)
        if folder not in ready:
            _make_folder(output_dir, folder)
            ready.add(folder)
        try:
            os.replace(staged, target)
        except FileNotFoundError:
            continue  # moved already, by the build that was killed
        except IsADirectoryError:
            shutil.rmtree(target)  # a folder stands where the file goes
            os.replace(staged, target)
    journal_path.unlink()
    shutil.rmtree(staging_dir, ignore_errors=True)


def _make_folder(output_dir: Path, folder: str) -> None:
    """Create a folder of the output; a file standing where one of its folders must go is removed."""
    path = output_dir
    for part in folder.split("/") if folder else []:
        path = path / part
        if path.is_symlink() or path.is_file():
            path.unlink()
    (output_dir / folder).mkdir(parents=True, exist_ok=True)


def _remove_empty_parents(folder: Path, output_dir: Path) -> None:
    while folder != output_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def recover(output_dir: Path) -> None:
    """Finish or undo what a killed build left: roll a journal forward, restore a swapped-out output."""
    staging_dir = output_dir.with_name(f".{output_dir.name}.staging")
    old_dir = output_dir.with_name(f".{output_dir.name}.old")
    journal_path = output_dir.with_name(f".{output_dir.name}.journal")
    journal_path.with_name(journal_path.name + ".tmp").unlink(missing_ok=True)
    if journal_path.exists():
        apply_journal(output_dir)
    if old_dir.exists() and not output_dir.exists():
        os.replace(old_dir, output_dir)
    shutil.rmtree(old_dir, ignore_errors=True)
    shutil.rmtree(staging_dir, ignore_errors=True)
