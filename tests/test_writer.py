"""Writing public/: staging folder, one-step swap, nothing outside the output, recovery after a kill."""

import json

import pytest

from sitegen.output.writer import Staging, UnsafeOutputPath, recover


def folders(parent) -> list[str]:
    """The folders beside the output (a lock file, if any, is not a leftover site)."""
    return sorted(p.name for p in parent.iterdir() if p.is_dir())


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_commit_replaces_the_output_in_one_step(tmp_path):
    output = tmp_path / "public"
    output.mkdir()
    (output / "cu.html").write_text("cũ")
    with Staging(output) as staging:
        staging.write("index.html", "mới".encode())
        staging.write("tin-tuc/bai/index.html", b"<p>bai</p>")
        assert tree(output) == {"cu.html": "cũ".encode()}  # untouched until the swap
    assert tree(output) == {"index.html": "mới".encode(), "tin-tuc/bai/index.html": b"<p>bai</p>"}
    assert staging.written == 2
    assert folders(tmp_path) == ["public"]  # no staging or old folder left behind


def test_an_error_leaves_the_output_as_it_was(tmp_path):
    output = tmp_path / "public"
    output.mkdir()
    (output / "index.html").write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with Staging(output) as staging:
            staging.write("index.html", b"new")
            raise RuntimeError("render failed")
    assert tree(output) == {"index.html": b"old"}
    assert folders(tmp_path) == ["public"]


def test_first_build_creates_the_output(tmp_path):
    with Staging(tmp_path / "public") as staging:
        staging.write("a.txt", b"a")
    assert tree(tmp_path / "public") == {"a.txt": b"a"}


@pytest.mark.parametrize("path", ["../x.html", "a/../../x.html", "/etc/passwd", "", "a\\..\\x", "a/\x00", "./x.html",
                                  "tin-tuc//index.html"])
def test_paths_leaving_the_output_are_refused(tmp_path, path):
    staging = Staging(tmp_path / "public")
    with pytest.raises(UnsafeOutputPath):
        staging.write(path, b"x")
    staging.abort()
    assert not (tmp_path / "x.html").exists()


def test_recover_restores_the_previous_site_after_a_kill_during_the_swap(tmp_path):
    output = tmp_path / "public"
    old = tmp_path / ".public.old"
    old.mkdir()
    (old / "index.html").write_bytes(b"previous")
    (tmp_path / ".public.staging").mkdir()
    recover(output)
    assert tree(output) == {"index.html": b"previous"}
    assert folders(tmp_path) == ["public"]


def test_recover_drops_half_written_folders(tmp_path):
    output = tmp_path / "public"
    output.mkdir()
    (output / "index.html").write_bytes(b"current")
    (tmp_path / ".public.old").mkdir()
    (tmp_path / ".public.staging").mkdir()
    Staging(output).abort()
    assert tree(output) == {"index.html": b"current"}
    assert folders(tmp_path) == ["public"]


def test_ctrl_c_while_the_new_site_moves_in_finishes_the_move_first(tmp_path, monkeypatch):
    """Once the journal is written the new site is committed: Ctrl+C then waits for the last file."""
    import os
    import signal

    from sitegen.output import writer

    output = tmp_path / "public"
    pages = [f"tin-tuc/bai-{n}/index.html" for n in range(20)]
    with Staging(output) as first:
        for page in pages:
            first.write(page, b"old")
    real_apply = writer.apply_journal

    def apply_with_ctrl_c(output_dir, trash=None):
        os.kill(os.getpid(), signal.SIGINT)  # the editor presses Ctrl+C as the files move in
        real_apply(output_dir, trash)

    monkeypatch.setattr(writer, "apply_journal", apply_with_ctrl_c)
    with pytest.raises(writer.InterruptedAfterPublishing):
        with Staging(output, first.manifest) as second:
            for page in pages:
                second.write(page, b"new")
    assert tree(output) == {page: b"new" for page in pages}
    assert folders(tmp_path) == ["public"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl+C works as before


def test_the_cli_says_the_new_site_was_published_before_stopping(tmp_path, monkeypatch, capsys):
    from conftest import article, make_site

    from sitegen import cli
    from sitegen.output import writer

    def interrupted_after_publishing(_options):
        raise writer.InterruptedAfterPublishing()

    monkeypatch.setattr(cli, "build_site", interrupted_after_publishing)
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article()})
    assert cli.main(["build", "--root", str(root)]) == 130
    assert "sau khi ghi xong trang mới vào public/" in capsys.readouterr().err


def test_an_incremental_build_stages_changed_files_flat_and_a_killed_commit_is_rolled_forward(tmp_path):
    from sitegen.output.writer import journal_for

    output = tmp_path / "public"
    with Staging(output) as first:
        first.write("index.html", b"trang chu")
        first.write("tin-tuc/bai-mot/index.html", b"bai mot")
    long_slug = "tin-tuc/" + "bai-co-tieu-de-rat-dai-" * 10 + "/index.html"  # 240 characters: still one name
    second = Staging(output, first.manifest)
    second.keep("index.html")
    second.write("tin-tuc/bai-mot/index.html", b"bai mot, da sua")
    second.write(long_slug, b"bai dai")
    second.write("tin-tuc/bai-moi/anh/anh.jpg", b"anh")
    staged = list(second.staging_dir.iterdir())
    assert len(staged) == 3 and all(p.is_file() for p in staged), "no folder per page in the staging folder"
    assert all(len(p.name) < 100 for p in staged)
    # The commit point passed (journal written), then the build was killed before applying it.
    journal_for(output).write_text(json.dumps({"changed": sorted(second.changed), "removed": []}), "utf-8")
    second._unlock()
    recover(output)
    assert tree(output) == {"index.html": b"trang chu", "tin-tuc/bai-mot/index.html": b"bai mot, da sua",
                            long_slug: b"bai dai", "tin-tuc/bai-moi/anh/anh.jpg": b"anh"}
    assert folders(tmp_path) == ["public"]
    assert not journal_for(output).exists()


def wait_until(condition, seconds=20.0) -> bool:
    """Whether `condition()` came true within `seconds` (the trash is emptied by another process)."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def wait_until_empty(folder) -> bool:
    return wait_until(lambda: not any(folder.iterdir()))


def test_replaced_and_removed_files_go_to_the_trash_and_are_freed_after_the_build(tmp_path, monkeypatch):
    from sitegen.incremental.trash import Trash

    output, trash = tmp_path / "public", tmp_path / ".cache" / "trash"
    with Staging(output, trash_dir=trash) as first:
        first.write("index.html", b"trang chu cu")
        first.write("tin-tuc/bai-cu/index.html", b"bai cu")
        first.write("tin-tuc/bai-mot/index.html", b"bai mot")
    emptied = []
    monkeypatch.setattr(Trash, "empty_in_background", lambda self: emptied.append(self.trash_dir))
    inode = (output / "index.html").stat().st_ino
    with Staging(output, first.manifest, trash_dir=trash) as second:
        second.write("index.html", b"trang chu moi")
        second.keep("tin-tuc/bai-mot/index.html")
        second.write("tin-tuc/bai-moi/index.html", b"bai moi")
    assert tree(output) == {"index.html": b"trang chu moi", "tin-tuc/bai-mot/index.html": b"bai mot",
                            "tin-tuc/bai-moi/index.html": b"bai moi"}
    # The old home page was not freed by the rename: it kept a second name in the trash, as did
    # the removed article; the build then handed the trash to the emptier.
    assert sorted(tree(trash).values()) == [b"bai cu", b"trang chu cu"]
    assert inode in {p.stat().st_ino for p in trash.rglob("*") if p.is_file()}
    assert emptied == [trash] and folders(tmp_path) == [".cache", "public"]
    monkeypatch.undo()
    second.trash.empty_in_background()  # as a real build does at the end of its commit
    assert wait_until_empty(trash)
    assert tree(output)["index.html"] == b"trang chu moi"


def test_a_rebuild_over_an_unknown_output_moves_the_old_one_to_the_trash(tmp_path):
    output, trash = tmp_path / "public", tmp_path / ".cache" / "trash"
    output.mkdir()
    (output / "cu.html").write_bytes(b"left by hand")
    with Staging(output, trash_dir=trash) as staging:
        staging.write("index.html", b"moi")
    assert tree(output) == {"index.html": b"moi"}
    assert folders(tmp_path) == [".cache", "public"]
    assert wait_until_empty(trash)


def test_a_trash_left_by_a_killed_emptier_is_emptied_by_the_next_build(tmp_path):
    output, trash = tmp_path / "public", tmp_path / ".cache" / "trash"
    with Staging(output, trash_dir=trash) as first:
        first.write("index.html", b"a")
    (trash / "left-over" / "tin-tuc").mkdir(parents=True)
    (trash / "left-over" / "tin-tuc" / "index.html").write_bytes(b"old page")
    with Staging(output, first.manifest, trash_dir=trash) as second:
        second.write("index.html", b"b")
    assert wait_until_empty(trash)
    assert tree(output) == {"index.html": b"b"}


def test_a_failed_build_leaves_its_staged_files_to_the_trash_and_the_output_as_it_was(tmp_path, monkeypatch):
    from sitegen.incremental.trash import Trash

    output, trash = tmp_path / "public", tmp_path / ".cache" / "trash"
    with Staging(output, trash_dir=trash) as first:
        first.write("index.html", b"old")
    emptied = []
    monkeypatch.setattr(Trash, "empty_in_background", lambda self: emptied.append(self.trash_dir))
    with pytest.raises(RuntimeError):
        with Staging(output, first.manifest, trash_dir=trash) as second:
            second.write("index.html", b"new")
            second.write("tin-tuc/bai/index.html", b"bai")
            raise RuntimeError("a template error")
    assert tree(output) == {"index.html": b"old"}
    assert folders(tmp_path) == [".cache", "public"]  # no staging folder left beside the output
    assert sorted(tree(trash).values()) == [b"bai", b"new"] and emptied == [trash]


def test_the_trash_folder_of_a_build_still_running_is_left_alone(tmp_path):
    import os
    import subprocess
    import sys

    # The preview server and a `build` may commit at once (two outputs, two locks, one trash).
    output, trash = tmp_path / "public", tmp_path / ".cache" / "trash"
    with Staging(output, trash_dir=trash) as first:
        first.write("index.html", b"a")
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    running, gone = trash / f"{os.getpid()}-other-build", trash / f"{finished.stdout.strip()}-killed-build"
    for folder in (running, gone):
        (folder / "1").parent.mkdir(parents=True)
        (folder / "1").write_bytes(b"old page")
    with Staging(output, first.manifest, trash_dir=trash) as second:
        second.write("index.html", b"b")
    assert wait_until(lambda: not gone.exists()) and [p.name for p in trash.iterdir()] == [running.name]
    assert (running / "1").read_bytes() == b"old page"


def test_a_file_the_trash_cannot_take_is_left_for_the_build_to_delete(tmp_path):
    import shutil

    from sitegen.incremental.trash import Trash

    output = tmp_path / "public"
    output.mkdir()
    first, second = output / "a.html", output / "b.html"
    first.write_bytes(b"a")
    second.write_bytes(b"b")
    trash = Trash(tmp_path / ".cache" / "trash", output)
    assert trash.take(first) and not first.exists()
    shutil.rmtree(trash.folder)  # another build's emptier got there first
    assert not trash.take(second) and second.read_bytes() == b"b"  # so the caller deletes it itself
    assert trash.take(output / "gone.html")  # nothing there: nothing to delete


# --- a one-off build's hold on the output (held_output.py) ------------------------------------------


def _site_changed_by_hand(tmp_path):
    """An output of four files as the last build left them, then one edited, one deleted, one added."""
    import os

    output = tmp_path / "public"
    with Staging(output) as first:
        for name in ("index.html", "a/index.html", "b/index.html", "c/index.html"):
            first.write(name, name.encode())
    (output / "a/index.html").write_bytes(b"sua tay")
    os.utime(output / "a/index.html", ns=(1, 1))
    (output / "b/index.html").unlink()
    (output / "la.html").write_bytes(b"?")
    return output, first.manifest


def test_the_background_comparison_finds_what_was_changed_by_hand(tmp_path):
    from sitegen.output.held_output import HeldOutput
    from sitegen.output.writer import compare_with_disk

    output, manifest = _site_changed_by_hand(tmp_path)
    held = HeldOutput(output, manifest)
    held.compare_in_background()
    assert held._process is not None, "compared in a forked process"
    verified, unknown = held.compared()
    assert sorted(verified) == ["c/index.html", "index.html"] and sorted(unknown) == ["a/index.html", "la.html"]
    assert (verified, unknown) == compare_with_disk(output, manifest)
    assert not held.intact()
    # The next build keeps the two intact files, writes the others and removes the stray one.
    with Staging(output, manifest, held=held) as staging:
        for name in ("index.html", "c/index.html"):
            assert staging.keep(name)
        for name in ("a/index.html", "b/index.html"):
            assert not staging.can_keep(name)
            staging.write(name, name.encode())
    held.release()
    assert tree(output) == {name: name.encode() for name in ("index.html", "a/index.html", "b/index.html",
                                                              "c/index.html")}


def test_a_build_holding_the_output_makes_another_wait_until_it_is_done(tmp_path):
    import threading

    from sitegen.output.held_output import HeldOutput

    output, manifest = _site_changed_by_hand(tmp_path)
    held = HeldOutput(output, manifest)
    other_done = threading.Event()

    def other_build():
        with Staging(output) as other:
            other.write("index.html", b"other")
        other_done.set()

    thread = threading.Thread(target=other_build)
    thread.start()
    assert not other_done.wait(0.3)  # waiting from the first build's start, not only its commit
    held.release()  # the first build stopped (an error in an article) before staging anything
    assert other_done.wait(10)
    thread.join(timeout=10)
    assert tree(output) == {"index.html": b"other"}
