"""The editor's guide explains every error message; the CI examples check every change and rebuild daily."""

import ast

import pytest
import yaml
from conftest import REPO

GUIDE = REPO / "docs" / "huong-dan-bien-tap.md"
MESSAGE_MODULES = ["source/content.py", "source/config.py", "output/templates.py", "site/pages.py"]


def message_fragments(module: str) -> list[str]:
    """The fixed words of each editor-facing message (the parts of the f-string between its values)."""
    tree = ast.parse((REPO / "sitegen" / module).read_text(encoding="utf-8"))
    fragments = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in ("error", "warning", "Problem", "_FrontMatterError") or len(node.args) < 3:
            continue
        message = node.args[1] if name == "_FrontMatterError" else node.args[2]
        parts = message.values if isinstance(message, ast.JoinedStr) else [message]
        for part in parts:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                text = part.value.strip(" .\"():")
                if len(text) >= 8:
                    fragments.append(text)
    return fragments


@pytest.mark.parametrize("module", MESSAGE_MODULES)
def test_guide_explains_every_error_message(module):
    guide = GUIDE.read_text(encoding="utf-8")
    fragments = message_fragments(module)
    assert fragments, f"no messages found in {module}"
    missing = [fragment for fragment in fragments if fragment not in guide]
    assert missing == [], f"messages of sitegen/{module} not explained in {GUIDE.name}"


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_examples_check_every_change_and_rebuild_daily(name):
    text = (REPO / "docs" / "ci" / name).read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    commands = yaml.safe_dump(workflow, allow_unicode=True)
    assert "make check" in commands and "make build" in commands
    if name == "github-actions.yml":
        triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
        assert "push" in triggers and "pull_request" in triggers
        (schedule,) = triggers["schedule"]
        minute, hour, day, month, weekday = schedule["cron"].split()
        assert (day, month, weekday) == ("*", "*", "*")
    else:
        assert "schedule" in text and "Pipeline schedules" in text
    assert "SOURCE_DATE_EPOCH" in text  # warned against: it would freeze which scheduled articles are due


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_examples_keep_the_build_cache_between_runs(name):
    """The nightly build is incremental: .cache/ and public/ come back from the last run."""
    workflow = yaml.safe_load((REPO / "docs" / "ci" / name).read_text(encoding="utf-8"))
    if name == "github-actions.yml":
        (cache,) = [step for step in workflow["jobs"]["build"]["steps"]
                    if step.get("uses", "").startswith("actions/cache@")]
        paths = cache["with"]["path"].split()
        assert cache["with"]["restore-keys"] and cache["with"]["key"] != cache["with"]["restore-keys"]
    else:
        paths = [path.rstrip("/") for path in workflow["cache"]["paths"]]
    assert {".cache", "public"} <= set(paths)
