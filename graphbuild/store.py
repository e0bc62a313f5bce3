"""Triple stores behind one small interface: rdflib in memory, Oxigraph on disk, a remote endpoint.

Each answers SELECT queries with bound parameters and returns rdflib terms, so the named
queries and the reports built on them give the same answers on every store.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier, Variable

from .errors import GraphbuildError, QueryError

__all__ = [
    "Rows",
    "QueryAnswer",
    "StoreSpec",
    "parse_store_spec",
    "require_content",
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

    def as_python(self, query: str = "") -> list[dict]:
        """Plain values for printing (literals as Python values, IRIs as text); a query without
        ORDER BY gets its rows sorted, so that the output does not depend on the store's order."""
        rows = self.rows if _ORDER_BY.search(query) else in_fixed_order(self.rows)
        return [
            {k: (None if v is None else (v.toPython() if isinstance(v, Literal) else str(v))) for k, v in row.items()}
            for row in rows
        ]


_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
QueryAnswer = Rows | bool | Graph  # SELECT rows, an ASK answer, a CONSTRUCT or DESCRIBE graph


def in_fixed_order(rows: list[dict[str, Identifier | None]]) -> list[dict[str, Identifier | None]]:
    """Rows sorted by their values as text: a fixed order for answers whose query gives none."""
    return sorted(rows, key=lambda row: tuple("" if v is None else str(v) for v in row.values()))


class Store(Protocol):
    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> Rows: ...

    def run(self, query: str, bindings: dict[str, Identifier] | None = None) -> QueryAnswer: ...


def _syntax_error(error: Exception, query: str) -> QueryError:
    """A parse error with positions counted in the user's own text (not in the prefixed one)."""
    from .queries import in_user_positions

    detail = " ".join(str(error).split())
    return QueryError(f"query does not parse: {in_user_positions(detail, query)}")


class RdflibStore:
    """rdflib's in-memory graph; parameters become initial bindings."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._prepared: dict[str, object] = {}

    def run(self, query: str, bindings: dict[str, Identifier] | None = None) -> QueryAnswer:
        from rdflib.plugins.sparql import prepareQuery

        try:
            prepared = self._prepared.get(query) or prepareQuery(query)
        except Exception as error:  # pyparsing raises its own types
            raise _syntax_error(error, query) from error
        self._prepared[query] = prepared
        result = self.graph.query(prepared, initBindings={Variable(k): v for k, v in (bindings or {}).items()})
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return _with_prefixes(result.graph)
        variables = [str(v) for v in result.vars or []]
        return Rows(variables, [{v: row[i] for i, v in enumerate(variables)} for row in result])

    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> Rows:
        return _only_rows(self.run(query, bindings))


def _only_rows(answer: QueryAnswer) -> Rows:
    if not isinstance(answer, Rows):
        raise QueryError("expected a SELECT query")
    return answer


def _with_prefixes(graph: Graph) -> Graph:
    from .namespace import bind_prefixes

    bind_prefixes(graph.namespace_manager)
    return graph


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


_XSD_STRING = str(XSD.string)


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
    """Oxigraph (pyoxigraph), on disk at a path or in memory; parameters are bound in the query text."""

    def __init__(self, path: Path | None = None, union_default_graph: bool = False, read_only: bool = False) -> None:
        import pyoxigraph as ox

        self.path = path
        if path and read_only:
            self.store = ox.Store.read_only(str(path))
        else:
            self.store = ox.Store(str(path)) if path else ox.Store()
        self.union_default_graph = union_default_graph
        self.lock = None  # a diskstore.StoreLock held while this store is open

    @classmethod
    def around(cls, store, union_default_graph: bool = False) -> OxigraphStore:
        """A project store over a pyoxigraph Store already open (a build's or an update's)."""
        wrapped = cls.__new__(cls)
        wrapped.store, wrapped.union_default_graph, wrapped.path, wrapped.lock = store, union_default_graph, None, None
        return wrapped

    def is_empty(self) -> bool:
        return len(self.store) == 0

    def load_file(self, path: Path) -> None:
        """Replace the store's content with a graph file (bulk loader)."""
        import pyoxigraph as ox

        from .graphio import format_of, read_graph

        fmt = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE}.get(format_of(path))
        if fmt is None:  # JSON-LD, RDF/XML …: rdflib reads them (the same table as every other command)
            self.load_graph(read_graph(path))
            return
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

    def run(self, query: str, bindings: dict[str, Identifier] | None = None) -> QueryAnswer:
        import pyoxigraph as ox

        from .queries import bind_in_text

        # Parameters are bound in the text, not as Oxigraph's substitutions: the planner orders the
        # joins before it substitutes, so a substituted area name left `report coverage --area` scanning
        # every area (1.7 s at 10,000 documents), where the same name as a constant is read first (2 ms).
        try:
            try:
                result = self.store.query(
                    bind_in_text(query, bindings or {}), use_default_graph_as_union=self.union_default_graph
                )
            except RuntimeError as error:
                raise QueryError(f"query failed: {error}") from error
        except SyntaxError as error:
            raise _syntax_error(error, query) from error
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            graph = _with_prefixes(Graph())
            for triple in result:
                graph.add(tuple(from_oxigraph(t) for t in (triple.subject, triple.predicate, triple.object)))
            return graph
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

        # A solution iterates its values in the order of the variables: far cheaper than by name.
        return Rows(variables, [dict(zip(variables, map(term, solution), strict=True)) for solution in result])

    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> Rows:
        return _only_rows(self.run(query, bindings))


_ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples",
    "DESCRIBE": "application/n-triples",
}


class RemoteStore:
    """A SPARQL 1.1 endpoint over the SPARQL Protocol.

    Parameters are substituted into the query text where they act (`queries.bind_in_text`, the
    terms serialised and checked), which is what rdflib's initial bindings and Oxigraph's
    substitutions mean; a VALUES block after the query (rdflib's SPARQLStore does that) would be
    joined after the query's FILTER and LIMIT and find nothing. `graph_iri` scopes every query to
    one named graph (the protocol's `default-graph-uri`). Answers are parsed by rdflib's result
    parsers; the transport is urllib, with a timeout and one-line errors.
    """

    def __init__(self, endpoint: str, timeout: float = 60.0, graph_iri: str | None = None) -> None:
        self.endpoint = endpoint
        self.timeout = timeout
        self.graph_iri = graph_iri

    def _post(self, query: str, accept: str) -> tuple[bytes, str]:
        form = {"query": query}
        if self.graph_iri:
            form["default-graph-uri"] = self.graph_iri
        request = urllib.request.Request(
            self.endpoint,
            data=urllib.parse.urlencode(form).encode("utf-8"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            detail = " ".join(error.read()[:300].decode("utf-8", "replace").split())
            raise QueryError(f"{self.endpoint}: HTTP {error.code}: {detail}") from error
        except urllib.error.URLError as error:
            raise GraphbuildError(f"{self.endpoint}: endpoint not reachable ({error.reason})") from error

    def run(self, query: str, bindings: dict[str, Identifier] | None = None) -> QueryAnswer:
        from .queries import bind_in_text, query_form

        form = query_form(query)
        body, content_type = self._post(bind_in_text(query, bindings or {}), _ACCEPT[form])
        if form in ("CONSTRUCT", "DESCRIBE"):
            graph = _with_prefixes(Graph())
            try:
                graph.parse(data=body, format="nt" if content_type == "application/n-triples" else content_type)
            except Exception as error:  # rdflib's parsers raise many types
                raise QueryError(f"{self.endpoint}: unreadable RDF answer ({error})") from error
            return graph
        try:
            # A server that cuts a query off may answer 200 with truncated JSON: that is a failure.
            data = json.loads(body)
        except ValueError as error:
            raise QueryError(f"{self.endpoint}: incomplete or invalid JSON answer ({error})") from error
        if "boolean" in data:
            return bool(data["boolean"])
        variables = data["head"]["vars"]
        return Rows(variables, [{v: _from_json(b.get(v)) for v in variables} for b in data["results"]["bindings"]])

    def select(self, query: str, bindings: dict[str, Identifier] | None = None) -> Rows:
        return _only_rows(self.run(query, bindings))


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


@dataclass(frozen=True)
class StoreSpec:
    """What `--store` names: `memory` (rdflib) or `oxigraph` with the folder it lives in."""

    kind: str
    path: Path | None = None


def parse_store_spec(spec: str | None) -> StoreSpec:
    """`--store` as given on any command: None, `memory` or `rdflib`, or `oxigraph:PATH`.

    >>> parse_store_spec("oxigraph:build/store"), parse_store_spec(None).kind
    (StoreSpec(kind='oxigraph', path=PosixPath('build/store')), 'memory')
    """
    if spec in (None, "", "memory", "rdflib"):
        return StoreSpec("memory")
    if spec.startswith("oxigraph:") and spec.split(":", 1)[1]:
        return StoreSpec("oxigraph", Path(spec.split(":", 1)[1]))
    raise GraphbuildError(f"unknown store {spec!r} (use memory or oxigraph:PATH)")


def open_store(
    spec: str | None, endpoint: str | None, graph_path: Path, graph_iri: str | None = None
) -> Store:
    """`--endpoint URL` (scoped to `graph_iri` when given), `--store oxigraph:PATH` (loaded from the
    graph file when empty), or rdflib."""
    if endpoint:
        return RemoteStore(endpoint, graph_iri=graph_iri)
    parsed = parse_store_spec(spec)
    if parsed.kind == "oxigraph":
        from .diskstore import open_for_reading

        return open_for_reading(parsed.path, graph_path)
    from .graphio import read_graph

    return RdflibStore(read_graph(graph_path))


_CONTENT = """PREFIX gb: <https://w3id.org/graphbuild/ontology#>
ASK { { ?x a gb:Measure } UNION { ?x a gb:Meeting } }"""


def require_content(store: Store, where: str) -> None:
    """An error when the store's default graph holds no directive and no measure: the graph is
    elsewhere (a named graph, say, after `push`), and every report would be silently empty."""
    if not store.run(_CONTENT):
        raise GraphbuildError(
            f"{where}: the default graph holds no meeting, plan or measure; if the graph is in a named graph, "
            "pass --graph-iri IRI (or start the server with --union-default-graph)"
        )
