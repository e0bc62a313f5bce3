"""Stage 5, infer: the duty principles as SPARQL CONSTRUCT rules from `ontology/rules/`.

Each rule adds assignments marked `gb:explicit false` that name the rule (`prov:hadPlan`) and
derive from the facts used, the principle citation's span among them. Rules run to a fixed
point, in name order, so the result does not depend on the order of files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query

from .paths import ontology_dir

__all__ = ["rule_files", "apply_rules", "load_rule"]

_MAX_ROUNDS = 5


def rule_files() -> list[Path]:
    return sorted((ontology_dir() / "rules").glob("*.rq"))


@cache
def load_rule(path: Path) -> Query:
    return prepareQuery(path.read_text(encoding="utf-8"))


@cache
def rule_descriptions() -> Graph:
    graph = Graph()
    graph.parse(ontology_dir() / "rules" / "rules.ttl", format="turtle")
    return graph


def apply_rules(graph: Graph, rules: list[Path] | None = None) -> int:
    """Add what the rules infer to `graph`; return how many triples were added."""
    before = len(graph)
    graph += rule_descriptions()
    for _ in range(_MAX_ROUNDS):
        size = len(graph)
        for path in rules if rules is not None else rule_files():
            for triple in graph.query(load_rule(path)):
                graph.add(triple)
        if len(graph) == size:
            break
    return len(graph) - before
