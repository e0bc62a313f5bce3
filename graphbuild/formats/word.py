"""Word (.docx): the body's paragraphs and tables in document order (rule in data/README.md)."""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import InputError
from .common import cell_text, one_line, row_line
from .numbering import Numbering

__all__ = ["docx_text"]


def docx_text(path: Path, data: bytes) -> str:
    """The body of a Word document: paragraphs and tables in document order, one line each paragraph
    (its automatic number, then its text as written, tabs as spaces, line breaks kept), one
    TAB-separated line each table row."""
    import zipfile
    import zlib

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.exceptions import InvalidXmlError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError

    damaged = (
        *(PackageNotFoundError, InvalidXmlError, XMLSyntaxError),  # not Word's XML
        *(zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError),  # not a whole or a plain zip
        *(KeyError, ValueError),  # a part or value python-docx needs is missing or malformed
    )
    try:
        document = docx.Document(io.BytesIO(data))
        numbering = Numbering(document)
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block, numbering))
            else:
                lines.append(_paragraph_text(block, numbering))
    except damaged as error:
        raise InputError(path, f"not a readable .docx file ({one_line(error)})") from error
    return "\n".join(lines)


def _table_rows(table, numbering: Numbering) -> list[str]:
    """Each row one line: a cell per layout-grid column; a cell spanning columns is written once (the
    columns it covers stay empty); a cell spanning rows is repeated in each row, which stands alone as a
    task (read once, so its numbered paragraphs count once). Spans are capped at the table's grid width
    (a damaged file may claim billions of columns)."""
    from docx.table import _Cell

    width = max(1, min(len(table._tbl.tblGrid.gridCol_lst), 1000))
    texts: dict = {}  # the cell element where a span begins → its text
    lines = []
    for row in table.rows:
        cells = [""] * min(row.grid_cols_before, width)
        for tc in row._tr.tc_lst:
            origin = tc
            while origin.vMerge == "continue":
                origin = origin._tc_above
            if origin not in texts:
                texts[origin] = cell_text(_cell_parts(_Cell(origin, table), numbering))
            cells.append(texts[origin])
            cells.extend([""] * (min(tc.grid_span, width) - 1))
        lines.append(row_line(cells))
    return [line for line in lines if line]


def _cell_parts(cell, numbering: Numbering) -> list[str]:
    from docx.table import Table

    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):  # a table inside a cell: its cells join the cell's text
            parts.extend(part for row in block.rows for c in row.cells for part in _cell_parts(c, numbering))
        else:
            parts.append(_paragraph_text(block, numbering))
    return parts


def _paragraph_text(paragraph, numbering: Numbering) -> str:
    return (numbering.label(paragraph) + paragraph.text).replace("\t", " ")
