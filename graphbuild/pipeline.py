"""The stages chained: read → extract → build RDF → (infer) → validate, for CLI and notebook alike."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

from .areas import load_divisions
from .errors import GraphbuildError, InputError
from .extract import extract_document
from .lexicon import load_lexicon
from .rdfbuild import build_graph
from .read import expand_paths, read_document
from .records import DocumentRecord

__all__ = ["extract_paths", "build_from_paths", "build_into_oxigraph", "run_checks"]

_POOL_ABOVE = 16  # documents; below this a pool costs more to start than it saves


def _extract_one(path: Path) -> DocumentRecord:
    return extract_document(read_document(path), load_lexicon(), load_divisions())


def extract_paths(
    paths: Iterable[Path], progress: Callable[[Path], None] | None = None, workers: int | None = None
) -> list[DocumentRecord]:
    """Extract every document under the given files and folders, in name order.

    A corpus of many documents is spread over a process pool (one worker per core unless
    `workers` says otherwise); the result is the same, in the same order.
    """
    files = expand_paths(paths)
    if not files:
        raise InputError(", ".join(map(str, paths)) or ".", "no documents (.txt, .html) found")
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(files) < _POOL_ABOVE:
        records = []
        for path in files:
            records.append(_extract_one(path))
            if progress is not None:
                progress(path)
        return records
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        records = []
        for path, record in zip(files, pool.map(_extract_one, files, chunksize=4), strict=True):
            records.append(record)
            if progress is not None:
                progress(path)
    return records


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
) -> int:
    """The large-corpus path: triples straight into an OxigraphStore (its content replaced), rules
    run in Oxigraph, the file written as sorted N-Triples lines (valid Turtle, deterministic, and
    an order of magnitude faster than a pretty Turtle dump at 1M triples). Returns the number of triples."""
    from .infer import infer_in_store
    from .rdfbuild import build_triples
    from .store import OxigraphStore

    # Rules run in an in-memory store (several times faster than on disk); the store on disk is
    # filled from it in a second thread while the file is written.
    memory = OxigraphStore()
    memory.load_graph(build_triples(extract_paths(paths, progress)))
    if infer:
        infer_in_store(memory.store)
    if check:
        run_checks(memory)

    def fill_disk() -> None:
        store.store.clear()
        store.store.bulk_extend(memory.store)
        store.store.flush()

    filler = threading.Thread(target=fill_disk)
    filler.start()
    try:
        if output is not None:
            memory.write_sorted_ntriples(output)
    finally:
        filler.join()
    return len(store.store)


def run_checks(store) -> None:
    """The SPARQL checks under `queries/checks/`: any row is a failure (for graphs too large for SHACL)."""
    from .queries import list_queries

    for query in (q for q in list_queries() if q.name.startswith("checks/")):
        rows = store.select(query.text).rows
        if rows:
            raise GraphbuildError(
                f"{len(rows)} failure(s) of check {query.short_name}, e.g. {rows[0]}; nothing written"
            )
