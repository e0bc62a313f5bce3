"""Stage 6b, analyse: the questions inspectors ask, as plain functions of the projected graph.

- which measures have no owner (graded), - which owners carry the most duties,
- which area covered which sector and which sectors an area left out, - which sectors tie areas together.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from .namespace import OWNERKIND

__all__ = [
    "measures_without_owner",
    "owner_load",
    "coverage",
    "coverage_gaps",
    "principles_by_area",
    "bridging_sectors",
    "GRADES",
    "DIFFUSE_KIND",
]

DIFFUSE_KIND = str(OWNERKIND["all-levels"])
GRADES = ("no owner", "diffuse owner only", "inferred owner only")


def _nodes(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    return sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == kind)


def _responsibilities(graph: nx.MultiDiGraph, measure: str) -> list[tuple[str, dict]]:
    return [(s, d) for s, _, d in graph.in_edges(measure, data=True) if d["relation"] == "responsible_for"]


def measures_without_owner(graph: nx.MultiDiGraph) -> list[dict]:
    """Measures with no specific explicit owner, graded.

    `no owner`: nobody, even by principle; `diffuse owner only`: only a collective such as
    全区各级各部门; `inferred owner only`: owners reached through the principle rules alone.
    """
    diffuse = {n for n, d in graph.nodes(data=True) if d.get("owner_kind") == DIFFUSE_KIND}
    rows = []
    for measure in _nodes(graph, "measure"):
        edges = _responsibilities(graph, measure)
        explicit = {s for s, d in edges if d["explicit"]}
        specific = {s for s in explicit if s not in diffuse}
        inferred = {s for s, d in edges if not d["explicit"]}
        if specific:
            continue
        grade = "diffuse owner only" if explicit else ("inferred owner only" if inferred else "no owner")
        data = graph.nodes[measure]
        rows.append(
            {
                "grade": grade,
                "measure": data.get("text", data["label"]),
                "area": data.get("area"),
                "date": data.get("date"),
                "sectors": data.get("sectors", []),
                "inferred_owners": len(inferred),
                "source": f"{data.get('document')}[{data.get('start')}:{data.get('end')}]",
                "sentence": data.get("sentence"),
                "iri": measure,
            }
        )
    rows.sort(key=lambda r: (GRADES.index(r["grade"]), r["area"] or "", r["iri"]))
    return rows


def owner_load(graph: nx.MultiDiGraph) -> list[dict]:
    """Owners ranked by the measures they carry; a person carries the duties of the posts they hold."""
    carried: dict[str, dict[str, bool]] = defaultdict(dict)
    for source, target, data in graph.edges(data=True):
        if data["relation"] == "responsible_for":
            carried[source][target] = carried[source].get(target, False) or data["explicit"]
    for person in _nodes(graph, "person"):
        for _, post, data in graph.out_edges(person, data=True):
            if data["relation"] == "holds":
                for measure, explicit in carried.get(post, {}).items():
                    carried[person][measure] = carried[person].get(measure, False) or explicit
    rows = []
    for owner, measures in carried.items():
        sectors = {s for m in measures for s in graph.nodes[m].get("sectors", [])}
        areas = {graph.nodes[m].get("area") for m in measures}
        explicit = sum(measures.values())
        rows.append(
            {
                "owner": graph.nodes[owner]["label"],
                "kind": graph.nodes[owner]["kind"],
                "measures": len(measures),
                "explicit": explicit,
                "inferred": len(measures) - explicit,
                "sectors": len({s.split(".")[0] for s in sectors}),
                "areas": len(areas),
                "iri": owner,
            }
        )
    rows.sort(key=lambda r: (-r["measures"], r["iri"]))
    return rows


def _top(notation: str) -> str:
    return notation.split(".")[0]


def coverage(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Area name → top-level sector notation → number of measures its meetings set."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for measure in _nodes(graph, "measure"):
        data = graph.nodes[measure]
        for notation in {_top(s) for s in data.get("sectors", [])}:
            table[data["area"]][notation] += 1
    for area in _meeting_areas(graph):
        table.setdefault(graph.nodes[area]["label"], defaultdict(int))
    return {area: dict(sorted(counts.items())) for area, counts in sorted(table.items())}


def _meeting_areas(graph: nx.MultiDiGraph) -> list[str]:
    return sorted(
        {t for m in _nodes(graph, "meeting") for _, t, d in graph.out_edges(m, data=True) if d["relation"] == "in_area"}
    )


def _parent(graph: nx.MultiDiGraph, area: str) -> str | None:
    return next((t for _, t, d in graph.out_edges(area, data=True) if d["relation"] == "within"), None)


def coverage_gaps(graph: nx.MultiDiGraph) -> list[dict]:
    """Sectors an area's meetings left out that its parent area or a sibling area covered."""
    table = coverage(graph)
    areas = _meeting_areas(graph)
    rows = []
    for area in areas:
        name = graph.nodes[area]["label"]
        parent = _parent(graph, area)
        siblings = [a for a in areas if a != area and parent is not None and _parent(graph, a) == parent]
        parent_name = graph.nodes[parent]["label"] if parent is not None else None
        others = {graph.nodes[a]["label"] for a in siblings} | ({parent_name} if parent_name in table else set())
        covered_elsewhere: dict[str, list[str]] = defaultdict(list)
        for other in sorted(others):
            for notation, count in table.get(other, {}).items():
                if count:
                    covered_elsewhere[notation].append(other)
        for notation, by in sorted(covered_elsewhere.items()):
            if not table.get(name, {}).get(notation):
                rows.append({"area": name, "sector": notation, "covered_by": sorted(by), "iri": area})
    return rows


def principles_by_area(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Area name → the principles its meetings cited."""
    cited: dict[str, set[str]] = defaultdict(set)
    for meeting in _nodes(graph, "meeting"):
        area = next((t for _, t, d in graph.out_edges(meeting, data=True) if d["relation"] == "in_area"), None)
        for _, principle, data in graph.out_edges(meeting, data=True):
            if data["relation"] == "cites" and area is not None:
                cited[graph.nodes[area]["label"]].add(graph.nodes[principle]["label"])
    return {area: sorted(p) for area, p in sorted(cited.items())}


def bridging_sectors(graph: nx.MultiDiGraph) -> list[dict]:
    """Which sectors tie the most areas together? Degree centrality of sectors in the area–sector graph.

    An inspector comparing areas asks which concerns are shared (a sector every area addresses)
    and which are local; a sector's degree centrality is the share of areas that set a measure in it.
    """
    bipartite = nx.Graph()
    table = coverage(graph)
    for area, counts in table.items():
        bipartite.add_node(("area", area))
        for notation, count in counts.items():
            if count:
                bipartite.add_edge(("area", area), ("sector", notation))
    sectors = [n for n in bipartite if n[0] == "sector"]
    if not sectors:
        return []
    centrality = nx.bipartite.degree_centrality(bipartite, sectors)
    rows = [{"sector": n[1], "areas": bipartite.degree(n), "centrality": round(centrality[n], 4)} for n in sectors]
    rows.sort(key=lambda r: (-r["areas"], r["sector"]))
    return rows
