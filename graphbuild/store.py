"""Triple stores behind one small interface: rdflib in memory, Oxigraph on disk, a remote endpoint.

Each answers SELECT queries with bound parameters and returns rdflib terms, so the named
queries and the reports built on them give the same answers on every store.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier, Variable

from .errors import GraphbuildError, QueryError

__all__ = [
    "Rows",
    "Store",
    "in_fixed_order",
    "RdflibStore",
    "OxigraphStore",
    "RemoteStore",
    "open_store",
    "from_oxigraph",
    "to_oxigraph",
]


@dataclass
class Rows:
    """A SELECT result: variable names and one dict per row (unbound values are None)."""

    variables: list[str]
    rows: list[dict[str, Identifier | None]]


def in_fixed_order(rows: list[dict[str, Identifier | None]]) -> list[dict[str, Identifier | None]]:
    """Rows sorted by their values as text: a fixed order for answers whose query gives none."""
    return sorted(rows, key=lambda row: tuple("" if v is None else str(v) for v in row.values()))


class Store(Protocol):
    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> Rows: ...


class RdflibStore:
    """rdflib's in-memory graph; parameters become initial bindings."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._prepared: dict[str, object] = {}

    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> Rows:
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = self._prepared.get(query) or prepareQuery(query)
        except Exception as error:  # pyparsing raises its own types
            raise QueryError(f"query does not parse: {error}") from error
        self._prepared[query] = prepared
        result = self.graph.query(prepared, initBindings={Variable(k): v for k, v in (bindings or {}).items()})
        variables = [str(v) for v in result.vars or []]
        return Rows(variables, [{v: row[i] for i, v in enumerate(variables)} for row in result])


def from_oxigraph(term) -> Identifier | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_oxigraph(term: Identifier):
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}")


class OxigraphStore:
    """Oxigraph (pyoxigraph), on disk at a path or in memory; parameters become substitutions."""

    def __init__(self, path: Path | None = None, union_default_graph: bool = False, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.path = path
        if path and read_only:
            self.store = ox.Store.read_only(str(path))
        else:
            self.store = ox.Store(str(path)) if path else ox.Store()
        self.union_default_graph = union_default_graph
        self.lock = None  # a diskstore.StoreLock held while this store is open

    def is_empty(self) -> bool:
        return len(self.store) == 0

    def load_file(self, path: Path) -> None:
        """Replace the store's content with a graph file (bulk loader)."""
        import pyoxigraph as ox

        fmt = ox.RdfFormat.N_TRIPLES if str(path).endswith(".nt") else ox.RdfFormat.TURTLE
        self.store.clear()
        self.store.bulk_load(path=str(path), format=fmt)
        self.store.flush()

    def load_graph(self, graph) -> None:
        """Replace the store's content with these triples (an rdflib Graph or a set of triples)."""
        import pyoxigraph as ox

        cache: dict = {}

        def term(t):
            found = cache.get(t)
            if found is None:
                found = cache[t] = to_oxigraph(t)
            return found

        self.store.clear()
        self.store.bulk_extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in graph)
        self.store.flush()

    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> Rows:
        import pyoxigraph as ox

        substitutions = {ox.Variable(k): to_oxigraph(v) for k, v in (bindings or {}).items()}
        try:
            result = self.store.query(
                query, substitutions=substitutions or None, use_default_graph_as_union=self.union_default_graph
            )
        except SyntaxError as error:
            raise QueryError(f"query does not parse: {error}") from error
        variables = [v.value for v in result.variables]
        cache: dict = {}

        def term(value):
            # Results repeat the same terms many times; convert each once.
            if value is None:
                return None
            found = cache.get(value)
            if found is None:
                found = cache[value] = from_oxigraph(value)
            return found

        return Rows(variables, [{v: term(solution[v]) for v in variables} for solution in result])


def _values_block(bindings: dict[str, Identifier]) -> str:
    """A trailing VALUES clause; terms are written as N-Triples terms, so quotes are escaped."""
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(v.n3() for v in bindings.values())
    return f"\nVALUES ({names}) {{ ({values}) }}"


class RemoteStore:
    """A SPARQL 1.1 endpoint over the SPARQL Protocol; parameters become a trailing VALUES block."""

    def __init__(self, endpoint: str, timeout: float = 60.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout

    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> Rows:
        if bindings:
            query = query + _values_block(bindings)
        request = urllib.request.Request(
            self.endpoint,
            data=urllib.parse.urlencode({"query": query}).encode("utf-8"),
            headers={"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            raise QueryError(
                f"{self.endpoint}: HTTP {error.code}: {error.read()[:300].decode('utf-8', 'replace')}"
            ) from error
        except urllib.error.URLError as error:
            raise GraphbuildError(f"{self.endpoint}: endpoint not reachable ({error.reason})") from error
        try:
            # A server that cuts a query off may answer 200 with truncated JSON: that is a failure.
            data = json.loads(body)
        except ValueError as error:
            raise QueryError(f"{self.endpoint}: incomplete or invalid JSON answer ({error})") from error
        variables = data["head"]["vars"]
        return Rows(variables, [{v: _from_json(b.get(v)) for v in variables} for b in data["results"]["bindings"]])


def _from_json(value: dict | None) -> Identifier | None:
    if value is None:
        return None
    if value["type"] == "uri":
        return URIRef(value["value"])
    if value["type"] == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    return Literal(value["value"], datatype=URIRef(value["datatype"]) if "datatype" in value else None)


def open_store(spec: str | None, endpoint: str | None, graph_path: Path) -> Store:
    """`--endpoint URL`, `--store oxigraph:PATH` (loaded from the graph file when empty), or rdflib."""
    if endpoint:
        return RemoteStore(endpoint)
    if spec and spec.startswith("oxigraph:"):
        from .diskstore import open_for_reading

        return open_for_reading(Path(spec.split(":", 1)[1]), graph_path)
    if spec not in (None, "memory", "rdflib"):
        raise GraphbuildError(f"unknown store {spec!r} (use memory or oxigraph:PATH)")
    from .graphio import read_graph

    return RdflibStore(read_graph(graph_path))
