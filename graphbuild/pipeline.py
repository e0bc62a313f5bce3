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
from .read import MAX_CHARS, SUFFIXES, expand_paths, read_document

__all__ = ["extract_paths", "build_from_paths", "build_into_oxigraph", "run_checks"]

T = TypeVar("T")

_POOL_ABOVE = 16  # documents; below this a pool costs more to start than it saves




def _extract_one(path: Path, max_chars: int | None = MAX_CHARS) -> DocumentRecord:
    document = read_document(path)
    if max_chars is not None and len(document.text) > max_chars:
        raise InputError(
            path,
            f"{len(document.text):,} characters, above the limit of {max_chars:,} "
            "(split the document, or raise --max-chars if the machine has the memory)",
        )
    return extract_document(document, load_lexicon(), load_divisions())


def _extract_to_ntriples(path: Path, max_chars: int | None = MAX_CHARS) -> bytes:
    """One document's triples as N-Triples text, built where it was extracted (in a pool worker)."""
    from .graphio import ntriples
    from .rdfbuild import build_triples

    return ntriples(build_triples([_extract_one(path, max_chars)], with_vocabularies=False))


def _naming_the_document(func: Callable[..., T], args: tuple, path: Path) -> T:
    """`func(path, *args)`, with any error turned into an InputError naming the document.

    The library's own errors pass as they are; anything else (a bug met on odd input) becomes
    one line naming the file, the error's type and message, chained to the original. In a pool
    worker this also keeps every error picklable, so it reaches the main process intact.
    """
    try:
        return func(path, *args)
    except GraphbuildError:
        raise
    except Exception as error:
        detail = " ".join(str(error).split())[:200]
        raise InputError(path, f"could not be processed ({type(error).__name__}: {detail})") from error


def _guarded(func: Callable[[Path], T], path: Path) -> T | InputError:
    """`func(path)`, or the InputError that says why the document cannot be used (for --keep-going)."""
    try:
        return func(path)
    except InputError as error:
        return error


def _exit_with_parent() -> None:
    """Pool worker initialiser: end this worker when its parent dies (a kill -9 of the main
    process would otherwise leave idle workers behind, reparented to init)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _map_paths(
    func: Callable[..., T],
    paths: Iterable[Path],
    progress: Callable[[Path], None] | None,
    workers: int | None,
    *args,
    skipped: list[InputError] | None = None,
) -> list[T]:
    """`func(path, *args)` over every document under the given files and folders, in name order.

    A corpus of many documents is spread over a process pool (one worker per core unless
    `workers` says otherwise); the result is the same, in the same order, and so is the error:
    the first failing document's, as one line naming it. With `skipped` a list, a document that
    cannot be used is left out and its error appended instead (`--keep-going`).
    """
    paths = list(paths)
    files = expand_paths(paths)
    if not files:
        raise InputError(", ".join(map(str, paths)) or ".", f"no documents ({', '.join(SUFFIXES)}) found")
    task = partial(_naming_the_document, func, args)
    run = task if skipped is None else partial(_guarded, task)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    answers = []
    if workers <= 1 or len(files) < _POOL_ABOVE:
        for path in files:
            answers.append(run(path))
            if progress is not None:
                progress(path)
    else:
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        with ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent) as pool:
            try:
                for path, result in zip(files, pool.map(run, files, chunksize=4), strict=True):
                    answers.append(result)
                    if progress is not None:
                        progress(path)
            except BrokenProcessPool as error:
                # A worker died (killed, out of memory): say so in one line; which document is unknown.
                raise GraphbuildError(f"a worker process died while extracting ({error}); nothing written") from error
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
    max_chars: int | None = MAX_CHARS,
    skipped: list[InputError] | None = None,
) -> list[DocumentRecord]:
    """Extract every document under the given files and folders, in name order; a document longer
    than `max_chars` characters is refused (None: no limit); `skipped`: see `_map_paths`."""
    return _map_paths(_extract_one, paths, progress, workers, max_chars, skipped=skipped)


def build_from_paths(
    paths: Iterable[Path],
    infer: bool = True,
    progress: Callable[[Path], None] | None = None,
    max_chars: int | None = MAX_CHARS,
    stages: Stages = NO_STAGES,
    skipped: list[InputError] | None = None,
) -> Graph:
    """The responsibility graph of the documents, with principle rules applied unless `infer` is False.
    `stages` hears of each stage (read and extract, build RDF, rules); `skipped`: see `_map_paths`."""
    paths = list(paths)
    files = expand_paths(paths)  # listed once: the stage's total, then the documents themselves
    with stages.stage("read and extract", total=len(files)) as tick:
        records = extract_paths(files or paths, partial(_both, progress, tick), max_chars=max_chars, skipped=skipped)
    with stages.stage("build RDF"):
        graph = build_graph(records)
    if infer:
        from .infer import apply_rules

        with stages.stage("rules"):
            apply_rules(graph)
    from .analytics import add_analytics

    with stages.stage("analytics"):
        add_analytics(graph)
    return graph


def _both(progress: Callable[[Path], None] | None, tick: Callable[[], None], path: Path) -> None:
    tick()
    if progress is not None:
        progress(path)


def build_into_oxigraph(
    paths: Iterable[Path],
    location: Path,
    output: Path | None,
    infer: bool = True,
    check: bool = True,
    progress: Callable[[Path], None] | None = None,
    workers: int | None = None,
    timings: dict[str, float] | None = None,
    max_chars: int | None = MAX_CHARS,
    stages: Stages = NO_STAGES,
    skipped: list[InputError] | None = None,
) -> int:
    """The large-corpus path: the documents into an Oxigraph store on disk at `location` (its
    content replaced) and, when `output` is given, a sorted N-Triples file (valid Turtle,
    deterministic, an order of magnitude faster than a pretty Turtle dump at 1M triples).
    Returns the number of triples stored.

    The new store is built beside the old one and swapped in only once the rules and checks are
    done and the file is written (`diskstore.fill_and_swap`): a failure or a kill leaves the old
    store, and no reader has the store open meanwhile (its lock is held exclusive).
    `timings`, when given, receives the seconds each stage took (for the benchmarks).
    """
    from .diskstore import StoreLock, check_location, fill_and_swap

    location = Path(location)
    check_location(location)
    paths = list(paths)
    with StoreLock(location).acquire(exclusive=True):
        return fill_and_swap(
            location,
            lambda folder: _build_store(
                paths, folder, output, infer, check, progress, workers, timings, max_chars, stages, skipped
            ),
        )


def _build_store(
    paths: list[Path],
    folder: Path,
    output: Path | None,
    infer: bool,
    check: bool,
    progress: Callable[[Path], None] | None,
    workers: int | None,
    timings: dict[str, float] | None,
    max_chars: int | None,
    stages: Stages,
    skipped: list[InputError] | None,
) -> int:
    """Fill a new store in `folder`; returns its size once the store is flushed and closed.

    The pool workers write each document's triples as N-Triples, which Oxigraph's bulk loader
    parses; the rules run in an in-memory store (several times faster than on disk), into a
    graph of their own, while a second thread loads the extracted triples into the store on
    disk and then the inferred ones. Checks see both graphs.
    """
    from concurrent.futures import ThreadPoolExecutor

    import pyoxigraph as ox

    from .graphio import ntriples, write_sorted_ntriples
    from .infer import INFERRED_GRAPH, infer_in_store, rule_descriptions
    from .rdfbuild import vocabulary_graph
    from .store import OxigraphStore

    lap = _stopwatch(timings)
    files = expand_paths(paths)
    with stages.stage("read, extract and build RDF", total=len(files)) as tick:
        parts = _map_paths(
            _extract_to_ntriples, files or paths, partial(_both, progress, tick), workers, max_chars, skipped=skipped
        )
    extracted = ntriples(vocabulary_graph()) + (ntriples(rule_descriptions()) if infer else b"") + b"".join(parts)
    del parts
    lap("extract and write N-Triples (process pool)")
    inferred: list[bytes] = []
    ready = threading.Event()

    def fill_disk() -> int:
        disk_lap = _stopwatch(timings)
        disk = ox.Store(str(folder))
        disk.bulk_load(input=extracted, format=ox.RdfFormat.N_TRIPLES)
        disk_lap("second thread: bulk load of the extracted triples to disk")
        ready.wait()
        if inferred:
            disk.bulk_load(input=inferred[0], format=ox.RdfFormat.N_TRIPLES)
        disk.flush()
        disk_lap("second thread: wait for the rules, bulk load of the inferred triples")
        return len(disk)  # the store closes as this function returns

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="fill-disk") as executor:
        filled = executor.submit(fill_disk)
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
        if check:
            with stages.stage("validate (SPARQL checks)"):
                run_checks(memory)
            lap("checks")
        del memory
        if output is not None:
            # From the N-Triples as written, not from the store: Oxigraph stores derived integer
            # types (the selectors' xsd:nonNegativeInteger) as xsd:integer.
            with stages.stage("write"):
                write_sorted_ntriples(output, extracted, *inferred)
            lap("write sorted N-Triples")
        try:
            with stages.stage("load into the store"):
                size = filled.result()
        except Exception as error:
            raise GraphbuildError(f"the new store could not be filled ({error}); the old one is kept") from error
        lap("wait for the second thread")
    return size


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
