"""Stage 7, render: a self-contained, offline HTML page of the responsibility graph.

pyvis holds the network (nodes, edges, options); the page is our own template around the
vis-network build that pyvis ships, inlined, because pyvis 0.3.2 links CDNs even in its
"in_line" mode and writes in the locale encoding. Tooltips are plain text (vis-network 9 shows
string titles as text) and the embedded data escapes `<`, `>` and `&`, so document text can
never become markup or script.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

import networkx as nx

from .graphio import atomic_write_bytes
from .projection import DIRECTIVE_KINDS, OWNER_KINDS, Kind, Relation
from .resources import template_text

__all__ = ["STYLE", "view_title", "select_subgraph", "to_network", "render_html", "write_html", "AGGREGATE_ABOVE"]

AGGREGATE_ABOVE = 2000
SEED = 7

# One style per kind: colour, shape, and the legend's words.
STYLE = {
    Kind.AREA: {"color": "#4e79a7", "shape": "box", "legend": "行政区 / area"},
    Kind.MEETING: {"color": "#f28e2b", "shape": "ellipse", "legend": "会议 / meeting"},
    Kind.PLAN: {"color": "#e15759", "shape": "box", "legend": "工作方案 / plan"},
    Kind.PERSON: {"color": "#59a14f", "shape": "dot", "legend": "人员 / person"},
    Kind.POST: {"color": "#8cd17d", "shape": "diamond", "legend": "职务 / post"},
    Kind.COLLECTIVE: {"color": "#b6992d", "shape": "triangle", "legend": "集体主体 / collective owner"},
    Kind.DEPARTMENT: {"color": "#499894", "shape": "triangleDown", "legend": "部门 / department"},
    Kind.MEASURE: {"color": "#bab0ac", "shape": "dot", "legend": "措施 / measure"},
    Kind.TARGET: {"color": "#76b7b2", "shape": "square", "legend": "量化目标 / target"},
    Kind.SECTOR: {"color": "#b07aa1", "shape": "hexagon", "legend": "领域 / sector"},
    Kind.PRINCIPLE: {"color": "#ff9da7", "shape": "star", "legend": "原则 / principle"},
}
UNOWNED = {"border": "#d62728", "background": "#ffffff"}
RELATIONS = {
    Relation.RESPONSIBLE_FOR: "负责",
    Relation.SETS: "部署",
    Relation.SETS_TARGET: "目标",
    Relation.IN_SECTOR: "领域",
    Relation.IN_AREA: "区域",
    Relation.FOLLOWS_UP: "贯彻",
    Relation.CHAIRED_BY: "主持",
    Relation.HOLDS: "任职",
    Relation.CITES: "引用",
    Relation.WITHIN: "隶属",
}
# How a responsibility edge shows the task role a plan gives its owner: the lead solid and thick,
# a supporting unit dotted (an inferred duty is dashed); the words in its label.
ROLE_STYLE = {
    "lead": {"width": 4, "dashes": False, "label": "牵头"},
    "responsible": {"width": 2, "dashes": False, "label": "负责"},
    "support": {"width": 1, "dashes": [2, 5], "label": "配合"},
}


def select_subgraph(
    graph: nx.MultiDiGraph, area: str | None = None, sector: str | None = None, focus: str | None = None, depth: int = 1
) -> nx.MultiDiGraph:
    """The part of the graph a user asked for: one area, one sector, or the neighbourhood of a node."""
    keep = set(graph)
    if focus is not None:
        if focus not in graph:
            from .errors import GraphbuildError

            raise GraphbuildError(f"--focus {focus}: no such node in the graph")
        keep = set(nx.ego_graph(graph.to_undirected(as_view=True), focus, radius=depth))
    measures = [n for n in keep if graph.nodes[n].get("kind") == Kind.MEASURE]
    _known(graph, area, sector)
    if area is not None:
        measures = [m for m in measures if graph.nodes[m].get("area") == area]
    if sector is not None:
        measures = [
            m
            for m in measures
            if any(s.split(".")[0] == sector or s == sector for s in graph.nodes[m].get("sectors", []))
        ]
    if area is not None or sector is not None:
        # An area's targets belong to its view (a sector's do not: targets have no sector).
        targets = [n for n in keep if graph.nodes[n].get("kind") == Kind.TARGET and sector is None]
        measures += [t for t in targets if graph.nodes[t].get("area") == area]
        chosen = set(measures)
        for m in measures:
            chosen |= set(graph.predecessors(m)) | set(graph.successors(m))
        for node in list(chosen):
            if graph.nodes[node].get("kind") in DIRECTIVE_KINDS | OWNER_KINDS:
                chosen |= {t for t in graph.successors(node) if graph.nodes[t].get("kind") in (Kind.AREA, Kind.PERSON)}
            if graph.nodes[node].get("kind") == Kind.POST:
                chosen |= {s for s in graph.predecessors(node) if graph.nodes[s].get("kind") == Kind.PERSON}
        keep &= chosen
    return graph.subgraph(keep).copy()


def _known(graph: nx.MultiDiGraph, area: str | None, sector: str | None) -> None:
    """An error for an area or sector the graph does not have (as `report area` gives)."""
    from .errors import GraphbuildError

    if area is not None and area not in {d["label"] for _, d in graph.nodes(data=True) if d.get("kind") == "area"}:
        raise GraphbuildError(f"--area {area}: no area named {area!r} in the graph")
    if sector is not None:
        codes = sorted(
            {n.rsplit("/", 1)[-1].split(".")[0] for n, d in graph.nodes(data=True) if d.get("kind") == "sector"}
        )
        if sector not in codes and sector not in {n.rsplit("/", 1)[-1] for n in graph}:
            raise GraphbuildError(f"--sector {sector}: no such sector code (known: {', '.join(codes)})")


def view_title(source: str, area: str | None, sector: str | None, focus: str | None, depth: int) -> str:
    """The page title: where the graph came from and which part of it is drawn.

    >>> view_title("graph.ttl", "甲区", None, None, 1)
    'graphbuild · graph.ttl · area 甲区'
    """
    parts = ["graphbuild", source]
    if area:
        parts.append(f"area {area}")
    if sector:
        parts.append(f"sector {sector}")
    if focus:
        parts.append(f"around {focus} (depth {depth})")
    return " · ".join(parts)


def _owned(graph: nx.MultiDiGraph, measure: str) -> bool:
    return any(d["relation"] == Relation.RESPONSIBLE_FOR for _, _, d in graph.in_edges(measure, data=True))


def _owner_words(graph: nx.MultiDiGraph, source: str, edge: dict) -> str:
    """区住建局（监管责任，牵头） or 区委书记（领导责任，推理）."""
    notes = [edge.get("rtype") or ""]
    if edge.get("role") in ROLE_STYLE:
        notes.append(ROLE_STYLE[edge["role"]]["label"])
    if not edge.get("explicit"):
        notes.append("推理")
    return f"{graph.nodes[source]['label']}（{'，'.join(n for n in notes if n)}）"


def _tooltip(graph: nx.MultiDiGraph, node: str, data: dict) -> str:
    """The details panel's text (plain text: the page puts it in with textContent)."""
    if data.get("kind") == Kind.TARGET:
        return "\n".join(
            [
                f"目标 target: {data.get('text', data.get('label'))}",
                f"指标 indicator: {data.get('indicator') or '—'}",
                f"数值 value: {data.get('value')} {data.get('unit') or ''}",
                f"期限 by: {data.get('by') or '—'}  区域 area: {data.get('area')}",
                f"来源 source: {data.get('document')} [{data.get('start')}, {data.get('end')})",
            ]
        )
    if data.get("kind") != Kind.MEASURE:
        return "\n".join(x for x in (data.get("label"), data.get("label_en"), node) if x)
    owners = sorted(
        {
            _owner_words(graph, s, d)
            for s, _, d in graph.in_edges(node, data=True)
            if d["relation"] == Relation.RESPONSIBLE_FOR
        }
    )
    lines = [
        f"措施 measure: {data.get('text', data.get('label'))}",
        f"领域 sector: {' '.join(data.get('sectors', []))}",
        f"责任主体 owners: {'、'.join(owners) if owners else '无 — none'}",
        f"区域 area: {data.get('area')}  日期 date: {data.get('date') or ''}",
    ]
    if data.get("deadline"):
        lines.append(f"时限 deadline: {data['deadline']}（{data.get('due') or '无固定日期 open-ended'}）")
    lines += [
        f"来源 source: {data.get('document')} [{data.get('start')}, {data.get('end')})",
        f"原句 sentence: {data.get('sentence', '')}",
    ]
    return "\n".join(lines)


def _aggregate(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Areas → sectors with measure counts: the default view of a graph too large to draw whole."""
    from .analyse import coverage

    small = nx.MultiDiGraph()
    for area, counts in coverage(graph).items():
        small.add_node(f"area:{area}", kind=Kind.AREA, label=area)
        for notation, count in counts.items():
            small.add_node(f"sector:{notation}", kind=Kind.SECTOR, label=notation)
            small.add_edge(f"area:{area}", f"sector:{notation}", relation=Relation.IN_SECTOR, count=count)
    return small


def to_network(graph: nx.MultiDiGraph):
    """A pyvis Network of the graph, styled by kind; nodes and edges filled directly (fast)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for node, data in sorted(graph.nodes(data=True)):
        kind = data.get("kind", Kind.MEASURE)
        style = STYLE.get(kind, STYLE[Kind.MEASURE])
        label = data.get("label") or node
        entry = {
            "id": node,
            "label": label if len(label) <= 14 else label[:13] + "…",
            "kind": kind,
            "title": _tooltip(graph, node, data),
            "shape": style["shape"],
            "color": style["color"],
            "area": data.get("area"),
            "sectors": [s.split(".")[0] for s in data.get("sectors", [])],
            "fullLabel": label,
        }
        if kind == Kind.MEASURE and not _owned(graph, node):
            entry.update(color=UNOWNED, borderWidth=3, unowned=True)
        net.nodes.append(entry)
    for index, (source, target, data) in enumerate(
        sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2])))
    ):
        entry = {
            "id": f"e{index}",
            "from": source,
            "to": target,
            "label": RELATIONS.get(data["relation"], data["relation"]),
            "relation": data["relation"],
            "dashes": data.get("explicit") is False,
            "arrows": "to",
        }
        if data["relation"] == Relation.RESPONSIBLE_FOR:
            entry.update(_responsibility_style(data))
        if "count" in data:
            entry["label"] = str(data["count"])
        net.edges.append(entry)
    net.set_options(json.dumps(_options()))
    return net


def _responsibility_style(data: dict) -> dict:
    """A responsibility edge's label, width and dashes: its type, its role (lead thick, support dotted),
    and whether a rule inferred it (dashed)."""
    role = ROLE_STYLE.get(data.get("role") or "")
    label = f"{data.get('rtype')}{'·' + role['label'] if role else ''}{'' if data.get('explicit') else '(推理)'}"
    style = {"label": label, "role": data.get("role")}
    if role is not None:
        style.update(width=role["width"], dashes=role["dashes"])
    return style


def _options() -> dict:
    return {
        "layout": {"randomSeed": SEED, "improvedLayout": False},
        "edges": {
            "smooth": False,
            "font": {"size": 9, "align": "middle"},
            "color": {"inherit": False, "color": "#999"},
        },
        "nodes": {"font": {"size": 12, "face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"}},
        "physics": {
            "solver": "barnesHut",
            "stabilization": {"enabled": True, "iterations": 200, "fit": True},
            "barnesHut": {"gravitationalConstant": -14000, "springLength": 160, "damping": 0.4, "avoidOverlap": 0.4},
        },
        "interaction": {"hover": True, "tooltipDelay": 150},
    }


def _script_json(value) -> str:
    """JSON that cannot end a <script> element or start markup."""
    return (
        json.dumps(value, ensure_ascii=False, sort_keys=True)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def _asset(name: str) -> str:
    return (resources.files("pyvis") / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")


def render_html(graph: nx.MultiDiGraph, title: str = "graphbuild", note: str = "") -> str:
    """The whole page as text (UTF-8, no external resource)."""
    aggregated = graph.number_of_nodes() > AGGREGATE_ABOVE
    if aggregated:
        note = (
            f"{graph.number_of_nodes()} nodes are too many to draw: areas → sectors with measure counts are "
            f"shown. Use --area NAME, --sector CODE or --focus IRI --depth N to draw a part."
        )
        graph = _aggregate(graph)
    net = to_network(graph)
    data = {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": net.options,
        "styles": STYLE,
        "unowned": UNOWNED,
        "aggregated": aggregated,
        "note": note,
    }
    template = template_text("graph.html")
    return (
        template.replace("/*VIS_CSS*/", _asset("vis-network.css"))
        .replace("/*VIS_JS*/", _asset("vis-network.min.js"))
        .replace("/*GRAPH_DATA*/", _script_json(data))
        .replace("<!--TITLE-->", html.escape(title))
    )


def write_html(graph: nx.MultiDiGraph, path: Path, **kwargs) -> None:
    atomic_write_bytes(Path(path), render_html(graph, **kwargs).encode("utf-8"))
