"""Infer (read → extract → rdfbuild → **infer** → validate): the duty principles as SPARQL CONSTRUCT
rules from `ontology/rules/`, loaded by `graphbuild.queries` like every other query.

Each rule adds assignments marked `gb:explicit false` that name the rule (`prov:hadPlan`) and
derive from the facts used, the principle citation's span among them. The rules run in an
in-memory Oxigraph store (rdflib's engine took a minute for 30k triples, Oxigraph well under a
second), once each in name order, so the result does not depend on the order of files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from rdflib import Graph, URIRef

from .errors import GraphbuildError
from .namespace import FN, GRAPH, assignment_iri, department_iri, role_post_iri
from .queries import NamedQuery, list_rules
from .resources import ontology_dir
from .store import from_oxigraph, to_oxigraph

__all__ = ["rules", "apply_rules", "infer_in_store", "insert_form", "rule_descriptions", "INFERRED_GRAPH"]

# Where a store keeps inferred triples apart from extracted ones while the rules run.
INFERRED_GRAPH = str(GRAPH.inferred)

# The SPARQL extension functions the rules call: the IRI patterns of `graphbuild.namespace`,
# so that the rules and the builder mint the same IRIs from one definition.
IRI_FUNCTIONS: dict[URIRef, Callable[..., URIRef]] = {
    FN.assignment: assignment_iri,
    FN.rolePost: role_post_iri,
    FN.department: department_iri,
}


def rules() -> tuple[NamedQuery, ...]:
    """The principle rules, through the one query loader (`queries.list_rules`)."""
    return list_rules()


@cache
def _register_for_rdflib() -> None:
    """Make the IRI functions known to rdflib's SPARQL engine (for tests that evaluate rules there)."""
    from rdflib.plugins.sparql.operators import register_custom_function

    for name, mint in IRI_FUNCTIONS.items():
        register_custom_function(name, lambda *args, mint=mint: mint(*map(str, args)), override=True)


def _oxigraph_functions() -> dict:
    import pyoxigraph as ox

    return {
        ox.NamedNode(str(name)): (lambda *args, mint=mint: ox.NamedNode(str(mint(*(a.value for a in args)))))
        for name, mint in IRI_FUNCTIONS.items()
    }


def rdflib_rule_text(rule: NamedQuery) -> str:
    """A rule's text for rdflib's engine, with the IRI functions registered there."""
    _register_for_rdflib()
    return rule.text


@cache
def rule_descriptions() -> Graph:
    graph = Graph()
    graph.parse(ontology_dir() / "rules" / "rules.ttl", format="turtle")
    return graph


def insert_form(rule: str, graph: str | None = None) -> str:
    """The rule as a SPARQL Update: `CONSTRUCT {T} WHERE {P}` becomes `INSERT {T} WHERE {P}`, with
    the template inside `GRAPH <graph>` when one is named. The store then adds the triples itself,
    several times faster than handing each constructed triple through Python.

    >>> print(insert_form("PREFIX a: <x:>\\nCONSTRUCT { ?s a:b 1 }\\nWHERE { ?s a:c 1 }", "urn:g"))
    PREFIX a: <x:>
    INSERT { GRAPH <urn:g> { ?s a:b 1 } }
    WHERE { ?s a:c 1 }
    """
    head = re.search(r"^CONSTRUCT\s*\{", rule, flags=re.M)
    tail = list(re.finditer(r"\}\s*\nWHERE\s*\{", rule))
    if head is None or len(tail) != 1:
        raise GraphbuildError("a rule must read `CONSTRUCT { ... }` then `WHERE { ... }` on the next line")
    template = rule[head.end() : tail[0].start()]
    if graph is not None:
        template = f" GRAPH <{graph}> {{{template}}} "
    return f"{rule[: head.start()]}INSERT {{{template}}}{rule[tail[0].start() + 1 :]}"


def infer_in_store(store, selected: Sequence[NamedQuery] | None = None, graph: str | None = None) -> int:
    """Run the rules once each, in name order, inside a pyoxigraph Store; return how many triples they added.

    The rules read the default graph; what they infer goes there too unless `graph` names
    another (the large-corpus build keeps the inferred triples apart to copy them on).
    One pass is a fixed point because no rule reads what another writes (the rules add
    `gb:explicit false` assignments and role posts or departments; none of them reads those);
    a test checks that a second pass adds nothing.
    """
    import pyoxigraph as ox

    store.extend(ox.Quad(*map(to_oxigraph, triple)) for triple in rule_descriptions())
    before = len(store)
    functions = _oxigraph_functions()
    for rule in selected if selected is not None else rules():
        store.update(insert_form(rule.text, graph), custom_functions=functions)
    return len(store) - before


def apply_rules(graph: Graph, selected: Sequence[NamedQuery] | None = None) -> int:
    """Add what the rules infer to an rdflib graph; return how many triples were added."""
    import pyoxigraph as ox

    before = len(graph)
    graph += rule_descriptions()
    store = ox.Store()
    store.extend(ox.Quad(*map(to_oxigraph, triple)) for triple in graph)
    infer_in_store(store, selected, INFERRED_GRAPH)
    added = store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH))
    graph.addN((from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object), graph) for q in added)
    return len(graph) - before
