"""Measure the floors under the targets: what the engine and the language cost before our code does anything.

Run by hand: `python benchmarks/floors.py` adds a "floors" section to benchmarks/results.json
(then `python benchmarks/report.py`). On about 1M triples (300 generated documents) it times
- bare SPARQL joins that every whole-graph query of that kind must at least do (counting only,
  so no result is turned into Python terms), on Oxigraph on disk and in memory;
- the text work every extractor of this design must at least do: folding, sentence and clause
  splitting, and one regex call per lexicon look-up the clause reader makes.

`python benchmarks/floors.py --store-file build/bench/build-10000/graph.nt` measures only the
store's floor under the build target: that built file loaded into a new Oxigraph store in one bulk
load and compacted (a "store_floor" section).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from generate import generate

from graphbuild.extract.lexicon import load_lexicon
from graphbuild.extract.text import clauses, fold, sentences
from graphbuild.pipeline import build_into_oxigraph
from graphbuild.queries import with_prefixes
from graphbuild.read import expand_paths, read_document
from graphbuild.store import OxigraphStore

DOCUMENTS_1M = 300  # generated documents (readouts and plans) giving about a million triples

JOINS = {
    "every assignment with owner, measure and explicit flag (under owner-load, gaps)": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a gb:owner ?o ; gb:measure ?m ; gb:explicit ?e }"
    ),
    "every measure with meeting, area and sector (under coverage)": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?m gb:setBy ?meeting ; gb:sector ?s . ?meeting gb:area ?area }"
    ),
    "every measure with its label (under explain-target)": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?m a gb:Measure ; rdfs:label ?label }"
    ),
    "every measure with its span's start (under the span check)": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?m a gb:Measure ; prov:wasDerivedFrom ?s . ?s oa:hasSelector ?p . "
        "?p oa:start ?start }"
    ),
}
# The lexicon look-ups the clause reader makes on a clause that becomes a measure (lead-in,
# connective, owner, modal, responsibility, non-measure, principle, non-measure start, adverb,
# directive verb, role-of, sector ...): about fifteen.
LOOKUPS_PER_CLAUSE = 15


def _median(func, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def join_floors(store: OxigraphStore, memory: OxigraphStore) -> dict:
    found = {}
    for label, query in JOINS.items():
        text = with_prefixes(query)
        found[label] = {
            "oxigraph": _median(lambda t=text: list(store.store.query(t))),
            "oxigraph_memory": _median(lambda t=text: list(memory.store.query(t))),
            "count": int(next(iter(store.store.query(text)))["n"].value),
        }
    return found


def text_floors(folder: Path) -> dict:
    texts = [read_document(p).text for p in expand_paths([folder])]
    chars = sum(map(len, texts))
    lexicon = load_lexicon()
    cues = ("lead-in", "connective", "modal", "adverb", "directive-verb")
    schemes = ("owner-kind", "sector", "responsibility")
    look_ups = [lambda f, p, c=c: lexicon.cues[c].match(f, p) for c in cues]
    look_ups += [lambda f, p, s=s: lexicon.schemes[s].match(f, p) for s in schemes]

    def split() -> int:
        count = 0
        for text in texts:
            folded = fold(text)
            for sentence in sentences(folded):
                count += len(clauses(folded, sentence.start, sentence.end))
        return count

    def split_and_look_up() -> None:
        for text in texts:
            folded = fold(text)
            for sentence in sentences(folded):
                for clause in clauses(folded, sentence.start, sentence.end):
                    for i in range(LOOKUPS_PER_CLAUSE):
                        look_ups[i % len(look_ups)](folded, clause.start)

    clause_count = split()
    split_seconds = _median(split)
    lookup_seconds = _median(split_and_look_up)
    return {
        "chars": chars,
        "clauses": clause_count,
        "split_chars_per_second": chars / split_seconds,
        "lookups_per_clause": LOOKUPS_PER_CLAUSE,
        "split_and_lookups_chars_per_second": chars / lookup_seconds,
    }


def store_floor(graph_file: Path) -> dict:
    """What loading a built graph costs the store alone: the N-Triples file bulk-loaded into a new
    Oxigraph store on disk in one call (the loader's fastest form) and compacted, wall and CPU
    seconds (every thread of this process) and the peak resident memory. No build of that graph
    into this store can take less, whatever the extractor."""
    import pyoxigraph as ox

    work = Path(tempfile.mkdtemp(prefix="gb-store-floor-"))
    try:
        store = ox.Store(str(work / "store"))
        cpu, start = _cpu_seconds(), time.perf_counter()
        store.bulk_load(path=str(graph_file), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        loaded, load_cpu = time.perf_counter(), _cpu_seconds()
        store.optimize()
        done, done_cpu = time.perf_counter(), _cpu_seconds()
        quads = len(store)
        del store
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "file": str(graph_file),
        "bytes": graph_file.stat().st_size,
        "quads": quads,
        "load_seconds": loaded - start,
        "compact_seconds": done - loaded,
        "load_cpu_seconds": load_cpu - cpu,
        "compact_cpu_seconds": done_cpu - load_cpu,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def _cpu_seconds() -> float:
    """CPU seconds of this process so far, every thread (the bulk loader's included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results.json")
    parser.add_argument(
        "--store-file", type=Path, metavar="GRAPH_NT",
        help="only the store's floor: load this built N-Triples file (e.g. build/bench/build-10000/graph.nt)",
    )
    args = parser.parse_args()
    if args.store_file is not None:
        _save(args.out, "store_floor", store_floor(args.store_file))
        return
    work = Path(tempfile.mkdtemp(prefix="gb-floors-"))
    try:
        folder = work / "1M"
        generate(folder, DOCUMENTS_1M, seed=1, dev=False)
        build_into_oxigraph([folder], work / "store", work / "graph.nt", check=False)
        store = OxigraphStore(work / "store", read_only=True)
        memory = OxigraphStore()
        memory.load_file(work / "graph.nt")
        floors = {"triples": len(store.store), "joins": join_floors(store, memory), "text": text_floors(folder)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _save(args.out, "floors", floors)


def _save(out: Path, key: str, value: dict) -> None:
    results = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    results[key] = value
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(value, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
