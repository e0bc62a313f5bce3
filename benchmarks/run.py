"""Benchmarks in users' terms: corpora of 100, 1,000 and 10,000 documents (readouts and plans,
plus the real development texts), built end to end, one document added, each report whole and
bound on Oxigraph on disk, in memory and on Virtuoso, a whole-graph export's first and last row,
extraction throughput, and one long document against the same text split.

Run by hand, in steps, resumable (each finished step is saved in --out and skipped next time
unless --force names it):

    python benchmarks/run.py --sizes 100 1000            # all steps at 100 and 1,000 documents
    python benchmarks/run.py --sizes 10000 --runs 1      # the slow size (one build)
    python benchmarks/run.py --steps extraction long     # only those steps
    python benchmarks/report.py                          # tables into benchmarks/README.md

Steps: generate, build, queries, cli, export, add (per size), extraction, long (once). The corpora
and stores live under --work (default build/bench; generated once, reused). Features of newer
builds are detected from `graphbuild build --help` / `report --help` and the named queries'
declared parameters; a measurement the build cannot make is recorded as "n/a on this build".
Nothing here is asserted in a test.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from generate import DEV, ROOT, check, generate, one_document, sanity_line
from treemem import PeakSampler
from virtuoso import Virtuoso, available

HERE = Path(__file__).resolve().parent
GRAPHBUILD = [str(Path(sys.executable).parent / "graphbuild")]
STEPS = ("generate", "build", "queries", "cli", "export", "add", "extraction", "long")
NA = "n/a on this build"
LONG_CHARS = 600_000
ONCE_ABOVE = 30.0  # seconds: a measurement whose first run takes longer is not repeated (said in the results)

# The reports users ask, as named queries: the query that answers each (the first of the candidates
# the build has), the parameter it binds (found by name among the query's declared parameters), and
# how many rows the user reads. "whole" rows are run unbound.
REPORTS = {
    # What `graphbuild report` calls, in process: the analytics the build computed, bound where users ask.
    "top-20 owners": ("owners", {"top": 20}),
    "one area's gaps": ("gaps", {"area": True}),
    "one area's coverage": ("coverage", {"area": True}),
    "gaps, first row (whole)": ("gaps", {"first": True}),
    "gaps (whole)": ("gaps", {}),
    "owner load (whole)": ("owners", {}),
    "coverage (whole)": ("coverage", {}),
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------- results file


class Results:
    """The results JSON, saved after every step (so a run can be stopped and resumed)."""

    def __init__(self, path: Path, force: set[str]) -> None:
        self.path, self.force = path, force
        self.data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        if "sizes" not in self.data or not isinstance(self.data["sizes"], dict):
            self.data = {"sizes": {}}

    def done(self, key: tuple[str, ...], step: str) -> bool:
        node = self._node(key)
        return step in node and step not in self.force

    def _node(self, key: tuple[str, ...]) -> dict:
        node = self.data
        for part in key:
            node = node.setdefault(part, {})
        return node

    def put(self, key: tuple[str, ...], step: str, value) -> None:
        self._node(key)[step] = value
        self.save()

    def save(self) -> None:
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.data, indent=1, ensure_ascii=False), encoding="utf-8")
        temporary.replace(self.path)


# ---------------------------------------------------------------- machine and features


def machine() -> dict:
    """CPU, cores, memory, versions, and the load when the run started (the machine is shared)."""
    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    import pyoxigraph
    import rdflib

    virtuoso_version = ""
    if available():
        done = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, check=False)
        match = re.search(r"Version (\S+)", done.stdout + done.stderr)
        virtuoso_version = match.group(1) if match else ""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    code = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h", "--", "graphbuild", "ontology", "pyproject.toml"],
        capture_output=True,
        text=True,
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory) / 2**20, 1),
        "python": platform.python_version(),
        "rdflib": rdflib.__version__,
        "pyoxigraph": pyoxigraph.__version__,
        "virtuoso": virtuoso_version,
        "commit": commit.stdout.strip(),
        "code_commit": code.stdout.strip(),  # the last commit that changed what is measured
        "load_average": os.getloadavg(),
    }


def _help(*command: str) -> str:
    return subprocess.run([*GRAPHBUILD, *command, "--help"], capture_output=True, text=True, check=False).stdout


def _options(help_text: str) -> set[str]:
    return set(re.findall(r"(--[a-z][a-z0-9-]*)", help_text))


def features() -> dict:
    """What this build offers, from its help texts: report parameters, a top-N option, a cache
    option for the build, a command or option that adds documents in place."""
    build, report = _options(_help("build")), _options(_help("report"))
    commands = set(re.findall(r"^\s{2}([a-z][a-z-]*)\s", _help(), re.MULTILINE))
    return {
        "report_area": "--area" in report,
        "report_sector": "--sector" in report,
        "report_owner": "--owner" in report,
        "report_top": next((o for o in ("--top", "--limit", "--head") if o in report), None),
        "build_cache": next((o for o in ("--cache", "--cache-dir") if o in build), None),
        "build_add": next((o for o in ("--add", "--update", "--incremental", "--append") if o in build), None),
        # A build with --rebuild updates an existing store in place by default (adds, replaces and
        # removes documents so that it holds exactly PATHS): running it again with one more path adds one.
        "build_updates_store": "--rebuild" in build,
        "add_command": next((c for c in ("add", "update") if c in commands), None),
        "build_options": sorted(build),
        "report_options": sorted(report),
        "commands": sorted(commands),
    }


# ---------------------------------------------------------------- timing helpers


def median_of(func: Callable[[], object], runs: int) -> tuple[float, list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def _timed_in_child(func: Callable[[], object], limit: float) -> tuple[float | None, object]:
    """(seconds, result) of `func` in a forked child (it shares the parent's stores), or None past `limit`."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()

    def child() -> None:
        start = time.perf_counter()
        result = func()
        queue.put((time.perf_counter() - start, result))

    process = context.Process(target=child)
    process.start()
    process.join(limit)
    if process.is_alive():
        process.kill()
        process.join()
        return None, None
    return queue.get() if process.exitcode == 0 else (None, None)


def capped_median(func: Callable[[], object], runs: int, limit: float) -> dict:
    """The first run in a child with a time limit (an over-long query is reported as "> limit");
    then, when it took at most `ONCE_ABOVE`, one untimed run in this process (the child's caches,
    the store's decoded blocks among them, died with it) and `runs` timed ones: their median, the
    steady state of a process that answers reports (a server, a notebook). A report slower than
    `ONCE_ABOVE` keeps the child's one time. The `graphbuild report` commands (step `cli`) give the
    cold figure: a new process each time."""
    first, result = _timed_in_child(func, limit)
    if first is None:
        return {"seconds": None, "limit": limit}
    if first > ONCE_ABOVE:
        return {"seconds": first, "times": [first], "result": result}
    func()
    median, times, result = median_of(func, runs)
    return {"seconds": median, "times": times, "first_in_child": first, "result": result}


def run_command(command: list[str], limit: float | None = None) -> dict:
    """Wall time and the tree's peak memory of one command; its exit code and last output lines."""
    log("$ " + shlex.join(command))
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    sampler = PeakSampler(process.pid).start()
    try:
        output, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        memory = sampler.stop()
        return {"seconds": None, "limit": limit, "exit": None, **memory}
    seconds = time.perf_counter() - start
    memory = sampler.stop()
    tail = output.strip().splitlines()[-6:]
    if process.returncode != 0:
        log(f"  exit {process.returncode}: " + " | ".join(tail))
    return {"seconds": seconds, "exit": process.returncode, "tail": tail, **memory}


# ---------------------------------------------------------------- per-size steps


def corpus_dir(work: Path, size: int) -> Path:
    return work / f"corpus-{size}"


def build_dir(work: Path, size: int) -> Path:
    return work / f"build-{size}"


def step_generate(results: Results, work: Path, size: int, seed: int) -> None:
    folder = corpus_dir(work, size)
    manifest = folder / "manifest.json"
    if manifest.exists() and json.loads(manifest.read_text(encoding="utf-8")).get("documents") == size:
        log(f"corpus of {size:,} already in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
        log(f"generating {size:,} documents into {folder}")
        generate(folder, size, seed, progress=True)
    if results.done(("sizes", str(size)), "generate"):
        return
    texts = [p for p in folder.glob("*.txt")]
    counts = check(folder, limit=40)
    log(sanity_line(counts))
    kinds = Counter(p.name.split("-", 1)[0] for p in texts)
    results.put(
        ("sizes", str(size)),
        "generate",
        {
            "documents": len(texts),
            "generated": size,
            "kinds": dict(kinds),
            "chars": sum(len(p.read_text(encoding="utf-8")) for p in texts),
            "sanity": counts,
            "sanity_line": sanity_line(counts),
        },
    )


def _build_command(
    corpus: list[Path], store: Path, output: Path | None, feats: dict, cache: Path, extra: list[str]
) -> list[str]:
    """`graphbuild build` into the store (and the graph file `output`, when given)."""
    command = [*GRAPHBUILD, "build", *map(str, corpus), "--store", f"oxigraph:{store}"]
    command += ["-o", str(output)] if output is not None else []
    if feats["build_cache"]:
        command += [feats["build_cache"], str(cache)]
    return command + extra


def step_build(
    results: Results, work: Path, size: int, runs: int, feats: dict, extra: list[str], limit: float | None
) -> bool:
    """End-to-end build into Oxigraph on disk, cold (the cache, if the build has one, emptied first).
    False when the build was cut off after `limit` seconds (recorded; the size's other steps cannot run)."""
    key = ("sizes", str(size))
    if results.done(key, "build"):
        return results.data["sizes"][str(size)]["build"].get("seconds") is not None
    folder, out = corpus_dir(work, size), build_dir(work, size)
    measured = []
    for index in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        log(f"build {size:,} documents, run {index + 1}/{runs}")
        command = _build_command([folder], out / "store", out / "graph.nt", feats, out / "cache", extra)
        done = run_command(command, limit)
        if done["seconds"] is None:
            log(f"  cut off after {limit:.0f} s, peak {done['peak_pss_bytes'] / 2**30:.2f} GiB so far")
            results.put(key, "build", {"runs": 1, "seconds": None, "limit": limit, "build_args": extra, **done})
            return False
        if done["exit"] != 0:
            raise SystemExit(f"the build of {size} documents failed: {done.get('tail')}")
        measured.append(done)
        log(f"  {done['seconds']:.1f} s, peak {done['peak_pss_bytes'] / 2**30:.2f} GiB (PSS summed over the tree)")
    triples = _count_lines(out / "graph.nt")
    results.put(
        key,
        "build",
        {
            "runs": runs,
            "seconds": statistics.median(m["seconds"] for m in measured),
            "times": [m["seconds"] for m in measured],
            "peak_pss_bytes": max(m["peak_pss_bytes"] for m in measured),
            "peak_rss_sum_bytes": max(m["peak_rss_sum_bytes"] for m in measured),
            "peak_single_rss_bytes": max(m["peak_single_rss_bytes"] for m in measured),
            "peak_processes": max(m["peak_processes"] for m in measured),
            "triples": triples,
            "cache_option": feats["build_cache"],
            "build_args": extra,
            "stage_lines": measured[-1]["tail"],
        },
    )
    return True


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b""))


def busiest_area(work: Path, size: int) -> str:
    """The area most generated documents are about (the largest answer a bound report gives)."""
    manifest = json.loads((corpus_dir(work, size) / "manifest.json").read_text(encoding="utf-8"))
    return Counter(manifest["areas"].values()).most_common(1)[0][0]


def _report_call(which: str, options: dict, area: str, store) -> tuple[str, Callable[[], int]]:
    """The library call `graphbuild report WHICH` makes (its description, and a function giving the
    number of rows it answers)."""
    import itertools

    from graphbuild import reports
    from graphbuild.reports import Bounds

    bounds = Bounds(area=area) if options.get("area") else Bounds()
    shown = f"area={area}" if options.get("area") else ""
    if which == "owners":
        top = options.get("top")
        shown = f"top={top}" if top else shown
        return f"owner_rows_from_analytics({shown})", lambda: len(reports.owner_rows_from_analytics(store, bounds, top))
    if which == "gaps":
        if options.get("first"):
            return "gap_rows_streamed() to its first row", lambda: len(
                list(itertools.islice(reports.gap_rows_streamed(store, bounds), 1))
            )
        return f"gap_rows_streamed({shown})", lambda: len(list(reports.gap_rows_streamed(store, bounds)))
    return f"coverage_rows_from_analytics({shown})", lambda: len(reports.coverage_rows_from_analytics(store, bounds)[0])


def _time_reports(store, area: str, runs: int, limit: float) -> dict:
    """Each report of `REPORTS` timed (median of `runs`, the first in a child cut off at `limit`)."""
    measured = {}
    for label, (which, options) in REPORTS.items():
        call, once = _report_call(which, options, area, store)
        done = capped_median(once, runs, limit)
        measured[label] = {
            "query": call,
            "bindings": {},  # the call names them
            "seconds": done["seconds"],
            "times": done.get("times"),
            "first_in_child": done.get("first_in_child"),
            "rows": done.get("result"),
            "limit": limit,
        }
        shown = "> limit" if done["seconds"] is None else f"{done['seconds']:.3f} s"
        log(f"    {label}: {shown} ({done.get('result')} rows)")
    return measured


def step_queries(results: Results, work: Path, size: int, runs: int, limit: float, args) -> None:
    """Each report whole and bound, in process, on Oxigraph on disk, Oxigraph in memory, Virtuoso."""
    from graphbuild.store import OxigraphStore, RemoteStore

    key = ("sizes", str(size), "queries")
    out = build_dir(work, size)
    area = busiest_area(work, size)
    if not results.done(key, "oxigraph_disk"):
        log(f"queries at {size:,}: Oxigraph on disk (area {area})")
        store = OxigraphStore(out / "store", read_only=True)
        results.put(key, "oxigraph_disk", {"area": area, "reports": _time_reports(store, area, runs, limit)})
        del store
    if not results.done(key, "oxigraph_memory"):
        if size > args.memory_max:
            results.put(key, "oxigraph_memory", {"skipped": f"above --memory-max {args.memory_max}"})
        else:
            log(f"queries at {size:,}: Oxigraph in memory")
            store = OxigraphStore()
            start = time.perf_counter()
            store.load_file(out / "graph.nt")
            load = time.perf_counter() - start
            results.put(
                key,
                "oxigraph_memory",
                {"area": area, "load_seconds": load, "reports": _time_reports(store, area, runs, limit)},
            )
            del store
    if not results.done(key, "virtuoso"):
        if not available():
            results.put(key, "virtuoso", {"skipped": "virtuoso-t or isql-vt not installed"})
        elif size > args.virtuoso_max:
            results.put(key, "virtuoso", {"skipped": f"above --virtuoso-max {args.virtuoso_max}"})
        else:
            log(f"queries at {size:,}: Virtuoso (bulk load first)")
            server = Virtuoso(work / f"virtuoso-{size}", out)
            server.start()
            try:
                sampler = PeakSampler(server.pid()).start()
                start = time.perf_counter()
                server.load(out / "graph.nt")
                load = time.perf_counter() - start
                memory = sampler.stop()
                store = RemoteStore(server.endpoint, timeout=limit)
                reports = _time_reports(store, area, runs, limit)
                results.put(
                    key,
                    "virtuoso",
                    {
                        "area": area,
                        "load_seconds": load,
                        "load_peak_rss_bytes": memory["peak_rss_sum_bytes"],
                        "reports": reports,
                    },
                )
            finally:
                server.stop()
                shutil.rmtree(work / f"virtuoso-{size}", ignore_errors=True)


def _report_commands(store: Path, area: str, feats: dict) -> dict[str, list[str] | str]:
    """The `graphbuild report` command lines for each report users ask, or why it is n/a."""
    base = ["--store", f"oxigraph:{store}", "--format", "csv", "-o", os.devnull]
    top = [feats["report_top"], "20"] if feats["report_top"] else []
    area_option = ["--area", area] if feats["report_area"] else None
    return {
        "top-20 owners": [*GRAPHBUILD, "report", "owners", *top, *base],
        "one area's gaps": [*GRAPHBUILD, "report", "gaps", *area_option, *base] if area_option else "no --area",
        "one area's coverage": [*GRAPHBUILD, "report", "coverage", *area_option, *base] if area_option else "no --area",
        "one area (report area NAME)": [*GRAPHBUILD, "report", "area", area, *base],
        "gaps (whole)": [*GRAPHBUILD, "report", "gaps", *base],
        "owners (whole)": [*GRAPHBUILD, "report", "owners", *base],
        "coverage (whole)": [*GRAPHBUILD, "report", "coverage", *base],
    }


def step_cli(results: Results, work: Path, size: int, runs: int, limit: float, feats: dict) -> None:
    """Wall time of `graphbuild report …` on the store on disk (start-up, query, table, output)."""
    key = ("sizes", str(size))
    if results.done(key, "cli"):
        return
    area = busiest_area(work, size)
    measured = {}
    for label, command in _report_commands(build_dir(work, size) / "store", area, feats).items():
        if isinstance(command, str):
            measured[label] = {"na": command}
            continue
        times = []
        for _ in range(runs):
            done = run_command(command, limit)
            if done["seconds"] is None or done["exit"] != 0:
                times = None
                break
            times.append(done["seconds"])
            if done["seconds"] > ONCE_ABOVE:
                break
        measured[label] = {
            "command": shlex.join(command[1:]),
            "seconds": statistics.median(times) if times else None,
            "times": times,
            "limit": limit,
            "failed": times is None and done["exit"] not in (None, 0),
        }
        log(f"    cli {label}: {measured[label]['seconds']}")
    results.put(key, "cli", {"area": area, "top_option": feats["report_top"], "reports": measured})


def export_times(command: list[str], limit: float) -> dict:
    """Time to the header, to the first data row and to the last byte of a command's output; the
    command is killed after `limit` seconds (a watchdog, since a silent command blocks the reading)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    watchdog = threading.Timer(limit, lambda: os.killpg(process.pid, signal.SIGKILL))
    watchdog.start()
    marks, rows = {}, 0
    try:
        for _line in process.stdout:
            now = time.perf_counter() - start
            if rows == 0:
                marks["header"] = now
            elif rows == 1:
                marks["first_row"] = now
            rows += 1
        process.wait()
    finally:
        watchdog.cancel()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    marks["last_row"] = time.perf_counter() - start if process.returncode == 0 else None
    marks["rows"] = max(rows - 1, 0)
    marks["limit"] = limit
    return marks


def step_export(results: Results, work: Path, size: int, runs: int, limit: float) -> None:
    """`report gaps --format csv` piped: time to its first row and to its last."""
    key = ("sizes", str(size))
    if results.done(key, "export"):
        return
    command = [
        *GRAPHBUILD,
        "report",
        "gaps",
        "--store",
        f"oxigraph:{build_dir(work, size) / 'store'}",
        "--format",
        "csv",
    ]
    log("export: $ " + shlex.join(command))
    measured = [export_times(command, limit)]
    while len(measured) < runs and (measured[-1].get("last_row") or limit) <= ONCE_ABOVE:
        measured.append(export_times(command, limit))

    def median(field: str) -> float | None:
        values = [m.get(field) for m in measured]
        return None if any(v is None for v in values) else statistics.median(values)

    results.put(
        key,
        "export",
        {
            "command": shlex.join(command[1:]),
            "first_row": median("first_row"),
            "last_row": median("last_row"),
            "rows": measured[-1]["rows"],
            "runs": measured,
        },
    )
    log(f"  first row {median('first_row')}, last row {median('last_row')}")


IN_PLACE_RUNS = 3  # documents added in place one after another (the median is reported)
RUN_KEYS = ("seconds", "exit", "tail", "peak_pss_bytes")


def step_add(results: Results, work: Path, size: int, feats: dict, extra: list[str], limit: float | None) -> None:
    """New documents added to the built store, each a document the store does not hold yet (the
    folder of added documents only grows, so a run measures additions, never a removal): the build
    run again over the corpus and one new document with the graph file (`-o`: the store updated,
    the whole file written again; the build's cache warm, where it has one), then the store alone
    updated in place with one more new document, `IN_PLACE_RUNS` times in a row (median)."""
    key = ("sizes", str(size))
    earlier = results.data["sizes"].get(str(size), {}).get("add") if "add" not in results.force else None
    if earlier and "na" not in earlier.get("in_place", {"na": True}):
        return
    out = build_dir(work, size)
    seed = json.loads((corpus_dir(work, size) / "manifest.json").read_text(encoding="utf-8"))["seed"]
    added = out / "added"
    added.mkdir(exist_ok=True)

    def new_document() -> tuple[str, str]:
        index = size + len(list(added.glob("*.txt")))
        while True:  # the document after the corpus's last, and after those added before
            name, text, _ = one_document(seed, index)
            if not (added / name).exists():
                (added / name).write_text(text, encoding="utf-8")
                return name, text
            index += 1

    if earlier and earlier.get("rebuild", {}).get("exit") == 0:
        # The rebuild is measured already (a 5.8 GB file rewritten at 10,000): only the in-place update is missing.
        found = earlier
    else:
        name, text = new_document()
        found = {"document": name, "chars": len(text), "cache_option": feats["build_cache"], "build_args": extra}
        command = _build_command(
            [corpus_dir(work, size), added], out / "store", out / "graph.nt", feats, out / "cache", extra
        )
        done = run_command(command, limit)
        found["rebuild"] = {k: done.get(k) for k in ("seconds", "exit", "peak_pss_bytes", "tail")}
        found["rebuild"]["limit"] = limit
        found["rebuild"]["warm_cache"] = bool(feats["build_cache"])
        found["rebuild"]["updates_store"] = bool(feats.get("build_updates_store"))
        log(f"  rebuild with one more document: {done['seconds']} s")
    if feats.get("build_updates_store") and not (feats["add_command"] or feats["build_add"]):
        # The same build command without -o: the store updated in place, no graph file rewritten.
        in_place = _build_command([corpus_dir(work, size), added], out / "store", None, feats, out / "cache", extra)
        runs = []
        for _ in range(IN_PLACE_RUNS):
            name, text = new_document()
            done = run_command(in_place, limit)
            runs.append({"document": name, "chars": len(text), **{k: done.get(k) for k in RUN_KEYS}})
            log(f"  in place (the store only), {name}: {done['seconds']} s")
        times = [r["seconds"] for r in runs if r["seconds"] is not None]
        found["in_place"] = {
            "command": shlex.join(in_place[1:]),
            "seconds": statistics.median(times) if len(times) == len(runs) else None,
            "exit": max(r["exit"] for r in runs),
            "tail": runs[-1]["tail"],
            "peak_pss_bytes": max(r["peak_pss_bytes"] or 0 for r in runs),
            "runs": runs,
        }
    elif feats["add_command"] or feats["build_add"]:
        other = one_document(seed, size + 1)
        (added / other[0]).write_text(other[1], encoding="utf-8")
        if feats["add_command"]:
            in_place = [
                *GRAPHBUILD,
                feats["add_command"],
                str(added / other[0]),
                "--store",
                f"oxigraph:{out / 'store'}",
            ]
        else:
            in_place = [
                *GRAPHBUILD,
                "build",
                feats["build_add"],
                str(added / other[0]),
                "--store",
                f"oxigraph:{out / 'store'}",
            ]
        done = run_command(in_place, limit)
        found["in_place"] = {
            "command": shlex.join(in_place[1:]),
            **{k: done.get(k) for k in ("seconds", "exit", "tail")},
        }
        log(f"  in place: {done['seconds']} s")
    else:
        found["in_place"] = {"na": NA}
    results.put(key, "add", found)


# ---------------------------------------------------------------- extraction


def _extract_all(documents) -> int:
    from graphbuild.extract import extract_document

    for document in documents:
        extract_document(document)
    return len(documents)


def _settle_heap() -> None:
    """Take what the earlier steps left alive (stores, rows, corpora) out of the garbage collector's
    sight before timing extraction: a full collection walks every tracked object, so a parent that ran
    the build and the reports slows extraction by a share that grows with the objects a run allocates
    (a long document took 1.28x its split text in the full run of 2 Dec, 0.87-0.95x in a fresh process).
    `gc.freeze` is Python's own advice for a parent about to fork; the children inherit the frozen heap."""
    gc.collect()
    gc.freeze()


def _read(paths: list[Path]):
    from graphbuild.read import read_document

    return [read_document(p) for p in paths]


def step_extraction(results: Results, work: Path, runs: int, sizes: list[int]) -> None:
    """Extraction (after reading) in one process: on a generated corpus and on the real texts."""
    if results.done((), "extraction"):
        return
    from graphbuild.extract import extract_document  # noqa: F401  (loads the lexicon before timing)
    from graphbuild.extract.divisions import load_divisions
    from graphbuild.extract.lexicon import load_lexicon

    load_lexicon(), load_divisions()
    _settle_heap()
    size = min((s for s in sizes if s >= 1000), default=max(sizes))
    generated = sorted(
        (p for p in corpus_dir(work, size).glob("*.txt") if not p.name.startswith("dev-")),
        key=lambda p: int(p.stem.rsplit("-", 1)[1]),
    )[:1000]  # the first 1,000 documents: readouts and plans in the corpus's mix
    real = sorted(DEV.glob("*.txt")) + sorted((ROOT / "data" / "raw").glob("*.txt"))
    found = {}
    for label, paths in (("generated", generated), ("real", real)):
        documents = _read(paths)
        # The real texts are short (about 9,000 characters in all): each run reads them over as many
        # times as it takes to reach 200,000 characters, so the run is long enough to time.
        repeat = max(1, -(-200_000 // sum(len(d.text) for d in documents))) if label == "real" else 1
        documents = documents * repeat
        chars = sum(len(d.text) for d in documents)
        _extract_all(documents[:3])  # warm caches
        median, times, _ = median_of(lambda d=documents: _extract_all(d), runs)
        found[label] = {
            "documents": len(paths),
            "repeat": repeat,
            "chars": chars,
            "seconds": median,
            "times": times,
            "chars_per_second": chars / median,
        }
        speed = chars / median / 1e6
        log(f"extraction, {label}: {chars:,} chars ({len(paths)} documents × {repeat}), {speed:.3f} M chars/s")
    results.put((), "extraction", found)


def step_long(results: Results, work: Path, runs: int, sizes: list[int], limit: float) -> None:
    """One ~600k-character document (generated readouts concatenated) against the same readouts as
    separate documents: extraction time of each, and their ratio in every run. Each side runs in a forked
    child cut off after `limit` seconds (a long document cut off gives the ratio as at least limit / split)."""
    if results.done((), "long"):
        return
    from graphbuild.read import read_document

    size = min((s for s in sizes if s >= 1000), default=max(sizes))
    pieces, total = [], 0
    for path in sorted(
        corpus_dir(work, size).glob("readout-*.txt")
    ):  # readouts: a plan's title mid-text reads differently
        text = path.read_text(encoding="utf-8")
        pieces.append((path, text))
        total += len(text)
        if total >= LONG_CHARS:
            break
    long_path = work / "long" / "long-document.txt"
    long_path.parent.mkdir(parents=True, exist_ok=True)
    long_path.write_text("".join(text for _, text in pieces), encoding="utf-8")
    split = _read([p for p, _ in pieces])
    whole = [read_document(long_path)]
    _extract_all(split[:3])
    _settle_heap()
    measured = []
    for index in range(runs):
        # Both sides in a forked child of the same parent: the same inherited heap, the same first touches.
        split_seconds, _ = _timed_in_child(lambda: _extract_all(split), limit)
        if split_seconds is None:
            log(f"long document run {index + 1}: the split text cut off after {limit:.0f} s")
            break
        long_seconds, _ = _timed_in_child(lambda: _extract_all(whole), limit)
        if long_seconds is None:  # cut off: the ratio is at least limit / split
            measured.append({"split": split_seconds, "long": None, "limit": limit, "ratio": None})
            log(f"long document run {index + 1}: cut off after {limit:.0f} s vs split {split_seconds:.2f} s")
            break
        measured.append({"split": split_seconds, "long": long_seconds, "ratio": long_seconds / split_seconds})
        log(f"long document run {index + 1}: {long_seconds:.2f} s vs split {split_seconds:.2f} s")
    finished = [m for m in measured if m["long"] is not None]
    results.put(
        (),
        "long",
        {
            "chars": len(whole[0].text),
            "documents": len(split),
            "split_seconds": statistics.median(m["split"] for m in measured) if measured else None,
            "long_seconds": statistics.median(m["long"] for m in finished) if finished else None,
            "ratio": statistics.median(m["ratio"] for m in finished) if finished else None,
            "limit": limit,
            "at_least": None if finished or not measured else limit / measured[0]["split"],
            "runs": measured,
        },
    )


# ---------------------------------------------------------------- main


def _archive_name(out: Path, commit: str, date: str) -> Path:
    """Where results of other code are moved: `results-COMMIT.json`, or with the day they were taken
    (`results-COMMIT-2026-12-03.json`) when that name holds a run of the same code already."""
    archive = out.with_name(f"{out.stem}-{commit}.json")
    if archive.exists():
        archive = out.with_name(f"{out.stem}-{commit}-{date[:10] or 'earlier'}.json")
    return archive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench", help="corpora, stores (reused)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (medians)")
    parser.add_argument("--build-runs", type=int, default=None, help="runs per build (default: --runs; 1 at 10,000)")
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--force", nargs="*", default=[], help="steps to measure again though saved")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=300.0, help="seconds after which a query or report is cut off")
    parser.add_argument("--memory-max", type=int, default=1000, help="largest size loaded into Oxigraph in memory")
    parser.add_argument("--virtuoso-max", type=int, default=1000, help="largest size loaded into Virtuoso")
    parser.add_argument("--build-limit", type=float, default=None, help="seconds after which a build is cut off")
    parser.add_argument("--build-args", default="", help="extra options for `graphbuild build` (quoted)")
    parser.add_argument(
        "--query",
        action="append",
        default=[],
        metavar="REPORT=NAME",
        help='the named query to try first for a report ("one area\'s gaps=gaps-by-area"); repeatable',
    )
    args = parser.parse_args()
    for override in args.query:
        label, _, name = override.partition("=")
        if label not in REPORTS or not name:
            parser.error(f"--query {override!r}: REPORT is one of {', '.join(REPORTS)}")
        REPORTS[label]["queries"] = (name, *REPORTS[label]["queries"])
    args.work.mkdir(parents=True, exist_ok=True)
    results = Results(args.out, set(args.force))
    here = machine()
    before = results.data.get("machine", {}).get("code_commit")
    if before and before != here["code_commit"]:
        archive = _archive_name(args.out, before, results.data.get("date", ""))
        args.out.replace(archive)
        log(f"{args.out} measured other code ({before}): moved to {archive.name}, starting afresh")
        results = Results(args.out, set(args.force))
    results.data["machine"] = here
    results.data["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    results.data["runs"] = args.runs
    feats = results.data["features"] = features()
    results.save()
    log(f"features: { {k: v for k, v in feats.items() if not k.endswith(('options', 'commands'))} }")
    extra = shlex.split(args.build_args)
    for size in sorted(args.sizes):
        build_runs = args.build_runs or (1 if size >= 10_000 else args.runs)
        if "generate" in args.steps or not (corpus_dir(args.work, size) / "manifest.json").exists():
            step_generate(results, args.work, size, args.seed)
        if "build" in args.steps and not step_build(
            results, args.work, size, build_runs, feats, extra, args.build_limit
        ):
            continue
        if "queries" in args.steps:
            step_queries(results, args.work, size, args.runs, args.limit, args)
        if "cli" in args.steps:
            step_cli(results, args.work, size, args.runs, args.limit, feats)
        if "export" in args.steps:
            step_export(results, args.work, size, args.runs, args.limit)
        if "add" in args.steps and size == max(args.sizes):
            step_add(results, args.work, size, feats, extra, args.build_limit)
    if "extraction" in args.steps:
        step_extraction(results, args.work, args.runs, args.sizes)
    if "long" in args.steps:
        step_long(results, args.work, args.runs, args.sizes, args.limit)
    log(f"results in {args.out}; `python benchmarks/report.py` writes the tables")


if __name__ == "__main__":
    main()
