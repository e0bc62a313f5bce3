"""Text helpers that keep offsets: folding and sentence/clause splitting.

Folding maps one code point to one, so an offset into the folded text is the same offset into the
original: full-width ASCII forms to ASCII, and traditional characters to simplified ones.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import NamedTuple

from ..errors import GraphbuildError

__all__ = ["Piece", "fold", "sentences", "clauses", "strip_span", "trie_pattern", "traditional_to_simplified"]


def fold(text: str) -> str:
    """Full-width ASCII forms to ASCII and traditional characters to simplified, one code point for one
    (offsets are kept), so that one vocabulary reads both.

    >>> fold("各镇（街道）；")
    '各镇(街道);'
    >>> fold("區委常委會召開會議")
    '区委常委会召开会议'
    """
    return text.translate(_fold_table())


@cache
def _fold_table() -> dict[int, int]:
    table = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
    table[0x3000] = 0x20
    table.update(traditional_to_simplified())
    return table


@cache
def traditional_to_simplified() -> dict[int, int]:
    """OpenCC's traditional→simplified character table (`TSCharacters.txt`, shipped by the
    opencc-python-reimplemented package), one code point for one, read once per process.

    Each traditional character goes to OpenCC's first (default) simplified form, 開 → 开. Left out:
    a character that is one of its own simplified forms (乾 stays 乾 or becomes 干 by the word), and
    one that is itself the simplified form of another (a simplified text would change under it).
    Phrase-level conversion is left out on purpose: it can change lengths, and offsets must stay.
    """
    try:
        data = (resources.files("opencc") / "dictionary" / "TSCharacters.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as error:
        raise GraphbuildError("opencc-python-reimplemented (traditional→simplified table) is not installed") from error
    entries = [line.split("\t") for line in data.splitlines() if "\t" in line]
    candidates = {key: value.split() for key, value in entries}
    simplified_forms = {form for forms in candidates.values() for form in forms}
    return {
        ord(key): ord(forms[0])
        for key, forms in candidates.items()
        if len(key) == 1 and len(forms[0]) == 1 and key not in forms and key not in simplified_forms
    }


class Piece(NamedTuple):
    """A `[start, end)` slice of a text."""

    start: int
    end: int


_OPEN = "“‘《(【「"
_CLOSE = "”’》)】」"
_SENTENCE_END = "。!?！？\n"
_CLAUSE_END = ",;:，；："


_QUOTES = re.compile("[" + re.escape(_OPEN + _CLOSE) + "]")


@cache
def _stop_pattern(stops: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(_OPEN + _CLOSE + stops) + "]")


@cache
def _run_pattern(stops: str) -> re.Pattern[str]:
    return re.compile("[^" + re.escape(stops) + "]+")


def _split(text: str, start: int, end: int, stops: str) -> list[Piece]:
    """Split `text[start:end]` after each stop character that is not inside quotes or brackets."""
    if _QUOTES.search(text, start, end) is None:
        # Nothing quoted: the pieces are the runs between stops (the common case, done by the regex engine).
        runs = (strip_span(text, m.start(), m.end()) for m in _run_pattern(stops).finditer(text, start, end))
        return [p for p in runs if p.end > p.start]
    pieces, depth, begin = [], 0, start
    for m in _stop_pattern(stops).finditer(text, start, end):
        ch = m.group()
        if ch in _OPEN:
            depth += _closes(text, m.start(), end)
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 or ch == "\n":
            depth = 0
            pieces.append(Piece(begin, m.end()))
            begin = m.end()
    if begin < end:
        pieces.append(Piece(begin, end))
    return [p for p in (strip_span(text, q.start, q.end) for q in pieces) if p.end > p.start]


_QUOTE_REACH = 120  # a quotation or bracket longer than this (or crossing a line) is taken as unclosed


def _closes(text: str, at: int, end: int) -> int:
    """1 when the quote or bracket opening at `at` closes on its line within reach, else 0: a stray
    opening mark (加强“秸秆禁烧巡查。…) must not join the sentences after it into one."""
    close = _CLOSE[_OPEN.index(text[at])]
    stop = min(end, at + _QUOTE_REACH)
    line_end = text.find("\n", at, stop)
    found = text.find(close, at + 1, stop if line_end < 0 else line_end)
    return 1 if found >= 0 else 0


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Piece]:
    """Sentences of `text[start:end]`, trimmed of edge punctuation; a stop inside quotes does not split.

    >>> [(p.start, p.end) for p in sentences("甲。乙“丙。”")]
    [(0, 1), (2, 7)]
    """
    return _split(text, start, len(text) if end is None else end, _SENTENCE_END)


def clauses(text: str, start: int, end: int) -> list[Piece]:
    """Clauses of one sentence, split at commas, semicolons and colons outside quotes."""
    return _split(text, start, end, _CLAUSE_END)


_EDGE = frozenset(" \t\r\n\u3000,;:。!?，；：！？、")


def strip_span(text: str, start: int, end: int) -> Piece:
    """Shrink `[start, end)` past white space and punctuation at either edge."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return Piece(start, end)


def ends_with_semicolon(text: str, piece: Piece) -> bool:
    """Whether the punctuation right after a clause is a semicolon (a scope boundary for subjects)."""
    i = piece.end
    while i < len(text) and text[i] in " \t":
        i += 1
    return i < len(text) and text[i] in ";；"


def trie_pattern(words) -> str:
    """A regex matching the longest of `words` at a position, shaped as a trie (fast on thousands of words).

    >>> re.match(trie_pattern(["绵竹", "绵竹市", "富顺县"]), "绵竹市委").group()
    '绵竹市'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)
