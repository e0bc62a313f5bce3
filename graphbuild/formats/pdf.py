"""PDF: the text layer's lines joined back into paragraphs, tables as TAB-separated rows
(rule in data/README.md)."""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .common import cell_text, one_line, row_line

__all__ = ["pdf_text"]


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
    damaged = (
        *(struct.error, zlib.error, KeyError, ValueError, IndexError, TypeError, AttributeError),
        *(AssertionError, NotImplementedError),
    )
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            lines = [line for page in pdf.pages for line in _page_lines(_without_doubles(page))]
    except (PdfminerException, MalformedPDFException, PSException, *damaged) as error:
        raise InputError(path, f"not a readable PDF file ({one_line(error)})") from error
    text = "\n".join(_paragraphs(lines))
    if not text.strip():
        raise InputError(path, "the PDF has no text layer (scanned pages?); nothing to read")
    return text


# Spaces are the file's own space characters; a gap between characters narrower than half a character
# (letter spacing, justified Chinese) is layout, not a space (pdfplumber's default: any gap over 3 pt).
_LINES = {"return_chars": True, "keep_blank_chars": True, "x_tolerance_ratio": 0.5}


def _without_doubles(page):
    """The page without characters drawn twice (a fake bold), by pdfplumber's `dedupe_chars`, called
    only when some character has a double within a point (deduplication costs more than the page)."""
    cells: set[tuple[str, int, int]] = set()
    for char in page.chars:
        x, y = int(char["x0"]), int(char["top"])
        if any((char["text"], x + dx, y + dy) in cells for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            return page.dedupe_chars()
        cells.add((char["text"], x, y))
    return page


def _page_lines(page) -> list[_Line]:
    """Running text and table rows of one page, top to bottom."""
    tables = page.find_tables()
    body = page
    for table in tables:
        body = body.outside_bbox(table.bbox)
    placed = [(line["top"], _line(line)) for line in body.extract_text_lines(**_LINES)]
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
            lines = [_line(line) for line in page.within_bbox(bbox).extract_text_lines(**_LINES)]
            text = cell_text(_paragraphs(lines))
            above[column] = (bbox, text)
            cells.append(text)
        rows.append(row_line(cells))
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
