"""Analyse (… → project → **analyse** → reports): the questions inspectors ask, as plain functions of
the projected graph (kinds and relations as `graphbuild.projection` declares them).

- which measures have no owner (graded), and which plan tasks only have supporting units or no lead;
- which owners carry the most duties, by role; which units only ever support;
- which area covered which sector and which sectors an area left out; which sectors tie areas together;
- which tasks are due or overdue, by area and owner; which targets each area set, by indicator.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import networkx as nx

from .namespace import OWNERKIND
from .projection import DIRECTIVE_KINDS, ROLES, Kind, Relation

__all__ = [
    "measures_without_owner",
    "owner_load",
    "support_only_owners",
    "coverage",
    "coverage_gaps",
    "left_out",
    "principles_by_area",
    "bridging_sectors",
    "deadlines",
    "targets",
    "GRADES",
    "DIFFUSE_KIND",
]

DIFFUSE_KIND = str(OWNERKIND["all-levels"])
# Gaps of a measure, worst first: nobody; only a diffuse collective; only owners a rule inferred;
# (plan tasks) only supporting units; several units and none of them leads.
GRADES = ("no owner", "diffuse owner only", "inferred owner only", "support only", "no lead")
# A unit that supports tasks and never leads or carries one (a row of the gaps report of its own).
SUPPORT_ONLY = "unit only supports"


def _nodes(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    return sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == kind)


def _directives(graph: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, d in graph.nodes(data=True) if d.get("kind") in DIRECTIVE_KINDS)


def _responsibilities(graph: nx.MultiDiGraph, measure: str) -> list[tuple[str, dict]]:
    return [(s, d) for s, _, d in graph.in_edges(measure, data=True) if d["relation"] == Relation.RESPONSIBLE_FOR]


def _stronger(first: str | None, second: str | None) -> str | None:
    """The stronger task role of two (lead > responsible > support): an owner named twice for a task
    is graded by its strongest role, whatever the order of its assignments."""
    ranked = [r for r in (first, second) if r in ROLES]
    return min(ranked, key=ROLES.index) if ranked else None


def _grade(specific: dict[str, str | None], explicit: set[str], inferred: set[str]) -> str | None:
    """The gap grade of a measure from its specific explicit owners (→ role), or None when it has none."""
    if not specific:
        return "diffuse owner only" if explicit else ("inferred owner only" if inferred else "no owner")
    roles = list(specific.values())
    if all(r == "support" for r in roles):
        return "support only"
    if len(roles) > 1 and any(roles) and "lead" not in roles:
        return "no lead"
    return None


def measures_without_owner(graph: nx.MultiDiGraph) -> list[dict]:
    """Measures with no specific explicit owner, graded, and plan tasks whose owners leave a gap.

    `no owner`: nobody, even by principle; `diffuse owner only`: only a collective such as
    全区各级各部门; `inferred owner only`: owners reached through the principle rules alone;
    `support only`: every specific owner only supports (配合); `no lead`: several specific owners,
    the text gives roles, and none leads (nobody coordinates).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("m", kind="measure", label="加强扬尘管控")
    >>> g.add_node("u", kind="collective", label="区城管局")
    >>> _ = g.add_edge("u", "m", relation="responsible_for", explicit=True, role="support")
    >>> [r["grade"] for r in measures_without_owner(g)]
    ['support only']
    """
    diffuse = {n for n, d in graph.nodes(data=True) if d.get("owner_kind") == DIFFUSE_KIND}
    rows = []
    for measure in _nodes(graph, Kind.MEASURE):
        edges = _responsibilities(graph, measure)
        explicit = {s for s, d in edges if d["explicit"]}
        specific: dict[str, str | None] = {}
        for source, data in edges:
            if data["explicit"] and source not in diffuse:
                specific[source] = _stronger(specific.get(source), data.get("role"))
        inferred = {s for s, d in edges if not d["explicit"]}
        grade = _grade(specific, explicit, inferred)
        if grade is None:
            continue
        data = graph.nodes[measure]
        rows.append(
            {
                "grade": grade,
                "measure": data.get("text", data["label"]),
                "area": data.get("area"),
                "date": data.get("date"),
                "owners": sorted(f"{graph.nodes[s]['label']}({r or '—'})" for s, r in specific.items()),
                "sectors": data.get("sectors", []),
                "inferred_owners": len(inferred),
                "source": f"{data.get('document')}[{data.get('start')}:{data.get('end')}]",
                "sentence": data.get("sentence"),
                "iri": measure,
            }
        )
    rows.sort(key=lambda r: (GRADES.index(r["grade"]), r["area"] or "", r["iri"]))
    return rows


def _carried(graph: nx.MultiDiGraph) -> dict[str, dict[str, dict]]:
    """Owner → measure → {"explicit": bool, "roles": set of roles}; a person carries the posts they hold."""
    carried: dict[str, dict[str, dict]] = defaultdict(dict)
    for source, target, data in graph.edges(data=True):
        if data["relation"] == Relation.RESPONSIBLE_FOR:
            entry = carried[source].setdefault(target, {"explicit": False, "roles": set()})
            entry["explicit"] = entry["explicit"] or data["explicit"]
            if data.get("role"):
                entry["roles"].add(data["role"])
    for person in _nodes(graph, Kind.PERSON):
        for _, post, data in graph.out_edges(person, data=True):
            if data["relation"] == Relation.HOLDS:
                for measure, held in carried.get(post, {}).items():
                    entry = carried[person].setdefault(measure, {"explicit": False, "roles": set()})
                    entry["explicit"] = entry["explicit"] or held["explicit"]
                    entry["roles"] |= held["roles"]
    return carried


def _within(graph: nx.MultiDiGraph, measure: str, area: str | None, sector: str | None) -> bool:
    """Whether a measure is of the area named `area` and in the top-level sector `sector` (None: any)."""
    data = graph.nodes[measure]
    if area is not None and data.get("area") != area:
        return False
    return sector is None or sector in {_top(s) for s in data.get("sectors", [])}


def owner_load(graph: nx.MultiDiGraph, area: str | None = None, sector: str | None = None) -> list[dict]:
    """Owners ranked by the measures they carry, split by origin and (plan tasks) by role; a person
    carries the duties of the posts they hold.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("m", kind="measure", label="m", sectors=["DUST"], area="某区")
    >>> g.add_node("u", kind="collective", label="区住建局")
    >>> _ = g.add_edge("u", "m", relation="responsible_for", explicit=True, role="lead")
    >>> row = owner_load(g)[0]
    >>> (row["measures"], row["lead"], row["support"])
    (1, 1, 0)
    """
    rows = []
    for owner, carried in _carried(graph).items():
        measures = {m: e for m, e in carried.items() if _within(graph, m, area, sector)}
        if not measures:
            continue
        sectors = {s for m in measures for s in graph.nodes[m].get("sectors", [])}
        areas = {graph.nodes[m].get("area") for m in measures}
        explicit = sum(entry["explicit"] for entry in measures.values())
        rows.append(
            {
                "owner": graph.nodes[owner]["label"],
                "kind": graph.nodes[owner]["kind"],
                "measures": len(measures),
                "explicit": explicit,
                "inferred": len(measures) - explicit,
                **{role: sum(role in entry["roles"] for entry in measures.values()) for role in ROLES},
                "sectors": len({_top(s) for s in sectors}),
                "areas": len(areas),
                "iri": owner,
            }
        )
    rows.sort(key=lambda r: (-r["measures"], r["iri"]))
    return rows


def support_only_owners(graph: nx.MultiDiGraph) -> list[dict]:
    """Units named for tasks only ever in a supporting role (配合), never leading or carrying one.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("m", kind="measure", label="m", area="某区")
    >>> g.add_node("u", kind="collective", label="区城管局")
    >>> _ = g.add_edge("u", "m", relation="responsible_for", explicit=True, role="support")
    >>> [r["owner"] for r in support_only_owners(g)]
    ['区城管局']
    """
    rows = []
    for owner, measures in _carried(graph).items():
        if graph.nodes[owner]["kind"] == Kind.PERSON:
            continue
        named = {m: e for m, e in measures.items() if e["explicit"]}
        if named and all(e["roles"] == {"support"} for e in named.values()):
            rows.append(
                {
                    "owner": graph.nodes[owner]["label"],
                    "kind": graph.nodes[owner]["kind"],
                    "tasks": len(named),
                    "areas": sorted({graph.nodes[m].get("area") or "" for m in named}),
                    "iri": owner,
                }
            )
    rows.sort(key=lambda r: (-r["tasks"], r["iri"]))
    return rows


def _top(notation: str) -> str:
    return notation.split(".")[0]


def coverage(graph: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Area name → top-level sector notation → number of measures its meetings and plans set."""
    table: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for measure in _nodes(graph, Kind.MEASURE):
        data = graph.nodes[measure]
        for notation in {_top(s) for s in data.get("sectors", [])}:
            table[data["area"]][notation] += 1
    for area in _directive_areas(graph):
        table.setdefault(graph.nodes[area]["label"], defaultdict(int))
    return {area: dict(sorted(counts.items())) for area, counts in sorted(table.items())}


def _directive_areas(graph: nx.MultiDiGraph) -> list[str]:
    edges = (e for m in _directives(graph) for e in graph.out_edges(m, data=True))
    return sorted({t for _, t, d in edges if d["relation"] == Relation.IN_AREA})


def _parent(graph: nx.MultiDiGraph, area: str) -> str | None:
    return next((t for _, t, d in graph.out_edges(area, data=True) if d["relation"] == Relation.WITHIN), None)


def coverage_gaps(graph: nx.MultiDiGraph) -> list[dict]:
    """Sectors an area's meetings and plans left out that its parent area or a sibling area covered."""
    areas = [
        (a, graph.nodes[a]["label"], p, graph.nodes[p]["label"] if p is not None else None)
        for a in _directive_areas(graph)
        for p in [_parent(graph, a)]
    ]
    return left_out(coverage(graph), areas)


def left_out(table: dict[str, dict[str, int]], areas: list[tuple[str, str, str | None, str | None]]) -> list[dict]:
    """The coverage gaps of a coverage table (area name → sector → measures) among the areas of
    directives, each (IRI, name, parent IRI or None, parent's name or None), in IRI order."""
    rows = []
    names = {a: n for a, n, _, _ in areas}
    children: dict[str, list[str]] = defaultdict(list)
    for area, _, parent, _ in areas:
        if parent is not None:
            children[parent].append(area)
    for area, name, parent, parent_name in areas:
        siblings = [a for a in children.get(parent, ()) if a != area] if parent is not None else []
        others = {names[a] for a in siblings} | ({parent_name} if parent_name in table else set())
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
    """Area name → the principles its meetings and plans cited."""
    cited: dict[str, set[str]] = defaultdict(set)
    for directive in _directives(graph):
        edges = graph.out_edges(directive, data=True)
        area = next((t for _, t, d in edges if d["relation"] == Relation.IN_AREA), None)
        for _, principle, data in graph.out_edges(directive, data=True):
            if data["relation"] == Relation.CITES and area is not None:
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


def deadlines(graph: nx.MultiDiGraph, as_of: date | None = None) -> list[dict]:
    """Tasks with a deadline, one row per task and explicit owner (with its role), by area and owner.

    Without `as_of`, every task with a deadline (open-ended ones too, status `open`); with it, the
    tasks whose last day is on or before `as_of`: `due` on that day, `overdue` before it.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("m", kind="measure", label="m", area="某区", deadline="10月底前", due="2019-10-31")
    >>> [(r["status"], r["owner"]) for r in deadlines(g, date(2019, 11, 1))]
    [('overdue', None)]
    """
    tasks = []
    for measure in _nodes(graph, Kind.MEASURE):
        data = graph.nodes[measure]
        if not data.get("deadline"):
            continue
        owners: dict[str, tuple[str, str | None]] = {}
        for source, edge in _responsibilities(graph, measure):
            if edge["explicit"]:
                role = owners.get(source, (None, None))[1]
                owners[source] = (graph.nodes[source]["label"], _stronger(role, edge.get("role")))
        tasks.append((measure, data, owners))
    return deadline_rows(tasks, as_of)


def deadline_rows(tasks, as_of: date | None = None) -> list[dict]:
    """The deadline report's rows from its tasks: (measure IRI, its attributes as the projection holds
    them, its explicit owners: IRI -> (name, strongest role)). Shared by the projected graph's report
    and `report deadlines --area NAME`, which reads one area's tasks from the store."""
    rows = []
    for measure, data, owners in tasks:
        due = date.fromisoformat(data["due"]) if data.get("due") else None
        if as_of is not None and (due is None or due > as_of):
            continue
        status = "open" if due is None else ("dated" if as_of is None else ("due" if due == as_of else "overdue"))
        for owner, (label, role) in sorted(owners.items()) or [(None, (None, None))]:
            rows.append(
                {
                    "area": data.get("area"),
                    "owner": label,
                    "role": role,
                    "due": data.get("due"),
                    "deadline": data["deadline"],
                    "status": status,
                    "measure": data.get("text", data.get("label")),
                    "source": f"{data.get('document')}[{data.get('start')}:{data.get('end')}]",
                    "iri": measure,
                    "owner_iri": owner,
                }
            )
    rows.sort(key=lambda r: (r["area"] or "", r["owner"] or "", r["due"] or "9999", r["iri"]))
    return rows


def targets(graph: nx.MultiDiGraph) -> list[dict]:
    """Quantified targets by area and indicator: value, unit, the date they hold by, words and source.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("t", kind="target", label="t", area="某区", indicator="PM2.5平均浓度", value=35, unit="微克/立方米")
    >>> [(r["indicator"], r["value"], r["unit"]) for r in targets(g)]
    [('PM2.5平均浓度', 35, '微克/立方米')]
    """
    return target_rows((target, graph.nodes[target]) for target in _nodes(graph, Kind.TARGET))


def target_rows(targets) -> list[dict]:
    """The target report's rows, sorted, from (target IRI, its attributes as the projection holds them):
    shared by the projected graph's report and `report targets` on a store."""
    rows = [
        {
            "area": data.get("area"),
            "indicator": data.get("indicator"),
            "value": data.get("value"),
            "unit": data.get("unit"),
            "by": data.get("by"),
            "target": data.get("text", data.get("label")),
            "source": f"{data.get('document')}[{data.get('start')}:{data.get('end')}]",
            "iri": target,
        }
        for target, data in targets
    ]
    rows.sort(key=lambda r: (r["area"] or "", r["indicator"] or "", r["iri"]))
    return rows
