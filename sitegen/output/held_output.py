"""A one-off build's hold on its output folder, from its first step to its commit.

Before a build may keep a file of `public/` as it is, it checks that the file still has the
size and mtime the last build recorded (writer.compare_with_disk): a stat per file, 0.4-0.6 s
at 10,000 articles, and the one step of an article edit that reads nothing of the site. Holding
the output's lock from the start lets that check run in a forked process while the site is read,
on the core that is idle then: nobody can change the folder between the check and the commit.
A second build started meanwhile waits for the first as a whole (it waited for its commit before).
A build with nothing to do (its inputs unchanged) stops once its inputs are hashed and the
comparison is in: the two run side by side.

The preview server builds again and again, and a save may start a build while the last one
refreshes the search index: its builds take the lock at their commit only (writer.Staging).
"""

from __future__ import annotations

import multiprocessing
import os
from multiprocessing.connection import Connection
from pathlib import Path

from ..common.parallel import die_with_parent
from .writer import Manifest, compare_with_disk, lock_output, recover, unlock


class HeldOutput:
    """The output folder locked and what a killed build left recovered; its files are then compared
    with `manifest` (the last build's) in the background (`compare_in_background`), or in this
    process when asked first (`compared`: where there is no fork)."""

    def __init__(self, output_dir: Path, manifest: Manifest | None):
        self.lock = lock_output(output_dir)
        self._output_dir = output_dir
        self._manifest = manifest if output_dir.is_dir() else None
        self._connection: Connection | None = None
        self._process: multiprocessing.Process | None = None
        self._compared: tuple[Manifest, list[str]] | None = None
        try:
            recover(output_dir)
        except BaseException:
            self.release()
            raise

    def compare_in_background(self) -> None:
        """Start comparing in a forked process (not done yet, and there is a manifest to compare with)."""
        if self._manifest is None or self._compared is not None or self._process is not None:
            return
        if "fork" not in multiprocessing.get_all_start_methods():
            return  # compared() does it when asked
        self._connection, child_end = multiprocessing.Pipe(duplex=False)
        self._process = multiprocessing.get_context("fork").Process(
            target=_compare_in_child, args=(self._output_dir, self._manifest, child_end, os.getpid()), daemon=True)
        self._process.start()
        child_end.close()

    def compared(self) -> tuple[Manifest, list[str]] | None:
        """compare_with_disk(output, manifest), as the folder was when first asked (it is locked:
        nobody else changes it); None without a manifest or an output folder (the build then swaps
        in a whole new folder)."""
        if self._manifest is None:
            return None
        if self._compared is None and self._connection is not None:
            changed, unknown = self._connection.recv()
            self._stop_child()
            # Usually nothing changed: the manifest itself (Staging does not alter it), not a copy.
            verified = {path: entry for path, entry in self._manifest.items() if path not in changed} \
                if changed else self._manifest
            self._compared = (verified, unknown)
        elif self._compared is None:
            self._compared = compare_with_disk(self._output_dir, self._manifest)
        return self._compared

    def intact(self) -> bool:
        """Whether the output holds exactly the manifest's files, as written (a no-change build stops here)."""
        compared = self.compared()
        return compared is not None and not compared[1] and len(compared[0]) == len(self._manifest)

    def _stop_child(self) -> None:
        if self._process is not None:
            if self._process.is_alive() and self._connection is not None and not self._connection.poll():
                self._process.kill()  # the build failed before it needed the answer
            self._process.join()
            self._process = None
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def release(self) -> None:
        """Unlock (Staging does it at its commit or abort; this is for a build that stops before)."""
        self._stop_child()
        if not self.lock.closed:
            unlock(self.lock)


def _compare_in_child(output_dir: Path, manifest: Manifest, connection: Connection, parent: int) -> None:
    """Send what differs: (manifest paths not as written, files on disk the manifest does not hold).
    Usually two empty lists: sending the 40,000 verified entries back would cost more than the stats."""
    die_with_parent(parent)
    verified, unknown = compare_with_disk(output_dir, manifest)
    connection.send((set(manifest) - set(verified), unknown))
    connection.close()
