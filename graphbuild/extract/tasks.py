"""Tasks of a plan, responsibility list or division of tasks: clauses → measures with owners and roles.

A plan is read line by line, sentence by sentence, clause by clause (commas, semicolons, colons),
as a readout is, but every clause that is not something else is a task: plans list tasks as bare
verb phrases ("洒水降尘", "按月上报进展") that no list of directive verbs covers.
Something else is: a notice's formula, a basis (根据…), a condition (…时), a generic section title,
a year on its own, an attitude, a quantified goal (a target, `targets`), and the statements that
name owners. Owners come from

- a bracket after the tasks ((责任单位：…), 〔牵头单位：…；配合单位：…〕, (X负责)): every task since
  the last bracket of the item; "列第一位者为牵头部门" makes the first unit lead (下同: later
  brackets too);
- a role sentence ("X牵头，Y配合，Z具体落实"): the item's tasks before it, else the ones after;
- a subject ("X要…", "X负责…", "X会同Y…": X responsible, Y support), for the rest of the item;
- a duty line ("X局：负责…"), for the clauses of its line ("协助…" makes X support there);
- a label line ("协助单位：…") after the items, for every item since the last one or the section;
- a note ("以下各项工作均需X落实，不再列出"), for every later task;
- a notice's addressees, for the clause it asks them ("请…") to carry out;
- a table row (cells separated by TAB or " | " under a header row naming 工作任务/牵头单位/…).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .deadlines import deadline_at, deadline_of
from .lexicon import Lexicon
from .places import PlaceContext
from .records import DeadlineRecord, MeasureRecord, OwnerRecord, TargetRecord
from .targets import TargetContext, read_targets
from .taskclauses import (
    MIN_TASK,
    cells,
    column_kind,
    is_row,
    leading_unit,
    modal_at,
    not_a_task,
    opens_with_directive,
    partners_at,
    section_units,
    sectors_of,
    specific,
    split_at_markers,
    subject_names,
    verb_before,
    whole,
    without_trailing_bracket,
)
from .text import Piece, clauses, ends_with_semicolon, sentences, strip_span
from .units import (
    BracketFacts,
    find_brackets,
    labelled_units,
    owners_of,
    read_bracket,
    role_at_start,
    role_statement,
    unit_list,
)

__all__ = ["TaskFacts", "read_tasks"]

_SUBJECT_REACH = 24
_CLOSED = "。;!?)〕】”'\"》"
_PHRASE = re.compile(r"[^,;]+")


@dataclass
class TaskFacts:
    """What the body of a plan yields, and how much of it reads as a plan (`evidence`: owner
    statements, targets, numbered items holding tasks)."""

    measures: list[MeasureRecord] = field(default_factory=list)
    targets: list[TargetRecord] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)
    evidence: int = 0


@dataclass
class _Task:
    measure: MeasureRecord
    own: list[OwnerRecord]
    attached: list[OwnerRecord] = field(default_factory=list)


@dataclass
class _Columns:
    """A task table's header: what each column holds (`index`, `task`, `deadline`, or a role)."""

    kinds: list[str | None]


class _Reader:
    """The scan's state: where the current item and section began, and the owners in force."""

    def __init__(self, text: str, folded: str, lexicon: Lexicon, places: PlaceContext | None, year: str | None):
        self.text, self.folded, self.lexicon, self.places, self.year = text, folded, lexicon, places, year
        self.tasks: list[_Task] = []
        self.facts = TaskFacts()
        self.item_start = self.section_start = self.attach_from = self.label_from = self.section_body = 0
        self.subject: list[OwnerRecord] = []
        self.line_owners: list[OwnerRecord] = []
        self.list_owners: list[OwnerRecord] = []
        self.addressees: list[OwnerRecord] = []
        self.note_owners: list[OwnerRecord] = []
        self.forward: list[OwnerRecord] = []
        self.first_leads = False
        self.item_topic: list[str] = []
        self.section_topic: list[str] = []
        self.columns: _Columns | None = None
        self.skip: set[int] = set()
        self.section_title = self.section_open = False
        self.topic_from = 0
        self.following: int | None = None
        self.label_block: int | None = None
        self.pending_head: list[OwnerRecord] = []
        self.sentence_span = (0, 0)
        self.line = Piece(0, 0)
        self.partners: list[OwnerRecord] = []
        self._sentence_reset()

    # -- structure ----------------------------------------------------------------------
    def _sentence_reset(self) -> None:
        self.request: list[OwnerRecord] = []
        self.roles: list[OwnerRecord] = []
        self.targets = TargetContext(self.year)
        self.sentence_tasks = len(self.tasks)
        self.sentence_topic: list[str] = []
        self.partners = []
        self.pending_deadline: DeadlineRecord | None = None

    def new_item(self, section: bool = False) -> None:
        self._flush_roles(ends_sentence=True)
        self.item_start = self.attach_from = len(self.tasks)
        self.subject, self.forward, self.item_topic = [], [], []
        if section:
            self.section_start = self.label_from = self.section_body = len(self.tasks)
            self.section_topic, self.list_owners = [], []
            self.section_open = True

    def new_line(self) -> None:
        self.line_owners = []

    # -- owners attached after the tasks ------------------------------------------------
    def attach(self, owners: list[OwnerRecord], since: int, deadline: DeadlineRecord | None = None) -> None:
        for task in self.tasks[since:]:
            task.attached += owners
            if deadline is not None and task.measure.deadline is None:
                task.measure.deadline = deadline

    def bracket(self, facts: BracketFacts) -> None:
        """An owner bracket: its units, with roles, own the item's tasks since the last bracket."""
        self._flush_roles(ends_sentence=True)
        first_leads = facts.first_leads or self.first_leads
        if facts.carry_on:
            self.first_leads = True
        owners = owners_of(self.text, facts.owners)
        unlabelled = [o for o in owners if o.role is None]
        for index, owner in enumerate(unlabelled):
            owner.role = "lead" if first_leads and index == 0 else "responsible"
        deadline = deadline_of(self.lexicon, self.text, self.folded, *facts.deadline) if facts.deadline else None
        self.attach(owners, max(self.attach_from, self.item_start), deadline)
        self.attach_from = len(self.tasks)
        self.note_owners = self.note_owners + owners_of(self.text, facts.note)
        self.facts.evidence += 1

    def _flush_roles(self, ends_sentence: bool) -> None:
        """Role sentences ("X牵头，Y配合"): the item's tasks before them when they close their
        sentence, else the tasks after them in the item."""
        if not self.roles:
            return
        since = max(self.attach_from, self.item_start)
        if ends_sentence and len(self.tasks) > since:
            self.attach(self.roles, since)
            self.attach_from = len(self.tasks)
        else:
            self.forward += self.roles
        self.roles = []

    # -- reading ------------------------------------------------------------------------
    def read(self, span: Piece) -> TaskFacts:
        pos = span.start
        for bracket, facts in self._owner_brackets(span):
            self._text(Piece(pos, bracket.start))
            self.bracket(facts)
            pos = bracket.end + 1
        self._text(Piece(pos, span.end))
        self.new_item()
        self._drop_cut_off(span)
        self.facts.measures = [self._finish(task) for task in self.tasks]
        return self.facts

    def _owner_brackets(self, span: Piece) -> list[tuple[Piece, BracketFacts]]:
        """Brackets that stand after a clause (not inside a name) and name owners."""
        found: list[tuple[Piece, BracketFacts]] = []
        for bracket in find_brackets(self.folded, span.start, span.end):
            if found and bracket.start <= found[-1][0].end:
                continue
            before = self.folded[max(span.start, bracket.start - 8) : bracket.start].rstrip(" ")
            after = self.folded[bracket.end + 1 : bracket.end + 2]
            if before and self.lexicon.cues["unit-head"].ending(before) is not None or after == ":":
                continue  # 省发改委(省能源局), 各村(社区)：: the bracket belongs to a name
            facts = read_bracket(self.lexicon, self.folded, bracket.start + 1, bracket.end)
            if facts is not None:
                found.append((bracket, facts))
        return found

    def _text(self, piece: Piece) -> None:
        pos = piece.start
        while pos < piece.end:
            stop = self.folded.find("\n", pos, piece.end)
            stop = piece.end if stop < 0 else stop
            line = strip_span(self.folded, pos, stop)
            starts_line = pos == 0 or self.folded[pos - 1] == "\n"
            if starts_line:
                self.new_line()
            self.line = line
            if line.end > line.start and line.start not in self.skip:
                if is_row(self.folded, line):
                    self._row(line)
                else:
                    for sentence in sentences(self.folded, line.start, line.end):
                        for part in split_at_markers(self.lexicon, self.folded, sentence):
                            self._sentence(part, starts_line and part.start == line.start)
            pos = stop + 1

    def _sentence(self, sentence: Piece, starts_line: bool) -> None:
        self._sentence_reset()
        self.sentence_span = (sentence.start, sentence.end)
        pos = self._marker(sentence.start, sentence.end)
        parts = clauses(self.folded, pos, sentence.end)
        if not parts:
            return
        if self._label_line(parts, sentence):
            return
        if self._followed_by_colon(parts[0]) and self.lexicon.cues["notice-form"].search(self.folded, *parts[0]):
            self.facts.dropped["notice formula"] += 1  # 抄送：…, 发布时间：…: the whole line
            return
        self.label_block = None
        if self.pending_head:
            notice = self.lexicon.cues["notice-form"].search(self.folded, *sentence) or self.lexicon.cues[
                "request"
            ].search(self.folded, *sentence)
            self.list_owners = [] if notice else self.pending_head
            self.pending_head = []
        if self._intro(parts, sentence):
            return
        if starts_line or pos > sentence.start:
            parts = self._duty_head(parts, sentence)
        for index, clause in enumerate(parts):
            self.following = parts[index + 1].start if index + 1 < len(parts) else None
            self._clause(clause, first=index == 0 and pos > sentence.start)
            if ends_with_semicolon(self.folded, clause):
                self.partners = []
        self._flush_roles(ends_sentence=True)

    def _marker(self, start: int, end: int) -> int:
        """An item number (1. 1、 (1)) or a section number (一、 (一) 第一条) at `start`: the item or
        section starts; where the words after it start."""
        m = self.lexicon.cues["item-marker"].match(self.folded, start, end)
        self.section_title = m is not None and not any(ch.isdigit() for ch in m.group())
        if m is None:
            return start
        self.new_item(section=self.section_title)
        return strip_span(self.folded, m.end(), end).start

    def _followed_by_colon(self, piece: Piece) -> bool:
        return self.folded[piece.end : piece.end + 1] == ":"

    def _label_line(self, parts: list[Piece], sentence: Piece) -> bool:
        """`责任单位：A、B` or `完成时限：…` standing as a sentence of its own after the tasks."""
        first = parts[0]
        if not self._followed_by_colon(first):
            return False
        label = role_at_start(self.lexicon, self.folded, *first)
        rest = strip_span(self.folded, first.end + 1, sentence.end)
        if label is not None and label[0] == first.end:
            owners = owners_of(self.text, labelled_units(self.lexicon, self.folded, rest, label[1]))
            # 责任单位：… after a task is that task's unit, and so are the label lines right after it;
            # a 协助单位：… line standing alone after a section's last item supports every item of
            # the section (not its header).
            if self.label_block is not None:
                since = self.label_block
            elif label[1] == "support":
                since = self.section_body
            else:
                since = max(self.label_from, self.item_start)
            self.attach(owners, since)
            self.label_block = since
            self.label_from = len(self.tasks)
            self.facts.evidence += 1
            return True
        deadline_label = self.lexicon.cues["deadline-label"].match(self.folded, *first)
        if deadline_label is not None and deadline_label.end() == first.end:
            deadline = deadline_of(self.lexicon, self.text, self.folded, *rest)
            self.attach([], self.item_start, deadline)
            return True
        return False

    def _intro(self, parts: list[Piece], sentence: Piece) -> bool:
        """A sentence that introduces a list ("…，现公布如下：", "其职责分工为："): not a task; a unit
        opening one of its phrases ("我局梳理了本单位职责…") owns the items that follow."""
        last = parts[-1]
        if not self._followed_by_colon(last):
            return False
        phrases = [
            Piece(last.start + m.start(), last.start + m.end())
            for m in _PHRASE.finditer(self.folded[last.start : last.end])
        ]
        tail = strip_span(self.folded, *phrases[-1]) if phrases else last
        if not whole(self.lexicon.cues["list-intro"], self.folded, *tail):
            return False
        self.facts.dropped["list introduction"] += 1
        for clause in parts[:-1] + phrases:
            clause = strip_span(self.folded, *clause)
            if self.lexicon.cues["basis-clause"].match(self.folded, *clause):
                continue
            found = subject_names(self.lexicon, self.folded, *clause) or leading_unit(self.lexicon, self.folded, clause)
            if found:
                self.list_owners = owners_of(self.text, found[0], "responsible")
                self.facts.evidence += 1
                break
        return True

    def _duty_head(self, parts: list[Piece], sentence: Piece) -> list[Piece]:
        """`市公安局：负责…` (or a notice's addressees `各区人民政府，市人民政府各部门：`): the units
        before the colon own the clauses of the line; the head itself is no task."""
        for index, clause in enumerate(parts):
            names = unit_list(self.lexicon, self.folded, *clause, short=True)
            if names is None:
                return parts
            if self._followed_by_colon(clause):
                heads = [
                    n for c in parts[: index + 1] for n in unit_list(self.lexicon, self.folded, *c, short=True) or []
                ]
                owners = owners_of(self.text, heads, "responsible")
                rest = parts[index + 1 :]
                if rest:
                    self.new_item()
                    self.line_owners, self.list_owners = owners, []
                else:  # a notice's addressees, or the unit whose duties the next lines list
                    self.addressees = self.pending_head = owners
                self.facts.evidence += 1
                return rest
        return parts

    # -- one clause -----------------------------------------------------------------------
    def _clause(self, clause: Piece, first: bool) -> None:
        lexicon, folded = self.lexicon, self.folded
        start, end = clause
        pos = lexicon.skip(("connective",), folded, start, end)
        closing = lexicon.cues["note-closing"].match(folded, pos, end)
        if closing is not None:
            pos = strip_span(folded, closing.end(), end).start
        title = lexicon.cues["section-title"].match(folded, pos, end)
        if title is not None and title.end() > pos:
            rest = strip_span(folded, title.end(), end).start
            if rest >= end or whole(lexicon.cues["period"], folded, rest, end):
                self.section_topic = specific(sectors_of(lexicon, folded, pos, end)) or self.section_topic
                self.facts.dropped["section title"] += 1
                pos = rest
        if end - pos <= 0:
            return
        reason = self._not_a_task(pos, without_trailing_bracket(folded, pos, end), clause=True)
        if reason:
            self.facts.dropped[reason] += 1
            return
        if first and self.section_title and not opens_with_directive(lexicon, folded, pos, end):
            names = section_units(lexicon, folded, pos, end)
            if names:  # 一、市生态环境局：the section lists that unit's duties
                self.list_owners = owners_of(self.text, names, "responsible")
                self.facts.evidence += 1
            self.facts.dropped["section title"] += 1
            return
        if self._owner_note(pos, end) or self._owners_only(pos, end):
            return
        if self.roles:
            self._flush_roles(ends_sentence=False)
        request = lexicon.cues["request"].match(folded, pos, end)
        if request is not None:
            self.request = [OwnerRecord(o.name, o.kind, o.span, "responsible") for o in self.addressees]
            pos = request.end()
        topic_start = pos
        pos, partners, role, owned = self._subject(pos, end)
        bare = without_trailing_bracket(folded, pos, end)
        reason = self._not_a_task(pos, bare, clause=False) if bare > pos else "too short"
        if reason:
            self.facts.dropped[reason] += 1
            return
        found = deadline_at(lexicon, self.text, folded, pos, end)
        deadline = None
        if found is not None:
            deadline, pos = found
            pos = strip_span(folded, pos, end).start
            if end - pos < MIN_TASK:
                # "…，2020年底前" closes the tasks before it; "2020年底前，…" opens the ones after.
                if len(self.tasks) > self.sentence_tasks:
                    self.attach([], self.sentence_tasks, deadline)
                else:
                    self.pending_deadline = deadline
                    self.targets.by = deadline.date or self.targets.by
                return
        deadline = deadline or self.pending_deadline
        targets = read_targets(lexicon, self.text, folded, Piece(pos, end), self.targets, self.places)
        if targets:
            self.facts.targets += targets
            self.facts.evidence += 1
            return
        end = without_trailing_bracket(folded, pos, end)
        if end - pos < MIN_TASK:
            self.facts.dropped["too short"] += 1
            return
        if self._continues_previous(start, pos, end):
            return
        subject = None if owned else Piece(topic_start, pos)
        self._task(Piece(pos, end), partners, role, deadline, first, Piece(max(pos, self.topic_from), end), subject)

    def _not_a_task(self, pos: int, end: int, clause: bool) -> str | None:
        """Why the words are no task (`taskclauses.not_a_task`); a year on its own dates the
        sentence's targets."""
        reason, year = not_a_task(self.lexicon, self.folded, pos, end, clause)
        if year:
            self.targets.year = year
        return reason

    def _owner_note(self, pos: int, end: int) -> bool:
        """ "以下工作均需X具体落实": X with its role joins every later task."""
        note = self.lexicon.cues["owner-note"].match(self.folded, pos, end)
        if note is None or note.end() == pos:
            return False
        names = role_statement(self.lexicon, self.folded, note.end(), end)
        if not names:
            return False
        self.note_owners = self.note_owners + owners_of(self.text, names)
        self.facts.evidence += 1
        return True

    def _owners_only(self, pos: int, end: int) -> bool:
        """A clause that only names units, with their role ("市住建局牵头") or without ("各乡镇、
        街道办事处，要…"): roles wait for the sentence's end; bare units are the subject."""
        names = role_statement(self.lexicon, self.folded, pos, end)
        if names:
            self.roles += owners_of(self.text, names)
            self.facts.evidence += 1
            return True
        names = unit_list(self.lexicon, self.folded, pos, end)
        if not names:
            return False
        following = self.following
        if following is not None and modal_at(self.lexicon, self.folded, following, following + 1) is not None:
            self.subject = owners_of(self.text, names, "responsible")
            self.partners = []
            return True
        if (pos, end) == tuple(self.line):  # a unit named alone on its line (an issuer's signature)
            self.facts.dropped["unit named alone"] += 1
            return True
        return False

    def _subject(self, pos: int, end: int) -> tuple[int, list[OwnerRecord], str | None, bool]:
        """Past the clause's subject (an owner, or a thing regulated before its modal) and modal:
        where the task starts, the partners named by 会同, the role of its own owners, and whether
        the words skipped name owners (not a topic whose sector the task takes)."""
        lexicon, folded = self.lexicon, self.folded
        found = subject_names(lexicon, folded, pos, end)
        owned = found is not None
        if found is not None:
            names, pos = found
            self.subject = owners_of(self.text, names, "responsible")
            self.partners = []
        else:
            modal = modal_at(lexicon, folded, pos, min(end, pos + _SUBJECT_REACH))
            if modal is not None and modal.start > pos and not verb_before(lexicon, folded, pos, modal.start):
                pos = modal.end
        pos = lexicon.skip(("modal",), folded, pos, end)
        partners: list[OwnerRecord] = []
        self.topic_from = pos
        partner = lexicon.cues["partner"].match(folded, pos, end)
        if partner is not None:
            names, self.topic_from = partners_at(lexicon, folded, partner.end(), end)
            partners = self.partners = owners_of(self.text, names, "support")
        partners = partners or self.partners
        role = None
        support = role_at_start(lexicon, folded, pos, end)
        if support is not None and support[1] == "support":
            role = "support"
        return strip_span(folded, pos, end).start, partners, role, owned

    def _continues_previous(self, start: int, pos: int, end: int) -> bool:
        """ "严格落实A、B，以及C等要求": a clause opening with 以及 (`cue:continuation`) lengthens
        the task of the clause before it in the same sentence."""
        joined = self.lexicon.cues["continuation"].match(self.folded, start, end)
        if joined is None or len(self.tasks) <= self.sentence_tasks or pos > joined.end():
            return False
        measure = self.tasks[-1].measure
        measure.span = (measure.span[0], end)
        measure.text = self.text[measure.span[0] : end]
        return True

    def _task(
        self,
        piece: Piece,
        partners: list[OwnerRecord],
        role: str | None,
        deadline: DeadlineRecord | None,
        first: bool,
        topic: Piece,
        subject: Piece | None,
    ) -> None:
        own_owners = self.subject or self.line_owners or self.list_owners
        own = [OwnerRecord(o.name, o.kind, o.span, role or o.role) for o in own_owners]
        own += self.request + partners + self.forward + self.note_owners
        found = sectors_of(self.lexicon, self.folded, *topic)
        named = specific(found)
        inherited = (
            self.sentence_topic
            or self.item_topic
            or (specific(sectors_of(self.lexicon, self.folded, *subject)) if subject else [])
            or self.section_topic
        )
        # A clause naming only governance (协助派出所执法) is governance of its item's topic.
        sectors = found if named else inherited + found
        self.sentence_topic = specific(sectors)
        if first and named:
            self.item_topic = named
            if self.section_title or (self.section_open and not self.section_topic):
                self.section_topic = named
        if first and not self.section_title:
            self.section_open = False
        if first and self.section_title:
            self.section_body = len(self.tasks) + 1
        measure = MeasureRecord(
            self.text[piece.start : piece.end],
            (piece.start, piece.end),
            sectors or ["GOV"],
            [],
            self.sentence_span,
            deadline,
        )
        self.tasks.append(_Task(measure, own))
        if first and not self.section_title:
            self.facts.evidence += 1  # a numbered item that holds a task

    # -- tables ---------------------------------------------------------------------------
    def _row(self, line: Piece) -> None:
        """A header row sets the columns; a data row under it is one task item."""
        row = cells(self.folded, line)
        kinds = [column_kind(self.lexicon, self.folded, c) for c in row]
        if "task" in kinds and sum(k is not None for k in kinds) >= 2:
            self.columns = _Columns(kinds)
            self.facts.evidence += 1
            return
        if self.columns is None:
            for cell in row:
                for sentence in sentences(self.folded, cell.start, cell.end):
                    self._sentence(sentence, False)
            return
        self.new_item()
        owners, deadline = [], None
        for kind, cell in zip(self.columns.kinds, row, strict=False):
            if kind == "task":
                for sentence in sentences(self.folded, cell.start, cell.end):
                    self._sentence(sentence, False)
            elif kind == "deadline":
                deadline = deadline_of(self.lexicon, self.text, self.folded, *cell)
            elif kind in ("lead", "responsible", "support"):
                owners += self._cell_owners(cell, kind)
        self.attach(owners, self.item_start, deadline)
        self.new_item()

    def _cell_owners(self, cell: Piece, kind: str) -> list[OwnerRecord]:
        """The units of a role column's cell, with the column's role; a cell may label its own
        ("牵头：市生态环境局；配合：市住建局") or name a unit's role in brackets."""
        if ":" in self.folded[cell.start : cell.end]:
            facts = read_bracket(self.lexicon, self.folded, *cell)
            if facts is not None and facts.owners:
                return owners_of(self.text, facts.owners, kind)
        names = unit_list(self.lexicon, self.folded, *cell, loose=True) or []
        first_leads = self.first_leads and kind == "responsible"
        owners = owners_of(self.text, names, kind)
        for index, owner in enumerate(owners):
            owner.role = "lead" if first_leads and index == 0 and names[index].role is None else owner.role
        return owners

    # -- the end --------------------------------------------------------------------------
    def _drop_cut_off(self, span: Piece) -> None:
        """A file cut mid-sentence: its last clause is not a task (it is not all there)."""
        end = len(self.folded[: span.end].rstrip())
        if self.tasks and self.folded[end - 1 : end] not in _CLOSED and self.tasks[-1].measure.span[1] >= end - 1:
            self.tasks.pop()
            self.facts.dropped["cut off"] += 1

    def _finish(self, task: _Task) -> MeasureRecord:
        """The task's owners: its own, then those attached after it, each (name, role) once."""
        seen: dict[tuple[str, str | None], OwnerRecord] = {}
        supported = {o.name for o in task.own if o.role == "support"}
        for owner in task.own + task.attached:
            if owner.role == "responsible" and owner.name in supported:
                continue
            seen.setdefault((owner.name, owner.role), owner)
        task.measure.owners = list(seen.values())
        return task.measure


def read_tasks(
    text: str,
    folded: str,
    span: Piece,
    lexicon: Lexicon,
    places: PlaceContext | None = None,
    year: str | None = None,
    skip: list[Piece] | None = None,
) -> TaskFacts:
    """Tasks (measures with owners, roles, deadlines) and targets of `text[span]`, a plan's body,
    leaving out the lines in `skip` (its title, the issuer's signature and date line). `year` is
    the plan's own (from its title): the year its targets hold by when a sentence names none."""
    reader = _Reader(text, folded, lexicon, places, year)
    reader.skip = {p.start for p in skip or []}
    return reader.read(span)
