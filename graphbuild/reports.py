"""Report tables for the CLI: the analyses as rows with fixed columns, ready for `tables.render_rows`."""

from __future__ import annotations

from datetime import date

import networkx as nx

from . import analyse
from .errors import GraphbuildError
from .projection import ROLES, Kind, Relation

__all__ = ["REPORTS", "report_rows", "gap_summary", "extraction_text", "sector_labels"]

REPORTS = ("gaps", "owners", "coverage", "area", "deadlines", "targets")


def gap_summary(rows: list[dict]) -> tuple[int, int]:
    """Of the gap report's rows: how many measures lack a specific explicit owner, and how many have none at all."""
    return len(rows), sum(1 for r in rows if r["grade"] == "no owner")


def sector_labels(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Sector notation (the last segment of its IRI) → its Chinese label."""
    return {
        node.rsplit("/", 1)[-1]: data["label"] for node, data in graph.nodes(data=True) if data.get("kind") == "sector"
    }


def extraction_text(records) -> str:
    """The `extract` command's view for people: each meeting's or plan's header lines and a table of its
    measures or tasks (with owners' roles and deadlines) and targets."""
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
        for plan in record.plans:
            head = [plan.kind, plan.title, plan.identifier, plan.date, plan.organizer, plan.area.name]
            code = plan.area.adcode or "no code"
            parts.append(f"\n{record.source} · " + " · ".join(part or "—" for part in head) + f" ({code})")
            rows = [
                {
                    "span": f"{m.span[0]}-{m.span[1]}",
                    "task": m.text,
                    "sectors": m.sectors,
                    "owners": [f"{o.name} ({o.role})" if o.role else o.name for o in m.owners],
                    "deadline": m.deadline.text if m.deadline else "",
                }
                for m in plan.measures
            ]
            parts.append(render_rows(rows, ["span", "task", "sectors", "owners", "deadline"]))
            targets = [
                {"target": t.text, "indicator": t.indicator or "", "value": t.value, "unit": t.unit or "", "by": t.by}
                for t in plan.targets
            ]
            if targets:
                parts.append(render_rows(targets, ["target", "indicator", "value", "unit", "by"]))
        parts.append(f"\ndropped clauses: {dict(sorted(record.dropped.items()))}")
    return "\n".join(parts)


def gaps_rows(graph: nx.MultiDiGraph) -> tuple[list[dict], list[str]]:
    """Measures without a specific owner and plan tasks with a role gap (graded), then the units that
    only ever support (grade `unit only supports`, the unit under `owners`, its task count as `measure`)."""
    rows = analyse.measures_without_owner(graph)
    for unit in analyse.support_only_owners(graph):
        rows.append(
            {
                "grade": analyse.SUPPORT_ONLY,
                "area": "、".join(unit["areas"]),
                "date": None,
                "measure": f"supports {unit['tasks']} task(s), leads none",
                "owners": [unit["owner"]],
                "sectors": [],
                "inferred_owners": 0,
                "source": None,
                "sentence": None,
                "iri": unit["iri"],
            }
        )
    columns = ["grade", "area", "date", "measure", "owners", "sectors", "inferred_owners", "source", "sentence"]
    return rows, columns


def owners_rows(graph: nx.MultiDiGraph) -> tuple[list[dict], list[str]]:
    """Owner load, split by origin (explicit, inferred) and by the role plans give (lead, responsible, support)."""
    columns = ["owner", "kind", "measures", "explicit", "inferred", *ROLES, "sectors", "areas"]
    return analyse.owner_load(graph), columns


def deadlines_rows(graph: nx.MultiDiGraph, as_of: date | None = None) -> tuple[list[dict], list[str]]:
    return analyse.deadlines(graph, as_of), ["area", "owner", "role", "due", "deadline", "status", "measure", "source"]


def targets_rows(graph: nx.MultiDiGraph) -> tuple[list[dict], list[str]]:
    return analyse.targets(graph), ["area", "indicator", "value", "unit", "by", "target", "source"]


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
        if data.get("kind") != Kind.MEASURE or data.get("area") != name:
            continue
        explicit, inferred = [], []
        for source, _, edge in graph.in_edges(node, data=True):
            if edge["relation"] == Relation.RESPONSIBLE_FOR:
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
    if not rows and name not in {d["label"] for _, d in graph.nodes(data=True) if d.get("kind") == Kind.AREA}:
        raise GraphbuildError(f"no area named {name!r} in the graph")
    return rows, ["measure", "sectors", "explicit_owners", "inferred_owners", "source", "sentence"]


def report_rows(
    graph: nx.MultiDiGraph, which: str, name: str | None = None, as_of: date | None = None
) -> tuple[list[dict], list[str]]:
    """The rows and columns of a report; `as_of` only for `deadlines` (tasks due or overdue that day)."""
    if which == "area":
        if not name:
            raise GraphbuildError("report area needs an area NAME, e.g. `graphbuild report area 绵竹市`")
        return area_rows(graph, name)
    if which == "deadlines":
        return deadlines_rows(graph, as_of)
    return {"gaps": gaps_rows, "owners": owners_rows, "coverage": coverage_rows, "targets": targets_rows}[which](graph)
