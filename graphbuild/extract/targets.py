"""Quantified goals of a plan: "PM2.5平均浓度达到45微克/立方米" → a target, not a measure.

A clause holds a target when a value with a unit (`unit` scheme) follows a target verb
(`cue:target-verb`: 达到, 控制在, 不高于, 下降 …). The indicator comes from the `indicator` scheme
(a clause without one, "力争不高于49.1微克/立方米", keeps the indicator of the target before it);
a stretch value ("(力争达到44微克/立方米)", `cue:aspiration`) is a target of its own; "分别" gives
one target per indicator ("SO2、NOx排放量分别减少25%") or per area ("A区、B县PM10分别为57、54…").
A level or rate is a target; a counted action ("淘汰50家") has no unit of the scheme and stays a task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .places import PlaceContext
from .records import AreaRef, TargetRecord
from .text import Piece, strip_span

__all__ = ["TargetContext", "read_targets"]

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_SERIES_GAP = re.compile(r"\s*[、,]\s*")
_LIST_PART = re.compile(r"[^、,]+")


@dataclass
class TargetContext:
    """What targets of one sentence share: its year (`by`), the last indicator named, the areas
    listed for a "分别" series."""

    year: str | None = None
    indicator: str | None = None
    areas: list[AreaRef] = field(default_factory=list)
    by: str | None = None  # a time limit opening the sentence ("2025年6月底前，…")


def read_targets(
    lexicon: Lexicon, text: str, folded: str, clause: Piece, context: TargetContext, places: PlaceContext | None
) -> list[TargetRecord] | None:
    """The targets a clause states, or None when it states none (it may still be a task)."""
    start, end = clause
    main_end, asides = _main_and_asides(lexicon, folded, start, end)
    values = _values(lexicon, folded, start, main_end)
    if not values or not _has_target_verb(lexicon, folded, start, values[0][0]):
        return None
    respectively = lexicon.cues["respectively"].search(folded, start, values[0][0]) is not None
    if not respectively:
        goals = _goals(lexicon, folded, Piece(start, end), values)
        if len(goals) > 1:  # 优良天数比例达到80%、重污染天数比例控制在1%以内: two goals in one clause
            found = [read_targets(lexicon, text, folded, goal, context, places) or [] for goal in goals]
            return [t for targets in found for t in targets] or None
    indicators = _indicators(lexicon, folded, start, values[0][0])
    if not indicators and context.indicator and _continues(lexicon, folded, start, values[0][0]):
        indicators = [context.indicator]
    context.indicator = indicators[-1] if indicators else context.indicator
    by = context.by or (f"{context.year}-12-31" if context.year else None)
    piece = strip_span(folded, start, main_end)
    words = text[piece.start : piece.end]
    targets: list[TargetRecord] = []
    if respectively and len(values) > 1:
        areas = _listed_areas(lexicon, folded, start, values[0][0], places) or context.areas
        context.areas = areas
        for index, (_, _, value, unit) in enumerate(values):
            area = areas[index] if len(areas) == len(values) else None
            targets.append(TargetRecord(words, _first(indicators), value, unit, by, tuple(piece), area))
    else:
        _, _, value, unit = values[0]
        for indicator in indicators if respectively else [_first(indicators)]:
            targets.append(TargetRecord(words, indicator, value, unit, by, tuple(piece)))
    for aside in asides:
        for _, _, value, unit in _values(lexicon, folded, aside.start, aside.end)[:1]:
            targets.append(
                TargetRecord(text[aside.start : aside.end], context.indicator, value, unit, by, tuple(aside))
            )
    return targets


def _goals(lexicon: Lexicon, folded: str, clause: Piece, values: list) -> list[Piece]:
    """The clause cut after each value that a new indicator and target verb follow (each goal with
    the stretch value in brackets after it)."""
    cuts = [clause.start]
    for previous, following in zip(values, values[1:], strict=False):
        cut = previous[1]
        if folded[cut : cut + 1] == "(":
            closing = folded.find(")", cut, following[0])
            cut = closing + 1 if closing >= 0 else cut
        between = (cut, following[0])
        if lexicon.schemes["indicator"].search(folded, *between) and _has_target_verb(lexicon, folded, *between):
            cuts.append(cut)
    goals = []
    for a, b in zip(cuts, cuts[1:] + [clause.end], strict=False):
        piece = strip_span(folded, a, b)
        joiner = lexicon.cues["list-joiner"].match(folded, piece.start, piece.end)
        goals.append(strip_span(folded, joiner.end(), piece.end) if joiner else piece)
    return [g for g in goals if g.end > g.start]


def _continues(lexicon: Lexicon, folded: str, start: int, value_start: int) -> bool:
    """A clause that names no indicator of its own continues the one before only when it opens
    with the target verb ("力争不高于49.1微克/立方米", "分别为…"); "降尘量控制在…" names another."""
    pos = start
    aspiration = lexicon.cues["aspiration"].match(folded, pos, value_start)
    pos = aspiration.end() if aspiration else pos
    return lexicon.cues["target-verb"].match(folded, pos, value_start) is not None or bool(
        lexicon.cues["respectively"].match(folded, pos, value_start)
    )


def _first(indicators: list[str]) -> str | None:
    return indicators[0] if indicators else None


def _main_and_asides(lexicon: Lexicon, folded: str, start: int, end: int) -> tuple[int, list[Piece]]:
    """Where the clause's own words end before a closing bracket, and the brackets that state a
    stretch goal of their own ("(力争达到44微克/立方米)")."""
    asides: list[Piece] = []
    main_end = end
    while main_end > start and folded[main_end - 1] == ")":
        opening = folded.rfind("(", start, main_end)
        if opening <= start:
            break
        inner = Piece(opening + 1, main_end - 1)
        if lexicon.cues["aspiration"].match(folded, inner.start, inner.end):
            asides.insert(0, inner)
        main_end = opening
    return main_end, asides


def _values(lexicon: Lexicon, folded: str, start: int, end: int) -> list[tuple[int, int, float, str]]:
    """Numbers with a unit: "45微克/立方米" → [(start, end, 45.0, "微克/立方米")]; a series sharing one
    unit ("57、54、55微克/立方米") gives one value each. Numbers inside brackets are not read."""
    found: list[tuple[int, int, float, str]] = []
    pending: list[tuple[int, int]] = []
    pos, depth = start, 0
    while pos < end:
        ch = folded[pos]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        number = _NUMBER.match(folded, pos, end) if depth == 0 and not _in_word(folded, pos) else None
        if number is None:
            pos += 1
            continue
        unit = lexicon.schemes["unit"].match(folded, _skip_space(folded, number.end(), end), end)
        if unit is not None:
            for s, e in pending:
                found.append((s, e, float(folded[s:e]), unit.group()))
            found.append((number.start(), unit.end(), float(number.group()), unit.group()))
            pending = []
            pos = unit.end()
            continue
        gap = _SERIES_GAP.match(folded, number.end(), end)
        pending = pending + [number.span()] if gap and _NUMBER.match(folded, gap.end(), end) else []
        pos = gap.end() if gap and pending else number.end()
    return found


def _in_word(folded: str, pos: int) -> bool:
    """A digit that continues a name (PM2.5, SO2, 2015年 are not values)."""
    return pos > 0 and (folded[pos - 1].isalnum() and folded[pos - 1].isascii() or folded[pos - 1] == ".")


def _skip_space(folded: str, pos: int, end: int) -> int:
    while pos < end and folded[pos] == " ":
        pos += 1
    return pos


def _has_target_verb(lexicon: Lexicon, folded: str, start: int, value_start: int) -> bool:
    return lexicon.cues["target-verb"].search(folded, start, value_start) is not None


def _indicators(lexicon: Lexicon, folded: str, start: int, end: int) -> list[str]:
    """Local names of the indicators a clause names before its value, each once, in order."""
    names = [_local(h.concept.iri) for h in lexicon.schemes["indicator"].hits(folded, start, end)]
    return list(dict.fromkeys(names))


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _listed_areas(lexicon: Lexicon, folded: str, start: int, end: int, places: PlaceContext | None) -> list[AreaRef]:
    """The areas a "分别" series lists before its indicator (玉州区、福绵区、…), each as the text
    writes it, with its code when the divisions know it."""
    head = lexicon.schemes["indicator"].search(folded, start, end)
    stop = head.start() if head else end
    digits = _NUMBER.search(folded, start, stop)
    stop = digits.start() if digits else stop
    parts = [strip_span(folded, start + p.start(), start + p.end()) for p in _LIST_PART.finditer(folded[start:stop])]
    if len(parts) < 2:
        return []
    areas = []
    for part in parts:
        name = folded[part.start : part.end]
        area = places.pick(name) if places is not None else None
        areas.append(AreaRef(area.name, area.adcode) if area else AreaRef(name, None))
    return areas
