"""The stages chained: read → extract → build RDF → (infer) → validate, for CLI and notebook alike."""

from __future__ import annotations

import contextlib
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
        add_analytics(graph, _document_keys(files, records, infer, max_chars))
    return graph


def _document_keys(
    files: list[Path], records: list[DocumentRecord], infer: bool, max_chars: int | None
) -> list[str] | None:
    """The cache keys of the files the records came from (in the same order, the unusable ones
    left out), which name the analytics run as a streamed build of the same files names it: the
    same graph either way. None when a document was not read from a file."""
    from .cache import document_key

    remaining, paths = iter(files), []
    for record in records:
        path = next((p for p in remaining if p.name == record.source), None)
        if path is None or not path.is_file():
            return None
        paths.append(path)
    return [document_key(p, p.read_bytes(), infer, max_chars) for p in paths]


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
    cache_dir: Path | None = None,
    update: bool = False,
) -> int:
    """The large-corpus path: the documents into an Oxigraph store on disk at `location` and,
    when `output` is given, an N-Triples file (valid Turtle, deterministic: the vocabularies,
    then each document's lines in name order, no line twice). Returns the number of triples stored.

    Each document is read, extracted, built, reasoned over and checked in a pool worker
    (`docbuild`), its result cached in `cache_dir` when given; the main process streams the
    results into the file and the store (`streambuild`), holding a few documents at a time.
    With `update`, a store an earlier build of this version made with the same options is
    brought to exactly these documents: new ones added, missing or changed ones removed.

    Either way the new store is filled beside the old one (an update starts from a hard-linked
    copy) and swapped in only once everything is done and the file is written
    (`diskstore.fill_and_swap`): a failure or a kill leaves the old store, and no reader has
    the store open meanwhile (its lock is held exclusive). `timings`, when given, receives the
    seconds each stage took (for the benchmarks).
    """
    from .diskstore import StoreLock, check_location, fill_and_swap, recover, store_state
    from .streambuild import BuildOptions, RebuildNeededError, plan_update, store_manifest, stream_build

    location = Path(location)
    check_location(location)
    paths = list(paths)
    files = expand_paths(paths)
    if not files:
        raise InputError(", ".join(map(str, paths)) or ".", f"no documents ({', '.join(SUFFIXES)}) found")
    options = BuildOptions(infer, check, max_chars, workers, Path(cache_dir) if cache_dir is not None else None)
    stages = _Timed(stages, timings) if timings is not None else stages
    with StoreLock(location).acquire(exclusive=True):
        recover(location)
        manifest = store_manifest(location) if update and store_state(location) == "complete" else None
        plan = plan_update(manifest, files, options) if manifest is not None else None
        if plan is not None and not plan.added and not plan.removed:
            return _unchanged(location, files, output, options, stages)
        if plan is not None:
            try:
                return fill_and_swap(
                    location, lambda folder: _updated(location, folder, files, plan, output, options, stages, skipped)
                )
            except RebuildNeededError:
                pass  # the cache lacks what a removal needs: build the whole store instead
        return fill_and_swap(
            location, lambda folder: stream_build(files, folder, output, options, stages, progress, skipped)
        )


def _updated(location, folder, files, plan, output, options, stages, skipped) -> tuple[int, dict]:
    """An updated copy of the store in `folder`, and the output file of the whole corpus when asked."""
    from .streambuild import identity, update_store, write_from_cache

    filled = update_store(location, folder, files, plan, options, stages, skipped)
    if output is not None:
        held = set(filled[1]["documents"])
        write_from_cache([p for p in files if identity(p) in held], output, options, stages)
    return filled


def _unchanged(location: Path, files: list[Path], output: Path | None, options, stages: Stages) -> int:
    """The store already holds exactly these documents: write the file if asked, touch nothing else."""
    import json

    from .diskstore import MARKER
    from .streambuild import write_from_cache

    if output is not None:
        write_from_cache(files, output, options, stages)
    return int(json.loads((location / MARKER).read_text(encoding="utf-8"))["triples"])


class _Timed:
    """Stages that also record each stage's seconds in a dict (for the benchmarks)."""

    def __init__(self, inner: Stages, timings: dict[str, float]) -> None:
        self.inner, self.timings = inner, timings

    @contextlib.contextmanager
    def stage(self, name: str, total: int | None = None):
        start = time.perf_counter()
        with self.inner.stage(name, total) as tick:
            yield tick
        self.timings[name] = time.perf_counter() - start


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
