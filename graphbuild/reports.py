"""Report tables for the CLI: the analyses as rows with fixed columns, ready for `tables.render_rows`."""

from __future__ import annotations

import networkx as nx

from . import analyse
from .errors import GraphbuildError

__all__ = ["REPORTS", "report_rows", "gap_summary", "extraction_text", "sector_labels"]

REPORTS = ("gaps", "owners", "coverage", "area")


def gap_summary(rows: list[dict]) -> tuple[int, int]:
    """Of the gap report's rows: how many measures lack a specific explicit owner, and how many have none at all."""
    return len(rows), sum(1 for r in rows if r["grade"] == "no owner")


def sector_labels(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Sector notation (the last segment of its IRI) → its Chinese label."""
    return {
        node.rsplit("/", 1)[-1]: data["label"] for node, data in graph.nodes(data=True) if data.get("kind") == "sector"
    }


def extraction_text(records) -> str:
    """The `extract` command's view for people: each directive's header lines and a table of its measures."""
    from .tables import render_rows

    parts: list[str] = []
    for record in records:
        for meeting in record.meetings:
            chair = f"{meeting.chair.name} ({'、'.join(meeting.chair.posts)})" if meeting.chair else "—"
            parts.append(
                f"\n{record.source} · {meeting.date} · {meeting.organizer} · {meeting.area.name} "
                f"({meeting.area.adcode or 'no code'}) · {meeting.kind}\n  chair: {chair}"
                f"\n  principles: {'、'.join(p.label for p in meeting.principles) or '—'}"
            )
            rows = [
                {
                    "span": f"{m.span[0]}-{m.span[1]}",
                    "measure": m.text,
                    "sectors": m.sectors,
                    "owners": [o.name for o in m.owners],
                }
                for m in meeting.measures
            ]
            parts.append(render_rows(rows, ["span", "measure", "sectors", "owners"]))
        parts.append(f"\ndropped clauses: {dict(sorted(record.dropped.items()))}")
    return "\n".join(parts)


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
    labels = sector_labels(graph)
    columns = {n: f"{n} {labels[n]}" if n in labels else n for n in notations}
    rows = [
        {
            "area": area,
            **{columns[n]: counts.get(n, 0) for n in notations},
            "left_out": gaps.get(area, []),
            "principles": principles.get(area, []),
        }
        for area, counts in table.items()
    ]
    return rows, ["area", *columns.values(), "left_out", "principles"]


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
