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
from .resources import template_text

__all__ = ["STYLE", "view_title", "select_subgraph", "to_network", "render_html", "write_html", "AGGREGATE_ABOVE"]

AGGREGATE_ABOVE = 2000
SEED = 7

# One style per kind: colour, shape, and the legend's words.
STYLE = {
    "area": {"color": "#4e79a7", "shape": "box", "legend": "行政区 / area"},
    "meeting": {"color": "#f28e2b", "shape": "ellipse", "legend": "会议 / meeting"},
    "person": {"color": "#59a14f", "shape": "dot", "legend": "人员 / person"},
    "post": {"color": "#8cd17d", "shape": "diamond", "legend": "职务 / post"},
    "collective": {"color": "#b6992d", "shape": "triangle", "legend": "集体主体 / collective owner"},
    "department": {"color": "#499894", "shape": "triangleDown", "legend": "部门 / department"},
    "measure": {"color": "#bab0ac", "shape": "dot", "legend": "措施 / measure"},
    "sector": {"color": "#b07aa1", "shape": "hexagon", "legend": "领域 / sector"},
    "principle": {"color": "#ff9da7", "shape": "star", "legend": "原则 / principle"},
}
UNOWNED = {"border": "#d62728", "background": "#ffffff"}
RELATIONS = {
    "responsible_for": "负责",
    "sets": "部署",
    "in_sector": "领域",
    "in_area": "区域",
    "follows_up": "贯彻",
    "chaired_by": "主持",
    "holds": "任职",
    "cites": "引用",
    "within": "隶属",
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
    measures = [n for n in keep if graph.nodes[n].get("kind") == "measure"]
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
        chosen = set(measures)
        for m in measures:
            chosen |= set(graph.predecessors(m)) | set(graph.successors(m))
        for node in list(chosen):
            if graph.nodes[node].get("kind") in ("meeting", "post", "collective", "department"):
                chosen |= {t for t in graph.successors(node) if graph.nodes[t].get("kind") in ("area", "person")}
            if graph.nodes[node].get("kind") == "post":
                chosen |= {s for s in graph.predecessors(node) if graph.nodes[s].get("kind") == "person"}
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
    return any(d["relation"] == "responsible_for" for _, _, d in graph.in_edges(measure, data=True))


def _tooltip(graph: nx.MultiDiGraph, node: str, data: dict) -> str:
    if data.get("kind") != "measure":
        return "\n".join(x for x in (data.get("label"), data.get("label_en"), node) if x)
    owners = sorted(
        {
            f"{graph.nodes[s]['label']}（{d.get('rtype')}{'' if d.get('explicit') else '，推理'}）"
            for s, _, d in graph.in_edges(node, data=True)
            if d["relation"] == "responsible_for"
        }
    )
    return "\n".join(
        [
            f"措施 measure: {data.get('text', data.get('label'))}",
            f"领域 sector: {' '.join(data.get('sectors', []))}",
            f"责任主体 owners: {'、'.join(owners) if owners else '无 — none'}",
            f"区域 area: {data.get('area')}  日期 date: {data.get('date') or ''}",
            f"来源 source: {data.get('document')} [{data.get('start')}, {data.get('end')})",
            f"原句 sentence: {data.get('sentence', '')}",
        ]
    )


def _aggregate(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Areas → sectors with measure counts: the default view of a graph too large to draw whole."""
    from .analyse import coverage

    small = nx.MultiDiGraph()
    for area, counts in coverage(graph).items():
        small.add_node(f"area:{area}", kind="area", label=area)
        for notation, count in counts.items():
            small.add_node(f"sector:{notation}", kind="sector", label=notation)
            small.add_edge(f"area:{area}", f"sector:{notation}", relation="in_sector", count=count)
    return small


def to_network(graph: nx.MultiDiGraph):
    """A pyvis Network of the graph, styled by kind; nodes and edges filled directly (fast)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for node, data in sorted(graph.nodes(data=True)):
        kind = data.get("kind", "measure")
        style = STYLE.get(kind, STYLE["measure"])
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
        if kind == "measure" and not _owned(graph, node):
            entry.update(color=UNOWNED, borderWidth=3, unowned=True)
        net.nodes.append(entry)
    for index, (source, target, data) in enumerate(
        sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2])))
    ):
        label = RELATIONS.get(data["relation"], data["relation"])
        if data["relation"] == "responsible_for":
            label = f"{data.get('rtype')}{'' if data.get('explicit') else '(推理)'}"
        if "count" in data:
            label = str(data["count"])
        net.edges.append(
            {
                "id": f"e{index}",
                "from": source,
                "to": target,
                "label": label,
                "relation": data["relation"],
                "dashes": data.get("explicit") is False,
                "arrows": "to",
            }
        )
    net.set_options(json.dumps(_options()))
    return net


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
