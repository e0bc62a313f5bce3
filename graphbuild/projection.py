"""Project (… → validate → **project** → analyse, render): the RDF graph as a NetworkX MultiDiGraph of
entities, built once per run.

Nodes are IRIs (the way back to the RDF) with `kind` (a `Kind`), `label` (zh) and `label_en`; edges
carry `relation` (a `Relation`), and responsibility edges also `rtype`, `explicit`, `rule` and `role`
(the task role a plan gives the owner: `lead`, `responsible`, `support`, or None). Measures carry
their text, source and deadline; targets their indicator, value, unit and date. Nodes and edges
come from the named queries `projection-nodes` and `projection-edges` (whose kind and relation
literals are the values declared here, and nothing else), so any store can feed it.
"""

from __future__ import annotations

from enum import StrEnum

import networkx as nx

from .errors import GraphbuildError
from .queries import named_query
from .store import Store, in_fixed_order

__all__ = ["project", "Kind", "Relation", "DIRECTIVE_KINDS", "OWNER_KINDS", "ROLES"]


class Kind(StrEnum):
    """The kinds of node in the projection (the `?kind` literals of `projection-nodes`)."""

    AREA = "area"
    MEETING = "meeting"
    PLAN = "plan"
    PERSON = "person"
    POST = "post"
    COLLECTIVE = "collective"
    DEPARTMENT = "department"
    MEASURE = "measure"
    TARGET = "target"
    SECTOR = "sector"
    PRINCIPLE = "principle"


class Relation(StrEnum):
    """The kinds of edge in the projection (the `?relation` literals of `projection-edges`)."""

    RESPONSIBLE_FOR = "responsible_for"
    SETS = "sets"
    SETS_TARGET = "sets_target"
    IN_SECTOR = "in_sector"
    IN_AREA = "in_area"
    FOLLOWS_UP = "follows_up"
    CHAIRED_BY = "chaired_by"
    HOLDS = "holds"
    CITES = "cites"
    WITHIN = "within"


DIRECTIVE_KINDS = frozenset({Kind.MEETING, Kind.PLAN})
OWNER_KINDS = frozenset({Kind.POST, Kind.COLLECTIVE, Kind.DEPARTMENT})
# The task roles, strongest first (local names of the task-role scheme's concepts).
ROLES = ("lead", "responsible", "support")


def _value(term) -> str | None:
    return None if term is None else str(term)


def _sorted_rows(store: Store, name: str) -> list[dict]:
    """A projection query's rows in a fixed order, whatever the store's (the queries leave order out:
    ORDER BY over a whole-graph listing cost Oxigraph's disk store four times the query itself)."""
    return in_fixed_order(store.select(named_query(name).text).rows)


def _checked(value, allowed: type[StrEnum], query: str) -> StrEnum:
    try:
        return allowed(str(value))
    except ValueError:
        raise GraphbuildError(f"query {query} gave {value!r}, not one of {[m.value for m in allowed]}") from None


def project(store: Store) -> nx.MultiDiGraph:
    """The entity graph of a store."""
    graph = nx.MultiDiGraph()
    for row in _sorted_rows(store, "projection-nodes"):
        node = str(row["node"])
        graph.add_node(
            node,
            kind=_checked(row["kind"], Kind, "projection-nodes"),
            label=_value(row["label"]) or node.rsplit("/", 1)[-1],
            label_en=_value(row["labelEn"]),
            owner_kind=_value(row["ownerKind"]),
        )
    for row in _sorted_rows(store, "projection-edges"):
        source, target = str(row["source"]), str(row["target"])
        if source not in graph or target not in graph:
            continue
        relation = _checked(row["relation"], Relation, "projection-edges")
        attributes: dict = {"relation": relation}
        if relation is Relation.RESPONSIBLE_FOR:
            attributes.update(
                rtype=_value(row["rtype"]),
                explicit=row["explicit"].toPython(),
                rule=_value(row["rule"]),
                role=_value(row["role"]) or None,
                assignment=_value(row["assignment"]),
            )
        graph.add_edge(source, target, **attributes)
    _add_measure_sources(graph, store)
    _add_targets(graph, store)
    return graph


def _add_measure_sources(graph: nx.MultiDiGraph, store: Store) -> None:
    for row in _sorted_rows(store, "measure-sources"):
        node = str(row["measure"])
        if node in graph:
            graph.nodes[node].update(
                text=str(row["text"]),
                area=str(row["areaName"]),
                date=_value(row["date"]),
                document=str(row["document"]),
                start=int(row["start"]),
                end=int(row["end"]),
                sentence=str(row["sentence"]),
                sectors=sorted(str(row["sectors"]).split()),  # GROUP_CONCAT order differs between stores
                deadline=_value(row["deadline"]),
                due=_value(row["due"]),
            )


def _add_targets(graph: nx.MultiDiGraph, store: Store) -> None:
    for row in _sorted_rows(store, "targets"):
        node = str(row["target"])
        if node in graph:
            graph.nodes[node].update(target_attributes(row))


def target_attributes(row: dict) -> dict:
    """A target's attributes from a row of the `targets` query (the projection's and `report targets`')."""
    return {
        "text": str(row["text"]),
        "area": str(row["areaName"]),
        "indicator": _value(row["indicatorLabel"]),
        "value": float(row["value"].toPython()),
        "unit": _value(row["unitLabel"]),
        "by": _value(row["by"]),
        "document": str(row["document"]),
        "start": int(row["start"]),
        "end": int(row["end"]),
    }
