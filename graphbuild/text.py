"""Text helpers that keep offsets: width folding and sentence/clause splitting.

Folding maps full-width ASCII forms to ASCII one character for one, so an offset into the
folded text is the same offset into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Piece", "fold", "sentences", "clauses", "strip_span"]

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20


def fold(text: str) -> str:
    """Full-width ASCII forms to ASCII, one code point for one (offsets are kept).

    >>> fold("各镇（街道）；")
    '各镇(街道);'
    """
    return text.translate(_FOLD)


@dataclass(frozen=True)
class Piece:
    """A `[start, end)` slice of a text."""

    start: int
    end: int


_OPEN = "“‘《(【「"
_CLOSE = "”’》)】」"
_SENTENCE_END = "。!?！？\n"
_CLAUSE_END = ",;:，；："


def _split(text: str, start: int, end: int, stops: str) -> list[Piece]:
    """Split `text[start:end]` after each stop character that is not inside quotes or brackets."""
    pieces, depth, begin = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in stops and (depth == 0 or ch == "\n"):
            depth = 0
            pieces.append(Piece(begin, i + 1))
            begin = i + 1
    if begin < end:
        pieces.append(Piece(begin, end))
    return [p for p in (strip_span(text, q.start, q.end) for q in pieces) if p.end > p.start]


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Piece]:
    """Sentences of `text[start:end]`, trimmed of edge punctuation; a stop inside quotes does not split.

    >>> [(p.start, p.end) for p in sentences("甲。乙“丙。”")]
    [(0, 1), (2, 7)]
    """
    return _split(text, start, len(text) if end is None else end, _SENTENCE_END)


def clauses(text: str, start: int, end: int) -> list[Piece]:
    """Clauses of one sentence, split at commas, semicolons and colons outside quotes."""
    return _split(text, start, end, _CLAUSE_END)


_EDGE = re.compile(r"[\s,;:。!?，；：！？、]")


def strip_span(text: str, start: int, end: int) -> Piece:
    """Shrink `[start, end)` past white space and punctuation at either edge."""
    while start < end and _EDGE.match(text[start]):
        start += 1
    while end > start and _EDGE.match(text[end - 1]):
        end -= 1
    return Piece(start, end)


def ends_with_semicolon(text: str, piece: Piece) -> bool:
    """Whether the punctuation right after a clause is a semicolon (a scope boundary for subjects)."""
    i = piece.end
    while i < len(text) and text[i] in " \t":
        i += 1
    return i < len(text) and text[i] in ";；"
