"""What one clause of a plan says, read without the scan's state: its subject and modal, the
partners 会同 names, whether it is a task at all, its sectors; and the cells of a task table.

`tasks` calls these while it scans a plan and keeps the state (items, sections, owners in force).
"""

from __future__ import annotations

import re

from .lexicon import Lexicon, Matcher
from .text import Piece, strip_span
from .units import Named, is_unit_name, role_at_start, unit_list

__all__ = [
    "whole",
    "modal_at",
    "subject_names",
    "leading_unit",
    "section_units",
    "partners_at",
    "opens_with_directive",
    "without_trailing_bracket",
    "not_a_task",
    "sectors_of",
    "specific",
    "split_at_markers",
    "is_row",
    "cells",
    "column_kind",
]

MIN_TASK = 2
_SUBJECT_REACH = 24
_PARTNER_REACH = 40
_TABLE_SEPARATORS = ("\t", " | ")
_YEAR = re.compile(r"\d{4}")


def whole(matcher: Matcher, folded: str, start: int, end: int) -> bool:
    """Whether a word of `matcher` spans all of `folded[start:end]`."""
    m = matcher.match(folded, start, end)
    return m is not None and m.end() == end


def modal_at(lexicon: Lexicon, folded: str, pos: int, end: int) -> Piece | None:
    """The first modal (要, 必须, 应) in `folded[pos:end]` that is not part of a word such as 要求 or
    主要 (`cue:not-modal`)."""
    cues = lexicon.cues
    for hit in cues["modal"].hits(folded, pos, end):
        words = cues["not-modal"].hits(folded, max(0, hit.start - 1), min(len(folded), hit.end + 1))
        if not any(w.start <= hit.start and hit.end <= w.end for w in words):
            return Piece(hit.start, hit.end)
    return None


def verb_before(lexicon: Lexicon, folded: str, pos: int, stop: int) -> bool:
    """A directive verb or adverb in `folded[pos:stop]` (the words are the task, not its subject)."""
    cues = lexicon.cues
    return bool(cues["directive-verb"].search(folded, pos, stop) or cues["adverb"].search(folded, pos, stop))


def subject_names(lexicon: Lexicon, folded: str, pos: int, end: int) -> tuple[list[Named], int] | None:
    """Units opening a clause before a modal, 会同 or a role word ("市公安局会同…", "各镇要…"), or an
    owner kind opening it ("发展改革部门按照…"): the names and where the words after them start."""
    reach = min(end, pos + _SUBJECT_REACH)
    found = (
        modal_at(lexicon, folded, pos, reach),
        _span(lexicon.cues["partner"].search(folded, pos, reach)),
        _span(lexicon.schemes["task-role"].search(folded, pos, reach)),
    )
    for stop in sorted(p.start for p in found if p is not None and p.start > pos):
        names = unit_list(lexicon, folded, *strip_span(folded, pos, stop))
        if names:
            return names, stop
    kind = lexicon.schemes["owner-kind"].match(folded, pos, end)
    if kind is not None and is_unit_name(lexicon, folded, pos, kind.end()):
        return [Named(pos, kind.end())], kind.end()
    return None


def _span(m: re.Match[str] | None) -> Piece | None:
    return Piece(*m.span()) if m else None


def leading_unit(lexicon: Lexicon, folded: str, clause: Piece) -> tuple[list[Named], int] | None:
    """The shortest unit name opening a clause (我局梳理了本单位职责…)."""
    for hit in lexicon.cues["unit-head"].hits(folded, clause.start, clause.end):
        if is_unit_name(lexicon, folded, clause.start, hit.end):
            return [Named(clause.start, hit.end)], hit.end
    return None


def section_units(lexicon: Lexicon, folded: str, pos: int, end: int) -> list[Named] | None:
    """一、市生态环境局（主要职责）: the units a section's title names, without the duty word after them."""
    duty = lexicon.cues["duty-word"].ending(folded[pos:end])
    stop = pos + duty if duty else end
    return unit_list(lexicon, folded, *strip_span(folded, pos, stop), short=True)


def partners_at(lexicon: Lexicon, folded: str, pos: int, end: int) -> tuple[list[Named], int]:
    """After 会同: the shortest run of units the phrase opens with (发展改革、生态环境等部门), and
    where the words after it start."""
    reach = min(end, pos + _PARTNER_REACH)
    for hit in lexicon.cues["unit-head"].hits(folded, pos, reach):
        joined = lexicon.cues["list-joiner"].match(folded, hit.end, reach)
        if folded[hit.end : hit.end + 1] == "(" or joined:
            continue
        names = unit_list(lexicon, folded, pos, hit.end, loose=True)
        if names:
            return names, hit.end
    return [], pos


def opens_with_directive(lexicon: Lexicon, folded: str, pos: int, end: int) -> bool:
    """A section's title that is itself a task opens with a directive verb after its adverbs
    (加快调整能源结构); one that names a topic (环境空气质量目标) does not."""
    cues = lexicon.cues
    while pos < end:
        if cues["directive-verb"].match(folded, pos, end):
            return True
        adverb = cues["adverb"].match(folded, pos, end)
        if adverb is None or adverb.end() <= pos:
            return False
        pos = adverb.end()
    return False


def without_trailing_bracket(folded: str, pos: int, end: int) -> int:
    """Where a task ends before a note in brackets that closes it ("(详见附件2)")."""
    if folded[end - 1 : end] == ")":
        opening = folded.rfind("(", pos, end)
        if opening - pos >= MIN_TASK and folded.find(")", opening, end - 1) < 0:
            return strip_span(folded, pos, opening).end
    return end


def not_a_task(lexicon: Lexicon, folded: str, pos: int, end: int, clause: bool) -> tuple[str | None, str | None]:
    """Why a whole clause (`clause`) or the words after its subject are no task (or None), and
    the year a clause that is only a year or period names ("2020年，…": the year of its targets)."""
    cues = lexicon.cues
    if whole(cues["period"], folded, pos, end):
        year = _YEAR.search(folded, pos, end)
        return "year or period", year.group() if year else None
    if cues["notice-form"].search(folded, pos, end):
        return "notice formula", None
    if whole(cues["basis-clause"], folded, pos, end):
        return "basis", None
    if whole(cues["condition-clause"], folded, pos, end):
        return "condition", None
    if not clause and cues["plan-non-measure"].search(folded, pos, end):
        return "slogan or attitude", None
    return None, None


def top(notation: str | None) -> str:
    """The sector code before its first dot (IND.VOC → IND)."""
    return (notation or "").split(".")[0]


def sectors_of(lexicon: Lexicon, folded: str, start: int, end: int) -> list[str]:
    """The sectors a clause names: the specific ones (narrowest), with GOV when it also names
    governance (宣传禁放规定 → FIRE, GOV). In "X的Y" the head Y decides when it names one
    (对建筑工地外来人口的禁放宣传 → FIRE, GOV); an air sector outweighs OTHER (河道整治工程的
    扬尘污染防治 → DUST)."""
    hits = lexicon.schemes["sector"].hits(folded, start, end)
    particles = lexicon.cues["attributive"].hits(folded, start, end)
    head = particles[-1].start if particles else -1
    if head >= 0 and any(h.start > head for h in hits):
        hits = [h for h in hits if h.start > head]
    found = list(dict.fromkeys(h.concept.notation for h in hits if h.concept.notation))
    found = [n for n in found if not any(o != n and o.startswith(n + ".") for o in found)]
    # GOV beside a specific sector when the clause names a governance activity (宣传, 执法), not
    # when it only says the thing is treated comprehensively (挥发性有机物综合治理).
    governance = [
        h.concept.notation
        for h in hits
        if top(h.concept.notation) == "GOV" and folded[h.start : h.end] != h.concept.pref_label
    ]
    narrow = [n for n in found if top(n) != "GOV"]
    air = [n for n in narrow if top(n) != "OTHER"]
    return (air or narrow) + governance[:1]


def specific(sectors: list[str]) -> list[str]:
    """The sectors a topic carries on: the specific ones (GOV belongs to its own clause)."""
    return [n for n in sectors if top(n) != "GOV"]


def split_at_markers(lexicon: Lexicon, folded: str, sentence: Piece) -> list[Piece]:
    """A sentence split before the item numbers run into it ("…结构优化调整1 .推动…", "…(一)…")."""
    cuts = [sentence.start]
    for hit in lexicon.cues["item-marker"].hits(folded, sentence.start + 1, sentence.end):
        previous = folded[hit.start - 1]
        if previous.isascii() and previous.isalnum() or hit.start - cuts[-1] < MIN_TASK:
            continue
        if folded[hit.start] in "(〔" or folded[hit.start].isdigit():
            cuts.append(hit.start)
    cuts.append(sentence.end)
    return [strip_span(folded, a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def is_row(folded: str, line: Piece) -> bool:
    """A table row as the readers flatten it: cells separated by a TAB or " | "."""
    return any(sep in folded[line.start : line.end] for sep in _TABLE_SEPARATORS)


def cells(folded: str, line: Piece) -> list[Piece]:
    """The cells of a table row, stripped."""
    sep = next(s for s in _TABLE_SEPARATORS if s in folded[line.start : line.end])
    found, pos = [], line.start
    while True:
        stop = folded.find(sep, pos, line.end)
        stop = line.end if stop < 0 else stop
        found.append(strip_span(folded, pos, stop))
        if stop >= line.end:
            return found
        pos = stop + len(sep)


def column_kind(lexicon: Lexicon, folded: str, cell: Piece) -> str | None:
    """What a header cell says its column holds: `index`, `task`, `deadline`, or a role."""
    for name, kind in (("index-column", "index"), ("deadline-label", "deadline"), ("task-column", "task")):
        if whole(lexicon.cues[name], folded, *cell):
            return kind
    role = role_at_start(lexicon, folded, *cell)
    return role[1] if role is not None and role[0] == cell.end else None
