"""`make bench`: time our builds (and Hugo's, on the same corpus) and write bench/RESULTS.md.

For each size N (1,000 and 10,000; 50,000 with --large) the corpus from
bench/generate.py is built in these situations, each run 3 times (median):

    cold         no cache, empty output folder; also without search indexing (the issue
                 counts it separately, and Hugo's site has none): bench/build_without_search.py
                 builds the rest as build.py does, without the search index
    no change    rebuild with nothing changed
    1 article    one article's text edited
    1 template   templates/article.html edited (every article page depends on it)
    site.toml    the agency's phone number changed (every page shows it)
    1 document   one document of the register edited (with --documents N: N documents are
                 added to the corpus, content/van-ban/; Hugo has no register and is not run)
    search       the search index step on its own (bench/search_bench.py, when present)
    import       `build.py import` of 5,000 saved portal pages (bench/import_bench.py,
                 its own bench/RESULTS-import.md; --no-import skips it)
    dev server   save → reload signal on the livereload websocket, save → the full rebuild
                 done, and save → search index refreshed (the server shows the edited article's
                 page first, then rebuilds the rest, then indexes)

Wall time is measured around the command (Python start-up included). Peak
memory is sampled over the build's process tree, as the sum of RSS every
20 ms (which counts pages forked workers share with their parent once per
process, so it over-counts) and the sum of PSS (shared pages divided among
the processes sharing them; reading it is costly) every 0.5 s and whenever
RSS has grown by a tenth since PSS was last read. The CPU time spent
outside the measured processes while measuring is reported (`OtherWork`),
so that a run disturbed by other work can be told apart. No timing
is asserted anywhere: this only reports.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SITES = BENCH / "sites"
PYTHON = sys.executable
HUGO = shutil.which("hugo")
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402  (bench/generate.py, beside this file)


# --- measuring ----------------------------------------------------------------------------------

# PSS is costly to read: the kernel walks the page tables (16 ms of CPU for a 2 GB process). Read
# every 20 ms, it took half a core from a build on this 2-core machine; it is read every 0.5 s.
PSS_EVERY = 25


def _tree_rss(root_pid: int) -> tuple[int, set[int]]:
    """(sum of RSS in bytes, the pids) of root_pid and all its descendants, from /proc.

    RSS counts pages a forked worker shares with its parent once in each process; PSS
    (`_pss`) divides shared pages among the processes sharing them, so its sum is the real footprint.
    """
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as file:
                fields = file.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * page
    members, frontier = {root_pid}, [root_pid]
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in members:
                members.add(child)
                frontier.append(child)
    return sum(rss.get(pid, 0) for pid in members), members


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as file:
            for line in file:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def measure(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, tuple[int, int], str]:
    """(wall seconds, (peak RSS sum, peak PSS sum) of the process tree, its output) of one command;
    fails loudly."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, **(env or {})})
    peak = [0, 0]

    def sample() -> None:
        count, rss_at_last_pss = 0, 0
        while process.poll() is None:
            rss, members = _tree_rss(process.pid)
            # PSS every PSS_EVERY samples, and whenever RSS has grown by a tenth since it was last
            # read: a build shorter than PSS_EVERY samples still gets a PSS reading near its peak.
            if count % PSS_EVERY == 0 or rss > rss_at_last_pss * 1.1:
                rss_at_last_pss = rss
                peak[1] = max(peak[1], sum(_pss(pid) for pid in members))
            peak[0] = max(peak[0], rss)
            count += 1
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate(timeout=1800)
    wall = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stdout.decode()}\n{stderr.decode()}")
    return wall, (peak[0], peak[1]), stdout.decode("utf-8", "replace")


class Site:
    """One tool's copy of the corpus and how to build it."""

    def __init__(self, name: str, folder: Path, command: list[str], clean: list[str]):
        self.name, self.folder, self.command, self.clean_paths = name, folder, command, clean

    def clean(self) -> None:
        for name in self.clean_paths:
            path = self.folder / name
            shutil.rmtree(path, ignore_errors=True)

    def build(self) -> tuple[float, tuple[int, int]]:
        wall, peak, _output = measure(self.command, self.folder)
        return wall, peak


def ours(folder: Path) -> Site:
    return Site("ours", folder, [PYTHON, str(REPO / "build.py"), "build", "--root", str(folder)],
                ["public", ".cache", ".public.staging", ".public.old"])


def ours_without_search(folder: Path) -> Site:
    return Site("ours", folder, [PYTHON, str(BENCH / "build_without_search.py"), str(folder)],
                ["public", ".cache", ".public.staging", ".public.old"])


def hugo(folder: Path) -> Site:
    return Site("hugo", folder, [HUGO, "--quiet", "-d", "public"], ["public", "resources", ".hugo_build.lock"])


# --- edits --------------------------------------------------------------------------------------

def edit_article(site: Site, run: int) -> None:
    path = sorted((site.folder / "content" / "tin-tuc").glob("bai-*.md"))[0]
    with open(path, "a", encoding="utf-8") as file:
        file.write(f"\nĐoạn bổ sung lần {run}: Ủy ban nhân dân thành phố đã cập nhật thông tin.\n")


def edit_template(site: Site, run: int) -> None:
    path = site.folder / ("layouts/_default/single.html" if site.name == "hugo" else "templates/article.html")
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"\n<!-- sửa mẫu lần {run} -->\n", encoding="utf-8")


def edit_document(site: Site, run: int) -> None:
    path = site.folder / "content" / "van-ban" / "vb-0.md"
    with open(path, "a", encoding="utf-8") as file:
        file.write(f"\nGhi chú bổ sung lần {run}.\n")


def edit_config(site: Site, run: int) -> None:
    path = site.folder / ("hugo.toml" if site.name == "hugo" else "site.toml")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"0277\.3563\.\d+", f"0277.3563.{360 + run}", text), encoding="utf-8")


# --- scenarios ----------------------------------------------------------------------------------

def median_of(runs: int, prepare, site: Site) -> tuple[float, tuple[int, int]]:
    """Median wall time of `runs` builds; the highest memory peaks seen."""
    times, peaks = [], []
    for run in range(runs):
        prepare(run)
        wall, peak = site.build()
        times.append(wall)
        peaks.append(peak)
    return statistics.median(times), (max(p[0] for p in peaks), max(p[1] for p in peaks))


COLD_WITHOUT_SEARCH = "cold build without search indexing (counted separately)"


def bench_site(site: Site, runs: int) -> dict[str, tuple[float, int]]:
    results = {}

    def cold(_run: int) -> None:
        site.clean()

    if site.name == "ours":  # the cold-build target counts search indexing separately
        without_search = ours_without_search(site.folder)
        cold_without_search = median_of(runs, lambda run: without_search.clean(), without_search)
    results["cold build"] = median_of(runs, cold, site)
    if site.name == "ours":
        results[COLD_WITHOUT_SEARCH] = cold_without_search
    results["no-change rebuild"] = median_of(runs, lambda run: None, site)
    results["one-article edit"] = median_of(runs, lambda run: edit_article(site, run), site)
    results["one-template edit"] = median_of(runs, lambda run: edit_template(site, run), site)
    results["site.toml edit"] = median_of(runs, lambda run: edit_config(site, run), site)
    if (site.folder / "content" / "van-ban").is_dir():
        results["one-document edit"] = median_of(runs, lambda run: edit_document(site, run), site)
    return results


def search_line(count: int, runs: int) -> tuple[float, int] | str:
    """Search indexing alone, as bench/search_bench.py (the search step's own benchmark) reports it."""
    script = BENCH / "search_bench.py"
    if not script.exists():
        return "bench/search_bench.py is not in this tree: search indexing not measured"
    times, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([PYTHON, str(script), "--articles", str(count), "--json"], cwd=REPO,
                                capture_output=True, text=True, timeout=1800)
        if result.returncode != 0:
            return f"bench/search_bench.py failed ({time.perf_counter() - started:.0f} s): {result.stderr[-300:]}"
        try:
            times.append(float(json.loads(result.stdout)["index_s"]))
        except (ValueError, KeyError) as error:
            return f"bench/search_bench.py gave no index time ({error})"
    return statistics.median(times), (0, 0)


def server_lines(folder: Path, runs: int) -> tuple[dict, list[str]]:
    """The dev server on this corpus: save an article → the reload signal on the livereload
    websocket, and save → the search index refreshed in the background (both median of `runs`)."""
    import asyncio
    import socket

    from tornado.websocket import websocket_connect

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([PYTHON, str(REPO / "build.py"), "serve", "--root", str(folder), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "PYTHONUNBUFFERED": "1"})
    said: list[str] = []
    threading.Thread(target=lambda: said.extend(line.rstrip() for line in server.stdout), daemon=True).start()

    async def said_count(text: str, at_least: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(text in line for line in list(said)) >= at_least:
                return True
            await asyncio.sleep(0.005)
        return False

    async def rounds() -> tuple[list[float], list[float]]:
        if not await said_count("Đã dựng:", 1, 1800):
            raise RuntimeError("the preview server did not start: " + " / ".join(said[-3:]))
        await said_count("Đã cập nhật chỉ mục tìm kiếm", 1, 10)  # a stale index is refreshed after start
        socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        await socket_.write_message(json.dumps({"command": "hello",
                                                "protocols": ["http://livereload.com/protocols/official-7"]}))
        await socket_.read_message()
        await socket_.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
        await asyncio.sleep(0.3)
        reloads, rebuilt, searches = [], [], []
        for run in range(runs):
            refreshed = sum("Đã cập nhật chỉ mục tìm kiếm" in line for line in list(said))
            rebuilds = sum("Đã dựng lại" in line for line in list(said))
            started = time.perf_counter()
            edit_article(Site("ours", folder, [], []), 100 + run)
            while json.loads(await socket_.read_message()).get("command") != "reload":
                pass
            reloads.append(time.perf_counter() - started)
            if await said_count("Đã dựng lại", rebuilds + 1, 1800):
                rebuilt.append(time.perf_counter() - started)
            if await said_count("Đã cập nhật chỉ mục tìm kiếm", refreshed + 1, 1800):
                searches.append(time.perf_counter() - started)
            await asyncio.sleep(0.5)
            while True:  # a second reload (other pages changed) belongs to this round, not the next
                try:
                    await asyncio.wait_for(socket_.read_message(), 0.05)
                except asyncio.TimeoutError:
                    break
        socket_.close()
        return reloads, rebuilt, searches

    try:
        reloads, rebuilt, searches = asyncio.run(rounds())
    except (RuntimeError, OSError) as error:
        return {}, [f"dev server not measured: {error}"]
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = {"dev server: save → reload signal": (statistics.median(reloads), (0, 0))}
    if rebuilt:  # the reload comes first when the edited article's page is shown before the full rebuild
        lines["dev server: save → every page rebuilt"] = (statistics.median(rebuilt), (0, 0))
    if searches:
        lines["dev server: save → search index refreshed (after the reload)"] = (statistics.median(searches), (0, 0))
    rebuilds = [float(found.group(1)) for line in said
                if (found := re.search(r"Đã dựng lại .* trong ([0-9.]+) giây", line))]
    notes = [f"dev server: the rebuild itself (as the server reports it) took a median {statistics.median(rebuilds):.2f} s; "
             "the edit (a paragraph appended) leaves the article in place, so the reload signal comes as soon as "
             "its page is written (edit_first.py), before the full rebuild"
             ] if rebuilds else []
    return lines, notes


def prepare_corpus(count: int, documents: int = 0) -> tuple[Path, Path]:
    """bench/sites/N/{ours,hugo} (N-Md with M documents), regenerated when missing; our copy gets
    its own templates to edit."""
    destination = SITES / (f"{count}-{documents}d" if documents else str(count))
    stamp = destination / "STAMP"
    wanted = f"{count} {documents} {generate.SEED} {(BENCH / 'generate.py').stat().st_size}"
    if not stamp.exists() or stamp.read_text() != wanted:
        print(f"generating {count} articles, {documents} documents…", flush=True)
        generate.write_site(count, destination, document_count=documents)
        stamp.write_text(wanted)
    our_folder, hugo_folder = destination / "ours", destination / "hugo"
    shutil.rmtree(our_folder / "templates", ignore_errors=True)
    shutil.copytree(REPO / "templates", our_folder / "templates")
    shutil.rmtree(hugo_folder / "layouts", ignore_errors=True)
    shutil.copytree(BENCH / "hugo" / "layouts", hugo_folder / "layouts")
    (our_folder / "site.toml").write_text(generate.our_site_toml() + ("\n" + generate.documents_toml() if documents
                                                                       else ""), encoding="utf-8")
    (hugo_folder / "hugo.toml").write_text(generate.hugo_config(), encoding="utf-8")
    return our_folder, hugo_folder


# --- report -------------------------------------------------------------------------------------

def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    versions = subprocess.run([PYTHON, "-c", "import jinja2, markdown, nh3; from importlib.metadata import "
                               "version as v; print(f'jinja2 {v(\"jinja2\")}, Python-Markdown "
                               "{v(\"markdown\")}, nh3 {v(\"nh3\")}')"], capture_output=True, text=True).stdout.strip()
    hugo_version = subprocess.run([HUGO, "version"], capture_output=True, text=True).stdout.strip() if HUGO else "none"
    return [f"- Machine: {cpu}, {len(os.sched_getaffinity(0))} cores{memory}, {platform.platform()}",
            f"- Python {platform.python_version()}; {versions}",
            f"- Hugo: {hugo_version}"]


class OtherWork:
    """CPU time the machine spent on anything but the bench and the builds it ran, while measuring.

    The load average cannot tell: it counts our own builds, and lags a minute behind them. Here:
    other programs are the processes running at the end that are neither the bench, nor its
    parents, nor the kernel's threads, counted by their own CPU time since the start. Not the
    time of the children they waited for: a reaper (init, or a container's subreaper) gets the
    whole life of every orphan, the bench's earlier runs among them, which made it count up to
    four times the machine's CPUs. The rest of the machine's busy time (/proc/stat) is the kernel
    (its threads and interrupts, which also write our files to disk and free the blocks of
    deleted ones) and programs that started and ended meanwhile. Steal is time the hypervisor
    gave this machine's CPUs to another machine."""

    def __init__(self):
        self.started = time.monotonic()
        self.busy, self.steal = _machine_cpu()
        self.ours = _own_cpu()
        self.programs = _other_programs_cpu()

    def summary(self) -> str:
        """A line for RESULTS.md: the others' share, and whether it was enough to disturb the times."""
        busy, steal = _machine_cpu()
        wall = time.monotonic() - self.started
        programs = sum(seconds - self.programs.get(process, 0.0) for process, seconds in _other_programs_cpu().items())
        kernel_and_brief = max(0.0, busy - self.busy - (_own_cpu() - self.ours) - programs)
        steal -= self.steal
        noisy = programs / wall > 0.10 or steal / wall > 0.05
        return (f"Other work while measuring ({wall:.0f} s): other programs {programs:.0f} CPU-seconds "
                f"({programs / wall:.0%} of one core), the kernel and short-lived programs {kernel_and_brief:.0f} "
                f"({kernel_and_brief / wall:.0%}, partly writing our files), steal {steal:.0f} s"
                + (" — noticeable: times are noisier than usual." if noisy else " — otherwise idle."))


def _machine_cpu() -> tuple[float, float]:
    """(busy, steal) CPU-seconds of the whole machine since boot."""
    with open("/proc/stat", encoding="ascii") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = ticks
    per_second = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / per_second, steal / per_second


def _other_programs_cpu() -> dict[tuple[int, int], float]:
    """(pid, start time) → own CPU-seconds of every process that is not the bench, one of its
    parents or a kernel thread."""
    ours, pid = set(), os.getpid()
    while pid > 1:  # the bench and its parents (make, the shell)
        ours.add(pid)
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stat:
            pid = int(stat.read().rsplit(")", 1)[1].split()[1])
    per_second = os.sysconf("SC_CLK_TCK")
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) in ours or entry.name == "2":
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if fields[1] != "2":  # not a kernel thread (kthreadd's children)
            found[(int(entry.name), int(fields[19]))] = (int(fields[11]) + int(fields[12])) / per_second
    return found


def _own_cpu() -> float:
    """CPU-seconds of this process and of every process it has waited for."""
    return sum(usage.ru_utime + usage.ru_stime for usage in (resource.getrusage(resource.RUSAGE_SELF),
                                                              resource.getrusage(resource.RUSAGE_CHILDREN)))


def table(count: int, our: dict, theirs: dict | None, extra: list[str], documents: int = 0) -> list[str]:
    title = f"### {count:,} articles" + (f" and {documents:,} documents" if documents else "")
    lines = [title.replace(",", " "), "",
             "| step | ours (s) | articles/s | ours peak RSS / PSS (MB) | Hugo (s) | Hugo peak RSS (MB) "
             "| ours/Hugo |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for step, (wall, (rss, pss)) in our.items():
        hugo_cells = " — | — | — "
        hugo_step = "cold build" if step == COLD_WITHOUT_SEARCH else step  # Hugo has no search step
        if theirs and hugo_step in theirs:
            hugo_wall, (hugo_rss, _hugo_pss) = theirs[hugo_step]
            hugo_cells = f" {hugo_wall:.2f} | {hugo_rss / 2**20:.0f} | {wall / hugo_wall:.2f} "
        memory = f"{rss / 2**20:.0f} / {pss / 2**20:.0f}" if rss else "—"
        rate = "—" if step.startswith("dev server") else f"{count / wall:,.0f}"  # a reload is not a build
        lines.append(f"| {step} | {wall:.2f} | {rate} | {memory} |{hugo_cells}|")
    lines += [""] + [f"- {line}" for line in extra] + [""]
    return lines


def write_results(args, argv, started: datetime, other_work: OtherWork, sections: list[str]) -> None:
    header = ["# Benchmark results", "",
              f"Measured {started:%Y-%m-%d %H:%M} UTC with `{' '.join(['python bench/run.py', *(argv or sys.argv[1:])])}`"
              f" (`make bench`). Median of {args.runs} runs; wall time includes Python start-up.", "",
              *machine(),
              f"- {other_work.summary()}",
              "- Memory: peaks over the build's process tree: the sum of RSS (pages a forked worker shares "
              "with its parent counted once per process), sampled every 20 ms / the sum of PSS (shared "
              "pages divided among the processes: the real footprint), sampled every 0.5 s and whenever "
              "RSS has grown by a tenth since (reading it costs the kernel a page-table walk: more often, "
              "it slowed the builds it measured).",
              "- Hugo builds the same articles with a minimal theme (bench/hugo/layouts): article pages with "
              "previous/next and related articles, home, section listings and tag pages paginated by 10, "
              "RSS, sitemap. It has no month or year archive pages; we do. Hugo has no build cache for a CLI "
              "build, so each of its lines is a full build.", ""]
    args.output.write_text("\n".join(header + sections), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts")
    parser.add_argument("--large", action="store_true", help="also 50,000 articles")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--output", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--no-import", action="store_true", help="skip bench/import_bench.py (5,000 saved pages)")
    parser.add_argument("--documents", type=int, default=0,
                        help="documents of the register added to each corpus (Hugo is then not run)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    if args.large:
        sizes.append(50000)
    use_hugo = HUGO is not None and not args.no_hugo and not args.documents

    # Our modules are compiled once, as Python does where it may keep its bytecode cache: with
    # PYTHONDONTWRITEBYTECODE=1 (set on the team machine) every run would time compiling them.
    compileall.compile_dir(REPO / "sitegen", quiet=1)
    started = datetime.now(timezone.utc)
    other_work = OtherWork()
    sections = []
    for count in sizes:
        our_folder, hugo_folder = prepare_corpus(count, args.documents)
        print(f"== {count} articles, {args.documents} documents ==", flush=True)
        our = bench_site(ours(our_folder), args.runs)
        theirs = bench_site(hugo(hugo_folder), args.runs) if use_hugo else None
        extra = []
        # With documents, search indexing is measured by bench/search_bench.py --documents instead.
        search = search_line(count, args.runs) if not args.documents else \
            "search indexing alone: see bench/search_bench.py --documents"
        if isinstance(search, tuple):
            our["search indexing"] = search
        else:
            extra.append(search)
        server, notes = server_lines(our_folder, args.runs)
        our.update(server)
        extra += notes
        section = table(count, our, theirs, extra, args.documents)
        print("\n".join(section), flush=True)
        sections += section
        write_results(args, argv, started, other_work, sections)  # after each size: partial results survive
    print(f"wrote {args.output}")
    if not args.no_import:
        import import_bench  # bench/import_bench.py: `build.py import` of 5,000 saved pages
        import_bench.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
