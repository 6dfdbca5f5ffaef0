"""The folder listing is the architecture: imports run downwards only.

Every module of `sitegen/` is read with `ast`; an import of a higher stage, or of a
sibling at the same rank, fails with the file and line that made it.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"

# Lowest first. A module may import its own subpackage and anything of a lower rank.
RANKS = ["common", "text", "incremental", "source", "media", "site", "search", "output",
         "pipeline", "importer", "commands", "cli"]


def stage_of(module: str) -> str:
    """`sitegen.source.content` → "source"; `sitegen.pipeline` → "pipeline"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every `sitegen` module that a file imports, with the line, relative imports resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "sitegen" or target.startswith("sitegen."):
                targets = [f"{target}.{alias.name}" for alias in node.names] if target == "sitegen" else [target]
                found += [(node.lineno, t) for t in targets]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("sitegen.")]
    return found


def layering_violations() -> list[str]:
    violations = []
    for path in sorted(PACKAGE.rglob("*.py")):
        own = stage_of(module_name(path))
        for line, target in imported_modules(path):
            other = stage_of(target)
            if other == own or other == "":
                continue
            if own and own not in RANKS:
                violations.append(f"{path.relative_to(PACKAGE)}: '{own}' has no rank in RANKS")
            elif other not in RANKS:
                violations.append(f"{path.relative_to(PACKAGE)}:{line}: '{other}' has no rank in RANKS")
            elif own and RANKS.index(other) > RANKS.index(own):
                violations.append(f"{path.relative_to(PACKAGE)}:{line}: {own} imports {target}, a higher stage")
    return violations


def test_imports_run_downwards_only():
    assert layering_violations() == []


def test_the_checker_sees_an_upward_import(tmp_path, monkeypatch):
    """The test above can fail: a lower stage importing a higher one is reported."""
    fake = tmp_path / "sitegen"
    for folder, text in {"text": "from ..site.model import Article\n", "site": ""}.items():
        (fake / folder).mkdir(parents=True)
        (fake / folder / "__init__.py").write_text("")
        (fake / folder / "slugs.py").write_text(text)
    monkeypatch.setattr(__import__(__name__), "PACKAGE", fake)
    assert layering_violations() == ["text/slugs.py:1: text imports sitegen.site.model, a higher stage"]


def test_only_the_thin_top_sits_beside_the_subpackages():
    top_modules = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert top_modules == ["__init__.py", "cli.py", "pipeline.py"]
    for folder in sorted(p for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"):
        assert folder.name in RANKS, folder
        docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert docstring and "May use:" in docstring, f"{folder.name}/__init__.py says what it owns and may use"
