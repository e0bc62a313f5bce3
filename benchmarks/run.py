"""Measure extraction throughput, build time and every named query on rdflib and Oxigraph.

Run by hand (it takes minutes): `python benchmarks/run.py --out benchmarks/results.json`, then
`python benchmarks/report.py` writes the tables into benchmarks/README.md. Medians of several
runs; the Oxigraph/rdflib ratio is taken from the same run. Nothing here is asserted in a test.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from generate import generate
from rdflib import Literal

from graphbuild.pipeline import build_into_oxigraph, extract_paths
from graphbuild.queries import list_queries
from graphbuild.rdfbuild import build_graph
from graphbuild.read import expand_paths, read_document
from graphbuild.store import OxigraphStore, RdflibStore

# Documents per size: about 3,300 triples per generated document once the rules have run.
SIZES = {"10k": 3, "100k": 30, "1M": 300}
RDFLIB_LIMIT = 120.0  # seconds; an rdflib query still running then is reported as "> 120 s"


def _median(func, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _timed_in_child(func, limit: float) -> float | None:
    """Seconds `func` takes in a forked child (it shares the parent's graph), or None past `limit`."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()

    def child():
        start = time.perf_counter()
        func()
        queue.put(time.perf_counter() - start)

    process = context.Process(target=child)
    process.start()
    process.join(limit)
    if process.is_alive():
        process.kill()
        process.join()
        return None
    return queue.get() if process.exitcode == 0 else None


def _median_capped(func, runs: int, limit: float) -> float | None:
    times = []
    for _ in range(runs):
        seconds = _timed_in_child(func, limit)
        if seconds is None:
            return None
        times.append(seconds)
    return statistics.median(times)


def _machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    import pyoxigraph
    import rdflib

    return {
        "cpu": cpu,
        "cores": shutil.os.cpu_count(),
        "python": platform.python_version(),
        "rdflib": rdflib.__version__,
        "pyoxigraph": pyoxigraph.__version__,
        "memory": subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()[1].split()[1],
    }


def measure_extraction(folder: Path, runs: int) -> dict:
    """Read + extract throughput in one process, and over the process pool the build uses."""
    documents = [read_document(p) for p in expand_paths([folder])]
    chars = sum(len(d.text) for d in documents)
    single, _ = _median(lambda: extract_paths([folder], workers=1), runs)
    pooled, _ = _median(lambda: extract_paths([folder]), runs)
    return {
        "documents": len(documents),
        "chars": chars,
        "seconds": single,
        "chars_per_second": chars / single,
        "pool_seconds": pooled,
        "pool_chars_per_second": chars / pooled,
    }


def measure_stages(folder: Path, work: Path) -> dict:
    """One run of the Oxigraph build, stage by stage (the build's own stopwatch), to show where the time goes."""
    stages: dict[str, float] = {}
    build_into_oxigraph([folder], work / "stages", work / "stages.nt", check=False, timings=stages)
    return stages


def query_bindings(store: OxigraphStore) -> dict[str, dict]:
    """Parameters for the queries a user runs about one thing: `explain` on one measure (the first by
    IRI among those a rule gave an owner), `explain-derivation` on that measure's first inferred
    assignment, `explain-target` on two words of a sector. The other queries run unbound (the whole graph)."""
    first = store.select(
        "PREFIX gb: <https://w3id.org/graphbuild/ontology#> "
        "SELECT ?m ?a WHERE { ?a gb:measure ?m ; gb:explicit false } ORDER BY ?m ?a LIMIT 1"
    ).rows[0]
    return {
        "explain": {"measure": first["m"]},
        "explain-derivation": {"assignment": first["a"]},
        "explain-target": {"text": Literal("扬尘")},
    }


def measure_size(label: str, folder: Path, runs: int, rdflib_runs: int) -> dict:
    result: dict = {"label": label}
    work = Path(tempfile.mkdtemp(prefix="gb-bench-"))
    try:
        if label == "1M":
            result["stages"] = measure_stages(folder, work)
        result["build_oxigraph_seconds"], result["triples"] = _median(
            lambda: build_into_oxigraph([folder], work / "store", work / "graph.nt", check=False), runs
        )
        store = OxigraphStore(work / "store", read_only=True)
        records = extract_paths([folder])
        graph_seconds, graph = _median(lambda: build_graph(records), 1)
        from graphbuild.infer import apply_rules

        start = time.perf_counter()
        apply_rules(graph)
        result["rdflib_graph_seconds"] = graph_seconds + time.perf_counter() - start
        if label != "1M":
            from graphbuild.graphio import serialize

            result["rdflib_serialise_seconds"], _ = _median(lambda: serialize(graph), 1)
        memory = RdflibStore(graph)
        oxigraph_memory = OxigraphStore()
        oxigraph_memory.load_file(work / "graph.nt")
        bindings = query_bindings(store)
        queries = {}
        for query in list_queries():
            bound = bindings.get(query.short_name)
            oxi, answer = _median(lambda q=query, b=bound: store.select(q.text, b), runs)
            oxi_memory, _ = _median(lambda q=query, b=bound: oxigraph_memory.select(q.text, b), runs)
            rdf = _median_capped(lambda q=query, b=bound: memory.select(q.text, b), rdflib_runs, RDFLIB_LIMIT)
            queries[query.short_name] = {
                "oxigraph": oxi,
                "oxigraph_memory": oxi_memory,
                "rdflib": rdf,
                "ratio": rdf / oxi if oxi and rdf is not None else None,
                "rows": len(answer.rows),
                "bound": {k: str(v) for k, v in bound.items()} if bound else None,
            }
        result["queries"] = queries
        result["triples_rdflib"] = len(graph)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def remeasure_builds(args) -> None:
    """Extraction, build times and stages again (after a change to the build), queries kept."""
    results = json.loads(args.out.read_text(encoding="utf-8"))
    corpus_root = Path(tempfile.mkdtemp(prefix="gb-corpus-"))
    work = Path(tempfile.mkdtemp(prefix="gb-bench-"))
    try:
        for size in results["sizes"]:
            folder = corpus_root / size["label"]
            generate(folder, SIZES[size["label"]], seed=1)
            size["build_oxigraph_seconds"], size["triples"] = _median(
                lambda f=folder, s=work / size["label"]: build_into_oxigraph([f], s, work / "graph.nt", check=False),
                args.runs,
            )
            if size["label"] == "1M":
                size["stages"] = measure_stages(folder, work)
                results["extraction"] = measure_extraction(folder, args.runs)
        results["builds_remeasured"] = time.strftime("%Y-%m-%d")
    finally:
        shutil.rmtree(corpus_root, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results.json")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", nargs="*", default=list(SIZES))
    parser.add_argument(
        "--builds-only",
        action="store_true",
        help="re-measure extraction and the Oxigraph build only, keeping the query figures in --out",
    )
    args = parser.parse_args()
    if args.builds_only:
        remeasure_builds(args)
        return
    corpus_root = Path(tempfile.mkdtemp(prefix="gb-corpus-"))
    results = {
        "machine": _machine(),
        "date": time.strftime("%Y-%m-%d"),
        "runs": args.runs,
        "sizes": [],
        "rdflib_limit": RDFLIB_LIMIT,
    }
    try:
        for label in args.sizes:
            folder = corpus_root / label
            generate(folder, SIZES[label], seed=1)
            if label == max(args.sizes, key=lambda s: SIZES[s]):
                results["extraction"] = measure_extraction(folder, args.runs)
            results["sizes"].append(measure_size(label, folder, args.runs, 1 if label == "1M" else args.runs))
            print(json.dumps(results["sizes"][-1], indent=1), flush=True)
    finally:
        shutil.rmtree(corpus_root, ignore_errors=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
