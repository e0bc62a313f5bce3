"""The text of HTML, Word (.docx) and PDF files, for `read` (rules per format in data/README.md).

One convention for tables in every format: a table row is one line, its cells in column order
separated by a TAB; a cell's own paragraphs and line breaks become single spaces, so a TAB never
appears in the text except between the cells of a row (tabs elsewhere become spaces). The plan
extractor reads tasks from such rows under a header row that names the columns.
"""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError

__all__ = ["html_text", "html_to_text", "docx_text", "pdf_text"]


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _cell(parts) -> str:
    """A table cell's text: its paragraphs and breaks joined by one space, tabs and newlines as spaces."""
    return " ".join(" ".join(part.split()) for part in parts if part.strip())


def _row(cells: list[str]) -> str:
    return "\t".join(cells) if any(cells) else ""


# -- HTML ------------------------------------------------------------------------------------------------


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
        self.row.extend([] for _ in range(_span(attrs.get("colspan"), 1000) - 1))
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
            line = _row([_cell(cell) for cell in self.row])
            if line:
                self.parts.append("\n" + line + "\n")
        self.row = self.cell = None

    def text(self) -> str:
        self._end_row()
        lines = (_strip_but_tabs(line) for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


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
        raise InputError(path, f"HTML cannot be parsed ({_one_line(error)})") from error


# -- Word (.docx) ------------------------------------------------------------------------------------------


def docx_text(path: Path, data: bytes) -> str:
    """The body of a Word document: paragraphs and tables in document order, one line each paragraph
    (its text as written, tabs as spaces, line breaks kept), one TAB-separated line each table row."""
    import zipfile
    import zlib

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError

    damaged = (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, zlib.error, EOFError, KeyError, ValueError)
    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(line for line in map(_docx_row, block.rows) if line)
            else:
                lines.append(block.text.replace("\t", " "))
    except damaged as error:
        raise InputError(path, f"not a readable .docx file ({_one_line(error)})") from error
    return "\n".join(lines)


def _docx_row(row) -> str:
    """One table row: a cell per layout-grid column; a cell spanning columns is written once (the columns
    it covers stay empty); a cell spanning rows is repeated in each row, which stands alone as a task."""
    cells = [""] * row.grid_cols_before
    previous = None
    for cell in row.cells:
        cells.append("" if cell._tc is previous else _cell(_docx_cell_parts(cell)))
        previous = cell._tc
    return _row(cells)


def _docx_cell_parts(cell) -> list[str]:
    from docx.table import Table

    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):  # a table inside a cell: its cells join the cell's text
            parts.extend(part for row in block.rows for c in row.cells for part in _docx_cell_parts(c))
        else:
            parts.append(block.text)
    return parts


# -- PDF ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """A line of running text as laid out on a page (x in points), or a table row (`row` True)."""

    text: str
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0
    lead: float = 0.0  # width of the Latin word or number the line begins with (wrapped whole)
    row: bool = False


_PAGE_NUMBER = re.compile(r"[-—–‒―\s]*\d{1,4}[-—–‒―\s]*")


def pdf_text(path: Path, data: bytes) -> str:
    """The text of a PDF's pages in order: wrapped lines joined back into paragraphs (one per line),
    tables as TAB-separated rows where they stand on the page, page numbers left out."""
    import logging
    import struct
    import zlib

    import pdfplumber
    from pdfminer.psexceptions import PSException  # pdfminer's own exceptions all derive from it
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    # pdfminer logs every oddity of a damaged file as a warning; the reader's verdict is the one line
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    # what pdfminer raises on damaged files, besides its own exceptions (seen by mutating valid PDFs)
    damaged = (struct.error, zlib.error, KeyError, ValueError, IndexError, TypeError, AttributeError, AssertionError)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            lines = [line for page in pdf.pages for line in _page_lines(page.dedupe_chars())]
    except (PdfminerException, MalformedPDFException, PSException, *damaged) as error:
        raise InputError(path, f"not a readable PDF file ({_one_line(error)})") from error
    text = "\n".join(_paragraphs(lines))
    if not text.strip():
        raise InputError(path, "the PDF has no text layer (scanned pages?); nothing to read")
    return text


def _page_lines(page) -> list[_Line]:
    """Running text and table rows of one page, top to bottom."""
    tables = page.find_tables()
    body = page
    for table in tables:
        body = body.outside_bbox(table.bbox)
    placed = [(line["top"], _line(line)) for line in body.extract_text_lines(return_chars=True)]
    placed = _without_page_numbers(placed, page.height)
    for table in tables:
        placed += [(table.bbox[1], _Line(row, row=True)) for row in _table_rows(page, table) if row]
    return [line for _, line in sorted(placed, key=lambda item: item[0])]


def _line(line: dict) -> _Line:
    chars = line["chars"]
    size = statistics.median(c["size"] for c in chars) if chars else 0.0
    word = 0
    while word < len(chars) and chars[word]["text"].isascii() and not chars[word]["text"].isspace():
        word += 1
    lead = chars[word - 1]["x1"] - line["x0"] if word else 0.0
    return _Line(line["text"], line["x0"], line["x1"], size, lead)


def _without_page_numbers(placed: list[tuple[float, _Line]], height: float) -> list[tuple[float, _Line]]:
    """Drop a page number (`3`, `- 3 -`, `— 3 —`) standing alone as the first or last line of a page,
    near its top or bottom edge."""
    last = len(placed) - 1

    def page_number(index: int, top: float, line: _Line) -> bool:
        near_edge = top < height * 0.15 or top > height * 0.8
        return index in (0, last) and near_edge and _PAGE_NUMBER.fullmatch(line.text) is not None

    return [(top, line) for i, (top, line) in enumerate(placed) if not page_number(i, top, line)]


def _table_rows(page, table) -> list[str]:
    """Each row's cells in column order; a merged cell (None in pdfplumber's grid) repeats the cell above
    when that one reaches down into this row (a vertical span), and is empty otherwise."""
    rows: list[str] = []
    above: dict[int, tuple[tuple, str]] = {}
    for row in table.rows:
        cells: list[str] = []
        for column, bbox in enumerate(row.cells):
            if bbox is None:
                span = above.get(column)
                cells.append(span[1] if span and span[0][3] >= row.bbox[3] - 1 else "")
                continue
            lines = [_line(line) for line in page.within_bbox(bbox).extract_text_lines(return_chars=True)]
            text = _cell(_paragraphs(lines))
            above[column] = (bbox, text)
            cells.append(text)
        rows.append(_row(cells))
    return rows


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Wrapped lines joined back into paragraphs.

    A line continues on the next one when it reaches the right edge of the text, or when the Latin
    word or number that begins the next line would not have fitted in the room left; unless the next
    line is indented (a new paragraph) or either is a table row. The edges are the outermost line
    ends of the whole text. "Reaching" allows two and a half characters: punctuation may hang one
    past the edge (and so set it), a line may end one early rather than begin with punctuation.
    """
    text_lines = [line for line in lines if not line.row]
    if not text_lines:
        return [line.text for line in lines]
    left = min(line.x0 for line in text_lines)
    right = max(line.x1 for line in text_lines)
    out: list[str] = []
    previous: _Line | None = None
    for line in lines:
        size = line.size or 10.0
        if (
            previous is not None
            and not line.row
            and line.x0 <= left + 1.5 * size
            and previous.x1 + line.lead >= right - 2.5 * size
        ):
            out[-1] += (" " if _latin_letter(out[-1][-1:]) and _latin_letter(line.text[:1]) else "") + line.text
        else:
            out.append(line.text)
        previous = None if line.row else line
    return out


def _latin_letter(char: str) -> bool:
    """Whether a wrapped line ends or begins inside a Latin word (joined back with a space; Chinese with none)."""
    return char.isascii() and char.isalpha()
