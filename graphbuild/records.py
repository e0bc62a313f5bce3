"""Typed records the extractor produces; every fact carries `[start, end)` offsets into the text."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

__all__ = [
    "AreaRef",
    "PersonRecord",
    "PrincipleRecord",
    "ResponsibilityRecord",
    "OwnerRecord",
    "MeasureRecord",
    "MeetingRecord",
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
    name: str
    kind: str | None
    span: tuple[int, int]


@dataclass
class ResponsibilityRecord:
    owner: OwnerRecord
    type_label: str
    type_concept: str
    span: tuple[int, int]


@dataclass
class MeasureRecord:
    text: str
    span: tuple[int, int]
    sectors: list[str]
    owners: list[OwnerRecord]
    sentence: tuple[int, int]


@dataclass
class MeetingRecord:
    date: str | None
    span: tuple[int, int]
    header: tuple[int, int]
    organizer: str
    area: AreaRef
    kind: str
    chair: PersonRecord | None
    speakers: list[PersonRecord]
    principles: list[PrincipleRecord]
    responsibilities: list[ResponsibilityRecord]
    measures: list[MeasureRecord]
    follows: int | None = None


@dataclass
class DocumentRecord:
    source: str
    sha256: str
    chars: int
    text: str
    metadata: dict[str, str]
    meetings: list[MeetingRecord]
    dropped: Counter = field(default_factory=Counter)

    def to_contract(self) -> dict:
        """The JSON contract of `graphbuild extract --format json`."""
        return {
            "source": self.source,
            "sha256": self.sha256,
            "chars": self.chars,
            "meetings": [_meeting_json(m) for m in self.meetings],
            "dropped": dict(sorted(self.dropped.items())),
        }


def _person_json(person: PersonRecord | None) -> dict | None:
    return None if person is None else {"name": person.name, "posts": list(person.posts)}


def _meeting_json(meeting: MeetingRecord) -> dict:
    area = asdict(meeting.area)
    area.pop("within_adcode")
    return {
        "date": meeting.date,
        "span": list(meeting.span),
        "organizer": meeting.organizer,
        "area": area,
        "kind": meeting.kind,
        "chair": _person_json(meeting.chair),
        "speakers": [_person_json(p) for p in meeting.speakers],
        "principles": [p.label for p in meeting.principles],
        "responsibilities": [
            {"owner": r.owner.name, "type": r.type_label, "span": list(r.span)} for r in meeting.responsibilities
        ],
        "measures": [
            {"text": m.text, "span": list(m.span), "sectors": m.sectors, "owners": [{"name": o.name} for o in m.owners]}
            for m in meeting.measures
        ],
    }
