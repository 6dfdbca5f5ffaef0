"""Render the pages whose inputs changed, on every core; keep the others as they are on disk.

A page's inputs are its template (with every template it extends, includes
or imports, found with `jinja2.meta.find_referenced_templates`), the build's
global inputs (config, assets, preview flag, generator version) and its own
view data. Their fingerprint is compared with the one stored by the last
build: equal, and the file on disk as we left it, means the page is kept.

`render_output()` gives the same rule to any other output (sitemap, robots),
`render_output_group()` to a step making several files (feeds; the search index
uses its two halves, `decide_output_group` and `finish_output_group`):
name the values it is made from, and how to make it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import jinja2
import jinja2.meta

from ..incremental.cache import GENERATOR_VERSION, Fingerprinter, Uncacheable, ValueStore
from ..common.errors import BuildFailed, Problem
from ..site.pages import PageSpec
from ..common.parallel import parallel_imap
from ..common.progress import SILENT, Progress
from .templates import render_page, template_problem
from .writer import StagedFiles, Staging


def template_fingerprints(environment: jinja2.Environment) -> Callable[[str], str]:
    """name → hash of that template's source and of every template it references, transitively.

    A template naming another one with a variable (`{% include some_var %}`) cannot be
    followed: it then depends on every template there is.
    """
    own: dict[str, tuple[str, list[str | None]]] = {}
    combined: dict[str, str] = {}

    def own_source(name: str) -> tuple[str, list[str | None]]:
        if name not in own:
            source, _filename, _uptodate = environment.loader.get_source(environment, name)
            own[name] = (source, _referenced_templates(environment, source))
        return own[name]

    def closure(name: str) -> str:
        if name in combined:
            return combined[name]
        seen, queue, dynamic = set(), [name], False
        while queue:
            current = queue.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                _source, referenced = own_source(current)
            except jinja2.TemplateNotFound:
                continue
            for child in referenced:
                if child is None:
                    dynamic = True
                else:
                    queue.append(child)
        if dynamic:
            seen.update(environment.list_templates())
        digest = hashlib.blake2b(digest_size=16)
        for member in sorted(seen):
            try:
                source = own_source(member)[0]
            except jinja2.TemplateNotFound:
                source = "\0missing"
            digest.update(member.encode() + b"\0" + source.encode() + b"\0")
        combined[name] = digest.hexdigest()
        return combined[name]

    return closure


_REFERENCES: dict[str, list[str | None]] = {}  # template source → the templates it names (kept per process)


def recall_template_references(environment: jinja2.Environment, memo: ValueStore) -> None:
    """What every template of the theme names, from the last build's answer when the sources are the
    same (`memo`: .cache/): a `build` parsed the 33 templates again each time, 40 ms (measured)."""
    sources = sorted({environment.loader.get_source(environment, name)[0] for name in environment.list_templates()})
    _REFERENCES.update(memo.recall_or_make(
        sources, lambda: {source: _referenced_templates(environment, source) for source in sources}))


def _referenced_templates(environment: jinja2.Environment, source: str) -> list[str | None]:
    """The templates a source extends, includes or imports (None: named by a variable)."""
    if source not in _REFERENCES:
        try:
            referenced = list(jinja2.meta.find_referenced_templates(environment.parse(source)))
        except jinja2.TemplateSyntaxError:
            referenced = []  # rendering will report the error with its line
        if len(_REFERENCES) > 1000:  # a long preview session with many template edits
            _REFERENCES.clear()
        _REFERENCES[source] = referenced
    return _REFERENCES[source]


class OutputPlan:
    """Decides, output by output, whether to keep last build's file or make it again."""

    def __init__(self, staging: Staging, previous: dict[str, str], global_inputs: Any,
                 fingerprint: Fingerprinter | None = None):
        self.staging = staging
        self.previous = previous
        # The build's fingerprinter: a step decided before the staging folder existed (the search
        # index) used it already, and each article is hashed once per build.
        self.fingerprint = fingerprint or Fingerprinter()
        self.global_key = self.fingerprint(global_inputs)
        self.fingerprints: dict[str, Any] = {}  # what this build made, for the next one

    def key(self, path: str, *inputs: Any) -> str | None:
        """The fingerprint of an output's inputs; None when they cannot be described (always rebuilt)."""
        return output_key(self.fingerprint, self.global_key, path, inputs)

    def is_fresh(self, path: str, key: str | None) -> bool:
        """True (and the file is kept) when the inputs are unchanged and the file is intact on disk."""
        if key is not None and self.previous.get(path) == key and self.staging.keep(path):
            self.fingerprints[path] = key
            return True
        return False

    def write(self, path: str, key: str | None, data: bytes) -> None:
        self.staging.write(path, data)
        if key is not None:
            self.fingerprints[path] = key

    def record(self, path: str, key: str | None, entry: tuple[str, int, int], written: bool) -> None:
        """A file a worker wrote into staging (Staging.put)."""
        self.staging.record(path, entry, written)
        if key is not None:
            self.fingerprints[path] = key


def render_output(plan: OutputPlan, path: str, inputs: tuple, produce: Callable[[], bytes]) -> None:
    """Write `produce()` to path, unless the output is fresh for these inputs."""
    key = plan.key(path, *inputs)
    if not plan.is_fresh(path, key):
        plan.write(path, key, produce())


def render_output_group(plan: OutputPlan, name: str, inputs: tuple,
                        produce: Callable[[], dict[str, bytes]]) -> bool:
    """Like render_output for a step that makes several files at once (the feeds): the files of
    the last build are kept, all of them, when the inputs are unchanged. A slow step (the search
    index) calls its two halves itself, `decide_output_group` and `finish_output_group`."""
    decision = decide_output_group(plan.previous, plan.fingerprint, name, inputs, global_key=plan.global_key)
    return finish_output_group(plan, decision, produce)


@dataclass(frozen=True)
class GroupDecision:
    """What render_output_group decided, before making anything (see decide_output_group)."""

    slot: str
    key: str | None
    last: Any
    keep: bool      # the last build's files stay
    checked: bool   # ... and they are known to be up to date


def output_key(fingerprint: Fingerprinter, global_key: str, path: str, inputs: tuple) -> str | None:
    try:
        return fingerprint(global_key, path, *inputs)
    except Uncacheable:
        return None


def decide_output_group(previous: dict[str, Any], fingerprint: Fingerprinter, name: str,
                        inputs: tuple | Callable[[], tuple], defer: bool = False,
                        global_key: str = GENERATOR_VERSION) -> GroupDecision:
    """The first half of render_output_group: whether the group must be made, from the last build's
    fingerprints alone (`global_key`: GENERATOR_VERSION for a group that reads neither the config
    nor the assets). It needs no staging folder or output plan, so a slow step (the search index)
    can start as soon as the model is built and run while the theme loads and the pages render.
    Whether the last files are still on disk as written is checked when the group is finished.

    With `defer`, the last build's files are kept as they are (made anew only if there are
    none), and their old fingerprint is carried over, so the next build without `defer` checks
    them; `inputs` may then be a function, not even called. A group kept that way is finished
    with False: its files may be stale."""
    slot = f"group:{name}"  # never a page path: those have no colon
    last = previous.get(slot)
    has_last = isinstance(last, tuple)
    if defer and has_last:
        return GroupDecision(slot, None, last, keep=True, checked=False)
    key = output_key(fingerprint, global_key, slot, inputs() if callable(inputs) else inputs)
    fresh = key is not None and has_last and last[0] == key
    return GroupDecision(slot, key, last, keep=fresh, checked=fresh)


def finish_output_group(plan: OutputPlan, decision: GroupDecision,
                        produce: Callable[[], dict[str, bytes] | StagedFiles]) -> bool:
    """The second half: keep the last files or write what `produce` makes (or has already put into
    the staging folder: the search index's bundles); False when files were kept without being
    checked. The last files are made anew when one of them is no longer on disk as the last build
    wrote it."""
    if decision.keep and all(plan.staging.can_keep(path) for path in decision.last[1]):
        for path in decision.last[1]:
            plan.staging.keep(path)
        plan.fingerprints[decision.slot] = decision.last
        return decision.checked
    made = produce()
    if isinstance(made, StagedFiles):
        plan.staging.record_all(made)
        paths = made.entries
    else:
        for path, data in made.items():
            plan.staging.write(path, data)
        paths = made
    if decision.key is not None:
        plan.fingerprints[decision.slot] = (decision.key, tuple(sorted(paths)))
    return True


def render_changed_pages(plan: OutputPlan, environment: jinja2.Environment, specs: list[PageSpec],
                         template_dirs: list[Path], root: Path, cores_taken: int = 0,
                         progress: Progress = SILENT) -> int:
    """Render every page that is not fresh (in parallel when many); returns how many were rendered.

    `cores_taken`: cores busy with other work meanwhile (Pagefind), left to it."""
    template_key = template_fingerprints(environment)
    todo: list[tuple[PageSpec, str | None]] = []
    for spec in specs:
        try:
            inputs = (template_key(spec.template), spec.template, plan.fingerprint.flatten(spec.context))
        except jinja2.TemplateNotFound:
            inputs = None
        key = plan.key(spec.output_path, *inputs) if inputs is not None else None
        if not plan.is_fresh(spec.output_path, key):
            todo.append((spec, key))

    for spec, _key in todo:
        plan.staging.path_for(spec.output_path)  # an unsafe path fails here, not as a template error

    def render(index: int):
        """Render and write one page: the workers write their pages (file system calls in
        parallel, no page's bytes sent back), the parent only records them."""
        spec = todo[index][0]
        try:
            data = render_page(environment, spec)
        except Exception as error:  # noqa: BLE001 - any template failure is reported, not a traceback
            return None, template_problem(error, template_dirs, root)
        return plan.staging.put(spec.output_path, data), None

    progress.step("Kết xuất trang", total=len(todo))
    problems: dict[tuple[str, int], Problem] = {}  # one per template line, not one per page
    for (spec, key), (written, problem) in zip(todo, parallel_imap(render, range(len(todo)), cores_taken)):
        if problem is not None:
            problems.setdefault((problem.path, problem.line), problem)
        elif not problems:
            plan.record(spec.output_path, key, *written)
        progress.advance()
    if problems:
        raise BuildFailed(list(problems.values()))
    return len(todo)
