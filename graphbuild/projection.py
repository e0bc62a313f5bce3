"""Stage 6a, project: the RDF graph as a NetworkX MultiDiGraph of entities, built once per run.

Nodes are IRIs (the way back to the RDF) with `kind`, `label` (zh) and `label_en`; edges carry
`relation`, and responsibility edges also `rtype`, `explicit` and `rule`. Nodes and edges come
from the named queries `projection-nodes` and `projection-edges`, so any store can feed it.
"""

from __future__ import annotations

import networkx as nx

from .queries import named_query
from .store import Store, in_fixed_order

__all__ = ["project"]


def _value(term) -> str | None:
    return None if term is None else str(term)


def _sorted_rows(store: Store, name: str) -> list[dict]:
    """A projection query's rows in a fixed order, whatever the store's (the queries leave order out:
    ORDER BY over a whole-graph listing cost Oxigraph's disk store four times the query itself)."""
    return in_fixed_order(store.select(named_query(name).text).rows)


def project(store: Store) -> nx.MultiDiGraph:
    """The entity graph of a store."""
    graph = nx.MultiDiGraph()
    for row in _sorted_rows(store, "projection-nodes"):
        node = str(row["node"])
        graph.add_node(
            node,
            kind=str(row["kind"]),
            label=_value(row["label"]) or node.rsplit("/", 1)[-1],
            label_en=_value(row["labelEn"]),
            owner_kind=_value(row["ownerKind"]),
        )
    for row in _sorted_rows(store, "projection-edges"):
        source, target = str(row["source"]), str(row["target"])
        if source not in graph or target not in graph:
            continue
        attributes = {"relation": str(row["relation"])}
        if row["relation"] is not None and str(row["relation"]) == "responsible_for":
            attributes.update(
                rtype=_value(row["rtype"]),
                explicit=row["explicit"].toPython(),
                rule=_value(row["rule"]),
                assignment=_value(row["assignment"]),
            )
        graph.add_edge(source, target, **attributes)
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
            )
    return graph
