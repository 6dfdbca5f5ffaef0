"""One problem type carrying file, line and message, and a collector for all of them.

Messages are for editors, so they are in Vietnamese and say what to do.
A build collects every problem, then stops once, showing them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

_SEVERITY_LABEL = {ERROR: "lỗi", WARNING: "cảnh báo"}


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with an input file, at a line (1-based; 0 = whole file)."""

    path: str
    line: int
    message: str
    hint: str = ""
    severity: str = ERROR
    column: int = 0
    code: str = ""

    def format(self) -> str:
        """`content/tin-tuc/x.md:4: lỗi: message. Hint.`"""
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        text = f"{where}: {_SEVERITY_LABEL[self.severity]}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text

    def as_dict(self) -> dict:
        """Machine-readable form, for `--format json`."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


class BuildFailed(Exception):
    """Raised when a build step found errors; carries every problem found."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
        # Warnings found on the way are shown too: "catgory" explains a missing "category".
        self.warnings = warnings or []


@dataclass
class Problems:
    """Collects problems from every step so an editor sees them all at once."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, message: str, hint: str = "", code: str = "") -> None:
        self.items.append(Problem(path, line, message, hint, ERROR, code=code))

    def warning(self, path: str, line: int, message: str, hint: str = "", code: str = "") -> None:
        self.items.append(Problem(path, line, message, hint, WARNING, code=code))

    def extend(self, problems: "list[Problem] | Problems") -> None:
        self.items.extend(problems.items if isinstance(problems, Problems) else problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == WARNING)

    def raise_if_errors(self) -> None:
        """Stop the build when any error was collected."""
        if self.errors:
            raise BuildFailed(self.errors, self.warnings)


class BuildCancelled(Exception):
    """The build was asked to stop (BuildOptions.cancel): the preview server has a newer save."""
