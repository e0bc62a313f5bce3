"""The streamed build into an Oxigraph store on disk, and its in-place update.

Pool workers do each document start to end (`docbuild.document_result`, cached per document);
the main process only writes and loads, in name order, as the results arrive:

- the output file is the vocabularies' sorted lines, then each document's own lines (sorted),
  then those of its shared lines (areas, posts, owners, departments, assignments …) that no
  earlier document wrote: the same bytes for the same input, whatever the number of workers,
  without sorting the whole graph; only a 16-byte hash of each shared line is kept;
- the store gets the same lines in batches through Oxigraph's bulk loader (in a thread, which
  the loader runs without the interpreter lock), lenient: the lines are the builder's own, whose
  IRIs it escapes (`rdfbuild._key`), and skipping the IRI checks saves a third of the load;
  the store's marker lists the documents it holds (name → cache key) with the code version and
  the options.

The analytics of the summed tallies go into the file and the store's default graph (found there
by their shape when they are replaced); their state (`analytics_state`: what the cells are
computed from) is written into the store's folder.

An update (`update_store`) starts from a hard-linked copy of the store (`Store.backup`) and of
the analytics state, adds the new documents' lines, deletes the lines of the removed ones that
no remaining document holds, and swaps the copy in as a build does: a kill leaves the old store
or the new one. Added and removed documents change only the analytics cells they touch (at
10,000 documents, seconds instead of minutes).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF

from .analytics_state import STATE_FILE
from .cache import BuildCache, DocumentResult, document_key, version_key
from .diskstore import MARKER
from .docbuild import document_result, vocabulary_ntriples
from .errors import GraphbuildError, InputError
from .namespace import GB
from .progress import NO_STAGES, Stages
from .read import MAX_CHARS

__all__ = ["BuildOptions", "stream_build", "update_store", "store_manifest", "plan_update", "write_from_cache"]

# N-Triples per bulk load. Loading the 10,000-document graph file (5.8 GB) in batches of 4, 8,
# 16 and 32 MB took 328, 292–307, 342 and 386 s of CPU and compacted in 67, 52, 57 and 70 s; the
# loader's peak memory 0.16 GB at 8 MB, 0.30 GB at 32 MB.
_BATCH_BYTES = 8 << 20
_AHEAD_PER_WORKER = 8  # documents handed out ahead of the one being written: bounds the memory held


@dataclass(frozen=True)
class BuildOptions:
    """What changes a build's output (`infer`, `max_chars`) and how it runs."""

    infer: bool = True
    check: bool = True
    max_chars: int | None = MAX_CHARS
    workers: int | None = None
    cache_dir: Path | None = None

    def manifest_options(self) -> dict:
        """The options a store records: an update with other options rebuilds it."""
        return {"infer": self.infer, "check": self.check, "max_chars": self.max_chars}


# --- results in name order, computed in a pool, never many at once ----------------------------


def _results(
    files: list[Path],
    options: BuildOptions,
    tick: Callable[[], None],
    skipped: list[InputError] | None,
) -> Iterator[DocumentResult]:
    """Each document's result, in the order of `files`, from a process pool for a large corpus;
    at most a few documents per worker are in flight, so memory does not grow with the corpus."""
    from .pipeline import _POOL_ABOVE, _exit_with_parent, _guarded, _naming_the_document

    arguments = (options.infer, options.check, options.max_chars, options.cache_dir)
    task = partial(_naming_the_document, document_result, arguments)
    run = task if skipped is None else partial(_guarded, task)
    workers = options.workers if options.workers is not None else (os.cpu_count() or 1)

    def keep(answer):
        tick()
        if isinstance(answer, InputError):
            skipped.append(answer)
            return None
        return answer

    if workers <= 1 or len(files) < _POOL_ABOVE:
        for path in files:
            answer = keep(run(path))
            if answer is not None:
                yield answer
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    with ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent) as pool:
        pending: deque[Future] = deque()
        upcoming = iter(files)
        try:
            for path in upcoming:
                pending.append(pool.submit(run, path))
                if len(pending) >= workers * _AHEAD_PER_WORKER:
                    break
            while pending:
                answer = keep(pending.popleft().result())
                following = next(upcoming, None)
                if following is not None:
                    pending.append(pool.submit(run, following))
                if answer is not None:
                    yield answer
        except BrokenProcessPool as error:
            raise GraphbuildError(f"a worker process died while extracting ({error}); nothing written") from error
        finally:
            for future in pending:
                future.cancel()


# --- the output file and the store's batches ------------------------------------------------


class _LineSink:
    """Writes results in order: each document's own lines, then its shared lines not yet written."""

    def __init__(self, infer: bool, out, load: Callable[[bytes], None] | None) -> None:
        self.out = out
        self.load = load
        self.seen: set[bytes] = set()
        self.documents: set[str] = set()
        self.batch: list[bytes] = []
        self.size = 0
        vocabulary = vocabulary_ntriples(infer)
        self.seen.update(_digest(line) for line in vocabulary.split(b"\n") if line)
        self._emit(vocabulary)

    def add(self, result: DocumentResult) -> None:
        if result.doc_key in self.documents:  # the same content under another name: dedupe it all
            self._emit(self._new(result.own))
        else:
            self.documents.add(result.doc_key)
            self._emit(result.own)
        self._emit(self._new(result.shared))

    def _new(self, block: bytes) -> bytes:
        fresh = []
        for line in block.split(b"\n"):
            if line:
                digest = _digest(line)
                if digest not in self.seen:
                    self.seen.add(digest)
                    fresh.append(line)
        return b"\n".join(fresh) + b"\n" if fresh else b""

    def _emit(self, block: bytes) -> None:
        if not block:
            return
        if self.out is not None:
            self.out.write(block)
        if self.load is not None:
            self.batch.append(block)
            self.size += len(block)
            if self.size >= _BATCH_BYTES:
                self.flush()

    def flush(self) -> None:
        if self.load is not None and self.batch:
            self.load(b"".join(self.batch))
        self.batch, self.size = [], 0


def _digest(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=16).digest()


class _Loader:
    """Bulk loads batches into a store in a thread (one batch queued at most, so memory stays
    bounded and the main process keeps writing while Oxigraph loads)."""

    def __init__(self, store) -> None:
        self.store = store
        self.batches: queue.Queue[bytes | None] = queue.Queue(maxsize=1)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="bulk-load", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        import pyoxigraph as ox

        while (batch := self.batches.get()) is not None:
            if self.error is None:
                try:
                    self.store.bulk_load(input=batch, format=ox.RdfFormat.N_TRIPLES, lenient=True)
                except BaseException as error:  # reported by `put` or `close` in the main thread
                    self.error = error

    def put(self, batch: bytes) -> None:
        self._raise()
        self.batches.put(batch)

    def close(self) -> None:
        """Wait for every batch to be loaded; raise the loader's error if it had one."""
        self.stop()
        self._raise()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.batches.put(None)
            self.thread.join()
        self.store = None

    def _raise(self) -> None:
        if self.error is not None:
            message = f"the new store could not be filled ({self.error}); the old one is kept"
            raise GraphbuildError(message) from self.error


# --- full build ------------------------------------------------------------------------------


def stream_build(
    files: list[Path],
    folder: Path,
    output: Path | None,
    options: BuildOptions,
    stages: Stages = NO_STAGES,
    progress: Callable[[Path], None] | None = None,
    skipped: list[InputError] | None = None,
) -> tuple[int, dict]:
    """Fill a new store in `folder` (and write `output` when given) from the documents; returns
    the store's size and the manifest for its marker."""
    import pyoxigraph as ox

    store = ox.Store(str(folder))
    loader = _Loader(store)
    documents: dict[str, str] = {}
    tallies = _Summed()
    try:
        size = _stream(files, folder, store, loader, output, options, stages, progress, skipped, documents, tallies)
    except BaseException as error:
        loader.stop()
        _release(error)
        del store
        raise
    loader.stop()
    del store
    return size, _manifest(documents, options)


def _release(error: BaseException) -> None:
    """Drop what the failed frames still hold: an Oxigraph store stays open (and its folder
    locked for this process) for as long as anything refers to it, a traceback's frames too,
    and the next build of this process may need the same folder."""
    import traceback

    traceback.clear_frames(error.__traceback__)


def _stream(files, folder, store, loader, output, options, stages, progress, skipped, documents, tallies) -> int:
    """`stream_build`'s body: results → file and loader, in order; then the analytics; the size."""
    from .graphio import atomic_writer

    with atomic_writer(output) as out:
        sink = _LineSink(options.infer, out, loader.put)
        with stages.stage("read, extract, build RDF, rules and checks (streamed)", total=len(files)) as tick:
            for result in _results(files, options, tick, skipped):
                sink.add(result)
                if progress is not None:
                    progress(Path(result.name))
                documents[identity(result.name)] = result.key
                if result.tally is not None:
                    tallies.add(result.tally)
            if not documents:
                raise InputError(", ".join(map(str, files)), f"all {len(files)} document(s) were unusable")
            sink.flush()
        with stages.stage("analytics"):
            analytics_lines = tallies.ntriples(documents.values(), folder / STATE_FILE)
            if out is not None:
                out.write(analytics_lines)
        with stages.stage("load into the store"):
            loader.close()
            _load_analytics(store, analytics_lines)
            store.flush()
        with stages.stage("compact the store"):
            # The batches leave many small sorted files; compacted, every lookup reads fewer. At
            # 10,000 documents: 70 s, and one area's gaps 0.29 s → 0.09 s (the store 4.8 → 3.6 GB).
            # The analytics go in first: loaded after a compaction run beside their computation
            # (6356f30), they spread over every index as a layer of their own, and one area's gaps
            # took 0.09 s at 10,000 documents, 0.06 s once the store was compacted again.
            store.optimize()
    return len(store)


def _manifest(documents: dict[str, str], options: BuildOptions) -> dict:
    held = dict(sorted(documents.items()))
    return {"version": version_key(), "options": options.manifest_options(), "documents": held}


class _Summed:
    """The documents' tallies summed as they arrive, not kept as text (at 10,000 documents the
    texts were 250 million characters); `ntriples` gives the analytics of the sum (and writes the
    state an update adds to)."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.total = None
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        from .analytics import Tally

        self.total = (self.total or Tally()).merge(Tally.from_json(text))

    def ntriples(self, keys: Iterable[str], state: Path | None = None) -> bytes:
        """The analytics graph of the sum as sorted N-Triples (the same tallies, the same bytes),
        its run named by the documents' cache `keys`; with `state`, the analytics state written
        there (`analytics_state`). The sum is let go: the store's bulk loader, which reads these
        lines next, needs the room."""
        from .analytics import analytics_ntriples, analytics_parts, run_digest
        from .analytics_state import write_state

        total, self.total = self.total, None
        if total is None:
            return b""
        keys = list(keys)
        parts = analytics_parts(total)
        if state is None:
            return analytics_ntriples(total, keys, parts)
        # The state beside the lines: SQLite lets go of the interpreter lock while it writes.
        with ThreadPoolExecutor(max_workers=1) as beside:
            written = beside.submit(write_state, state, total, parts, run_digest(total, keys))
            lines = analytics_ntriples(total, keys, parts)
            written.result()
        return lines


def _load_analytics(store, lines: bytes) -> int:
    """The analytics graph (`_Summed.ntriples`) into the store's default graph, replacing the old
    analytics, which are found by their shape (`analytics.remove_oxigraph_analytics`); returns the
    change in quads. The default graph alone: readers query it alone, as the graph file holds it
    (through the union of graphs every lookup cost 2.3 times as much), and a copy in a named graph
    doubled the cost of loading them (at 2,000 documents 9.4 s more for 0.9 million triples)."""
    if not lines:
        return 0
    import pyoxigraph as ox

    from .analytics import remove_oxigraph_analytics

    removed = remove_oxigraph_analytics(store)
    # Lenient, as the batches: the lines are written by `graphio.nt_lines` from the builder's IRIs.
    store.bulk_load(input=lines, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return lines.count(b"\n") - removed


# --- update in place ---------------------------------------------------------------------------


def store_manifest(location: Path) -> dict | None:
    """The manifest a streamed build wrote into the store's marker, or None (an older store)."""
    try:
        marker = json.loads((Path(location) / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    manifest = marker.get("manifest")
    return manifest if isinstance(manifest, dict) and isinstance(manifest.get("documents"), dict) else None


def identity(path: Path | str) -> str:
    """How the manifest names a document: its absolute path (the same file however it is given)."""
    return str(Path(path).resolve())


@dataclass(frozen=True)
class UpdatePlan:
    """What an update does: the documents to add (identity → key), to remove (identity → old
    key) and to keep."""

    added: dict[str, str]
    removed: dict[str, str]
    kept: dict[str, str]


def plan_update(manifest: dict, files: list[Path], options: BuildOptions) -> UpdatePlan | None:
    """The difference between the documents a store holds and `files`, or None when the store
    was built by another version or with other options, or there is no cache to update from (a
    full build is then needed)."""
    if options.cache_dir is None:
        return None
    if manifest.get("version") != version_key() or manifest.get("options") != options.manifest_options():
        return None
    held: dict[str, str] = manifest["documents"]
    wanted: dict[str, str] = {}
    for path in files:
        if str(path) == "-" or not path.is_file():
            return None
        wanted[identity(path)] = document_key(path, path.read_bytes(), options.infer, options.max_chars)
    added = {name: key for name, key in wanted.items() if held.get(name) != key}
    removed = {name: key for name, key in held.items() if wanted.get(name) != key}
    kept = {name: key for name, key in wanted.items() if name not in added}
    return UpdatePlan(added, removed, kept)


def update_store(
    location: Path,
    folder: Path,
    files: list[Path],
    plan: UpdatePlan,
    options: BuildOptions,
    stages: Stages = NO_STAGES,
    skipped: list[InputError] | None = None,
) -> tuple[int, dict]:
    """Fill `folder` with a copy of the store at `location` changed by `plan`; returns its size
    and manifest. Adding a document costs that document; removing one reads the shared lines of
    the cached documents that remain (computing those the cache lacks)."""
    import pyoxigraph as ox

    with stages.stage("copy the store (hard links)"):
        ox.Store(str(location)).backup(str(folder))
    before = int(json.loads((Path(location) / MARKER).read_text(encoding="utf-8"))["triples"])
    store = ox.Store(str(folder))
    try:
        change, documents = _apply(store, Path(folder), Path(location), files, plan, options, stages, skipped)
    except BaseException as error:
        _release(error)
        del store
        raise
    del store
    return before + change, _manifest(documents, options)


def _apply(
    store, folder: Path, location: Path, files, plan: UpdatePlan, options: BuildOptions, stages: Stages, skipped
) -> tuple[int, dict]:
    """`update_store`'s body: the new documents' lines in, the removed ones' out, the analytics."""
    import pyoxigraph as ox

    documents = dict(plan.kept)
    added_files = [path for path in files if identity(path) in plan.added]
    fresh: list[DocumentResult] = []
    with stages.stage("read, extract, build RDF, rules and checks", total=len(added_files)) as tick:
        for result in _results(added_files, options, tick, skipped):
            fresh.append(result)
            documents[identity(result.name)] = result.key
    removed = 0
    if plan.removed:
        with stages.stage(f"remove {len(plan.removed)} document(s)"):
            removed = _remove(store, plan, files, fresh, options)
    with stages.stage("load into the store"):
        # A few documents: each quad looked up and only the new ones added, which gives the new
        # size without counting the whole store (`len` scans every quad: seconds at 10M).
        lines = b"".join(r.own + r.shared for r in fresh)
        quads = (ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(lines, format=ox.RdfFormat.N_TRIPLES))
        new = [quad for quad in quads if quad not in store]
        store.extend(new)
    with stages.stage("analytics"):
        change = len(new) - removed + _update_analytics(store, folder, location, documents, files, fresh, plan, options)
        store.flush()
    return change, documents


def _update_analytics(store, folder: Path, location: Path, documents, files, fresh, plan, options) -> int:
    """The analytics brought to the updated documents; returns the change in quads. Added and
    removed documents change only the cells they touch (`analytics_state`); a change the state
    cannot make cell by cell (or a store without a state) computes them in full from every
    document's tally."""
    from .analytics_state import NotIncrementalError

    state = Path(folder) / STATE_FILE
    if (Path(location) / STATE_FILE).is_file():
        # Linked, not copied (hundreds of megabytes at 10,000 documents): the state names the run
        # it belongs to, so a state changed by an update that was then killed before the swap no
        # longer matches the old store's documents and is not trusted.
        os.link(Path(location) / STATE_FILE, state)
        try:
            return _apply_change(store, state, _run_of(plan), documents, fresh, _removed_tallies(plan, options))
        except NotIncrementalError:
            state.unlink()
    lines = _Summed(_tallies(documents, files, fresh, options)).ntriples(documents.values(), state)
    return _load_analytics(store, lines)


def _run_of(plan: UpdatePlan) -> str:
    """The digest of the analytics run of the store before the update (its documents' keys)."""
    from .analytics import inputs_digest

    return inputs_digest([*plan.kept.values(), *plan.removed.values()])


def _removed_tallies(plan: UpdatePlan, options: BuildOptions) -> list:
    """The removed documents' tallies, from their cache entries' headers."""
    from .analytics import Tally
    from .analytics_state import NotIncrementalError

    entries, found = BuildCache(options.cache_dir), []
    for key in plan.removed.values():
        held, tally = entries.tally(key)
        if not held:
            raise NotIncrementalError("the cache lacks a removed document's tally")
        if tally is not None:
            found.append(Tally.from_json(tally))
    return found


def _apply_change(
    store, state_path: Path, run: str, documents: dict[str, str], fresh: list[DocumentResult], removed: list
) -> int:
    """The change to the analytics of the removed documents' tallies (`AnalyticsState.remove`),
    then of the added ones' (`AnalyticsState.add`), made in the store; returns the
    change in quads. `run`: the digest the state must hold (that of the store it came with)."""
    import pyoxigraph as ox

    from .analytics import Tally, inputs_digest
    from .analytics_state import AnalyticsState

    state = AnalyticsState(state_path, run)
    try:
        status = ox.NamedNode(str(GB.ownerStatus))
        changes = [state.remove(removed, _Remaining(store))] if removed else []
        changes.append(
            state.add(
                [Tally.from_json(r.tally) for r in fresh if r.tally is not None],
                inputs_digest(documents.values()),
                lambda measure: next(store.quads_for_pattern(ox.NamedNode(measure), status, None), None) is not None,
            )
        )
        size = sum(_make_change(store, change) for change in changes)
        state.commit()
    finally:
        state.close()
    return size


def _make_change(store, change) -> int:
    """An analytics `Change` made in the store's default graph; returns the change in quads."""
    import pyoxigraph as ox

    graph = ox.DefaultGraph()
    nodes = (ox.NamedNode(str(node)) for node in sorted(change.replaced))
    doomed = {quad for node in nodes for quad in store.quads_for_pattern(node, None, None, graph)}
    doomed.update(quad for quad in (ox.Quad(*triple, graph) for triple in _ox_triples(change.removed)) if quad in store)
    for quad in doomed:
        store.remove(quad)
    added = {ox.Quad(*triple, graph) for triple in _ox_triples(change.added)}
    added = [q for q in added if q not in store]
    store.extend(added)
    return len(added) - len(doomed)


class _Remaining:
    """The store once the removed documents' lines are gone (and the added ones' in), asked what a
    document's tally asks its own store (`analytics.tally_store`: the named queries tally-owners
    and tally-areas, their rows read by the same functions), bound to one owner or area: the sum
    of the remaining documents' tallies."""

    def __init__(self, store) -> None:
        from .queries import named_query
        from .store import OxigraphStore

        self.raw, self.store = store, OxigraphStore.around(store)
        self.owners_query = named_query("analytics/tally-owners").text
        self.areas_query = named_query("analytics/tally-areas").text

    def holds_measure(self, measure: str) -> bool:
        import pyoxigraph as ox

        from .store import to_oxigraph

        kind = to_oxigraph(RDF.type)
        return next(self.raw.quads_for_pattern(ox.NamedNode(measure), kind, None, ox.DefaultGraph()), None) is not None

    def _owner(self, owner: str):
        from .analytics import Tally, tally_owner_rows

        tally = Tally()
        tally_owner_rows(tally, self.store.select(self.owners_query, {"owner": URIRef(owner)}).rows)
        return tally

    def holders(self, post: str) -> set[str]:
        return {person for _, person in self._owner(post).holds}

    def owner(self, owner: str) -> tuple[str, str] | None:
        return self._owner(owner).owners.get(owner)

    def area(self, area: str) -> tuple[str, str | None, set[str]] | None:
        from .analytics import Tally, tally_area_rows

        tally = Tally()
        tally_area_rows(tally, self.store.select(self.areas_query, {"area": URIRef(area)}).rows)
        if area not in tally.areas:
            return None
        return tally.areas[area], tally.parents.get(area), {p for _, p in tally.principles}


def _ox_triples(triples) -> list[tuple]:
    """rdflib triples as pyoxigraph (subject, predicate, object) tuples."""
    from .store import to_oxigraph

    return [tuple(map(to_oxigraph, triple)) for triple in triples]


def _tallies(
    documents: dict[str, str], files: list[Path], fresh: list[DocumentResult], options: BuildOptions
) -> list[str]:
    """Every held document's tally: the new ones', the others' from their cache entries' headers
    (a document whose entry is gone is computed again)."""
    computed = {r.key: r.tally for r in fresh}
    entries = BuildCache(options.cache_dir)
    missing = []
    for name, key in documents.items():
        if key not in computed:
            found, tally = entries.tally(key)
            if found:
                computed[key] = tally
            else:
                missing.append(name)
    if missing:
        by_name = {identity(p): p for p in files}
        for result in _results([by_name[name] for name in missing], options, lambda: None, None):
            computed[result.key] = result.tally
    return [tally for key in documents.values() if (tally := computed.get(key)) is not None]


def _remove(store, plan: UpdatePlan, files: list[Path], fresh: list[DocumentResult], options: BuildOptions) -> int:
    """Delete the removed documents' lines that neither the vocabularies nor a remaining
    document (kept or added) holds; returns how many quads went."""
    import pyoxigraph as ox

    gone = _cached_results(plan.removed, options)
    if gone is None:
        raise RebuildNeededError("the cache lacks a removed document")
    candidates = {_digest(line): line for r in gone for line in (r.own + r.shared).split(b"\n") if line}
    for line in vocabulary_ntriples(options.infer).split(b"\n"):
        candidates.pop(_digest(line), None)
    gone_keys = {r.doc_key for r in gone}
    by_name = {identity(p): p for p in files}
    kept = [by_name[name] for name in plan.kept if name in by_name]
    # One document at a time: held together, the 10,000 cached documents took 6 GB.
    for result in itertools.chain(fresh, _results(kept, options, lambda: None, None)):
        blocks = (result.own + result.shared) if result.doc_key in gone_keys else result.shared
        for line in blocks.split(b"\n"):
            if line:
                candidates.pop(_digest(line), None)
    removed = 0
    if candidates:
        doomed = b"\n".join(candidates.values()) + b"\n"
        for triple in ox.parse(doomed, format=ox.RdfFormat.N_TRIPLES):
            quad = ox.Quad(triple.subject, triple.predicate, triple.object)
            if quad in store:
                store.remove(quad)
                removed += 1
    return removed


class RebuildNeededError(GraphbuildError):
    """An update cannot proceed from what is cached; the caller rebuilds instead."""


def _cached_results(held: dict[str, str], options: BuildOptions) -> list[DocumentResult] | None:
    if options.cache_dir is None:
        return None
    entries = BuildCache(options.cache_dir)
    found = []
    for name, key in held.items():
        result = entries.get(key, name)
        if result is None:
            return None
        found.append(result)
    return found


def write_from_cache(files: list[Path], output: Path, options: BuildOptions, stages: Stages = NO_STAGES) -> None:
    """Write the output file of `files` from their results (cached, or computed), as a full
    build writes it: the same bytes."""
    from .graphio import atomic_writer

    with atomic_writer(output) as out, stages.stage("write", total=len(files)) as tick:
        sink = _LineSink(options.infer, out, None)
        tallies, keys = _Summed(), []
        for result in _results(files, options, tick, None):
            sink.add(result)
            keys.append(result.key)
            if result.tally is not None:
                tallies.add(result.tally)
        sink.flush()
        out.write(tallies.ntriples(keys))


def iter_files(paths: Iterable[Path]) -> list[Path]:
    from .read import expand_paths

    return expand_paths(paths)
