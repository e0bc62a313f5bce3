"""Report tables for the CLI: the analyses as rows with fixed columns, ready for `tables.render_rows`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import networkx as nx
from rdflib import URIRef

from . import analyse
from .errors import GraphbuildError
from .projection import ROLES, Kind, Relation

__all__ = [
    "REPORTS",
    "report_rows",
    "gap_summary",
    "extraction_text",
    "sector_labels",
    "Bounds",
    "gap_rows_streamed",
    "in_table_order",
    "owner_rows_from_analytics",
    "coverage_rows_from_analytics",
    "bounded_rows_from_projection",
    "gap_row_within",
]

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


TARGET_COLUMNS = ["area", "indicator", "value", "unit", "by", "target", "source"]


DEADLINE_COLUMNS = ["area", "owner", "role", "due", "deadline", "status", "measure", "source"]


def deadlines_rows(graph: nx.MultiDiGraph, as_of: date | None = None) -> tuple[list[dict], list[str]]:
    return analyse.deadlines(graph, as_of), DEADLINE_COLUMNS


def deadlines_rows_in_area(store, name: str, as_of: date | None = None) -> tuple[list[dict], list[str]]:
    """`report deadlines --area NAME`: one area's tasks with a deadline, read with the name bound in
    three queries (tasks, last days, owners) instead of projecting the whole graph; the same rows as
    the projected graph's report filtered to the area."""
    rows = _deadline_rows_named(store, name, as_of)
    if not rows:
        _require_area(store, name)
    return rows, DEADLINE_COLUMNS


def deadline_rows_streamed(store, as_of: date | None = None):
    """The whole deadline report from a store with analytics, area name by area name in the order
    the table sorts them (each name's three queries bound to it): the first row comes at once, where
    projecting a province's graph took minutes. The same rows, in the same order, as the projected
    graph's report; areas that share a name are read together, as `--area NAME` reads them."""
    seen: set[str] = set()
    for area in _areas_by_page(store):  # by (name, IRI), as analytics.py ranks them: one name's areas adjoin
        if area["name"] not in seen:
            seen.add(area["name"])
            yield from _deadline_rows_named(store, area["name"], as_of)


def _deadline_rows_named(store, name: str, as_of: date | None) -> list[dict]:
    """The deadline rows of the areas named `name` (empty when none has a task with a deadline)."""
    label = _zh(name)
    dues = {str(row["measure"]): str(row["due"]) for row in _select(store, "area-deadline-dues", areaName=label)}
    owners: dict[str, dict[str, tuple[str, str | None]]] = {}
    for row in _select(store, "area-deadline-owners", areaName=label):
        _hold(owners.setdefault(str(row["measure"]), {}), str(row["owner"]), str(row["ownerLabel"]), row["role"])
    tasks = {}
    for row in _select(store, "area-deadlines", areaName=label):
        measure = str(row["measure"])
        data = {
            "area": name,
            "deadline": str(row["deadline"]),
            "due": dues.get(measure),
            "text": str(row["text"]),
            "document": str(row["document"]),
            "start": int(row["start"]),
            "end": int(row["end"]),
        }
        tasks[measure] = (measure, data, owners.get(measure, {}))
    return analyse.deadline_rows(tasks.values(), as_of)


def targets_rows(graph: nx.MultiDiGraph) -> tuple[list[dict], list[str]]:
    return analyse.targets(graph), TARGET_COLUMNS


def targets_rows_from_store(store) -> tuple[list[dict], list[str]]:
    """`report targets` read with one query (targets) instead of projecting the whole graph: the same
    rows as `targets_rows` on the projected graph."""
    from .projection import target_attributes

    targets = {str(row["target"]): target_attributes(row) for row in _select(store, "targets")}
    return analyse.target_rows(targets.items()), TARGET_COLUMNS


def coverage_rows(graph: nx.MultiDiGraph) -> tuple[list[dict], list[str]]:
    """One row per area: measures per top-level sector, the sectors others covered, principles cited."""
    table = analyse.coverage(graph)
    notations = sorted({n for counts in table.values() for n in counts})
    gaps = _left_out_by_area(analyse.coverage_gaps(graph))
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


def _left_out_by_area(gaps) -> dict[str, list[str]]:
    """Area name → the sectors it left out (sorted, once each: areas of one name are one row)."""
    found: dict[str, set[str]] = {}
    for gap in gaps:
        found.setdefault(gap["area"], set()).add(gap["sector"])
    return {area: sorted(sectors) for area, sectors in found.items()}


AREA_COLUMNS = ["measure", "sectors", "explicit_owners", "inferred_owners", "source", "sentence"]


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
    return rows, AREA_COLUMNS


def area_rows_from_store(store, name: str | None) -> tuple[list[dict], list[str]]:
    """`report area NAME` with the name bound in the queries: the area's measures (area-measures) and
    their owners (area-owners), read without projecting the whole graph (at 10,000 documents the
    projection took over a minute); the same rows as `area_rows` on the projected graph."""
    if not name:
        raise GraphbuildError("report area needs an area NAME, e.g. `graphbuild report area 绵竹市`")
    label = _zh(name)
    owners: dict[str, tuple[set[str], set[str]]] = {}
    for row in _select(store, "area-owners", areaName=label):
        explicit, inferred = owners.setdefault(str(row["measure"]), (set(), set()))
        (explicit if row["explicit"].toPython() else inferred).add(str(row["label"]))
    found: dict[str, dict] = {}
    for row in _select(store, "area-measures", areaName=label):
        measure = str(row["measure"])
        explicit, inferred = owners.get(measure, (set(), set()))
        found[measure] = {
            "measure": str(row["text"]),
            "sectors": sorted(str(row["sectors"]).split()),
            "explicit_owners": sorted(explicit),
            "inferred_owners": sorted(inferred),
            "source": f"{row['document']}[{row['start']}:{row['end']}]",
            "sentence": str(row["sentence"]),
        }
    if not found:
        _require_area(store, name)
    return [found[m] for m in sorted(found)], AREA_COLUMNS


ALL = tuple(r for r in REPORTS if r != "area")  # `report all`, in this order


def all_rows(graph: nx.MultiDiGraph, as_of: date | None = None) -> list[tuple[str, list[dict], list[str]]]:
    """`report all` from the projected graph: each report's name, rows and columns."""
    return [(which, *report_rows(graph, which, None, as_of)) for which in ALL]


def all_rows_from_analytics(store, as_of: date | None = None) -> list[tuple[str, list[dict], list[str]]]:
    """`report all` from a store with analytics, each report read as its own command reads it, bound
    by area where it can be: the same rows as `all_rows` on the projected graph, without projecting
    the whole graph into NetworkX."""
    reports = {
        "gaps": lambda: (in_table_order(gap_rows_streamed(store)), GAP_COLUMNS),
        "owners": lambda: (owner_rows_from_analytics(store), OWNER_COLUMNS),
        "coverage": lambda: coverage_rows_from_analytics(store),
        "deadlines": lambda: (list(deadline_rows_streamed(store, as_of)), DEADLINE_COLUMNS),
        "targets": lambda: targets_rows_from_store(store),
    }
    return [(which, *reports[which]()) for which in ALL]


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


# --- bound reports: the analytics a build computed, parameters bound in the queries -------------


@dataclass(frozen=True)
class Bounds:
    """Where a user asks: an area's name, a top-level sector's code, an owner's name (None: all)."""

    area: str | None = None
    sector: str | None = None
    owner: str | None = None


GAP_COLUMNS = ["grade", "area", "date", "measure", "owners", "sectors", "inferred_owners", "source", "sentence"]
OWNER_COLUMNS = ["owner", "kind", "measures", "explicit", "inferred", *ROLES, "sectors", "areas"]


def _select(store, name: str, **bindings) -> list[dict]:
    from .queries import named_query

    return store.select(named_query(name).text, {k: v for k, v in bindings.items() if v is not None}).rows


def _zh(text: str | None):
    from rdflib import Literal

    return None if text is None else Literal(text, lang="zh")


def _sector(store, code: str | None):
    """The top-level sector concept of a code, or an error naming the code."""
    if code is None:
        return None
    from .namespace import SECTOR
    from .queries import named_query

    concept = SECTOR[code]
    if not store.run(named_query("sector-exists").text, {"sector": concept}):
        raise GraphbuildError(f"no top-level sector {code!r} in the graph (e.g. IND, MOB, DUST)")
    return concept


def _py(term):
    return None if term is None else (term.toPython() if hasattr(term, "toPython") else str(term))


def _areas(store, area: str | None, principles: bool = False) -> list[dict]:
    """The analytics' areas (one row per area), bound to one name when given; an unknown name is an
    error. With `principles`, each area's cited principles (a second query)."""
    found: dict[str, dict] = {}
    for row in _select(store, "analytics-areas", areaName=_zh(area)):
        found.setdefault(
            str(row["area"]),
            {"iri": str(row["area"]), "name": str(row["areaName"]), "parent": _py(row["parent"]), "principles": set()},
        )
    if area is not None and not found:
        raise GraphbuildError(f"no area named {area!r} in the graph")
    if principles:
        for row in _select(store, "area-principles", areaName=_zh(area)):
            if str(row["area"]) in found:
                found[str(row["area"])]["principles"].add(str(row["principleLabel"]))
    return sorted(found.values(), key=lambda a: (a["name"], a["iri"]))


def _top(notation: str) -> str:
    return notation.split(".")[0]


def _gap_rows_of_area(store, area: dict, sector, measures: set[str] | None) -> list[dict]:
    """One area's measures with a gap, graded and sorted as the gap report sorts them."""
    from .analytics import STATUS_OF

    owners: dict[str, dict[str, tuple[str, str | None]]] = {}
    for row in _select(store, "gap-owners", area=URIRef(area["iri"])):
        _hold(owners.setdefault(str(row["measure"]), {}), str(row["owner"]), str(row["label"]), row["role"])
    dates: dict[str, str] = {}
    for row in _select(store, "area-directive-dates", area=URIRef(area["iri"])):
        dates[str(row["directive"])] = min(str(row["date"]), dates.get(str(row["directive"]), str(row["date"])))
    rows = []
    query = "gap-measures" if sector is None else "gap-measures-in-sector"
    for row in _select(store, query, area=URIRef(area["iri"]), sector=sector):
        measure = str(row["measure"])
        if measures is not None and measure not in measures:
            continue
        rows.append(
            {
                "grade": STATUS_OF[str(row["status"])],
                "measure": str(row["text"]),
                "area": area["name"],
                "date": dates.get(str(row["directive"])),
                "owners": sorted(f"{label}({role or '—'})" for label, role in owners.get(measure, {}).values()),
                "sectors": sorted(str(row["sectors"]).split()),
                "inferred_owners": int(row["inferredOwners"].toPython()),
                "source": f"{row['document']}[{row['start']}:{row['end']}]",
                "sentence": str(row["sentence"]),
                "iri": measure,
            }
        )
    rows.sort(key=lambda r: (analyse.GRADES.index(r["grade"]), r["iri"]))
    return rows


def _require_area(store, name: str) -> None:
    """An error when no area in the store has this name (a bound report that found no rows)."""
    from .queries import named_query

    if not store.run(named_query("area-exists").text, {"areaName": _zh(name)}):
        raise GraphbuildError(f"no area named {name!r} in the graph")


def _hold(held: dict[str, tuple[str, str | None]], owner: str, label: str, role) -> None:
    """Record an owner of a task under its name, with the strongest role any of its rows gives it."""
    first = held.get(owner, (label, None))
    held[owner] = (first[0], _stronger(first[1], _py(role) or None))


def _stronger(first: str | None, second: str | None) -> str | None:
    from .analytics import strongest_role

    return strongest_role(first, second)


def gap_rows_streamed(store, bounds: Bounds = Bounds()):
    """The gap report's rows from the analytics, area by area (each area's query bound to it), then
    the units that only ever support: rows come out as each area's answer arrives. Over the whole
    graph the areas come a page at a time in the analytics' order (gb:rankPage), so the first row
    does not wait for every area to be listed."""
    sector = _sector(store, bounds.sector)
    if bounds.area is None and bounds.owner is None:
        areas = _areas_by_page(store)
    else:
        areas = _areas(store, bounds.area)
    if bounds.owner is not None:
        owned = {str(row["area"]) for row in _select(store, "owner-gap-areas", label=_zh(bounds.owner))}
        areas = [a for a in areas if a["iri"] in owned]
    for area in areas:
        for row in _gap_rows_of_area(store, area, sector, None):
            if bounds.owner is None or any(o.rsplit("(", 1)[0] == bounds.owner for o in row["owners"]):
                yield row
    if sector is None:
        yield from _support_only_rows(store, bounds, areas if bounds.area is not None else None)


def _pages(store, query: str, **bindings):
    """The rows of a query over the analytics' pages (`?page` 1, 2 … until one is empty)."""
    from rdflib import Literal

    page = 1
    while rows := _select(store, query, page=Literal(page), **bindings):
        yield from rows
        page += 1


def _areas_by_page(store):
    """The analytics' areas in name order (as `_areas` gives them), a page at a time."""
    seen: set[str] = set()
    for row in _pages(store, "analytics-areas-page"):
        if str(row["area"]) not in seen:
            seen.add(str(row["area"]))
            yield {"iri": str(row["area"]), "name": str(row["areaName"]), "parent": _py(row["parent"])}


def _support_only_rows(store, bounds: Bounds, areas: list[dict] | None = None) -> list[dict]:
    """The units that only ever support; within an area, only those named there (a query bound to
    each of `areas`, those of the bound name), else all of them (bound to the owner's name when given)."""
    if bounds.area is not None:
        answers = [_select(store, "support-only-in-area", inArea=URIRef(area["iri"])) for area in areas or ()]
        found = [row for rows in answers for row in rows if bounds.owner in (None, str(row["label"]))]
    else:
        found = _select(store, "support-only", label=_zh(bounds.owner))
    units: dict[str, dict] = {}
    for row in found:
        unit = units.setdefault(
            str(row["owner"]),
            {
                "owner": str(row["label"]),
                "tasks": int(row["tasks"].toPython()),
                "areas": set(),
                "iri": str(row["owner"]),
            },
        )
        unit["areas"].add(str(row["areaName"]))
    rows = []
    for unit in sorted(units.values(), key=lambda u: (-u["tasks"], u["iri"])):
        if bounds.area is not None and bounds.area not in unit["areas"]:
            continue
        rows.append(_support_only_row(unit["owner"], unit["tasks"], sorted(unit["areas"]), unit["iri"]))
    return rows


def _support_only_row(owner: str, tasks: int, areas: list[str], iri: str) -> dict:
    return {
        "grade": analyse.SUPPORT_ONLY,
        "area": "、".join(areas),
        "date": None,
        "measure": f"supports {tasks} task(s), leads none",
        "owners": [owner],
        "sectors": [],
        "inferred_owners": 0,
        "source": None,
        "sentence": None,
        "iri": iri,
    }


def in_table_order(rows) -> list[dict]:
    """Gap rows in the table's order: measures by grade, area and IRI, then the support-only units."""
    rows = list(rows)
    measures = [r for r in rows if r["grade"] != analyse.SUPPORT_ONLY]
    units = [r for r in rows if r["grade"] == analyse.SUPPORT_ONLY]
    measures.sort(key=lambda r: (analyse.GRADES.index(r["grade"]), r["area"] or "", r["iri"]))
    return measures + units


def owner_rows_from_analytics(store, bounds: Bounds = Bounds(), top: int | None = None) -> list[dict]:
    """Owner load: the whole from the analytics (gb:DutyCount); within an area and/or a sector
    counted in the store with the area or sector bound inside the aggregate. With `top`, the first
    `top` rows: over the whole graph read a page of the ranking at a time (gb:rankPage); the build
    ranks the first 1,000 owners (`analytics.RANKED_PAGES`): when the pages run out first, the
    whole table's head."""
    sector = _sector(store, bounds.sector)
    if bounds.area is not None:
        _areas(store, bounds.area)  # an unknown name is an error, not an empty table
    if top is not None and bounds == Bounds():
        rows = []
        for row in _pages(store, "owner-duties-page"):
            rows.append(_owner_row(row))
            if len(rows) >= top:
                return rows
    if sector is not None:
        name = "owner-load-in-sector"
    else:
        name = "owner-load-in-area" if bounds.area is not None else "owner-duties"
    rows = [
        _owner_row(row)
        for row in _select(store, name, areaName=_zh(bounds.area), sector=sector, label=_zh(bounds.owner))
    ]
    return rows if top is None else rows[:top]


def _owner_row(row: dict) -> dict:
    counts = {c: int(row[c].toPython()) for c in ("measures", "explicit", *ROLES, "sectors", "areas")}
    counts["inferred"] = counts["measures"] - counts["explicit"]
    return {"owner": str(row["label"]), "kind": str(row["kind"]), **counts, "iri": str(row["owner"])}


def coverage_rows_from_analytics(store, bounds: Bounds = Bounds()) -> tuple[list[dict], list[str]]:
    """Area × sector coverage from the analytics' cells (a few per area), the sectors each area left
    out and the principles it cited, as the build recorded them: within an area, every query is
    bound to it, so it reads that area's cells alone."""
    _sector(store, bounds.sector)  # an unknown code is an error
    areas = _areas(store, bounds.area, principles=True)
    table: dict[str, dict[str, int]] = {a["name"]: {} for a in areas}
    labels: dict[str, str] = {}
    for row in _select(store, "coverage-cells", areaName=_zh(bounds.area)):
        notation = str(row["sector"]).rsplit("/", 1)[-1]
        counts = table.setdefault(str(row["areaName"]), {})
        counts[notation] = counts.get(notation, 0) + int(row["measures"].toPython())
        if row["sectorLabel"] is not None:
            labels[notation] = str(row["sectorLabel"])
    left_out = _select(store, "area-left-out", areaName=_zh(bounds.area))
    for row in left_out:
        if row["sectorLabel"] is not None:
            labels[str(row["sector"]).rsplit("/", 1)[-1]] = str(row["sectorLabel"])
    gaps = _left_out_by_area(
        {"area": str(row["areaName"]), "sector": str(row["sector"]).rsplit("/", 1)[-1]} for row in left_out
    )
    principles: dict[str, set[str]] = {}
    for area in areas:
        principles.setdefault(area["name"], set()).update(area["principles"])
    return _coverage_table(table, gaps, {n: sorted(p) for n, p in principles.items() if p}, labels, bounds)


def _coverage_table(table, gaps, principles, labels, bounds: Bounds) -> tuple[list[dict], list[str]]:
    """Coverage rows (one per area, a column per top-level sector), restricted to an area and a sector when bound."""
    if bounds.area is not None:  # the area's own sectors and those it left out
        notations = sorted({*table.get(bounds.area, {}), *gaps.get(bounds.area, [])})
    else:
        notations = sorted({n for counts in table.values() for n in counts})
    if bounds.sector is not None:
        notations = [n for n in notations if n == bounds.sector]
    columns = {n: f"{n} {labels[n]}" if n in labels else n for n in notations}
    rows = [
        {
            "area": area,
            **{columns[n]: counts.get(n, 0) for n in notations},
            "left_out": [s for s in gaps.get(area, []) if bounds.sector in (None, s)],
            "principles": principles.get(area, []),
        }
        for area, counts in sorted(table.items())
        if bounds.area in (None, area)
    ]
    return rows, ["area", *columns.values(), "left_out", "principles"]


def bounded_rows_from_projection(
    graph: nx.MultiDiGraph, which: str, bounds: Bounds = Bounds()
) -> tuple[list[dict], list[str]]:
    """The same bound reports from the NetworkX projection: the whole report filtered (gaps,
    coverage) or the load counted within the bounds (owners). For graphs without analytics, and
    the independent check of the analytics."""
    areas = {d["label"] for _, d in graph.nodes(data=True) if d.get("kind") == Kind.AREA}
    if bounds.area is not None and bounds.area not in areas:
        raise GraphbuildError(f"no area named {bounds.area!r} in the graph")
    if bounds.sector is not None and bounds.sector not in sector_labels(graph):
        raise GraphbuildError(f"no top-level sector {bounds.sector!r} in the graph (e.g. IND, MOB, DUST)")
    if which == "owners":
        rows = analyse.owner_load(graph, bounds.area, bounds.sector)
        return [r for r in rows if bounds.owner in (None, r["owner"])], OWNER_COLUMNS
    if which == "gaps":
        rows, columns = gaps_rows(graph)
        return [r for r in rows if gap_row_within(r, bounds)], columns
    table = analyse.coverage(graph)
    gaps = _left_out_by_area(analyse.coverage_gaps(graph))
    return _coverage_table(table, gaps, analyse.principles_by_area(graph), sector_labels(graph), bounds)


def gap_row_within(row: dict, bounds: Bounds) -> bool:
    """Whether a gap report row is within the bounds: of the area, with a measure in the sector,
    naming the owner (support-only units: the unit itself)."""
    if row["grade"] == analyse.SUPPORT_ONLY:
        areas, owners = row["area"].split("、"), row["owners"]
    else:
        areas, owners = [row["area"]], [o.rsplit("(", 1)[0] for o in row["owners"]]
    return (
        bounds.area in (None, *areas)
        and bounds.sector in (None, *{_top(s) for s in row["sectors"]})
        and bounds.owner in (None, *owners)
    )


def row_lines(rows, columns: list[str], fmt: str):
    """CSV, TSV or JSON text of rows, piece by piece as the rows come: joined, the same text as
    `tables.render_rows` gives for the whole list, with a final newline."""
    import csv
    import io
    import json

    from .tables import _cell

    if fmt == "json":
        first = True
        for row in rows:
            body = json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, indent=2)
            yield ("[\n" if first else ",\n") + "\n".join("  " + line for line in body.splitlines())
            first = False
        yield "[]\n" if first else "\n]\n"
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
