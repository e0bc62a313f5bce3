"""Stage 5, infer: the duty principles as SPARQL CONSTRUCT rules from `ontology/rules/`.

Each rule adds assignments marked `gb:explicit false` that name the rule (`prov:hadPlan`) and
derive from the facts used, the principle citation's span among them. The rules run in an
in-memory Oxigraph store (rdflib's engine took a minute for 30k triples, Oxigraph well under a
second), once each in name order, so the result does not depend on the order of files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph

from .paths import ontology_dir
from .store import from_oxigraph, to_oxigraph

__all__ = ["rule_files", "apply_rules", "infer_in_store", "load_rule"]


def rule_files() -> list[Path]:
    return sorted((ontology_dir() / "rules").glob("*.rq"))


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


def infer_in_store(store, rules: list[Path] | None = None) -> list:
    """Run the rules once each, in name order, inside a pyoxigraph Store; return the triples they added.

    One pass is a fixed point because no rule reads what another writes (the rules add
    `gb:explicit false` assignments and role posts or departments; none of them reads those);
    a test checks that a second pass adds nothing.
    """
    import pyoxigraph as ox

    store.extend(ox.Quad(*map(to_oxigraph, triple)) for triple in rule_descriptions())
    added: list[ox.Triple] = []
    for path in rules if rules is not None else rule_files():
        inferred = list(store.query(load_rule(path)))
        added.extend(inferred)
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in inferred)
    return added


def apply_rules(graph: Graph, rules: list[Path] | None = None) -> int:
    """Add what the rules infer to an rdflib graph; return how many triples were added."""
    import pyoxigraph as ox

    before = len(graph)
    graph += rule_descriptions()
    store = ox.Store()
    store.extend(ox.Quad(*map(to_oxigraph, triple)) for triple in graph)
    added = infer_in_store(store, rules)
    graph.addN((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), graph) for t in added)
    return len(graph) - before
