"""Run a pure function over many items on every core, or in-process when that is cheaper.

Workers are forked *after* the caller has built what the function needs
(config, model, Jinja environment), so they inherit it for free instead of
unpickling it; only the items and the results cross the process boundary.
Small batches (an incremental build, the dev server) run in-process: forking
would cost more than it saves.

`SITEGEN_JOBS=1` turns parallelism off (for profiling or a constrained host).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_PR_SET_PDEATHSIG = 1           # prctl(2)
MIN_ITEMS_PER_WORKER = 150   # below this a fork does not pay for itself
_task: Callable | None = None  # set before forking; the children inherit it


def job_count() -> int:
    """Workers to use: SITEGEN_JOBS, else the CPUs this process may run on."""
    wanted = os.environ.get("SITEGEN_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _run(batch: list) -> list:
    return [_task(item) for item in batch]


def _start_worker(parent: int) -> None:
    die_with_parent(parent)
    # Reading the site pauses the cycle collector (pipeline.cycle_collector_for_a_build); a worker collects the cycles
    # its own work leaves, without walking what it inherited (frozen before the fork).
    gc.enable()


def die_with_parent(parent: int) -> None:
    """Workers write pages into the staging folder: if the build is killed (SIGKILL), one in the
    middle of a batch must not go on writing into the next build's. Linux kills them at once."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def parallel_map(function: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    """[function(item) for item in items], in order, spread over the CPUs when there are enough items."""
    return list(parallel_imap(function, items))


def parallel_imap(function: Callable[[Item], Result], items: Iterable[Item],
                  cores_taken: int = 0) -> Iterator[Result]:
    """function(item) for each item, in order, as results arrive (so they need not all be held at once).

    `cores_taken`: cores that other work of the build (Pagefind) occupies meanwhile."""
    global _task
    items = list(items)
    jobs = min(job_count() - cores_taken, len(items) // MIN_ITEMS_PER_WORKER)
    if jobs < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (function(item) for item in items)
        return
    # Batches of a few dozen items keep every process busy to the end while pickling stays cheap.
    size = max(16, min(64, len(items) // (jobs * 8)))
    batches = [items[start:start + size] for start in range(0, len(items), size)]
    # This process is one of the workers: every jobs-th batch is done here, the others by
    # jobs - 1 forked processes. One process less to hold memory, a third fewer results to unpickle.
    forked = [batch for index, batch in enumerate(batches) if index % jobs]
    _task = function
    # Objects the workers inherit stay shared only while nobody writes to them; the garbage
    # collector would (it marks every object it visits), so they are kept out of its sight. (A
    # build froze what it read already: pipeline.cycle_collector_for_a_build unfreezes it all.)
    frozen_already = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs - 1, _start_worker, (os.getpid(),)) as pool:
            results = pool.imap(_run, forked, chunksize=1)
            for index, batch in enumerate(batches):
                yield from (_run(batch) if index % jobs == 0 else next(results))
    finally:
        _task = None
        if not frozen_already:
            gc.unfreeze()


def return_free_memory() -> None:
    """Give the memory Python has freed back to the system (glibc keeps it otherwise).

    Reading the site leaves 40 MB of freed buffers at 10,000 articles (the results the workers sent,
    Markdown's scratch objects) inside the process; the rendering workers would be forked with it.
    Rendering leaves 10–20 MB more, which Pagefind's memory is added to (search/index.py)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # a C library other than glibc (musl)
            ctypes.CDLL(None).malloc_trim(0)
