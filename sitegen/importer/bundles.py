"""Put an imported article's files into content/, or say what would change (`--dry-run`).

The rules that make an import safe to re-run:
- a new article's folder is created with all its files;
- an article imported before is compared file by file: the same bytes change nothing;
- with `--update`, a file is replaced (or removed, when the new import no longer has it)
  only while it is exactly what the import wrote (its hash in the record); a file an
  editor changed, or deleted, stays as the editor left it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..common.files import write_atomically
from .record import ImportRecord, digest

NEW, UNCHANGED, UPDATED, CHANGED_AT_SOURCE, DELETED_BY_EDITOR = "new", "unchanged", "updated", "changed", "deleted"


@dataclass
class Outcome:
    state: str
    kept: list[str] = field(default_factory=list)  # files an editor changed, left alone


def write_file(path: Path, data: bytes) -> None:
    """All of the file or none of it, even if the import is stopped mid-way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)


def _on_disk(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None


def put_bundle(content_dir: Path, folder: str, files: dict[str, bytes], key: str, record: ImportRecord,
               update: bool, dry_run: bool) -> Outcome:
    target = content_dir / folder
    earlier = record.get(key)
    if earlier is None:
        if not dry_run:
            for name, data in sorted(files.items()):
                write_file(target / name, data)
            record.remember(key, folder, files)
        return Outcome(NEW)
    written: dict[str, str] = earlier["files"]
    if _on_disk(target / "index.md") is None and "index.md" in written:
        return Outcome(DELETED_BY_EDITOR)
    if all(_on_disk(target / name) == data for name, data in files.items()) and set(written) <= set(files):
        return Outcome(UNCHANGED)
    if not update:
        return Outcome(CHANGED_AT_SOURCE)
    kept, changed = [], False
    for name, data in sorted(files.items()):
        present = _on_disk(target / name)
        if present == data:
            continue
        untouched = present is not None and digest(present) == written.get(name)
        if present is None and name not in written or untouched:
            changed = True
            if not dry_run:
                write_file(target / name, data)
        else:
            kept.append(f"{folder}/{name}")
    for name in sorted(set(written) - set(files)):
        present = _on_disk(target / name)
        if present is not None and digest(present) == written[name]:
            changed = True
            if not dry_run:
                (target / name).unlink()
    if not dry_run:
        # What is on disk now: an editor's kept version is not "as written", so it is never replaced later.
        record.remember(key, folder, {name: data for name, data in files.items() if f"{folder}/{name}" not in kept})
        for name in kept:
            record.entries[key]["files"][name.rsplit("/", 1)[1]] = written.get(name.rsplit("/", 1)[1], "")
    return Outcome(UPDATED if changed else UNCHANGED, kept)
