"""Nothing lost: a build that fails or is killed at any point leaves the previous public/ complete and unchanged."""

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, article, build, make_site, run_cli
from sitegen.output import writer
from sitegen.common.errors import BuildFailed
from sitegen.pipeline import BuildOptions, build_site
from sitegen.output.writer import Staging, side_folders


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below folder and a hash of its bytes: two equal snapshots are two identical sites."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[str]:
    staging, old, _lock = side_folders(root / "public")
    return [p.name for p in (staging, old) if p.exists()]


@pytest.fixture
def published(tmp_path):
    """A site already built once: (root, snapshot of its public/)."""
    root = make_site(tmp_path / "site", {"content/tin-tuc/a.md": article(title="Bài đã đăng")})
    build(root)
    return root, snapshot(root / "public")


def test_content_error_keeps_previous_site(published):
    root, before = published
    (root / "content/tin-tuc/b.md").write_text(article(date="31/02/2023"), encoding="utf-8")
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert "content/tin-tuc/b.md:3" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(root / "public") == before
    assert leftovers(root) == []


def test_template_error_keeps_previous_site(published):
    root, before = published
    (root / "templates").mkdir()
    (root / "templates/article.html").write_text("{% extends 'base.html' %}{% block main %}{{ nothing.here }}"
                                                 "{% endblock %}", encoding="utf-8")
    (root / "content/tin-tuc/b.md").write_text(article(title="Bài mới"), encoding="utf-8")
    result = run_cli("build", "--root", str(root))
    assert result.returncode == 1
    assert "templates/article.html:1" in result.stderr
    assert snapshot(root / "public") == before
    assert leftovers(root) == []


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failure_while_writing_keeps_previous_site(published, monkeypatch, failure):
    root, before = published
    (root / "content/tin-tuc/b.md").write_text(article(title="Bài mới"), encoding="utf-8")
    real_put, calls = Staging.put, []

    def put_then_fail(self, relative, data):  # every file goes through put(), a page's in a worker
        calls.append(relative)
        if len(calls) == 5:
            raise failure
        return real_put(self, relative, data)

    monkeypatch.setattr(Staging, "put", put_then_fail)
    with pytest.raises(type(failure)):
        build_site(BuildOptions(root=root))
    assert snapshot(root / "public") == before
    assert leftovers(root) == []


def test_interrupted_between_the_two_renames_the_previous_site_comes_back(published, monkeypatch):
    """Where the atomic exchange is not available the swap is two renames: a kill between them is undone."""
    root, before = published
    (root / "content/tin-tuc/b.md").write_text(article(title="Bài mới"), encoding="utf-8")
    monkeypatch.setattr(writer, "exchange", lambda first, second: False)
    real_replace = os.replace
    calls = []

    def replace_then_die(source, target):
        calls.append(source)
        if len(calls) == 2:
            raise KeyboardInterrupt  # after "public → .public.old", before ".public.staging → public"
        real_replace(source, target)

    monkeypatch.setattr(writer.os, "replace", replace_then_die)
    with pytest.raises(KeyboardInterrupt):
        build_site(BuildOptions(root=root, use_cache=False))  # no cache: a whole-site swap, not a journal
    monkeypatch.setattr(writer.os, "replace", real_replace)
    assert not (root / "public").exists() and (root / ".public.old").is_dir()

    # The next build, even one that fails on content, puts the previous site back first.
    (root / "content/tin-tuc/c.md").write_text(article(date="hôm qua"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(BuildOptions(root=root))
    assert snapshot(root / "public") == before
    assert leftovers(root) == []


def test_swap_is_atomic_exchange_on_linux(published):
    """With renameat2 there is no moment without a public/ folder: a reader polling it never misses it."""
    root, _before = published
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux only")
    missing = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            if not (root / "public/index.html").exists():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for number in range(5):
            (root / f"content/tin-tuc/n{number}.md").write_text(article(title=f"Bài {number}"), encoding="utf-8")
            build_site(BuildOptions(root=root))
    finally:
        stop.set()
        watcher.join(timeout=10)
    assert missing == []
    assert leftovers(root) == []


def test_a_second_build_waits_for_the_first(published):
    """Two builds at once (preview server and an editor): the second waits, neither breaks the other's staging."""
    root, _before = published
    first = Staging(root / "public")
    first.write("index.html", b"first")
    second_done = threading.Event()

    def second_build():
        with Staging(root / "public") as second:
            second.write("index.html", b"second")
        second_done.set()

    thread = threading.Thread(target=second_build)
    thread.start()
    assert not second_done.wait(0.3)  # blocked on the lock, not deleting first's staging
    assert (first.staging_dir / "index.html").read_bytes() == b"first"
    first.commit()
    assert second_done.wait(10)
    thread.join(timeout=10)
    assert (root / "public/index.html").read_bytes() == b"second"
    assert leftovers(root) == []


def _big_site(root: Path, count: int) -> None:
    for number in range(count):
        path = root / f"content/tin-tuc/bai-{number}.md"
        path.write_text(article(title=f"Bài số {number}", date=f"{number % 28 + 1:02d}/{number % 12 + 1:02d}/2022",
                                tags=f"Chủ đề {number % 40}", body="Nội dung bài viết. " * 100), encoding="utf-8")


# The real CLI in a process of its own, which stops in the middle of writing: after its 20th page
# in the staging folder it says so (the marker file) and waits to be killed. The signal then lands
# mid-write on every run, whatever the machine's load; polling the staging folder from outside
# could not promise that (the build might reach its commit before the signal arrived).
_BUILD_PAUSED_MID_WRITE = """
import os, sys, time
from pathlib import Path
from sitegen.output import writer
from sitegen.cli import main

marker, real_record = Path(sys.argv[1]), writer.Staging.record

def record_then_wait(self, relative, entry, written):  # every staged file is recorded here
    real_record(self, relative, entry, written)
    if self.written == 20:
        marker.write_text(str(os.getpid()))
        time.sleep(120)  # killed here

writer.Staging.record = record_then_wait
sys.exit(main(sys.argv[2:]))
"""


def _start_build_paused_mid_write(root: Path, marker: Path) -> subprocess.Popen:
    # Three jobs: should Pagefind, indexing the new articles meanwhile, take the place of one
    # (a big bundle), a forked worker still renders pages beside this process, whatever the machine.
    return subprocess.Popen([sys.executable, "-c", _BUILD_PAUSED_MID_WRITE, str(marker), "build", "--root", str(root)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SITEGEN_JOBS": "3"})


def _wait_until_paused(process: subprocess.Popen, marker: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None:
            pytest.fail("the build ended before it could be killed: " + process.stderr.read())
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the build never started writing")
        time.sleep(0.01)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGINT], ids=lambda kill: kill.name)
def test_build_killed_while_writing_keeps_previous_site(published, tmp_path, kill):
    root, before = published
    _big_site(root, 400)  # enough pages for the process pool: the kill also meets its workers
    reference = tmp_path / "reference"  # the same site built whole: how many pages it has
    shutil.copytree(root, reference, ignore=shutil.ignore_patterns("public", ".cache"))
    build(reference)
    pages = len(list((reference / "public").rglob("*.html")))
    marker = tmp_path / "paused"
    process = _start_build_paused_mid_write(root, marker)
    try:
        _wait_until_paused(process, marker)
        # Definitely mid-write: pages staged, no journal (the commit point) yet, public/ untouched.
        # (The worker processes write their own pages meanwhile, as many as a fast machine allows;
        # the pages this process renders wait.)
        staged = list((root / ".public.staging").rglob("*.html"))
        assert 20 <= len(staged) < pages
        assert not writer.journal_for(root / "public").exists()
        assert snapshot(root / "public") == before
        workers = _children(process.pid)
        assert workers, "the pages are rendered by worker processes"
        process.send_signal(kill)
        _out, err = process.communicate(timeout=60)
        # Workers write pages into the staging folder: none may outlive the build and write into the next's.
        deadline = time.monotonic() + 10
        while any(_is_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_is_running(pid) for pid in workers)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=60)
    assert process.returncode == (130 if kill == signal.SIGINT else -signal.SIGKILL)
    assert snapshot(root / "public") == before
    if kill == signal.SIGINT:
        assert leftovers(root) == []  # Ctrl+C cleans up after itself, and says so without a traceback
        assert "Traceback" not in err and "được giữ nguyên" in err
    else:
        assert leftovers(root) == [".public.staging"]

    # The next build removes the stale folder and publishes the new site.
    for path in (root / "content/tin-tuc").glob("bai-*.md"):
        path.unlink()
    (root / "content/tin-tuc/moi.md").write_text(article(title="Bài mới"), encoding="utf-8")
    build(root)
    assert leftovers(root) == []
    assert (root / "public/tin-tuc/bai-moi/index.html").is_file()
    assert (root / "public/tin-tuc/bai-da-dang/index.html").is_file()


def _slow_item(item: int) -> int:
    time.sleep(0.05)  # a batch of 64 items takes 3 s
    return item


def test_workers_busy_with_a_batch_die_with_a_killed_build():
    """A worker writes pages into the staging folder: one still working through its batch when the
    build is killed must not outlive it (it would write into the next build's staging folder)."""
    from sitegen.common.parallel import parallel_map

    build_pid = os.fork()
    if build_pid == 0:  # the "build": a long parallel step
        try:
            parallel_map(_slow_item, range(2000))
        finally:
            os._exit(0)
    try:
        deadline = time.monotonic() + 20
        while not (workers := _children(build_pid)) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert workers, "the parallel step started its workers"
        time.sleep(0.3)  # they are in the middle of their batches
    finally:
        os.kill(build_pid, signal.SIGKILL)
        os.waitpid(build_pid, 0)
    deadline = time.monotonic() + 1  # well before their batches would end
    while any(_is_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_is_running(pid) for pid in workers)
