"""Reading and writing graph files: atomic writes, deterministic Turtle, clear errors."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from .errors import GraphInputError
from .namespace import bind_prefixes

__all__ = ["FORMATS", "write_graph", "read_graph", "atomic_write_bytes"]

FORMATS = {"turtle": ("longturtle", ".ttl"), "jsonld": ("json-ld", ".jsonld"), "nt": ("nt", ".nt")}
_BY_SUFFIX = {".ttl": "turtle", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt", ".nq": "nquads", ".trig": "trig"}


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: no half-written output."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
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
