"""Free the disk space of replaced and deleted output files after the build, not during it.

Freeing a file's blocks is the slow part of replacing it: on this machine (ext4
mounted with `discard`) about 90 µs a file, against 10–20 µs for a rename. A
`site.toml` edit replaces every page of the site; at 10,000 articles its commit
spent 2.1 of its 3.4 s in renames that freed the 15,600 old pages, and a build
over an existing `public/` 3 s deleting the old one.

So before a staged file replaces an output file, the old file gets a second
name (a hard link) in a trash folder under `.cache/`, and the rename frees
nothing; removed files and a replaced output folder are moved there. Once the
new site is in place, a detached process empties the trash and the build
returns without waiting for it.

Everything in the trash is garbage, but a build's folder is handed to an
emptier only once that build is done with it: its own at its end, and those of
builds whose process is gone (killed, or whose emptier was). The preview server
and a `build` may run at once, each with its own output: neither empties the
folder the other is filling. Deleting garbage twice is harmless, so two
emptiers on one folder leave nothing wrong. Where a link or a move into the trash
is impossible (the output on another file system, no hard links), the file is
freed in place, as it would be without a trash.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from ..common.scratch import process_exists

# Run with -I -S: no site-packages to import, the emptier starts in a few milliseconds.
_EMPTIER = """
import os, shutil, sys
if hasattr(os, "nice"):
    os.nice(10)  # the next build, if one starts at once, comes first
for folder in sys.argv[1:]:
    shutil.rmtree(folder, ignore_errors=True)
"""


class Trash:
    """A build's own folder in the trash (`.cache/trash/<pid>-<random>/`), made when first used."""

    def __init__(self, trash_dir: Path, output_dir: Path):
        self.trash_dir = trash_dir
        self.name = f"{os.getpid()}-{uuid.uuid4().hex}"
        self.folder: Path | None = trash_dir / self.name
        self._count = 0
        self._made = False
        try:
            trash_dir.mkdir(parents=True, exist_ok=True)
            if os.stat(trash_dir).st_dev != os.stat(output_dir.parent).st_dev:
                self.folder = None  # a rename or link across file systems is impossible
        except OSError:
            self.folder = None

    def _next_name(self) -> str | None:
        """A new name in this build's folder (made on first use); None when there is no trash."""
        if self.folder is not None and not self._made:
            try:
                os.makedirs(self.folder, exist_ok=True)
                self._made = True
            except OSError:
                self.folder = None
        if self.folder is None:
            return None
        self._count += 1
        return os.path.join(self.folder, str(self._count))

    def keep_alive(self, target: str) -> None:
        """Give an output file about to be replaced a second name here, so the rename frees nothing.
        Nothing happens for a path that is not there, a folder, or where links are impossible."""
        name = self._next_name()
        if name is not None:
            try:
                os.link(target, name, follow_symlinks=False)
            except (OSError, NotImplementedError):
                pass

    def take(self, target: Path) -> bool:
        """Move a file or folder to be deleted into the trash; False when it cannot be moved."""
        name = self._next_name()
        if name is None:
            return False
        try:
            os.replace(target, name)
        except FileNotFoundError:
            return not os.path.lexists(target)  # gone already; or the trash folder was removed
        except OSError:
            return False
        return True

    def empty_in_background(self) -> None:
        """Start a detached process that deletes this build's folder and those of builds whose
        process is gone; call it once the build put nothing more into the trash."""
        try:
            folders = sorted(str(entry) for entry in self.trash_dir.iterdir()
                             if entry.name == self.name or _abandoned(entry.name))
        except OSError:
            return
        if not folders:
            return
        try:
            if not sys.executable:  # an embedded Python cannot start another one
                raise OSError("no Python executable")
            subprocess.Popen([sys.executable, "-I", "-S", "-c", _EMPTIER, *folders],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             close_fds=True, **_detached())
        except OSError:
            for folder in folders:  # no process to spare: delete them now
                shutil.rmtree(folder, ignore_errors=True)


def discard(path: Path, trash: Trash | None) -> None:
    """Move a file or folder to the trash, or delete it now where there is none or it cannot go there."""
    if trash is not None and trash.take(path):
        return
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _abandoned(name: str) -> bool:
    """A trash folder whose build's process no longer runs (names are "<pid>-<random>")."""
    pid = name.split("-", 1)[0]
    return not pid.isdigit() or not process_exists(int(pid))


def _detached() -> dict:
    """Popen options for a process that outlives the build and ignores its Ctrl+C."""
    if sys.platform == "win32":
        return {"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}
