"""Report tables for the CLI: the analyses as rows with fixed columns, ready for `tables.render_rows`."""

from __future__ import annotations

import networkx as nx

from . import analyse
from .errors import GraphbuildError

__all__ = ["REPORTS", "report_rows"]

REPORTS = ("gaps", "owners", "coverage", "area")


def gaps_rows(graph: nx.MultiDiGraph) -> tuple[list[dict], list[str]]:
    return analyse.measures_without_owner(graph), [
        "grade",
        "area",
        "date",
        "measure",
        "sectors",
        "inferred_owners",
        "source",
        "sentence",
    ]


def owners_rows(graph: nx.MultiDiGraph) -> tuple[list[dict], list[str]]:
    return analyse.owner_load(graph), ["owner", "kind", "measures", "explicit", "inferred", "sectors", "areas"]


def coverage_rows(graph: nx.MultiDiGraph) -> tuple[list[dict], list[str]]:
    """One row per area: measures per top-level sector, the sectors others covered, principles cited."""
    table = analyse.coverage(graph)
    notations = sorted({n for counts in table.values() for n in counts})
    gaps: dict[str, list[str]] = {}
    for gap in analyse.coverage_gaps(graph):
        gaps.setdefault(gap["area"], []).append(gap["sector"])
    principles = analyse.principles_by_area(graph)
    rows = [
        {
            "area": area,
            **{n: counts.get(n, 0) for n in notations},
            "left_out": gaps.get(area, []),
            "principles": principles.get(area, []),
        }
        for area, counts in table.items()
    ]
    return rows, ["area", *notations, "left_out", "principles"]


def area_rows(graph: nx.MultiDiGraph, name: str) -> tuple[list[dict], list[str]]:
    """Every measure of one area's meetings with its owners (explicit and inferred) and source."""
    rows = []
    for node, data in sorted(graph.nodes(data=True)):
        if data.get("kind") != "measure" or data.get("area") != name:
            continue
        explicit, inferred = [], []
        for source, _, edge in graph.in_edges(node, data=True):
            if edge["relation"] == "responsible_for":
                (explicit if edge["explicit"] else inferred).append(graph.nodes[source]["label"])
        rows.append(
            {
                "measure": data["text"],
                "sectors": data.get("sectors", []),
                "explicit_owners": sorted(set(explicit)),
                "inferred_owners": sorted(set(inferred)),
                "source": f"{data['document']}[{data['start']}:{data['end']}]",
                "sentence": data.get("sentence"),
            }
        )
    if not rows and name not in {d["label"] for _, d in graph.nodes(data=True) if d.get("kind") == "area"}:
        raise GraphbuildError(f"no area named {name!r} in the graph")
    return rows, ["measure", "sectors", "explicit_owners", "inferred_owners", "source", "sentence"]


def report_rows(graph: nx.MultiDiGraph, which: str, name: str | None = None) -> tuple[list[dict], list[str]]:
    if which == "area":
        if not name:
            raise GraphbuildError("report area needs an area NAME, e.g. `graphbuild report area 绵竹市`")
        return area_rows(graph, name)
    return {"gaps": gaps_rows, "owners": owners_rows, "coverage": coverage_rows}[which](graph)
