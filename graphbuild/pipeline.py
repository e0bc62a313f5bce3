"""The stages chained: read → extract → build RDF → (infer) → validate, for CLI and notebook alike."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from rdflib import Graph

from .errors import GraphbuildError, InputError
from .extract import extract_document
from .extract.divisions import load_divisions
from .extract.lexicon import load_lexicon
from .extract.records import DocumentRecord
from .rdfbuild import build_graph
from .read import SUFFIXES, expand_paths, read_document

__all__ = ["extract_paths", "build_from_paths", "build_into_oxigraph", "run_checks"]

T = TypeVar("T")

_POOL_ABOVE = 16  # documents; below this a pool costs more to start than it saves


def _extract_one(path: Path) -> DocumentRecord:
    return extract_document(read_document(path), load_lexicon(), load_divisions())


def _extract_to_ntriples(path: Path) -> bytes:
    """One document's triples as N-Triples text, built where it was extracted (in a pool worker)."""
    from .graphio import ntriples
    from .rdfbuild import build_triples

    return ntriples(build_triples([_extract_one(path)], with_vocabularies=False))


def _map_paths(
    func: Callable[[Path], T], paths: Iterable[Path], progress: Callable[[Path], None] | None, workers: int | None
) -> list[T]:
    """`func` over every document under the given files and folders, in name order.

    A corpus of many documents is spread over a process pool (one worker per core unless
    `workers` says otherwise); the result is the same, in the same order.
    """
    files = expand_paths(paths)
    if not files:
        raise InputError(", ".join(map(str, paths)) or ".", f"no documents ({', '.join(SUFFIXES)}) found")
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(files) < _POOL_ABOVE:
        results = []
        for path in files:
            results.append(func(path))
            if progress is not None:
                progress(path)
        return results
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = []
        for path, result in zip(files, pool.map(func, files, chunksize=4), strict=True):
            results.append(result)
            if progress is not None:
                progress(path)
    return results


def extract_paths(
    paths: Iterable[Path], progress: Callable[[Path], None] | None = None, workers: int | None = None
) -> list[DocumentRecord]:
    """Extract every document under the given files and folders, in name order."""
    return _map_paths(_extract_one, paths, progress, workers)


def build_from_paths(
    paths: Iterable[Path], infer: bool = True, progress: Callable[[Path], None] | None = None
) -> Graph:
    """The responsibility graph of the documents, with principle rules applied unless `infer` is False."""
    graph = build_graph(extract_paths(paths, progress))
    if infer:
        from .infer import apply_rules

        apply_rules(graph)
    return graph


def build_into_oxigraph(
    paths: Iterable[Path],
    store,
    output: Path | None,
    infer: bool = True,
    check: bool = True,
    progress: Callable[[Path], None] | None = None,
    workers: int | None = None,
    timings: dict[str, float] | None = None,
) -> int:
    """The large-corpus path: the documents into an OxigraphStore (its content replaced) and, when
    `output` is given, a sorted N-Triples file (valid Turtle, deterministic, an order of magnitude
    faster than a pretty Turtle dump at 1M triples). Returns the number of triples stored.

    The pool workers write each document's triples as N-Triples, which Oxigraph's bulk loader
    parses; the rules run in an in-memory store (several times faster than on disk), into a
    graph of their own, while the extracted triples load into the store on disk in a second
    thread, which then takes the inferred triples too. Checks see both graphs.
    `timings`, when given, receives the seconds each stage took (for the benchmarks).
    """
    import pyoxigraph as ox

    from .graphio import ntriples, write_sorted_ntriples
    from .infer import INFERRED_GRAPH, infer_in_store, rule_descriptions
    from .rdfbuild import vocabulary_graph
    from .store import OxigraphStore

    lap = _stopwatch(timings)
    parts = _map_paths(_extract_to_ntriples, paths, progress, workers)
    extracted = ntriples(vocabulary_graph()) + (ntriples(rule_descriptions()) if infer else b"") + b"".join(parts)
    del parts
    lap("extract and write N-Triples (process pool)")
    inferred: list[bytes] = []
    failures: list[BaseException] = []
    ready = threading.Event()

    def fill_disk() -> None:
        try:
            disk_lap = _stopwatch(timings)
            store.store.clear()
            store.store.bulk_load(input=extracted, format=ox.RdfFormat.N_TRIPLES)
            disk_lap("second thread: bulk load of the extracted triples to disk")
            ready.wait()
            if inferred:
                store.store.bulk_load(input=inferred[0], format=ox.RdfFormat.N_TRIPLES)
            store.store.flush()
            disk_lap("second thread: wait for the rules, bulk load of the inferred triples")
        except BaseException as error:  # re-raised in the calling thread
            failures.append(error)

    filler = threading.Thread(target=fill_disk)
    filler.start()
    try:
        memory = OxigraphStore(union_default_graph=True)
        memory.store.bulk_load(input=extracted, format=ox.RdfFormat.N_TRIPLES)
        lap("bulk load into memory")
        if infer:
            infer_in_store(memory.store, graph=INFERRED_GRAPH)
            inferred.append(
                memory.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(INFERRED_GRAPH))
            )
            lap("principle rules (memory)")
    finally:
        ready.set()
    try:
        if check:
            run_checks(memory)
            lap("checks")
        if output is not None:
            # From the N-Triples as written, not from the store: Oxigraph stores derived integer
            # types (the selectors' xsd:nonNegativeInteger) as xsd:integer.
            write_sorted_ntriples(output, extracted, *inferred)
            lap("write sorted N-Triples")
    finally:
        filler.join()
        lap("wait for the second thread")
    if failures:
        raise GraphbuildError(f"{store.path}: the store could not be filled ({failures[0]})") from failures[0]
    return len(store.store)


def _stopwatch(timings: dict[str, float] | None) -> Callable[[str], None]:
    """A function that records the seconds since its last call under a stage name (no-op without `timings`)."""
    clock = [time.perf_counter()]

    def lap(stage: str) -> None:
        now = time.perf_counter()
        if timings is not None:
            timings[stage] = now - clock[0]
        clock[0] = now

    return lap


def run_checks(store) -> None:
    """The SPARQL checks under `queries/checks/`: any row is a failure (for graphs too large for SHACL)."""
    from .queries import list_queries

    for query in (q for q in list_queries() if q.name.startswith("checks/")):
        rows = store.select(query.text).rows
        if rows:
            raise GraphbuildError(
                f"{len(rows)} failure(s) of check {query.short_name}, e.g. {rows[0]}; nothing written"
            )
