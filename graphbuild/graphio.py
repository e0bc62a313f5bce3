"""Reading and writing graph files: atomic writes, deterministic Turtle, clear errors."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from glob import escape as glob_escape
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from .errors import GraphbuildError, GraphInputError
from .namespace import bind_prefixes

__all__ = [
    "FORMATS",
    "write_graph",
    "read_graph",
    "atomic_write_bytes",
    "check_output_path",
    "remove_stale_temporaries",
    "ntriples",
    "nt_term",
    "write_sorted_ntriples",
]

FORMATS = {"turtle": ("longturtle", ".ttl"), "jsonld": ("json-ld", ".jsonld"), "nt": ("nt", ".nt")}
_BY_SUFFIX = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt", ".nq": "nquads", ".trig": "trig"}


def check_output_path(path: Path) -> None:
    """Raise GraphbuildError unless `path` can be a file: not a folder, not below a regular file
    (checked before a build starts, so that a long build does not fail at its last step)."""
    if path.is_dir():
        raise GraphbuildError(f"{path}: is a folder; give a file name for the output")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise GraphbuildError(f"{path}: cannot write below {parent}, which is a file")
            break


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files (`.NAME.PID.XXXX.tmp`) that writers of `path` left when they were
    killed: those whose process is gone. A live writer's file is left alone. Returns what was removed."""
    removed = []
    for candidate in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        pid = candidate.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: no half-written output. The temporary
    file's name holds this process's id, so that the next write can clean what a killed one left."""
    path = Path(path)
    check_output_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """Same graph, same bytes: longturtle sorts; N-Triples lines are sorted here."""
    rdflib_format = FORMATS[fmt][0]
    if rdflib_format == "nt":
        lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
        return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")
    if rdflib_format == "json-ld":
        return graph.serialize(format="json-ld", encoding="utf-8", sort_keys=True, indent=1)
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def write_graph(graph: Graph, path: Path, fmt: str = "turtle") -> None:
    atomic_write_bytes(path, serialize(graph, fmt))


def read_graph(path: Path) -> Graph:
    """Parse a graph file; its format follows from the suffix."""
    path = Path(path)
    if not path.exists():
        raise GraphInputError(f"{path}: no such graph file (run `graphbuild build` first)")
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    try:
        graph.parse(path, format=_BY_SUFFIX.get(path.suffix.lower(), "turtle"))
    except Exception as error:  # rdflib raises many unrelated types for bad syntax
        detail = " ".join(str(error).split())[:160]
        raise GraphInputError(f"{path}: not a readable RDF graph ({type(error).__name__}: {detail})") from error
    return graph


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: Identifier) -> str:
    """One term in N-Triples syntax (IRIs as built: the builder escapes what IRIs may not hold).

    >>> nt_term(Literal('说"好"\\n', lang="zh")), nt_term(URIRef("https://x/甲"))
    ('"说\\\\"好\\\\"\\\\n"@zh', '<https://x/甲>')
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        value = f'"{str(term).translate(_NT_ESCAPES)}"'
        if term.language:
            return f"{value}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{value}^^<{term.datatype}>"
        return value
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def ntriples(triples: Iterable[tuple[Identifier, Identifier, Identifier]]) -> bytes:
    """Triples as N-Triples lines, in no particular order: the bulk loaders' input, built far
    faster than rdflib's serialiser because each distinct term is written once."""
    cache: dict[Identifier, str] = {}

    def text(term: Identifier) -> str:
        found = cache.get(term)
        if found is None:
            found = cache[term] = nt_term(term)
        return found

    return "".join(f"{text(s)} {text(p)} {text(o)} .\n" for s, p, o in triples).encode("utf-8")


def write_sorted_ntriples(path: Path, *chunks: bytes) -> None:
    """N-Triples text as sorted, distinct lines: the same bytes for the same graph."""
    lines = set()
    for chunk in chunks:
        lines.update(chunk.split(b"\n"))
    lines.discard(b"")
    atomic_write_bytes(Path(path), b"\n".join(sorted(lines)) + b"\n")
