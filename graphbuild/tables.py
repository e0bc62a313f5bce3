"""Output for people (aligned tables, Markdown) and for programs (CSV, JSON) from one row list.

Chinese characters are two columns wide on a terminal; widths come from wcwidth. Tables for
people print the project's IRIs as CURIEs (`gbid:measure/…`, which every option taking an IRI
accepts) and clip long cells; `wide` prints them whole. CSV, TSV and JSON are always whole.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from wcwidth import wcswidth

from .namespace import shorten

__all__ = ["render_rows", "FORMATS"]

FORMATS = ("table", "markdown", "csv", "tsv", "json")
_MAX_CELL = 60


def _width(text: str) -> int:
    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _clip(text: str, limit: int = _MAX_CELL) -> str:
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = max(_width(ch), 1)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value).replace("\n", " ")


def render_rows(rows: Sequence[dict], columns: Sequence[str], fmt: str = "table", wide: bool = False) -> str:
    """Rows (dicts) as a table, Markdown, CSV, TSV or JSON; columns fix the order."""
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    if not wide:
        cells = [[shorten(c) if c.startswith("http") else c for c in line] for line in cells]
    if fmt == "markdown":
        lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in line) + " |" for line in cells]
        return "\n".join(lines)
    if not wide:
        cells = [[_clip(c) for c in line] for line in cells]
    widths = [max([_width(c)] + [_width(line[i]) for line in cells]) for i, c in enumerate(columns)]
    header = "  ".join(_pad(c, w) for c, w in zip(columns, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(_pad(c, w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells]
    return "\n".join([header, rule, *body])
