"""Typed records the extractor produces; every fact carries `[start, end)` offsets into the text.

The root of what a document says is a *directive*: something issued by a body that sets measures.
A meeting (`MeetingRecord`, from a readout) and a plan, responsibility list or division of tasks
(`PlanRecord`) are the two kinds; both carry the `DirectiveRecord` fields, so every later stage
(RDF, rules, reports) reads measures, owners and principles the same way from either.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

__all__ = [
    "AreaRef",
    "PersonRecord",
    "PrincipleRecord",
    "ResponsibilityRecord",
    "OwnerRecord",
    "DeadlineRecord",
    "TargetRecord",
    "MeasureRecord",
    "DirectiveRecord",
    "MeetingRecord",
    "PlanRecord",
    "DocumentRecord",
]


@dataclass
class AreaRef:
    """An administrative area (with adcode) or a functional zone (adcode None, `within` its area)."""

    name: str
    adcode: str | None
    within: str | None = None
    within_adcode: str | None = None


@dataclass
class PersonRecord:
    name: str
    posts: list[str]
    span: tuple[int, int]
    post_spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class PrincipleRecord:
    label: str
    concept: str
    span: tuple[int, int]


@dataclass
class OwnerRecord:
    """An owner as the text names it. `role` is `lead`, `responsible` or `support` (the local names of
    the role scheme's concepts) when the text gives one (plans: 牵头/责任单位/配合), else None."""

    name: str
    kind: str | None
    span: tuple[int, int]
    role: str | None = None


@dataclass
class ResponsibilityRecord:
    owner: OwnerRecord
    type_label: str
    type_concept: str
    span: tuple[int, int]


@dataclass
class DeadlineRecord:
    """A task's time limit as written (2019年10月底前, 长期坚持) and the last day it allows (ISO), or None
    when it is open-ended or its year is not written."""

    text: str
    date: str | None
    span: tuple[int, int]


@dataclass
class TargetRecord:
    """A quantified goal: PM2.5平均浓度控制在35微克/立方米以下 → indicator `pm25-concentration`
    (local name in the indicator scheme), value 35, unit `微克/立方米` as the text writes it (a
    label of the `unit` scheme, whose concepts match QUDT units), `by` the last day it allows (ISO).
    `area` is the area a target is set for when the plan lists one per area (A区、B县 … 分别为 …)."""

    text: str
    indicator: str | None
    value: float
    unit: str | None
    by: str | None
    span: tuple[int, int]
    area: AreaRef | None = None


@dataclass
class MeasureRecord:
    text: str
    span: tuple[int, int]
    sectors: list[str]
    owners: list[OwnerRecord]
    sentence: tuple[int, int]
    deadline: DeadlineRecord | None = None


@dataclass
class DirectiveRecord:
    """What every directive has: who issued it for which area, when, its genre word, and what it sets."""

    date: str | None
    span: tuple[int, int]
    organizer: str
    area: AreaRef
    kind: str | None
    principles: list[PrincipleRecord]
    responsibilities: list[ResponsibilityRecord]
    measures: list[MeasureRecord]


@dataclass
class MeetingRecord(DirectiveRecord):
    """A meeting reported by a readout: its header sentence, chair and speakers."""

    header: tuple[int, int] = (0, 0)
    chair: PersonRecord | None = None
    speakers: list[PersonRecord] = field(default_factory=list)
    follows: int | None = None


@dataclass
class PlanRecord(DirectiveRecord):
    """A work plan, responsibility list or division of tasks: its title, document number (文号)
    and quantified targets; its measures are its tasks."""

    title: str | None = None
    identifier: str | None = None
    targets: list[TargetRecord] = field(default_factory=list)


@dataclass
class DocumentRecord:
    source: str
    sha256: str
    chars: int
    text: str
    metadata: dict[str, str]
    meetings: list[MeetingRecord]
    plans: list[PlanRecord] = field(default_factory=list)
    dropped: Counter = field(default_factory=Counter)

    @property
    def directives(self) -> list[DirectiveRecord]:
        """Meetings then plans, in that order (each list in document order)."""
        return [*self.meetings, *self.plans]

    def to_contract(self) -> dict:
        """The JSON contract of `graphbuild extract --format json`."""
        return {
            "source": self.source,
            "sha256": self.sha256,
            "chars": self.chars,
            "meetings": [_meeting_json(m) for m in self.meetings],
            "plans": [_plan_json(p) for p in self.plans],
            "dropped": dict(sorted(self.dropped.items())),
        }


def _person_json(person: PersonRecord | None) -> dict | None:
    return None if person is None else {"name": person.name, "posts": list(person.posts)}


def _owner_json(owner: OwnerRecord) -> dict:
    return {"name": owner.name} if owner.role is None else {"name": owner.name, "role": owner.role}


def _measure_json(measure: MeasureRecord) -> dict:
    out = {
        "text": measure.text,
        "span": list(measure.span),
        "sectors": measure.sectors,
        "owners": [_owner_json(o) for o in measure.owners],
    }
    if measure.deadline is not None:
        out["deadline"] = {"text": measure.deadline.text, "date": measure.deadline.date}
    return out


def _directive_json(directive: DirectiveRecord, **own) -> dict:
    """The shared fields, with the kind's own fields (`own`) after `kind`."""
    area = asdict(directive.area)
    area.pop("within_adcode")
    return {
        "date": directive.date,
        "span": list(directive.span),
        "organizer": directive.organizer,
        "area": area,
        "kind": directive.kind,
        **own,
        "principles": [p.label for p in directive.principles],
        "responsibilities": [
            {"owner": r.owner.name, "type": r.type_label, "span": list(r.span)} for r in directive.responsibilities
        ],
        "measures": [_measure_json(m) for m in directive.measures],
    }


def _meeting_json(meeting: MeetingRecord) -> dict:
    return _directive_json(
        meeting, chair=_person_json(meeting.chair), speakers=[_person_json(p) for p in meeting.speakers]
    )


def _plan_json(plan: PlanRecord) -> dict:
    out = _directive_json(plan, chair=None, title=plan.title, identifier=plan.identifier)
    out["targets"] = [_target_json(t) for t in plan.targets]
    return out


def _target_json(target: TargetRecord) -> dict:
    out = {
        "text": target.text,
        "indicator": target.indicator,
        "value": target.value,
        "unit": target.unit,
        "by": target.by,
        "span": list(target.span),
    }
    if target.area is not None:
        out["area"] = {"name": target.area.name, "adcode": target.area.adcode}
    return out
