"""One document, start to end, in a pool worker: read → extract → build RDF → rules → checks →
analytics tally, in a small in-memory Oxigraph store that holds the vocabularies and this one
document. The principle rules only join facts of one directive (its citations, its measures,
its area's posts and the vocabularies), so a document's inferred triples do not depend on the
others; `tests/test_streambuild.py` checks the union against the whole-corpus build.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .cache import BuildCache, DocumentResult, document_key
from .namespace import ID

__all__ = ["document_result", "split_lines", "vocabulary_ntriples"]


@cache
def vocabulary_ntriples(infer: bool) -> bytes:
    """The vocabularies (and, with the rules, the rules' descriptions) as sorted N-Triples lines:
    what every graph carries once, whatever its documents."""
    from .graphio import ntriples
    from .infer import rule_descriptions
    from .rdfbuild import vocabulary_graph

    text = ntriples(vocabulary_graph()) + (ntriples(rule_descriptions()) if infer else b"")
    lines = sorted(set(text.split(b"\n")) - {b""})
    return b"\n".join(lines) + b"\n"


def split_lines(text: bytes, doc_key: str) -> tuple[bytes, bytes]:
    """N-Triples lines as (own, shared), each sorted and distinct: own lines name one of the
    document's nodes (their IRIs hold `/<doc_key>`), which no other document's content can, or
    describe an assignment of one of its measures (an assignment's IRI hashes its measure's,
    `namespace.assignment_iri`, so it is the document's too)."""
    marker = f"/{doc_key}".encode()
    own, shared = [], []
    for line in set(text.split(b"\n")):
        if line:
            (own if marker in line else shared).append(line)
    assignments = {line.split(b" ", 1)[0] for line in own if line.startswith(_ASSIGNMENT)}
    if assignments:
        moved = [line for line in shared if line.split(b" ", 1)[0] in assignments]
        own += moved
        shared = sorted(set(shared) - set(moved))
    return _joined(sorted(own)), _joined(sorted(shared))


_ASSIGNMENT = f"<{ID}assignment/".encode()


def _joined(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n" if lines else b""


def _document_tally(store) -> str:
    """The analytics tally of the one document in `store` (a project store), as JSON text: cached
    with the document's triples and summed in the main process (`graphbuild.analytics`)."""
    from .analytics import tally_store

    return tally_store(store).to_json()


def document_result(
    path: Path, infer: bool, check: bool, max_chars: int | None, cache_dir: Path | None
) -> DocumentResult:
    """The document's triples (extracted and inferred, split own/shared) and tally, from the
    cache when an entry for these bytes, code and options exists, else computed (and cached
    when the checks ran and passed)."""
    path = Path(path)
    readable = str(path) != "-" and path.is_file()
    entries = BuildCache(cache_dir) if cache_dir is not None and readable else None
    # The key names the document in the store's manifest and the analytics run, cached or not.
    key = document_key(path, path.read_bytes(), infer, max_chars) if readable else ""
    if entries is not None:
        found = entries.get(key, str(path))
        if found is not None:
            return found
    result = _compute(path, key, infer, check, max_chars)
    if entries is not None and check:
        entries.put(result)
    return result


def _compute(path: Path, key: str, infer: bool, check: bool, max_chars: int | None) -> DocumentResult:
    import pyoxigraph as ox

    from .infer import INFERRED_GRAPH, infer_in_store
    from .pipeline import _extract_one, run_checks
    from .rdfbuild import build_ntriples
    from .store import OxigraphStore

    record = _extract_one(path, max_chars)
    extracted = build_ntriples(record)
    memory = OxigraphStore(union_default_graph=True)
    # Lenient: the builder escapes what IRIs may not hold (rdfbuild._key); twice as fast per document.
    memory.store.load(input=vocabulary_ntriples(infer) + extracted, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    inferred = b""
    if infer:
        infer_in_store(memory.store, graph=INFERRED_GRAPH)
        inferred = memory.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(INFERRED_GRAPH))
    if check:
        run_checks(memory)
    tally = _document_tally(memory)
    doc_key = record.sha256[:16]
    own, shared = split_lines(extracted + inferred, doc_key)
    return DocumentResult(str(path), key, doc_key, own, shared, inferred.count(b"\n"), tally)
