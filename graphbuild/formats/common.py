"""What the format readers share: the table-row convention and one-line error reasons."""

from __future__ import annotations

from collections.abc import Iterable


def one_line(error: BaseException) -> str:
    """An exception's message on one line (parsers' messages may span several)."""
    return " ".join(str(error).split()) or type(error).__name__


def cell_text(parts: Iterable[str]) -> str:
    """A table cell's text: its paragraphs and breaks joined by one space, tabs and newlines as spaces."""
    return " ".join(" ".join(part.split()) for part in parts if part.strip())


def row_line(cells: list[str]) -> str:
    """A table row as one line, cells separated by a TAB ('' for a row with no text)."""
    return "\t".join(cells) if any(cells) else ""
