"""An Oxigraph store on disk as one unit: old or new, never half-built, never shared with a writer.

- A build fills a new directory beside the store (`.NAME.building-PID`), writes a completion
  marker into it when everything (load, rules, checks) is done, and only then swaps it in with
  one atomic rename (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames, which `recover`
  completes after a crash between them). A kill leaves the old store in place; the next build
  or reader removes the debris of dead processes.
- A store without the marker that holds triples was not completed (an interrupted build of an
  earlier version, or a hand-made one): readers refuse it with one line.
- A lock file beside the store (`.NAME.lock`, `flock`) is held shared by readers (query, report,
  serve, which keeps it across `exec` into the server) and exclusive by a build, so a build
  never writes a store that a reader has open, nor a reader opens one being swapped.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .errors import StoreError
from .graphio import file_above, process_alive

__all__ = ["MARKER", "StoreLock", "check_location", "store_state", "recover", "fill_and_swap"]

MARKER = "graphbuild-store.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def check_location(path: Path) -> None:
    """Raise StoreError unless `path` can be an Oxigraph store folder."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: is a file, not an Oxigraph store folder")
    blocking = file_above(path)
    if blocking is not None:
        raise StoreError(f"{path}: cannot be a store below {blocking}, which is a file")


def store_state(path: Path) -> str:
    """'missing' (no folder, or an empty one), 'complete' (a build finished it), 'empty' (an
    Oxigraph store holding nothing) or 'incomplete' (triples without the completion marker)."""
    path = Path(path)
    if not path.is_dir() or not any(path.iterdir()):
        return "missing"
    if (path / MARKER).exists():
        return "complete"
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(str(path))
    except OSError as error:
        raise StoreError(f"{path}: not an Oxigraph store ({error})") from error
    size = len(store)
    del store
    return "empty" if size == 0 else "incomplete"


class StoreLock:
    """`flock` on `.NAME.lock` beside the store: shared for readers, exclusive for a build.

    The same lock converts between the two (a reader that must first load an empty store)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.file = self.path.parent / f".{self.path.name}.lock"
        self.fd: int | None = None

    def acquire(self, exclusive: bool) -> StoreLock:
        if self.fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(self.file, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(self.fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError as error:
            other = "read or served" if exclusive else "built"
            raise StoreError(
                f"{self.path}: the store is being {other} by another process; try again when it ends"
            ) from error
        return self

    def keep_across_exec(self) -> None:
        """Let a process that replaces this one (the server) hold the lock for as long as it runs."""
        if self.fd is not None:
            os.set_inheritable(self.fd, True)

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> StoreLock:
        return self

    def __exit__(self, *_) -> None:
        self.release()


def _debris(path: Path, kind: str) -> list[tuple[Path, int]]:
    """Sibling folders `.NAME.KIND-PID` with their process ids (and `.NAME.KIND-PID.tmp`, which
    Oxigraph's backup, the start of an update, writes before renaming it)."""
    found = []
    for candidate in path.parent.glob(f".{path.name}.{kind}-*"):
        pid = candidate.name.rsplit("-", 1)[-1].removesuffix(".tmp")
        if pid.isdigit():
            found.append((candidate, int(pid)))
    return found


def recover(path: Path) -> None:
    """Finish or undo what a killed build left: restore the old store if a crash fell between the
    two renames of the fallback swap, and remove the folders of builds whose process is gone."""
    path = Path(path)
    if not path.parent.is_dir():
        return
    if not path.exists():
        olds = [(p, pid) for p, pid in _debris(path, "old") if not process_alive(pid)]
        if olds:
            os.rename(olds[0][0], path)
    for kind in ("building", "old"):
        for folder, pid in _debris(path, kind):
            if not process_alive(pid):
                shutil.rmtree(folder, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap_in(staging: Path, path: Path) -> None:
    """Put the completed `staging` folder at `path`; the old store (if any) is removed after."""
    if not path.exists():
        os.rename(staging, path)
    elif _exchange(staging, path):
        shutil.rmtree(staging, ignore_errors=True)
    else:
        old = path.parent / f".{path.name}.old-{os.getpid()}"
        os.rename(path, old)
        os.rename(staging, path)
        shutil.rmtree(old, ignore_errors=True)
    _sync_folder(path.parent)


def fill_and_swap(path: Path, fill: Callable[[Path], int | tuple[int, dict]]) -> int:
    """Build a new store with `fill(folder)` (which opens, fills and closes an Oxigraph store in
    that folder and returns its size, or its size and a manifest of what it holds, which the
    marker keeps for the next update) and swap it in at `path` only when `fill` returns.

    The caller holds the store's exclusive lock. On any error or kill the old store stays."""
    path = Path(path)
    check_location(path)
    recover(path)
    staging = path.parent / f".{path.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        filled = fill(staging)
        size, manifest = filled if isinstance(filled, tuple) else (filled, None)
        marker = {"complete": True, "triples": size, "written_by": "graphbuild"}
        if manifest is not None:
            marker["manifest"] = manifest
        (staging / MARKER).write_text(json.dumps(marker) + "\n", encoding="utf-8")
        _sync_folder(staging)
        _swap_in(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return size


def load_graph_file(graph_path: Path, folder: Path) -> int:
    """Fill a new Oxigraph store in `folder` from a graph file (bulk loader); returns its size."""
    import pyoxigraph as ox

    from .errors import GraphInputError
    from .graphio import format_of, ntriples, read_graph

    fmt = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE}.get(format_of(graph_path))
    store = ox.Store(str(folder))
    try:
        if fmt is None:  # JSON-LD, RDF/XML …: rdflib reads them (the same table as every other command)
            store.bulk_load(input=ntriples(read_graph(Path(graph_path))), format=ox.RdfFormat.N_TRIPLES)
        else:
            store.bulk_load(path=str(graph_path), format=fmt)
    except (SyntaxError, ValueError) as error:
        detail = " ".join(str(error).split())[:160]
        raise GraphInputError(f"{graph_path}: not a readable RDF graph ({detail})") from error
    store.flush()
    size = len(store)
    del store
    return size


def open_for_reading(path: Path, graph_path: Path | None):
    """An OxigraphStore opened read-only on a completed store, holding the shared lock for as
    long as it lives. A missing or empty store is first filled from `graph_path` (built beside
    and swapped in, as a build does); an incomplete one is refused."""
    from .store import OxigraphStore

    path = Path(path)
    check_location(path)
    lock = StoreLock(path).acquire(exclusive=False)
    try:
        state = store_state(path)
        if state == "missing" and any(path.parent.glob(f".{path.name}.old-*")):
            lock.acquire(exclusive=True)
            recover(path)
            state = store_state(path)
        if state == "incomplete":
            raise StoreError(
                f"{path}: an incomplete store (a build into it did not finish); "
                f"rebuild it with `graphbuild build --store oxigraph:{path}`"
            )
        if state in ("missing", "empty"):
            if graph_path is None or not Path(graph_path).exists():
                raise StoreError(f"{path}: no store here, and no graph file {graph_path} to load into it")
            lock.acquire(exclusive=True)
            fill_and_swap(path, lambda folder: load_graph_file(Path(graph_path), folder))
            lock.acquire(exclusive=False)
        # A streamed build puts its analytics in the default graph (`streambuild._load_analytics`):
        # readers query the default graph alone, as the graph file holds it.
        store = OxigraphStore(path, read_only=True)
    except BaseException:
        lock.release()
        raise
    store.lock = lock
    return store
