"""The stages chained: read → extract → build RDF → (infer) → validate, for CLI and notebook alike."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TypeVar

from rdflib import Graph

from .errors import GraphbuildError, InputError
from .extract import extract_document
from .extract.divisions import load_divisions
from .extract.lexicon import load_lexicon
from .extract.records import DocumentRecord
from .progress import NO_STAGES, Stages
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


def _guarded(func: Callable[[Path], T], path: Path) -> T | InputError:
    """`func(path)`, or the InputError that says why the document cannot be used (for --keep-going)."""
    try:
        return func(path)
    except InputError as error:
        return error


def _map_paths(
    func: Callable[[Path], T],
    paths: Iterable[Path],
    progress: Callable[[Path], None] | None,
    workers: int | None,
    skipped: list[InputError] | None = None,
) -> list[T]:
    """`func` over every document under the given files and folders, in name order.

    A corpus of many documents is spread over a process pool (one worker per core unless
    `workers` says otherwise); the result is the same, in the same order. A document that cannot
    be used stops the run, unless `skipped` is a list: then it is left out and its error appended.
    """
    files = expand_paths(paths)
    if not files:
        raise InputError(", ".join(map(str, paths)) or ".", f"no documents ({', '.join(SUFFIXES)}) found")
    run = func if skipped is None else partial(_guarded, func)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(files) < _POOL_ABOVE:
        answers = []
        for path in files:
            answers.append(run(path))
            if progress is not None:
                progress(path)
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            answers = []
            for path, result in zip(files, pool.map(run, files, chunksize=4), strict=True):
                answers.append(result)
                if progress is not None:
                    progress(path)
    results = [a for a in answers if not isinstance(a, InputError)]
    if skipped is not None:
        skipped += [a for a in answers if isinstance(a, InputError)]
        if not results:
            raise InputError(", ".join(map(str, paths)), f"all {len(files)} document(s) were unusable")
    return results


def extract_paths(
    paths: Iterable[Path],
    progress: Callable[[Path], None] | None = None,
    workers: int | None = None,
    skipped: list[InputError] | None = None,
) -> list[DocumentRecord]:
    """Extract every document under the given files and folders, in name order (`skipped`: see `_map_paths`)."""
    return _map_paths(_extract_one, paths, progress, workers, skipped)


def build_from_paths(
    paths: Iterable[Path],
    infer: bool = True,
    progress: Callable[[Path], None] | None = None,
    stages: Stages = NO_STAGES,
    skipped: list[InputError] | None = None,
) -> Graph:
    """The responsibility graph of the documents, with principle rules applied unless `infer` is False.
    `stages` hears of each stage (read and extract, build RDF, rules); `skipped`: see `_map_paths`."""
    paths = list(paths)
    with stages.stage("read and extract", total=len(expand_paths(paths))) as tick:
        records = extract_paths(paths, lambda path: _both(progress, tick, path), skipped=skipped)
    with stages.stage("build RDF"):
        graph = build_graph(records)
    if infer:
        from .infer import apply_rules

        with stages.stage("rules"):
            apply_rules(graph)
    return graph


def _both(progress: Callable[[Path], None] | None, tick: Callable[[], None], path: Path) -> None:
    tick()
    if progress is not None:
        progress(path)


def build_into_oxigraph(
    paths: Iterable[Path],
    store,
    output: Path | None,
    infer: bool = True,
    check: bool = True,
    progress: Callable[[Path], None] | None = None,
    workers: int | None = None,
    timings: dict[str, float] | None = None,
    stages: Stages = NO_STAGES,
    skipped: list[InputError] | None = None,
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
    paths = list(paths)
    with stages.stage("read, extract and build RDF", total=len(expand_paths(paths))) as tick:
        parts = _map_paths(_extract_to_ntriples, paths, lambda path: _both(progress, tick, path), workers, skipped)
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
        with stages.stage("rules"):
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
            with stages.stage("validate (SPARQL checks)"):
                run_checks(memory)
            lap("checks")
        if output is not None:
            # From the N-Triples as written, not from the store: Oxigraph stores derived integer
            # types (the selectors' xsd:nonNegativeInteger) as xsd:integer.
            with stages.stage("write"):
                write_sorted_ntriples(output, extracted, *inferred)
            lap("write sorted N-Triples")
    finally:
        with stages.stage("load into the store"):
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
