"""Nothing lost: a build that fails or is killed at any point leaves the previous public/ complete and unchanged."""

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import REPO, article, build, make_site, run_cli
from sitegen import writer
from sitegen.errors import BuildFailed
from sitegen.pipeline import BuildOptions, build_site
from sitegen.writer import Staging, side_folders


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
    real_write = Staging.write

    def write_then_fail(self, relative, data):
        if self.written == 5:
            raise failure
        real_write(self, relative, data)

    monkeypatch.setattr(Staging, "write", write_then_fail)
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
from sitegen import writer
from sitegen.cli import main

marker, real_write = Path(sys.argv[1]), writer.Staging.write

def write_then_wait(self, relative, data):
    real_write(self, relative, data)
    if self.written == 20:
        marker.write_text(str(os.getpid()))
        time.sleep(120)  # killed here

writer.Staging.write = write_then_wait
sys.exit(main(sys.argv[2:]))
"""


def _start_build_paused_mid_write(root: Path, marker: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _BUILD_PAUSED_MID_WRITE, str(marker), "build", "--root", str(root)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_until_paused(process: subprocess.Popen, marker: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None:
            pytest.fail("the build ended before it could be killed: " + process.stderr.read())
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the build never started writing")
        time.sleep(0.01)


@pytest.mark.parametrize("kill", [signal.SIGKILL, signal.SIGINT], ids=lambda kill: kill.name)
def test_build_killed_while_writing_keeps_previous_site(published, tmp_path, kill):
    root, before = published
    _big_site(root, 400)  # enough pages for the process pool: the kill also meets its workers
    marker = tmp_path / "paused"
    process = _start_build_paused_mid_write(root, marker)
    try:
        _wait_until_paused(process, marker)
        # Definitely mid-write: pages staged, no journal (the commit point) yet, public/ untouched.
        staged = list((root / ".public.staging").rglob("*.html"))
        assert 0 < len(staged) <= 20
        assert not writer.journal_for(root / "public").exists()
        assert snapshot(root / "public") == before
        process.send_signal(kill)
        _out, err = process.communicate(timeout=60)
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
