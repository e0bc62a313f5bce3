"""Stage 7b, the report page: every report on one self-contained, offline HTML page.

Gaps (each measure with its sentence and a link to it on the graph page), area × sector coverage
as a heat map, owner load as bars (explicit / inferred, and by role where the rows carry roles),
principles by area. Charts are inline SVG written here (a few rectangles and labels need no
plotting library at run time); the page has no script, loads nothing (a Content-Security-Policy
forbids it) and escapes every text from a document.
"""

from __future__ import annotations

import html
import urllib.parse
from pathlib import Path

import networkx as nx

from . import analyse
from .graphio import atomic_write_bytes
from .reports import sector_labels

__all__ = ["report_page", "write_report_page", "heat_map_svg", "owner_bars_svg"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
EXPLICIT, INFERRED = "#4e79a7", "#a0cbe8"
ROLE_COLOURS = {"lead": "#e15759", "responsible": "#f28e2b", "support": "#59a14f"}
_STYLE = """
body { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", sans-serif;
       margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; font-size: 0.85em; }
td, th { border: 1px solid #ddd; padding: 3px 6px; vertical-align: top; }
th { background: #f3f3f3; } td.sentence { color: #555; max-width: 40em; } .grade { white-space: nowrap; }
svg text { font-size: 11px; } .note { color: #666; font-size: 0.85em; }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _link(graph_page: str, iri: str) -> str:
    return f"{graph_page}#node={urllib.parse.quote(iri, safe='')}"


def _svg_open(kind: str, width: float, height: float) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" width="{width}" height="{height}" role="img">'


def _heat_colour(count: int, top: int) -> str:
    """White for none, up to a dark blue for the largest count."""
    if count == 0 or top == 0:
        return "#ffffff"
    share = count / top
    red, green, blue = (int(255 - share * (255 - end)) for end in (33, 102, 172))
    return f"#{red:02x}{green:02x}{blue:02x}"


def heat_map_svg(table: dict[str, dict[str, int]], labels: dict[str, str]) -> str:
    """Areas (rows) × top-level sectors (columns), each cell shaded by its number of measures."""
    sectors = sorted({s for counts in table.values() for s in counts})
    top = max((c for counts in table.values() for c in counts.values()), default=0)
    cell, left, head = 44, 110, 90
    width, height = left + cell * len(sectors) + 10, head + cell * len(table) + 10
    parts = [_svg_open("heat", width, height)]
    for j, sector in enumerate(sectors):
        x = left + j * cell + cell / 2
        label = f"{sector} {labels.get(sector, '')}".strip()
        parts.append(f'<text x="{x}" y="{head - 6}" transform="rotate(-40 {x} {head - 6})">{_e(label)}</text>')
    for i, (area, counts) in enumerate(table.items()):
        y = head + i * cell
        parts.append(f'<text x="{left - 6}" y="{y + cell / 2 + 4}" text-anchor="end">{_e(area)}</text>')
        for j, sector in enumerate(sectors):
            count = counts.get(sector, 0)
            parts.append(
                f'<rect class="cell" x="{left + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{_heat_colour(count, top)}" stroke="#ccc">'
                f"<title>{_e(area)} · {_e(sector)}: {count}</title></rect>"
            )
            if count:
                colour = "#fff" if count > top / 2 else "#222"
                parts.append(
                    f'<text x="{left + j * cell + cell / 2 - 1}" y="{y + cell / 2 + 3}" text-anchor="middle" '
                    f'fill="{colour}">{count}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def _roles(row: dict) -> dict[str, int]:
    """A row's measures by task role: a `roles` mapping, or counts under the role names themselves."""
    if row.get("roles"):
        return dict(row["roles"])
    return {role: int(row[role]) for role in ROLE_COLOURS if row.get(role)}


def owner_bars_svg(rows: list[dict], limit: int = 30) -> str:
    """One bar per owner (the `limit` carrying most): explicit and inferred measures stacked; where a
    row carries roles (`roles`: {"lead": n, "responsible": n, "support": n}, or those keys in the row
    itself), a thinner bar under it by role."""
    rows = [{**r, "roles": _roles(r)} for r in rows[:limit]]
    top = max((r["measures"] for r in rows), default=0) or 1
    left, bar, gap, scale = 190, 14, 10, 420 / top
    has_roles = any(r.get("roles") for r in rows)
    step = bar + gap + (7 if has_roles else 0)
    height = 30 + step * len(rows)
    parts = [_svg_open("bars", left + 480, height)]
    legend = [("explicit 明确", EXPLICIT), ("inferred 推理", INFERRED)]
    if has_roles:
        legend += [(role, colour) for role, colour in ROLE_COLOURS.items()]
    for k, (name, colour) in enumerate(legend):
        parts.append(f'<rect x="{left + k * 95}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{left + k * 95 + 14}" y="13">{_e(name)}</text>')
    for i, row in enumerate(rows):
        y = 24 + i * step
        parts.append(f'<text x="{left - 6}" y="{y + bar - 3}" text-anchor="end">{_e(row["owner"])}</text>')
        x = left
        for key, colour in (("explicit", EXPLICIT), ("inferred", INFERRED)):
            width = row[key] * scale
            if width:
                parts.append(
                    f'<rect class="bar {key}" x="{x:.1f}" y="{y}" width="{width:.1f}" height="{bar}" fill="{colour}">'
                    f"<title>{_e(row['owner'])}: {row[key]} {key}</title></rect>"
                )
            x += width
        parts.append(f'<text x="{x + 4:.1f}" y="{y + bar - 3}">{row["measures"]}</text>')
        x = left
        for role, count in sorted(
            (row.get("roles") or {}).items(),
            key=lambda item: list(ROLE_COLOURS).index(item[0]) if item[0] in ROLE_COLOURS else 99,
        ):
            width = count * scale
            parts.append(
                f'<rect class="bar role" x="{x:.1f}" y="{y + bar + 1}" width="{width:.1f}" height="5" '
                f'fill="{ROLE_COLOURS.get(role, "#bab0ac")}">'
                f"<title>{_e(row['owner'])}: {count} {_e(role)}</title></rect>"
            )
            x += width
    parts.append("</svg>")
    return "".join(parts)


def _gap_table(rows: list[dict], graph_page: str) -> str:
    body = "".join(
        f'<tr><td class="grade">{_e(r["grade"])}</td><td>{_e(r["area"])}</td>'
        f'<td><a href="{_e(_link(graph_page, r["iri"]))}">{_e(r["measure"])}</a></td>'
        f'<td class="sentence">{_e(r["sentence"])}</td><td>{_e(r["source"])}</td></tr>'
        for r in rows
    )
    return (
        '<table class="gaps"><tr><th>grade 等级</th><th>area 区域</th><th>measure 措施</th>'
        f"<th>sentence 原句</th><th>source 来源</th></tr>{body}</table>"
    )


def _principles_table(principles: dict[str, list[str]]) -> str:
    body = "".join(f"<tr><td>{_e(area)}</td><td>{_e('、'.join(cited))}</td></tr>" for area, cited in principles.items())
    return f'<table class="principles"><tr><th>area 区域</th><th>principles 原则</th></tr>{body}</table>'


def report_page(graph: nx.MultiDiGraph, title: str = "graphbuild report", graph_page: str = "graph.html") -> str:
    """The whole page as text; `graph_page` is where the gap table's measure links point."""
    gaps = analyse.measures_without_owner(graph)
    none_at_all = sum(1 for r in gaps if r["grade"] == "no owner")
    owners = analyse.owner_load(graph)
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
            f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
            f"<h1>{_e(title)}</h1>",
            f'<h2>Gaps 无明确责任主体的措施</h2><p class="note">{len(gaps)} measure(s) without a specific '
            f"explicit owner; {none_at_all} with no owner at all. A measure links to it on the graph page.</p>",
            _gap_table(gaps, graph_page),
            '<h2>Coverage 区域 × 领域</h2><p class="note">Measures per area and top-level sector.</p>',
            heat_map_svg(analyse.coverage(graph), sector_labels(graph)),
            '<h2>Owner load 责任负荷</h2><p class="note">Measures each owner carries, named by the text '
            "(explicit) or reached by a duty-principle rule (inferred).</p>",
            owner_bars_svg(owners),
            "<h2>Principles by area 各区域引用的原则</h2>",
            _principles_table(analyse.principles_by_area(graph)),
            "</body></html>\n",
        ]
    )


def write_report_page(graph: nx.MultiDiGraph, path: Path | str, **kwargs) -> None:
    atomic_write_bytes(path, report_page(graph, **kwargs).encode("utf-8"))
