"""HTML: the visible text of a page, tables as TAB-separated rows (rule in data/README.md)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError
from .common import cell_text, one_line, row_line

__all__ = ["html_text", "html_to_text"]


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, one block element per line, each table row one TAB-separated line.

    Table cells are placed on the table's grid: a cell spanning columns (colspan) is written once and
    the columns it covers stay empty; a cell spanning rows (rowspan) is repeated in each row it covers.
    """

    _BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title"}
    _HIDDEN = {"script", "style", "noscript", "template"}
    _CELLS = {"td", "th"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.tables = 0  # depth of <table> nesting; only the outermost table makes rows
        self.row: list[list[str]] | None = None  # the open row's grid positions, each a list of text pieces
        self.cell: list[str] | None = None  # the open cell's pieces
        self.spans: dict[int, tuple[list[str], int]] = {}  # column → (cell pieces, rows still covered)

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag == "table":
            self.tables += 1
            if self.tables == 1:
                self._end_row()
                self.spans = {}
            else:
                self._cell_text(" ")
        elif self.tables == 1 and tag == "tr":
            self._end_row()
            self.row = []
        elif self.tables == 1 and tag in self._CELLS:
            self._start_cell(dict(attrs))
        elif self.tables:
            self._cell_text(" ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "table" and self.tables:
            self.tables -= 1
            if self.tables == 0:
                self._end_row()
            else:
                self._cell_text(" ")
        elif self.tables == 1 and tag == "tr":
            self._end_row()
        elif self.tables:
            self._cell_text(" ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        if not self.tables:
            self.parts.append(data.replace("\t", " "))
        elif self.cell is not None:
            self.cell.append(data)
        elif data.strip():  # a caption, or text between rows: a line of its own
            self.parts.append("\n" + " ".join(data.split()) + "\n")

    def _start_cell(self, attrs: dict) -> None:
        if self.row is None:
            self.row = []
        self._fill_spans()
        self.cell = []
        column = len(self.row)
        self.row.append(self.cell)
        covered = min(_span(attrs.get("colspan"), 1000), _MAX_COLUMNS - column)  # widening stops at 1000 columns
        self.row.extend([] for _ in range(covered - 1))
        rows = _span(attrs.get("rowspan"), 65534)
        if rows > 1:
            self.spans[column] = (self.cell, rows - 1)

    def _fill_spans(self) -> None:
        """Repeat the cells of rows above that reach down into the open row at its next position."""
        while self.row is not None and len(self.row) in self.spans:
            pieces, rows = self.spans.pop(len(self.row))
            self.row.append(pieces)
            if rows > 1:
                self.spans[len(self.row) - 1] = (pieces, rows - 1)

    def _cell_text(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)

    def _end_row(self) -> None:
        if self.row is not None:
            self._fill_spans()
            line = row_line([cell_text(cell) for cell in self.row])
            if line:
                self.parts.append("\n" + line + "\n")
        self.row = self.cell = None

    def text(self) -> str:
        self._end_row()
        lines = (_strip_but_tabs(line) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


_MAX_COLUMNS = 1000


def _span(value: str | None, limit: int) -> int:
    """A colspan/rowspan attribute as a count from 1 to `limit` (HTML's own limits), 1 when not a number."""
    return min(int(value), limit) if value and value.strip().isdigit() and int(value) > 0 else 1


_EDGE_SPACE = re.compile(r"^[^\S\t]+|[^\S\t]+$")


def _strip_but_tabs(line: str) -> str:
    """White space off both ends of a line, but not the TABs that stand for a row's empty first or last cells."""
    return _EDGE_SPACE.sub("", line)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page (AssertionError/ValueError from `html.parser` on broken markup).

    >>> html_to_text("<p>会议强调<script>x()</script></p><p>加强管控</p>")
    '会议强调\\n加强管控'
    >>> html_to_text("<table><tr><th>任务</th><th>牵头单位</th></tr><tr><td>控煤</td><td>市发改委</td></tr></table>")
    '任务\\t牵头单位\\n控煤\\t市发改委'
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return parser.text()


def html_text(path: Path, markup: str) -> str:
    """`html_to_text`, with markup the parser cannot take (a malformed marked section …) as InputError."""
    try:
        return html_to_text(markup)
    except (AssertionError, ValueError, IndexError) as error:  # what html.parser raises on broken markup
        raise InputError(path, f"HTML cannot be parsed ({one_line(error)})") from error
