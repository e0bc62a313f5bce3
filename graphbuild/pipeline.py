"""The stages chained: read → extract → build RDF → (infer) → validate, for CLI and notebook alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import Graph

from .areas import load_divisions
from .errors import InputError
from .extract import extract_document
from .lexicon import load_lexicon
from .rdfbuild import build_graph
from .read import expand_paths, read_document
from .records import DocumentRecord

__all__ = ["extract_paths", "build_from_paths", "build_into_oxigraph"]


def extract_paths(paths: Iterable[Path], progress: Callable[[Path], None] | None = None) -> list[DocumentRecord]:
    """Extract every document under the given files and folders, in name order."""
    files = expand_paths(paths)
    if not files:
        raise InputError(", ".join(map(str, paths)) or ".", "no documents (.txt, .html) found")
    lexicon, divisions = load_lexicon(), load_divisions()
    records = []
    for path in files:
        records.append(extract_document(read_document(path), lexicon, divisions))
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
    progress: Callable[[Path], None] | None = None,
) -> int:
    """The large-corpus path: triples straight into an OxigraphStore (its content replaced), rules
    run there, the file written by Oxigraph's serialiser. Returns the number of triples."""
    import pyoxigraph as ox

    from .infer import infer_in_store
    from .rdfbuild import build_triples

    store.load_graph(build_triples(extract_paths(paths, progress)))
    if infer:
        added = infer_in_store(store.store)
        store.store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in added)
    store.store.flush()
    if output is not None:
        store.write_file(output)
    return len(store.store)
