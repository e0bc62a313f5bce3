"""Reading and writing graph files: atomic writes, deterministic Turtle, clear errors.

A file's format follows its suffix everywhere (reading, writing, `push`): one table, `FORMATS`,
keyed by the names `rdflib.util.guess_format` gives. `-` is standard input or output.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from glob import escape as glob_escape
from pathlib import Path
from typing import BinaryIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .errors import GraphbuildError, GraphInputError
from .namespace import bind_prefixes

__all__ = [
    "FORMATS",
    "STDIO",
    "format_of",
    "media_type",
    "serialize",
    "write_graph",
    "read_graph",
    "atomic_write_bytes",
    "atomic_writer",
    "check_output_path",
    "remove_stale_temporaries",
    "file_above",
    "process_alive",
    "ntriples",
    "nt_term",
    "write_sorted_ntriples",
]

# rdflib's format name → the serializer that writes it deterministically, and its media type.
FORMATS = {
    "turtle": ("longturtle", "text/turtle"),
    "nt": ("nt", "application/n-triples"),
    "json-ld": ("json-ld", "application/ld+json"),
    "xml": ("pretty-xml", "application/rdf+xml"),
    "n3": ("n3", "text/n3"),
    "trig": ("trig", "application/trig"),
    "nquads": ("nquads", "application/n-quads"),
}
_OPTION_NAMES = {"ttl": "turtle", "ntriples": "nt", "jsonld": "json-ld"}
STDIO = "-"


def format_of(path: Path | str, fmt: str | None = None) -> str:
    """The RDF format of a graph file: `fmt` when given (it must agree with a known suffix), else the
    suffix's (`rdflib.util.guess_format`), else Turtle (also for `-`, standard input and output).

    >>> format_of("g.nt"), format_of("g.jsonld"), format_of("-"), format_of("g.ttl", "turtle")
    ('nt', 'json-ld', 'turtle', 'turtle')
    """
    from rdflib.util import guess_format

    guessed = None if str(path) == STDIO else guess_format(str(path))
    if guessed not in FORMATS:
        guessed = None
    if fmt is None:
        return guessed or "turtle"
    chosen = _OPTION_NAMES.get(fmt, fmt)
    if chosen not in FORMATS:
        raise GraphInputError(f"{path}: unknown RDF format {fmt!r} (known: {', '.join(sorted(FORMATS))})")
    if guessed is not None and guessed != chosen:
        raise GraphInputError(f"{path}: --format {fmt} does not match the file's suffix ({guessed}); change one")
    return chosen


def media_type(path: Path | str) -> str:
    """The Content-Type of a graph file, from its suffix (`format_of`)."""
    return FORMATS[format_of(path)][1]


def check_output_path(path: Path) -> None:
    """Raise GraphbuildError unless `path` can be a file: not a folder, not below a regular file
    (checked before a build starts, so that a long build does not fail at its last step)."""
    if path.is_dir():
        raise GraphbuildError(f"{path}: is a folder; give a file name for the output")
    blocking = file_above(path)
    if blocking is not None:
        raise GraphbuildError(f"{path}: cannot write below {blocking}, which is a file")


def file_above(path: Path) -> Path | None:
    """The nearest existing parent of `path` when it is a file (nothing can be created below it), else None."""
    parent = next((p for p in Path(path).parents if p.exists()), None)
    return parent if parent is not None and not parent.is_dir() else None


def process_alive(pid: int) -> bool:
    """Whether a process of this id runs (one of another user's counts as running)."""
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
        if pid.isdigit() and not process_alive(int(pid)):
            candidate.unlink(missing_ok=True)
            removed.append(candidate)
    return removed


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: no half-written output (`-`: standard
    output). The temporary file's name holds this process's id, so that the next write can clean
    what a killed one left."""
    if str(path) == STDIO:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
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


@contextlib.contextmanager
def atomic_writer(path: Path | str | None) -> Iterator[BinaryIO | None]:
    """A binary file to write `path` in pieces, renamed into place only when the block ends
    without an error (as `atomic_write_bytes`); `-` is standard output, None writes nothing."""
    if path is None:
        yield None
        return
    if str(path) == STDIO:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(path)
    check_output_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb", buffering=1 << 20) as out:
            yield out
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """Same graph, same bytes: longturtle sorts; N-Triples lines are sorted here; JSON-LD keys sorted."""
    rdflib_format = FORMATS[_OPTION_NAMES.get(fmt, fmt)][0]
    if rdflib_format == "nt":
        lines = sorted(set(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()))
        return ("\n".join(line for line in lines if line) + "\n").encode("utf-8")
    if rdflib_format == "json-ld":
        return graph.serialize(format="json-ld", encoding="utf-8", sort_keys=True, indent=1)
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def write_graph(graph: Graph, path: Path | str, fmt: str | None = None) -> None:
    """Write a graph in the format its file's suffix names (or `fmt`); `-` is standard output."""
    atomic_write_bytes(path, serialize(graph, format_of(path, fmt)))


def read_graph(path: Path | str) -> Graph:
    """Parse a graph file; its format follows from the suffix (`-`: Turtle on standard input)."""
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    if str(path) == STDIO:
        source, label, fmt = sys.stdin.buffer.read(), "standard input", "turtle"
    else:
        path = Path(path)
        if not path.exists():
            raise GraphInputError(f"{path}: no such graph file (run `graphbuild build` first)")
        source, label, fmt = None, str(path), format_of(path)
    try:
        if source is None:
            graph.parse(path, format=fmt)
        else:
            graph.parse(data=source, format=fmt)
    except Exception as error:  # rdflib raises many unrelated types for bad syntax
        detail = " ".join(str(error).split())[:160]
        raise GraphInputError(f"{label}: not a readable RDF graph ({type(error).__name__}: {detail})") from error
    return graph


_XSD_STRING = str(XSD.string)
NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def nt_term(term: Identifier) -> str:
    """One term in N-Triples syntax (IRIs as built: the builder escapes what IRIs may not hold).

    >>> nt_term(Literal('说"好"\\n', lang="zh")), nt_term(URIRef("https://x/甲"))
    ('"说\\\\"好\\\\"\\\\n"@zh', '<https://x/甲>')
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        value = f'"{str(term).translate(NT_ESCAPES)}"'
        if term.language:
            return f"{value}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{value}^^<{term.datatype}>"
        return value
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def nt_lines(triples: Iterable[tuple[Identifier, Identifier, Identifier]]) -> Iterator[str]:
    """Each triple as an N-Triples line, as the triples come; each distinct term written once."""
    cache: dict[Identifier, str] = {}

    def text(term: Identifier) -> str:
        found = cache.get(term)
        if found is None:
            found = cache[term] = nt_term(term)
        return found

    for s, p, o in triples:
        yield f"{text(s)} {text(p)} {text(o)} .\n"


def ntriples(triples: Iterable[tuple[Identifier, Identifier, Identifier]]) -> bytes:
    """Triples as N-Triples lines, in no particular order: the bulk loaders' input, built far
    faster than rdflib's serialiser because each distinct term is written once."""
    return "".join(nt_lines(triples)).encode("utf-8")


def write_sorted_ntriples(path: Path, *chunks: bytes) -> None:
    """N-Triples text as sorted, distinct lines: the same bytes for the same graph."""
    lines = set()
    for chunk in chunks:
        lines.update(chunk.split(b"\n"))
    lines.discard(b"")
    atomic_write_bytes(Path(path), b"\n".join(sorted(lines)) + b"\n")
