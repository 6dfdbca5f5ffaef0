"""The progress line: shown on a terminal during a long command, never in a pipe, CI or JSON."""

from __future__ import annotations

import io
import json
import time

import pytest

from conftest import article, make_site
from sitegen import cli
from sitegen.common import progress as progress_module
from sitegen.common.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def no_delay(monkeypatch):
    """Show the line at once (a real command waits two seconds first) and redraw often."""
    monkeypatch.setattr(progress_module, "DELAY_SECONDS", 0)
    monkeypatch.setattr(progress_module, "REDRAW_SECONDS", 0.005)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)


def wait_for(predicate, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.01)
    return predicate()


def test_a_terminal_sees_the_step_and_the_count_on_one_line(no_delay):
    terminal = Terminal()
    with Progress(terminal) as progress:
        progress.step("Kết xuất trang", total=15601)
        progress.advance(1234)
        assert wait_for(lambda: "Kết xuất trang: 1.234/15.601 (7%)" in terminal.getvalue())
    shown = terminal.getvalue()
    assert "\n" not in shown                # rewritten in place, never a new line
    assert shown.endswith("\r\033[K")       # wiped at the end: the result prints on a clean line


def test_the_first_two_seconds_show_nothing(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress_module, "REDRAW_SECONDS", 0.005)
    terminal = Terminal()
    with Progress(terminal) as progress:
        progress.step("Đọc bài viết, chuyển Markdown")
        time.sleep(0.1)
    assert terminal.getvalue() == ""


@pytest.mark.parametrize("where", ["pipe", "ci", "dumb terminal"])
def test_nothing_is_shown_outside_a_terminal(no_delay, monkeypatch, where):
    stream = io.StringIO() if where == "pipe" else Terminal()
    if where == "ci":
        monkeypatch.setenv("CI", "true")
    if where == "dumb terminal":
        monkeypatch.setenv("TERM", "dumb")
    with Progress(stream) as progress:
        progress.step("Kết xuất trang", total=10)
        time.sleep(0.05)
    assert stream.getvalue() == ""


def test_a_build_at_a_terminal_names_its_steps_in_vietnamese(tmp_path, no_delay, monkeypatch, capsys):
    root = make_site(tmp_path, {f"content/tin-tuc/tin-{n}.md": article(f"Tin số {n}", "01/05/2023 08:00")
                                for n in range(3)})
    terminal = Terminal()
    seen: list[str] = []
    real_step = Progress.step

    def step_and_wait_for_a_redraw(self, label, total=None):
        real_step(self, label, total)
        wait_for(lambda: label in terminal.getvalue(), 2)
        seen.append(label)

    monkeypatch.setattr(Progress, "step", step_and_wait_for_a_redraw)
    monkeypatch.setattr("sys.stderr", terminal)
    assert cli.main(["build", "--root", str(root)]) == 0
    shown = terminal.getvalue()
    for label in ["Đọc bài viết, chuyển Markdown", "Kết xuất trang", "Chờ chỉ mục tìm kiếm (Pagefind)"]:
        assert label in seen and label in shown
    assert "Đã dựng" in capsys.readouterr().out


def test_check_with_json_output_prints_json_only(tmp_path, no_delay, monkeypatch, capsys):
    root = make_site(tmp_path, {"content/tin-tuc/a.md": article("Tin một", "01/05/2023 08:00")})
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    cli.main(["check", "--root", str(root), "--format", "json"])
    json.loads(capsys.readouterr().out)
    assert terminal.getvalue() == ""
