"""Word (.docx): the body's paragraphs and tables in document order (rule in data/README.md)."""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import InputError
from .common import cell_text, one_line, row_line

__all__ = ["docx_text"]


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
                lines.extend(line for line in map(_table_row, block.rows) if line)
            else:
                lines.append(block.text.replace("\t", " "))
    except damaged as error:
        raise InputError(path, f"not a readable .docx file ({one_line(error)})") from error
    return "\n".join(lines)


def _table_row(row) -> str:
    """One table row: a cell per layout-grid column; a cell spanning columns is written once (the columns
    it covers stay empty); a cell spanning rows is repeated in each row, which stands alone as a task."""
    cells = [""] * row.grid_cols_before
    previous = None
    for cell in row.cells:
        cells.append("" if cell._tc is previous else cell_text(_docx_cell_parts(cell)))
        previous = cell._tc
    return row_line(cells)


def _docx_cell_parts(cell) -> list[str]:
    from docx.table import Table

    parts: list[str] = []
    for block in cell.iter_inner_content():
        if isinstance(block, Table):  # a table inside a cell: its cells join the cell's text
            parts.extend(part for row in block.rows for c in row.cells for part in _docx_cell_parts(c))
        else:
            parts.append(block.text)
    return parts
