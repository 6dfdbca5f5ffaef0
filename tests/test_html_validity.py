"""Every page type passes the Nu Html Checker (vnu.jar from npm, run with Java) without an error,
and so do the style sheets.

One Java run checks the sample site and the real site together: starting the JVM is the slow part.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import NODE_TOOLS, REPO, require_tool, run_cli
from sample_site import PAGE_TYPES


def run_vnu(files: list[Path]) -> tuple[list[dict], set[Path]]:
    """(messages, files the checker says it read) for one run over the given HTML and CSS files."""
    jar = require_tool(NODE_TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar", "make test runs npm ci in tests/node")
    java = shutil.which("java") or str(require_tool(Path("/usr/bin/java"), "apt-get install default-jre-headless"))
    result = subprocess.run([java, "-Xss4m", "-jar", str(jar), "--format", "json", "--also-check-css", "--verbose",
                             *map(str, files)], capture_output=True, text=True, timeout=180)
    checked = {Path(line) for line in result.stdout.splitlines() if line.strip()}
    return json.loads(result.stderr)["messages"], checked


def checkable_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html")) + sorted(site.rglob("*.css"))


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("real-site") / "public"
    result = run_cli("build", "--root", str(REPO), "--output", str(output))
    assert result.returncode == 0, result.stderr
    return output


def test_every_page_and_style_sheet_of_both_sites_is_valid(theme_site, real_site):
    files = checkable_files(theme_site) + checkable_files(real_site)
    messages, checked = run_vnu(files)
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m["type"] in ("error", "non-document-error")]
    assert errors == []
    assert checked == set(files)  # vnu is silent about a valid file: make sure it read every one
    for url in PAGE_TYPES.values():
        assert theme_site / (url if url.endswith(".html") else url + "index.html") in checked


def test_the_checker_reports_an_invalid_page(tmp_path):
    """The empty list above means something: the same run sees mistakes."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=vi><title>x</title><p><div></p></span>", encoding="utf-8")
    messages, checked = run_vnu([bad])
    assert checked == {bad}
    assert any(m["type"] == "error" for m in messages)
