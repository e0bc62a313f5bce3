"""Stage 4, infer: the duty principles as SPARQL CONSTRUCT rules from `ontology/rules/`.

Each rule adds assignments marked `gb:explicit false` that name the rule (`prov:hadPlan`) and
derive from the facts used, the principle citation's span among them. The rules run in an
in-memory Oxigraph store (rdflib's engine took a minute for 30k triples, Oxigraph well under a
second), once each in name order, so the result does not depend on the order of files.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from rdflib import Graph

from .errors import GraphbuildError
from .namespace import GRAPH
from .resources import ontology_dir, ontology_files
from .store import from_oxigraph, to_oxigraph

__all__ = ["rule_files", "apply_rules", "infer_in_store", "insert_form", "load_rule", "INFERRED_GRAPH"]

# Where a store keeps inferred triples apart from extracted ones while the rules run.
INFERRED_GRAPH = str(GRAPH.inferred)


def rule_files() -> list[Path]:
    return ontology_files("rules", "*.rq")


@cache
def load_rule(path: Path) -> str:
    """The rule's text, checked by rdflib's parser once (a syntax error fails at once)."""
    from rdflib.plugins.sparql import prepareQuery

    text = path.read_text(encoding="utf-8")
    prepareQuery(text)
    return text


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


def infer_in_store(store, rules: list[Path] | None = None, graph: str | None = None) -> int:
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
    for path in rules if rules is not None else rule_files():
        store.update(insert_form(load_rule(path), graph))
    return len(store) - before


def apply_rules(graph: Graph, rules: list[Path] | None = None) -> int:
    """Add what the rules infer to an rdflib graph; return how many triples were added."""
    import pyoxigraph as ox

    before = len(graph)
    graph += rule_descriptions()
    store = ox.Store()
    store.extend(ox.Quad(*map(to_oxigraph, triple)) for triple in graph)
    infer_in_store(store, rules, INFERRED_GRAPH)
    added = store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH))
    graph.addN((from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object), graph) for q in added)
    return len(graph) - before
