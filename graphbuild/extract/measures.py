"""Measures, their sectors and owners, and responsibility statements in a meeting's body.

Each clause is read left to right: a lead-in (会议强调), a connective (同时, 一是), a subject
(an owner such as 相关企业, or any noun before 要/必须), a modal; what remains is a measure when
it opens with adverbs and a directive verb and is no slogan, purpose or principle citation.
A named owner holds for the clauses after it up to the next semicolon or full stop.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .lexicon import Lexicon
from .records import MeasureRecord, OwnerRecord, ResponsibilityRecord
from .text import Piece, clauses, ends_with_semicolon, sentences, strip_span

__all__ = ["read_body"]

_MIN_MEASURE = 4
_SUBJECT_REACH = 24
_UNIT_REACH = 10
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")
# One name in a list after an owner label: up to the next list mark, bracket or sentence end.
_OWNER_NAME = re.compile(r"\s*([^、,;:()。\s]+)\s*[、,]?")


@dataclass
class BodyFacts:
    """What the body of one meeting yields."""

    measures: list[MeasureRecord] = field(default_factory=list)
    responsibilities: list[ResponsibilityRecord] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)


@dataclass
class _Scope:
    """Subject and topic carried from clause to clause within a semicolon-delimited segment."""

    owners: list[OwnerRecord] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)
    first: bool = True
    roles: bool = False  # the clause before only named owners and their roles (住建局牵头,城管局配合)


def read_body(text: str, folded: str, span: Piece, skip: list[Piece], lexicon: Lexicon) -> BodyFacts:
    """Measures and responsibilities of `text[span]`, leaving out the pieces in `skip` (whole sentences,
    or a sentence's opening up to the clause that named a speaker)."""
    facts = BodyFacts()
    used_until = {p.start: p.end for p in skip}  # sentences, or their opening clauses, read elsewhere
    previous = 0  # measures found before the current sentence
    for sentence in sentences(folded, span.start, span.end):
        if used_until.get(sentence.start, sentence.start) >= sentence.end:
            continue
        labelled = _labelled_owners(lexicon, folded, sentence.start, sentence.end)
        if labelled is not None and labelled[0] == sentence.end:
            # 责任单位：市生态环境局 on its own: the owners of the sentence's measures before it.
            for measure in facts.measures[previous:]:
                measure.owners = list(labelled[1])
            continue
        previous = len(facts.measures)
        if _is_heading(folded, sentence, lexicon) or lexicon.match_cue("report-opener", folded, sentence.start) > 0:
            facts.dropped["heading or report sentence"] += 1
            continue
        scope = _Scope()
        for clause in clauses(folded, used_until.get(sentence.start, sentence.start), sentence.end):
            _read_clause(text, folded, clause, sentence, scope, lexicon, facts)
            scope.first = False
            if ends_with_semicolon(folded, clause):
                scope = _Scope()
    return facts


def _is_heading(folded: str, sentence: Piece, lexicon: Lexicon) -> bool:
    """A short sentence with an exhortation (形势严峻,绝不允许有丝毫侥幸) is a heading."""
    return (
        sentence.end - sentence.start <= 24
        and lexicon.has_cue("exhortation", folded, sentence.start, sentence.end)
        and len(clauses(folded, sentence.start, sentence.end)) <= 2
    )


def _owners_at(lexicon: Lexicon, folded: str, pos: int, end: int) -> tuple[list[OwnerRecord], int]:
    """A list of owners (相关企业、各镇(街道)) starting at pos, and where it ends."""
    owners = []
    while pos < end:
        hit = lexicon.match("owner-kind", folded, pos)
        if hit is None or hit[0] > end:
            break
        stop, concept = hit
        owners.append(OwnerRecord(folded[pos:stop], concept.iri, (pos, stop)))
        pos = stop
        joined = lexicon.match_cue("list-joiner", folded, pos) if pos < end else -1
        if joined < 0:
            break
        pos = joined
    if owners:
        pos = lexicon.skip(("list-tail",), folded, pos, end)
        owners[-1], pos = _unit_within(lexicon, folded, owners[-1], pos, end)
    return owners, pos


def _unit_within(lexicon: Lexicon, folded: str, owner: OwnerRecord, pos: int, end: int) -> tuple[OwnerRecord, int]:
    """The words between a named owner and its modal: a unit of the owner or an adverbial.

    市公安局交警支队要…: words ending like a unit's name (支队, 中心 … in `cue:unit-ending`) make
    the unit the owner; 各镇(街道)在禁烧期间要…: other words without a verb, adverb or
    responsibility type are skipped, the owner kept.
    """
    modal = _bare_modal(lexicon, folded, pos, pos, min(end, pos + _UNIT_REACH))
    if modal is None or modal[0] == pos or lexicon.has("responsibility", folded, pos, modal[0]):
        return owner, pos
    stop = modal[0]
    tail = folded[pos:stop]
    if _CJK_ONLY.fullmatch(tail) and lexicon.suffix_cue("unit-ending", tail) >= 0:
        return OwnerRecord(folded[owner.span[0] : stop], owner.kind, (owner.span[0], stop)), stop
    return owner, stop


def _generic_subject(lexicon: Lexicon, folded: str, pos: int, end: int) -> int:
    """End of a subject and modal (全区上下要) within reach, or -1 when the clause has none."""
    modal = _bare_modal(lexicon, folded, pos, pos + 1, min(end, pos + _SUBJECT_REACH))
    return -1 if modal is None else modal[1]


def _bare_modal(lexicon: Lexicon, folded: str, pos: int, start: int, end: int) -> tuple[int, int] | None:
    """The first modal (要, 必须) in `folded[start:end]` when the words from `pos` to it hold no
    directive verb or adverb (they are a subject, not the measure itself); else None."""
    modal = lexicon.first_cue("modal", folded, start, end)
    if modal is None:
        return None
    if lexicon.has_cue("directive-verb", folded, pos, modal[0]) or lexicon.has_cue("adverb", folded, pos, modal[0]):
        return None
    return modal


def _read_clause(text, folded, clause: Piece, sentence: Piece, scope: _Scope, lexicon: Lexicon, facts: BodyFacts):
    end = clause.end
    lead = lexicon.match_cue("lead-in", folded, clause.start)
    pos = lead if 0 < lead else clause.start
    pos = lexicon.skip(("connective",), folded, pos, end)
    owners, after = _owners_at(lexicon, folded, pos, end)
    if owners and after < end and lexicon.skip(("adverb",), folded, after, end) >= end:
        # 区住建局牵头,区城管执法局配合,开展…: owners and their roles only; the next clause is theirs.
        scope.owners = scope.owners + owners if scope.roles else owners
        scope.roles = True
        facts.dropped["owners and their roles"] += 1
        return
    scope.roles = False
    if owners:
        scope.owners, pos = owners, after
    else:
        subject_end = _generic_subject(lexicon, folded, pos, end)
        if subject_end > 0:
            scope.owners, pos = [], subject_end
    pos = lexicon.skip(("modal", "connective"), folded, pos, end)
    while pos < end and folded[pos] in " ,、":
        pos += 1
    if end - pos <= 0:
        return
    types = lexicon.find("responsibility", folded, pos, end) if lexicon.has("responsibility", folded, pos, end) else []
    _owned_types(lexicon, folded, pos, end, types, clause, facts)
    if owners and types:
        for _, _, concept in types:
            for owner in owners:
                facts.responsibilities.append(
                    ResponsibilityRecord(owner, concept.pref_label, concept.iri, (clause.start, clause.end))
                )
        return
    reason = _why_not_measure(lexicon, folded, pos, end)
    if reason:
        facts.dropped[reason] += 1
        return
    measure_owners = scope.owners or _role_owner(lexicon, folded, pos, end)
    label_at = folded.find("(", pos, end)
    labelled = _labelled_owners(lexicon, folded, label_at + 1, end) if label_at > pos else None
    if labelled is not None:
        # 开展超低排放改造(责任单位:市经信局、市生态环境局): the label names the owners.
        measure_owners, end = labelled[1], strip_span(folded, pos, label_at).end
    sectors = _sectors(lexicon, folded, pos, end, scope)
    facts.measures.append(
        MeasureRecord(text[pos:end], (pos, end), sectors, list(measure_owners), (sentence.start, sentence.end))
    )


def _labelled_owners(lexicon: Lexicon, folded: str, pos: int, end: int) -> tuple[int, list[OwnerRecord]] | None:
    """`责任单位:市生态环境局、市住建局` at pos (the label words are `cue:owner-label`): where the list
    ends and the owners, each with its kind when the owner-kind vocabulary knows it."""
    after = lexicon.match_cue("owner-label", folded, pos)
    if after < 0 or after >= end or folded[after] != ":":
        return None
    owners, stop = [], after + 1
    for m in _OWNER_NAME.finditer(folded, after + 1, end):
        if m.start() != stop:
            break
        name = m.group(1)
        hit = lexicon.match("owner-kind", name)
        kind = hit[1].iri if hit is not None and hit[0] == len(name) else None
        owners.append(OwnerRecord(name, kind, (m.start(1), m.end(1))))
        stop = m.end()
    if not owners:
        return None
    while stop < end and folded[stop] in ");；。 ":
        stop += 1
    return stop, owners


def _owned_types(lexicon: Lexicon, folded: str, pos: int, end: int, types, clause: Piece, facts: BodyFacts) -> None:
    """压实企业主体责任、部门监管责任: an owner word right before a type names who carries it."""
    if not types:
        return
    owners = lexicon.find("owner-kind", folded, pos, end)
    for t_start, t_end, concept in types:
        # The owner stands right before the type, or opens the type's own label (企业主体责任).
        hit = next(((s, e, k) for s, e, k in owners if e == t_start or (s == t_start and e < t_end)), None)
        if hit is not None:
            o_start, o_end, kind = hit
            owner = OwnerRecord(folded[o_start:o_end], kind.iri, (o_start, o_end))
            facts.responsibilities.append(
                ResponsibilityRecord(owner, concept.pref_label, concept.iri, (clause.start, clause.end))
            )


def _why_not_measure(lexicon: Lexicon, folded: str, pos: int, end: int) -> str | None:
    """The reason a clause is not a measure, or None when it is one."""
    if end - pos < _MIN_MEASURE:
        return "too short"
    if lexicon.has_cue("non-measure", folded, pos, end):
        return "slogan or attitude"
    if lexicon.has("principle", folded, pos, end):
        return "principle citation"
    if lexicon.match_cue("non-measure-start", folded, pos) > 0:
        return "purpose, manner or result"
    if not _opens_with_directive(lexicon, folded, pos, end) and not _directive_after_opening(lexicon, folded, pos, end):
        return "no directive verb"
    return None


def _directive_after_opening(lexicon: Lexicon, folded: str, pos: int, end: int) -> bool:
    """对涉气企业开展执法检查 (a prepositional opening, `cue:preposition-opening`, then a directive
    verb in the clause); 建筑工地严格落实… (a sector's object as the subject, then the directive)."""
    opening = lexicon.match_cue("preposition-opening", folded, pos)
    if opening > 0:
        return lexicon.has_cue("directive-verb", folded, opening, end)
    sector = lexicon.match("sector", folded, pos)
    return sector is not None and sector[0] < end and _opens_with_directive(lexicon, folded, sector[0], end)


def _opens_with_directive(lexicon: Lexicon, folded: str, pos: int, end: int) -> bool:
    """A directive verb after none, some or all of the adverbs in front (定期深入一线督导: 深入一线 is the verb)."""
    while pos < end:
        if lexicon.match_cue("directive-verb", folded, pos) > 0:
            return True
        after = lexicon.match_cue("adverb", folded, pos)
        if after <= pos or after > end:
            return False
        pos = after
    return False


def _role_owner(lexicon: Lexicon, folded: str, pos: int, end: int) -> list[OwnerRecord]:
    """发挥好驻企服务专员作用: the officer whose role is invoked owns the measure."""
    after = lexicon.match_cue("role-of", folded, pos)
    if after < 0:
        after = lexicon.match_cue("role-of", folded, lexicon.skip(("adverb",), folded, pos, end))
    if after < 0:
        return []
    owners, _ = _owners_at(lexicon, folded, after, end)
    return owners


def _sectors(lexicon: Lexicon, folded: str, pos: int, end: int, scope: _Scope) -> list[str]:
    """Sector notations named in the clause; else the segment's topic; else GOV.

    The first clause of a segment that names one sector by its preferred label (要严格落实工业源
    污染防治责任) sets the topic for the clauses after it; GOV gives way to any specific sector,
    and a concept gives way to a narrower one it holds.
    """
    hits = lexicon.find("sector", folded, pos, end)
    found = _narrowest(_unique(c.notation for _, _, c in hits if c.notation))
    topic = _unique(
        c.notation
        for s, e, c in hits
        if c.notation and "." not in c.notation and folded[s:e] == c.pref_label and c.notation != "GOV"
    )
    if scope.first and len(topic) == 1:
        scope.topic = topic
    specific = [n for n in found if n.split(".")[0] != "GOV"]
    if specific:
        return specific
    if scope.topic and not found:
        return list(scope.topic)
    owner_sectors = _unique(n for o in scope.owners for n in _owner_sectors(lexicon, o))
    return owner_sectors if owner_sectors and not found else ["GOV"]


def _owner_sectors(lexicon: Lexicon, owner: OwnerRecord) -> list[str]:
    """The sector an owner's kind implies (enterprises: IND), from `gb:defaultSector`."""
    concept = lexicon.concepts.get(owner.kind or "")
    return [lexicon.concepts[s].notation for s in concept.default_sectors] if concept else []


def _narrowest(notations: list[str]) -> list[str]:
    """Drop IND where IND.PERF is also given: the narrower code implies the broader."""
    return [n for n in notations if not any(o != n and o.startswith(n + ".") for o in notations)]


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))
