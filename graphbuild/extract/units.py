"""Units named as owners in plans and lists: names, lists of names, and the roles the text gives them.

A plan names its owners in lists (市发改委、市生态环境局), in brackets after a task
((责任单位：…；配合单位：…), 〔牵头单位：…〕, (市住建局负责)), in role sentences
(市住建局牵头，市交通局配合) and as the heads of duty lines (市公安局：负责…). This module
reads such a list or bracket into owners with roles; `tasks` decides which tasks they own.
Every word comes from the vocabularies: unit-name endings (`cue:unit-head`), role words (the
`task-role` scheme), list tails (`cue:list-tail`), glosses (`cue:gloss`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .records import OwnerRecord
from .text import Piece, strip_span

__all__ = [
    "Named",
    "BracketFacts",
    "unit_list",
    "labelled_units",
    "is_unit_name",
    "role_at_end",
    "role_at_start",
    "role_statement",
    "read_bracket",
    "find_brackets",
    "owners_of",
]

_MAX_NAME = 16
_OPENERS = {"(": ")", "〔": "〕", "【": "】", "[": "]"}
_CLOSERS = set(_OPENERS.values())
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff()、A-Za-z0-9]+")
_SEPARATORS = "、,"
_SEGMENT_STOPS = ";。\n"
_LIMIT_TAIL = 2  # 前完成: the words a time limit may trail in a bracket


@dataclass
class Named:
    """A unit as the text writes it, with its role when the text gives one."""

    start: int
    end: int
    role: str | None = None


@dataclass
class BracketFacts:
    """What an owner bracket after a task says: owners with roles, units a note adds to every later
    task (以下均需X落实，不再列出), whether its first unit leads (列第一位者为牵头部门), whether
    that note holds below too (下同), and a time limit."""

    owners: list[Named] = field(default_factory=list)
    note: list[Named] = field(default_factory=list)
    first_leads: bool = False
    carry_on: bool = False
    deadline: Piece | None = None


def _bracket_depth_split(folded: str, start: int, end: int, stops: str) -> list[Piece]:
    """`folded[start:end]` split at the stop characters outside brackets."""
    pieces, depth, begin = [], 0, start
    for i in range(start, end):
        ch = folded[i]
        if ch in _OPENERS or ch == "〈":
            depth += 1
        elif ch in _CLOSERS or ch == "〉":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in stops:
            pieces.append(Piece(begin, i))
            begin = i + 1
    pieces.append(Piece(begin, end))
    return [p for p in (strip_span(folded, q.start, q.end) for q in pieces) if p.end > p.start]


def is_unit_name(lexicon: Lexicon, folded: str, start: int, end: int, short: bool = False) -> bool:
    """A short name that ends like a unit (局, 委, 人民政府, 管委会, 办事处 …), and does not open with
    a verb (组织企业 is a pivot, not a unit). Two characters ending in a one-character head (全部)
    are a unit only when `short` (a duty line's head: 商委：…) or a self-reference (我局)."""
    if not 2 <= end - start <= _MAX_NAME or not _NAME_CHARS.fullmatch(folded, start, end):
        return False
    cues = lexicon.cues
    if cues["directive-verb"].match(folded, start, end) or cues["adverb"].match(folded, start, end):
        return False
    if cues["modal"].search(folded, start, end):
        return False
    kind = lexicon.schemes["owner-kind"].match(folded, start, end)
    if kind is not None and kind.end() == end:  # 各村(社区), 有关部门, 各县(市、区); not a bare 交通
        if kind.group() in lexicon.schemes["owner-kind"].by_label or cues["distributive"].match(folded, start, end):
            return True
    head = _head_length(lexicon, folded, start, end)
    if head is None:
        return False
    # A one-character ending needs a name before it (市环保局, not 全部), or a self-reference (我局).
    long_enough = head > 1 or end - start > 2 or short
    return long_enough or bool(cues["self-reference"].match(folded, start, end))


def _head_length(lexicon: Lexicon, folded: str, start: int, end: int) -> int | None:
    """Length of the unit ending (`cue:unit-head`) that closes `folded[start:end]`, or None."""
    matcher = lexicon.cues["unit-head"]
    found = matcher.ending(folded[start:end])
    if found is not None:
        return end - start - found
    hits = matcher.hits(folded, start, end)
    return hits[-1].end - hits[-1].start if hits and hits[-1].end == end else None


def _without_glosses(lexicon: Lexicon, folded: str, start: int, end: int) -> list[Piece]:
    """The parts of a list outside its glosses (各区人民政府〈含开发区管委会，下同〉)."""
    parts, pos = [], start
    for hit in lexicon.cues["gloss"].hits(folded, start, end):
        parts.append(Piece(pos, hit.start))
        pos = hit.end
    parts.append(Piece(pos, end))
    return [p for p in parts if p.end > p.start]


def unit_list(
    lexicon: Lexicon, folded: str, start: int, end: int, loose: bool = False, short: bool = False
) -> list[Named] | None:
    """The units of a list such as `市发改委、市生态环境局和各区人民政府等`, or None when the
    text is not a list of units.

    Split at 、 and commas (outside brackets), and at 和/及 between two full unit names; a list
    ending in 等部门 is split and the tail dropped; a distributive fragment (各市、县(市、区)人民政府)
    or a series sharing one head noun (广播、电视、报刊等新闻媒体) stays one owner. With `loose`
    (a list introduced by 会同, or closed by 等部门), parts need not end like a unit.
    """
    tail = _list_tail(lexicon, folded, start, end)
    if tail is not None:
        end, loose = tail, True
    parts: list[Piece] = []
    for piece in _without_glosses(lexicon, folded, start, end):
        parts += _bracket_depth_split(folded, piece.start, piece.end, _SEPARATORS)
    if not parts:
        return None
    parts = _merge_shared_heads(lexicon, folded, parts)
    names: list[Named] = []
    for part in parts:
        names += _split_conjunction(lexicon, folded, part)
    if not names:
        return None
    names = [_with_own_role(lexicon, folded, n) for n in names]
    if not loose and not is_unit_name(lexicon, folded, names[-1].start, names[-1].end, short):
        return None
    if not loose and not all(_plausible_name(lexicon, folded, n) for n in names):
        return None
    if loose and not all(_NAME_CHARS.fullmatch(folded, n.start, n.end) for n in names):
        return None
    return names


def _with_own_role(lexicon: Lexicon, folded: str, name: Named) -> Named:
    """市生态环境局(牵头): the unit, with the role its bracket names."""
    if folded[name.end - 1 : name.end] != ")":
        return name
    opening = folded.rfind("(", name.start, name.end)
    if opening <= name.start:
        return name
    role = role_at_start(lexicon, folded, opening + 1, name.end - 1)
    if role is None or role[0] != name.end - 1:
        return name
    return Named(name.start, strip_span(folded, name.start, opening).end, role[1])


def _plausible_name(lexicon: Lexicon, folded: str, name: Named) -> bool:
    """A unit name, or a bare name listed before one (城关、东关街道): no verb, modal or
    punctuation in it."""
    if is_unit_name(lexicon, folded, name.start, name.end):
        return True
    cues = lexicon.cues
    return (
        1 < name.end - name.start <= _MAX_NAME // 2
        and _NAME_CHARS.fullmatch(folded, name.start, name.end) is not None
        and not cues["directive-verb"].search(folded, name.start, name.end)
        and not cues["modal"].search(folded, name.start, name.end)
    )


def _list_tail(lexicon: Lexicon, folded: str, start: int, end: int) -> int | None:
    """Where a closing 等/等部门 (`cue:list-tail`) starts, when the list ends with one."""
    found = lexicon.cues["list-tail"].ending(folded[start:end])
    return None if found is None or found == 0 else start + found


def _merge_shared_heads(lexicon: Lexicon, folded: str, parts: list[Piece]) -> list[Piece]:
    """Join a fragment with no unit ending to the next part when it opens a distributive series
    (各市、县(市、区)人民政府), and a whole series whose last part holds 等 before its head noun."""
    last = parts[-1]
    inner_tail = lexicon.cues["list-tail"].search(folded, last.start, last.end)
    if len(parts) > 1 and inner_tail is not None and inner_tail.start() > last.start:
        return [Piece(parts[0].start, last.end)]
    merged: list[Piece] = []
    pending: Piece | None = None
    for part in parts:
        if merged and _is_bare_head(lexicon, folded, part):  # 市直各委、办、局: heads sharing one modifier
            merged[-1] = Piece(merged[-1].start, part.end)
            continue
        if pending is not None:
            part, pending = Piece(pending.start, part.end), None
        bare = not is_unit_name(lexicon, folded, part.start, part.end)
        if bare and lexicon.cues["distributive"].match(folded, part.start, part.end) and part is not parts[-1]:
            pending = part
            continue
        merged.append(part)
    if pending is not None:
        merged.append(pending)
    return merged


def _is_bare_head(lexicon: Lexicon, folded: str, part: Piece) -> bool:
    """A part that is only a unit ending (办, 局)."""
    return _head_length(lexicon, folded, part.start, part.end) == part.end - part.start


def _split_conjunction(lexicon: Lexicon, folded: str, part: Piece) -> list[Named]:
    """东关街道和北关镇 → two units: split at a joiner (和, 及) only between full unit names."""
    joiners = [
        h for h in lexicon.cues["list-joiner"].hits(folded, part.start, part.end) if folded[h.start : h.end] != "、"
    ]
    for hit in joiners:
        left, right = strip_span(folded, part.start, hit.start), strip_span(folded, hit.end, part.end)
        if is_unit_name(lexicon, folded, *left) and (
            is_unit_name(lexicon, folded, *right) or _split_conjunction(lexicon, folded, right) != [Named(*right)]
        ):
            return [Named(*left), *_split_conjunction(lexicon, folded, right)]
    return [Named(part.start, part.end)]


def role_at_end(lexicon: Lexicon, folded: str, start: int, end: int) -> tuple[int, str] | None:
    """A role word closing `folded[start:end]` (市住建局牵头, 市交通局按职责负责): where it starts and
    the role (local name of its `task-role` concept)."""
    found = lexicon.schemes["task-role"].ending(folded[start:end])
    if found is None or found == 0:
        return None
    word = folded[start + found : end]
    return start + found, _local(lexicon.schemes["task-role"].concept_of(word).iri)


def role_at_start(lexicon: Lexicon, folded: str, start: int, end: int) -> tuple[int, str] | None:
    """A role label opening `folded[start:end]` (牵头单位, 配合单位): where it ends and the role."""
    m = lexicon.schemes["task-role"].match(folded, start, end)
    if m is None:
        return None
    return m.end(), _local(lexicon.schemes["task-role"].concept_of(m.group()).iri)


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def role_statement(lexicon: Lexicon, folded: str, start: int, end: int) -> list[Named] | None:
    """`市住建局牵头` or `市交通局、市生态环境局按职责负责`: the units with the role their word gives."""
    found = role_at_end(lexicon, folded, start, end)
    if found is None:
        return None
    agent = lexicon.cues["agent"].match(folded, start, found[0])  # 由市生态环境局牵头
    names = unit_list(lexicon, folded, *strip_span(folded, agent.end() if agent else start, found[0]))
    if names is None:
        return None
    return [Named(n.start, n.end, found[1]) for n in names]


def read_bracket(lexicon: Lexicon, folded: str, start: int, end: int) -> BracketFacts | None:
    """The owners an owner bracket's content names, or None when the bracket says something else
    ((PM2.5), (详见附件2), (2019年本)).

    Segments are separated by semicolons and full stops: `牵头单位：A、B` (a label and its units),
    `A牵头，B配合` (units and role words), `A、B` (units with no role word), `列第一位者为牵头部门`,
    `下同`, `完成时限：2019年底前`.
    """
    facts = BracketFacts()
    start = strip_span(folded, start, end).start
    marker = lexicon.cues["item-marker"].match(folded, start, end)  # a page's chunk number inside
    start = strip_span(folded, marker.end() if marker else start, end).start
    for segment in _bracket_depth_split(folded, start, end, _SEGMENT_STOPS):
        _read_segment(lexicon, folded, segment, facts)
    return facts if facts.owners or facts.deadline or facts.note else None


def _read_segment(lexicon: Lexicon, folded: str, segment: Piece, facts: BracketFacts) -> None:
    s, e = segment
    label = lexicon.cues["deadline-label"].match(folded, s, e)
    if label and label.end() < e and folded[label.end()] == ":":
        facts.deadline = strip_span(folded, label.end() + 1, e)
        return
    labelled = role_at_start(lexicon, folded, s, e)
    if labelled is not None and labelled[0] < e and folded[labelled[0]] == ":":
        facts.owners += labelled_units(lexicon, folded, strip_span(folded, labelled[0] + 1, e), labelled[1])
        return
    clauses = []
    for clause in _bracket_depth_split(folded, s, e, ","):
        note = lexicon.cues["owner-note"].match(folded, *clause)
        if note is not None and note.end() > clause.start:
            facts.note += role_statement(lexicon, folded, note.end(), clause.end) or []
            continue
        if whole_match(lexicon.cues["note-closing"], folded, clause):
            continue
        limit = lexicon.cues["deadline"].match(folded, *clause) or lexicon.cues["open-deadline"].match(folded, *clause)
        if limit is not None and clause.end - limit.end() <= _LIMIT_TAIL:  # (…，2021年底前完成), (…，持续推进)
            facts.deadline = Piece(clause.start, limit.end())
        elif lexicon.cues["first-leads"].search(folded, *clause):
            facts.first_leads = True
            facts.carry_on = facts.carry_on or lexicon.cues["carry-on"].search(folded, *clause) is not None
        elif whole_match(lexicon.cues["carry-on"], folded, clause):
            facts.carry_on = facts.first_leads
        else:
            clauses.append(clause)
    if not clauses:
        return
    stated = [role_statement(lexicon, folded, c.start, c.end) for c in clauses]
    if all(stated):
        facts.owners += [n for names in stated for n in names]
        return
    names = unit_list(lexicon, folded, clauses[0].start, clauses[-1].end)
    if names is not None:
        facts.owners += names


def labelled_units(lexicon: Lexicon, folded: str, piece: Piece, role: str) -> list[Named]:
    """The units after a role label (责任单位：A、B), each with the label's role, unless a part says
    its own ("责任单位：A牵头，B、C等按职责分工负责")."""
    found: list[Named] = []
    for part in _bracket_depth_split(folded, piece.start, piece.end, ","):
        label = role_at_start(lexicon, folded, part.start, part.end)
        if label is not None and label[0] < part.end and folded[label[0]] == ":":  # …，配合单位：C
            part, role = strip_span(folded, label[0] + 1, part.end), label[1]
        stated = role_statement(lexicon, folded, part.start, part.end)
        if stated:
            found += stated
            continue
        names = unit_list(lexicon, folded, part.start, part.end, loose=True) or []
        found += [Named(n.start, n.end, role) for n in names]
    return found


def whole_match(matcher, folded: str, piece: Piece) -> bool:
    m = matcher.match(folded, piece.start, piece.end)
    return m is not None and m.end() == piece.end


def find_brackets(folded: str, start: int, end: int) -> list[Piece]:
    """Top-level brackets in `folded[start:end]` as [open, close] pieces (close excluded). A bracket
    the text leaves open (a cut-off file) runs to `end`, and the scan goes on inside it."""
    found, pos = [], start
    while pos < end:
        if folded[pos] not in _OPENERS:
            pos += 1
            continue
        depth, i = 0, pos
        while i < end:
            if folded[i] in _OPENERS:
                depth += 1
            elif folded[i] in _CLOSERS:
                depth -= 1
                if depth == 0:
                    break
            i += 1
        found.append(Piece(pos, i))
        pos = i + 1 if i < end else pos + 1
    return found


def owners_of(text: str, names: list[Named], role: str | None = None) -> list[OwnerRecord]:
    """Owner records for names, as the original text writes them, with their role (or `role`)."""
    return [OwnerRecord(text[n.start : n.end], None, (n.start, n.end), n.role or role) for n in names]
