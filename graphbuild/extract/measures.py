"""Measures, their sectors and owners, and responsibility statements in a meeting's body.

Each clause is read left to right: a lead-in (会议强调), a connective (同时, 一是), a subject
(an owner such as 相关企业, or any noun before 要/必须), a modal; what remains is a measure when
it opens with adverbs and a directive verb (or a preposition and its object, or a time limit, before
them; or is a pair of four-character directives, or a short directive chained to the one before) and
is no slogan, purpose, report or principle citation. A named owner holds for the clauses after it up
to the full stop (across semicolons), unless another subject takes over. A measure that names no
sector takes the topic of its segment, of its numbered point, or of the meeting (its header or the
page's title), in that order.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .lexicon import Hit, Lexicon, Matcher
from .records import MeasureRecord, OwnerRecord, ResponsibilityRecord
from .text import Piece, clauses, ends_with_semicolon, sentences, strip_span

__all__ = ["read_body", "BodyReader", "BodyFacts"]

_MIN_MEASURE = 4
_PAIR, _PAIR_MEMBER = 2, 4  # 靠前指挥、科学调度: at least two members of four characters
_SHORT_CHAIN, _SHORT_LEAD = 8, 2  # 源头劝返: a clause of at most 8 characters, its verb after at most 2
_TOPIC_CLAUSE = 8  # 紧盯扬尘污染: a segment's opening clause this short names its topic
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
    """Subject and topic carried from clause to clause: the topic within a semicolon-delimited segment,
    the subject to the end of the sentence."""

    owners: list[OwnerRecord] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)
    first: bool = True
    roles: bool = False  # the clause before only named owners and their roles (住建局牵头,城管局配合)
    measured: list[str] | None = None  # the sectors of the clause before when it was a measure (a chain)


@dataclass
class _Passage:
    """Topics wider than a segment: the meeting's own subject (its header names one sector), and the
    numbered point being read (一是狠抓柴油货车治理,… up to the next number or paragraph)."""

    meeting: list[str] = field(default_factory=list)
    point: list[str] = field(default_factory=list)


def read_body(
    text: str, folded: str, span: Piece, skip: list[Piece], lexicon: Lexicon, subject: tuple[Piece, ...] = ()
) -> BodyFacts:
    """Measures and responsibilities of `text[span]`, leaving out the pieces in `skip` (whole sentences,
    or a sentence's opening up to the clause that named a speaker). `subject`: where the meeting names
    its own subject (its header, the page's title), whose one sector is the topic of measures that name
    none."""
    return BodyReader(text, folded, lexicon).read(span, skip, subject)


class BodyReader:
    """Reads the body of one directive: the text (for measure wording), its folded form (for matching)
    and the lexicon are bound once; every method looks at `folded[pos:end]`."""

    def __init__(self, text: str, folded: str, lexicon: Lexicon) -> None:
        self.text, self.folded, self.lexicon = text, folded, lexicon
        self.cues: dict[str, Matcher] = lexicon.cues
        self.schemes: dict[str, Matcher] = lexicon.schemes
        self.facts = BodyFacts()

    def read(self, span: Piece, skip: list[Piece], subject: tuple[Piece, ...] = ()) -> BodyFacts:
        folded, facts = self.folded, self.facts
        used_until: dict[int, int] = {}  # sentences, or their opening clauses, read elsewhere
        for piece in skip:
            used_until[piece.start] = max(piece.end, used_until.get(piece.start, piece.start))
        passage = _Passage(meeting=self.meeting_topic(subject))
        previous = 0  # measures found before the current sentence
        for sentence in sentences(folded, span.start, span.end):
            if sentence.start > span.start and "\n" in folded[max(span.start, sentence.start - 2) : sentence.start]:
                passage.point = []  # a numbered point ends with its paragraph
            if used_until.get(sentence.start, sentence.start) >= sentence.end:
                continue
            labelled = self.labelled_owners(sentence.start, sentence.end)
            if labelled is not None and labelled[0] == sentence.end:
                # 责任单位：市生态环境局 on its own: the owners of the sentence's measures before it.
                for measure in facts.measures[previous:]:
                    measure.owners = list(labelled[1])
                continue
            previous = len(facts.measures)
            start = used_until.get(sentence.start, sentence.start)
            # 会后,… reports what was done, unless its opening was a header read elsewhere (会后,…召开…,强调…).
            if self.is_heading(sentence) or (
                start == sentence.start and self.cues["report-opener"].match(folded, start)
            ):
                facts.dropped["heading or report sentence"] += 1
                continue
            scope = _Scope()
            for clause in clauses(folded, start, sentence.end):
                self.read_clause(clause, sentence, scope, passage)
                if ends_with_semicolon(folded, clause):
                    # A semicolon ends a segment's topic; its subject runs on to the full stop.
                    scope = _Scope(owners=scope.owners)
        return facts

    def is_heading(self, sentence: Piece) -> bool:
        """A short sentence with an exhortation (形势严峻,绝不允许有丝毫侥幸) is a heading."""
        return (
            sentence.end - sentence.start <= 24
            and self.cues["exhortation"].search(self.folded, sentence.start, sentence.end) is not None
            and len(clauses(self.folded, sentence.start, sentence.end)) <= 2
        )

    def owners_at(self, pos: int, end: int) -> tuple[list[OwnerRecord], int]:
        """A list of owners (相关企业、各镇(街道)) starting at pos, and where it ends."""
        folded, owner_kind, joiner = self.folded, self.schemes["owner-kind"], self.cues["list-joiner"]
        owners: list[OwnerRecord] = []
        while pos < end:
            hit = owner_kind.match(folded, pos)
            if hit is None or hit.end() > end:
                break
            owner = OwnerRecord(hit.group(), owner_kind.concept_of(hit.group()).iri, hit.span())
            # 各乡镇各部门, 各县(市、区)主要领导: owner words with no joiner between them name one owner,
            # of the kind its last word (the head) gives.
            while (more := owner_kind.match(folded, pos := owner.span[1], end)) is not None:
                start = owner.span[0]
                owner = OwnerRecord(
                    folded[start : more.end()], owner_kind.concept_of(more.group()).iri, (start, more.end())
                )
            owners.append(owner)
            pos = owner.span[1]
            joined = joiner.match(folded, pos) if pos < end else None
            if joined is None:
                break
            pos = joined.end()
        if owners:
            pos = self.lexicon.skip(("list-tail",), folded, pos, end)
            owners[-1], pos = self.unit_within(owners[-1], pos, end)
        return owners, pos

    def unit_within(self, owner: OwnerRecord, pos: int, end: int) -> tuple[OwnerRecord, int]:
        """The words between a named owner and its modal: a unit of the owner or an adverbial.

        市公安局交警支队要…: words ending like a unit's name (支队, 中心 … in `cue:unit-ending`) make
        the unit the owner; 各镇(街道)在禁烧期间要…: other words without a verb, adverb or
        responsibility type are skipped, the owner kept.
        """
        folded = self.folded
        modal = self.subject_modal(pos, pos, min(end, pos + _UNIT_REACH))
        if modal is None or modal[0] == pos or self.schemes["responsibility"].search(folded, pos, modal[0]):
            return owner, pos
        stop = modal[0]
        tail = folded[pos:stop]
        if _CJK_ONLY.fullmatch(tail) and self.cues["unit-ending"].ending(tail) is not None:
            return OwnerRecord(folded[owner.span[0] : stop], owner.kind, (owner.span[0], stop)), stop
        return owner, stop

    def generic_subject_end(self, pos: int, end: int) -> int | None:
        """End of a subject and modal (全区上下要) within reach, or None when the clause has none."""
        modal = self.subject_modal(pos, pos + 1, min(end, pos + _SUBJECT_REACH))
        return None if modal is None else modal[1]

    def subject_modal(self, subject_start: int, start: int, end: int) -> tuple[int, int] | None:
        """The first modal (要, 必须) in `folded[start:end]` when the words from `subject_start` to it
        hold no directive verb or adverb (they are a subject, not the measure itself), or end with an
        owner's head word (宣传部门要…: 宣传 is part of the name); else None."""
        folded = self.folded
        modal = self.cues["modal"].search(folded, start, end)
        if modal is None:
            return None
        m_start = modal.start()
        named = self.schemes["owner-kind"].ending(folded[subject_start:m_start]) is not None
        if not named and (
            self.cues["directive-verb"].search(folded, subject_start, m_start)
            or self.cues["adverb"].search(folded, subject_start, m_start)
        ):
            return None
        return modal.span()

    def read_clause(self, clause: Piece, sentence: Piece, scope: _Scope, passage: _Passage | None = None) -> None:
        folded, facts, skip = self.folded, self.facts, self.lexicon.skip
        passage = passage if passage is not None else _Passage()
        end = clause.end
        lead = self.cues["lead-in"].match(folded, clause.start)
        pos = lead.end() if lead else clause.start
        numbered = self.cues["numbering"].search(folded, pos, skip(("connective",), folded, pos, end))
        pos = skip(("connective",), folded, pos, end)
        if pos >= end:
            return  # 会议要求, on its own: the segment's opening clause is the next one
        if numbered is not None:
            # 三是严格落实烟花爆竹禁燃禁放: the sector a numbered point opens with is its topic.
            passage.point = self.single_sector(pos, end, preferred_only=False)
        elif lead is not None or self.schemes["owner-kind"].match(folded, pos, end):
            passage.point = []  # 四是…,要求各单位…: a new statement or subject ends the point
        if scope.first:
            # The opening clause of a segment sets its topic: a topic phrase (针对重型柴油货车) or a short
            # clause (要紧盯扬尘污染) by any of the sector's words, a longer one by the sector's preferred
            # label only (要严格落实工业源污染防治责任), so that a passing word does not colour the segment.
            short = end - skip(("modal",), folded, pos, end) <= _TOPIC_CLAUSE
            scope.topic = self.single_sector(pos, end, preferred_only=not (short or self.is_topic_phrase(pos, end)))
            scope.first = False
        measured, scope.measured = scope.measured, None
        owners, after = self.owners_at(pos, end)
        if owners and after < end and skip(("adverb",), folded, after, end) >= end:
            # 区住建局牵头,区城管执法局配合,开展…: owners and their roles only; the next clause is theirs.
            scope.owners = scope.owners + owners if scope.roles else owners
            scope.roles = True
            facts.dropped["owners and their roles"] += 1
            return
        scope.roles = False
        if owners:
            scope.owners, pos = owners, after
        else:
            subject_end = self.generic_subject_end(pos, end)
            if subject_end is not None:
                scope.owners, pos = [], subject_end
        pos = skip(("modal", "connective"), folded, pos, end)
        while pos < end and folded[pos] in " ,、":
            pos += 1
        if end - pos <= 0:
            return
        types = self.schemes["responsibility"].hits(folded, pos, end)
        self.owned_types(pos, end, types, clause)
        if owners and types:
            for _, _, concept in types:
                for owner in owners:
                    facts.responsibilities.append(
                        ResponsibilityRecord(owner, concept.pref_label, concept.iri, (clause.start, clause.end))
                    )
            return
        reason = self.why_not_measure(pos, end, chained=measured is not None)
        if reason:
            facts.dropped[reason] += 1
            return
        measure_owners = scope.owners or self.role_owner(pos, end)
        label_at = folded.find("(", pos, end)
        labelled = self.labelled_owners(label_at + 1, end) if label_at > pos else None
        if labelled is not None:
            # 开展超低排放改造(责任单位:市经信局、市生态环境局): the label names the owners.
            measure_owners, end = labelled[1], strip_span(folded, pos, label_at).end
        sectors = self.sectors(pos, end, scope, passage)
        if (
            sectors == ["GOV"]
            and measured
            and not self.opens_with_directive(pos, end)
            and self.short_directive(pos, end)
        ):
            sectors = list(measured)  # 加强交通疏导,远端绕行分流,源头劝返: a chained directive keeps the sector
        scope.measured = sectors
        facts.measures.append(
            MeasureRecord(self.text[pos:end], (pos, end), sectors, list(measure_owners), (sentence.start, sentence.end))
        )

    def labelled_owners(self, pos: int, end: int) -> tuple[int, list[OwnerRecord]] | None:
        """`责任单位:市生态环境局、市住建局` at pos (the label words are `cue:owner-label`): where the list
        ends and the owners, each with its kind when the owner-kind vocabulary knows it."""
        folded, owner_kind = self.folded, self.schemes["owner-kind"]
        label = self.cues["owner-label"].match(folded, pos)
        if label is None or label.end() >= end or folded[label.end()] != ":":
            return None
        after = label.end()
        owners, stop = [], after + 1
        for m in _OWNER_NAME.finditer(folded, after + 1, end):
            if m.start() != stop:
                break
            name = m.group(1)
            hit = owner_kind.match(name)
            kind = owner_kind.concept_of(hit.group()).iri if hit is not None and hit.end() == len(name) else None
            owners.append(OwnerRecord(name, kind, (m.start(1), m.end(1))))
            stop = m.end()
        if not owners:
            return None
        while stop < end and folded[stop] in ");；。 ":
            stop += 1
        return stop, owners

    def owned_types(self, pos: int, end: int, types: list[Hit], clause: Piece) -> None:
        """压实企业主体责任、部门监管责任: an owner word right before a type names who carries it."""
        if not types:
            return
        folded = self.folded
        owners = self.schemes["owner-kind"].hits(folded, pos, end)
        for t_start, t_end, concept in types:
            # The owner stands right before the type, or opens the type's own label (企业主体责任).
            hit = next((h for h in owners if h.end == t_start or (h.start == t_start and h.end < t_end)), None)
            if hit is not None:
                owner = OwnerRecord(folded[hit.start : hit.end], hit.concept.iri, (hit.start, hit.end))
                self.facts.responsibilities.append(
                    ResponsibilityRecord(owner, concept.pref_label, concept.iri, (clause.start, clause.end))
                )

    def why_not_measure(self, pos: int, end: int, chained: bool = False) -> str | None:
        """The reason a clause is not a measure, or None when it is one. `chained`: the clause before
        it in the sentence was a measure (远端绕行分流,源头劝返)."""
        folded = self.folded
        if end - pos < _MIN_MEASURE:
            return "too short"
        if self.directive_pair(pos, end):
            # 主动作为、统筹协调: a pair of four-character directives is one measure, even with a slogan in it.
            return None
        if self.cues["non-measure"].search(folded, pos, end):
            return "slogan or attitude"
        if self.schemes["principle"].search(folded, pos, end):
            return "principle citation"
        if self.cues["non-measure-start"].match(folded, pos):
            return "purpose, manner or result"
        if self.cues["report-aspect"].search(folded, pos, end):
            return "report of what was done"
        if (
            not self.opens_with_directive(pos, end)
            and not self.directive_after_opening(pos, end)
            and not (chained and self.short_directive(pos, end))
        ):
            return "no directive verb"
        return None

    def directive_pair(self, pos: int, end: int) -> bool:
        """靠前指挥、科学调度; 主动作为、统筹协调: four-character phrases joined by 、, at least one of them
        a directive (adverbs, then a directive verb) that is no slogan itself, and none a report or a principle."""
        folded = self.folded
        members = folded[pos:end].split("、")
        if len(members) < _PAIR or any(len(m) != _PAIR_MEMBER for m in members):
            return False
        if self.schemes["principle"].search(folded, pos, end) or self.cues["report-aspect"].search(folded, pos, end):
            return False
        starts = [pos + sum(len(m) + 1 for m in members[:i]) for i in range(len(members))]
        return any(
            self.opens_with_directive(start, start + _PAIR_MEMBER)
            and self.cues["non-measure"].search(folded, start, start + _PAIR_MEMBER) is None
            for start in starts
        )

    def short_directive(self, pos: int, end: int) -> bool:
        """源头劝返 after 远端绕行分流: a short clause whose directive verb follows a word of place or
        manner (at most two characters) continues the chain of the measure before it."""
        if end - pos > _SHORT_CHAIN:
            return False
        verb = self.cues["directive-verb"].search(self.folded, pos + 1, end)
        return verb is not None and verb.start() - pos <= _SHORT_LEAD

    def directive_after_opening(self, pos: int, end: int) -> bool:
        """对涉气企业开展执法检查, 把…纳入考核, 以…为重点抓好落实 (a prepositional opening,
        `cue:preposition-opening`, its object, then a directive verb in the clause); 10月底前实现…
        (a time limit, `cue:deadline-opening`, then the directive); 建筑工地严格落实… (a sector's object as
        the subject, then the directive)."""
        folded = self.folded
        deadline = self.cues["deadline-opening"].match(folded, pos, end)
        if deadline is not None and self.opens_with_directive(deadline.end(), end):
            return True
        opening = self.cues["preposition-opening"].match(folded, pos)
        if opening is not None:
            # The object comes first: a verb right after the preposition (以推动…) is a purpose.
            return self.cues["directive-verb"].search(folded, opening.end() + 1, end) is not None
        sector = self.schemes["sector"].match(folded, pos)
        return sector is not None and sector.end() < end and self.opens_with_directive(sector.end(), end)

    def opens_with_directive(self, pos: int, end: int) -> bool:
        """A directive verb after none, some or all of the adverbs in front (定期深入一线督导: 深入一线 is the verb)."""
        folded, verb, adverb = self.folded, self.cues["directive-verb"], self.cues["adverb"]
        while pos < end:
            if verb.match(folded, pos):
                return True
            after = adverb.match(folded, pos)
            if after is None or after.end() > end:
                return False
            pos = after.end()
        return False

    def role_owner(self, pos: int, end: int) -> list[OwnerRecord]:
        """发挥好驻企服务专员作用: the officer whose role is invoked owns the measure."""
        folded, role_of = self.folded, self.cues["role-of"]
        after = role_of.match(folded, pos) or role_of.match(folded, self.lexicon.skip(("adverb",), folded, pos, end))
        if after is None:
            return []
        owners, _ = self.owners_at(after.end(), end)
        return owners

    def single_sector(self, pos: int, end: int, preferred_only: bool) -> list[str]:
        """The one specific sector `folded[pos:end]` names (its notations, narrowest first), or [] when it
        names none or several. `preferred_only`: only by its preferred label (工业源), as an unnumbered
        segment's opening clause must, so that a passing word (项目) does not colour a whole segment."""
        folded = self.folded
        hits = [
            (s, e, c)
            for s, e, c in self.schemes["sector"].hits(folded, pos, end)
            if c.notation and c.notation.split(".")[0] != "GOV"
        ]
        if preferred_only:
            hits = [(s, e, c) for s, e, c in hits if "." not in c.notation and folded[s:e] == c.pref_label]
        found = _narrowest(_unique(c.notation for _, _, c in hits))
        return found if len({_family(n) for n in found}) == 1 else []

    def is_topic_phrase(self, pos: int, end: int) -> bool:
        """针对重型柴油货车, 围绕秸秆禁烧 (a prepositional phrase with no directive verb) or 在重型柴油货车
        管控方面 (a whole clause framing a topic, `cue:topic-frame`) names a topic."""
        folded = self.folded
        frame = self.cues["topic-frame"].match(folded, pos, end)
        if frame is not None and frame.end() == end:
            return True
        opening = self.cues["preposition-opening"].match(folded, pos, end)
        return opening is not None and self.cues["directive-verb"].search(folded, opening.end(), end) is None

    def meeting_topic(self, subject: tuple[Piece, ...]) -> list[str]:
        """The sector a meeting is about when the places that name its subject (its header, the page's
        title) name exactly one and no general subject (全县烟花爆竹禁燃禁放工作推进会 → FIRE;
        大气污染防治暨秸秆禁烧推进会 → none)."""
        if any(self.cues["general-subject"].search(self.folded, p.start, p.end) for p in subject):
            return []
        found = _unique(n for p in subject for n in self.single_sector(p.start, p.end, preferred_only=False))
        return found if len({_family(n) for n in found}) == 1 else []

    def sectors(self, pos: int, end: int, scope: _Scope, passage: _Passage | None = None) -> list[str]:
        """Sector notations named in the clause; else the topic of its segment, numbered point or meeting;
        else the sector its owners imply; else GOV.

        A topic never overrides what the clause names: a clause naming only governance words (执法, 宣传)
        stays GOV. GOV gives way to any specific sector, and a concept gives way to a narrower one it holds.
        """
        hits = self.schemes["sector"].hits(self.folded, pos, end)
        found = _narrowest(_unique(c.notation for _, _, c in hits if c.notation))
        specific = [n for n in found if n.split(".")[0] != "GOV"]
        if specific:
            return specific
        if found:
            return ["GOV"]
        passage = passage or _Passage()
        for topic in (scope.topic, passage.point, passage.meeting):
            if topic:
                return list(topic)
        owner_sectors = _unique(n for o in scope.owners for n in self.owner_sectors(o))
        return owner_sectors or ["GOV"]

    def owner_sectors(self, owner: OwnerRecord) -> list[str]:
        """The sector an owner's kind implies (enterprises: IND), from `gb:defaultSector`."""
        concepts = self.lexicon.concepts
        concept = concepts.get(owner.kind or "")
        return [concepts[s].notation for s in concept.default_sectors] if concept else []


def _narrowest(notations: list[str]) -> list[str]:
    """Drop IND where IND.PERF is also given: the narrower code implies the broader."""
    return [n for n in notations if not any(o != n and o.startswith(n + ".") for o in notations)]


def _family(notation: str) -> str:
    """The top-level code of a notation (IND.VOC → IND)."""
    return notation.split(".")[0]


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))
