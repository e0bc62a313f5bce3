"""Score extraction against a hand annotation, as the Scoring section of the guidelines defines it.

Meetings match on area and date. Chairs compare by name, posts as sets. A required measure is
found when one extracted measure covers at least half of its span; an extracted measure is
correct when it overlaps a gold measure (optional ones included) by at least half of the
shorter of the two. Sector accuracy is taken over found measures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .records import DocumentRecord

__all__ = ["Score", "load_gold", "score_document"]

_AREA_FAMILY = {"AREA", "DUST", "BURN", "LIFE", "FIRE"}


@dataclass
class Score:
    """True positives, extracted and gold counts of one unit; precision, recall, F1 from them."""

    tp_predicted: int = 0
    predicted: int = 0
    tp_gold: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp_predicted += other.tp_predicted
        self.predicted += other.predicted
        self.tp_gold += other.tp_gold
        self.gold += other.gold

    def as_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp_gold,
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass
class Evaluation:
    """Scores per unit, accuracies, and the measures missed or invented."""

    units: dict[str, Score] = field(default_factory=dict)
    accuracy: dict[str, tuple[int, int]] = field(default_factory=dict)
    missed: list[dict] = field(default_factory=list)
    invented: list[dict] = field(default_factory=list)
    wrong_sector: list[dict] = field(default_factory=list)

    def unit(self, name: str) -> Score:
        return self.units.setdefault(name, Score())

    def count(self, name: str, right: bool) -> None:
        hits, total = self.accuracy.get(name, (0, 0))
        self.accuracy[name] = (hits + int(right), total + 1)

    def rate(self, name: str) -> float:
        hits, total = self.accuracy.get(name, (0, 0))
        return hits / total if total else 1.0

    def as_dict(self) -> dict:
        return {
            "units": {k: v.as_dict() for k, v in sorted(self.units.items())},
            "accuracy": {
                k: {"rate": round(self.rate(k), 4), "right": h, "total": t}
                for k, (h, t) in sorted(self.accuracy.items())
            },
            "missed": self.missed,
            "invented": self.invented,
            "wrong_sector": self.wrong_sector,
        }


def load_gold(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise InputError(path, "no such gold file") from error
    except ValueError as error:
        raise InputError(path, f"gold file is not valid JSON ({error})") from error


def _area_key(area: dict) -> str:
    return area.get("adcode") or area.get("name", "")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _family(code: str) -> str:
    code = code.split(".")[0]
    return "AREA" if code in _AREA_FAMILY else code


def sector_ok(given: list[str], gold: list[str], also_ok: list[str]) -> bool:
    """Every given code allowed, and at least one gold code given (AREA and narrower count for each other)."""
    allowed = {_family(c) for c in gold + also_ok}
    given_f = {_family(c) for c in given}
    return bool(given_f) and given_f <= allowed and bool(given_f & {_family(c) for c in gold})


def score_document(record: DocumentRecord, gold: dict, evaluation: Evaluation | None = None) -> Evaluation:
    """Add one document's scores to `evaluation` (a new one when None)."""
    ev = evaluation or Evaluation()
    matched = _pair_meetings(record.meetings, gold["meetings"])
    ev.unit("meetings").add(Score(len(matched), len(record.meetings), len(matched), len(gold["meetings"])))
    for g, m in matched:
        _score_meeting(ev, g, m)
    _score_measures(ev, record, gold)
    return ev


def _pair_meetings(extracted: list, gold_meetings: list[dict]) -> list[tuple[dict, object]]:
    """Gold meetings in their order, each paired with an unpaired extracted meeting of the same area
    and date; among several (two meetings of one place on one day), the one whose span overlaps the
    gold span most, then the earlier one."""
    pairs, used = [], set()
    for g in gold_meetings:
        key = (_area_key(g["area"]), g["date"])
        candidates = [
            (_overlap(tuple(g.get("span", (0, 0))), m.span), -j, j)
            for j, m in enumerate(extracted)
            if j not in used and (_area_key(_area(m)), m.date) == key
        ]
        if candidates:
            j = max(candidates)[2]
            used.add(j)
            pairs.append((g, extracted[j]))
    return pairs


def _area(meeting) -> dict:
    return {"adcode": meeting.area.adcode, "name": meeting.area.name}


def _set_score(predicted: set, gold: set) -> Score:
    tp = len(predicted & gold)
    return Score(tp, len(predicted), tp, len(gold))


def _score_meeting(ev: Evaluation, g: dict, m) -> None:
    if g.get("chair"):
        ev.count("chair names", m.chair is not None and m.chair.name == g["chair"]["name"])
        posts = set(m.chair.posts) if m.chair else set()
        ev.unit("chair posts").add(_set_score(posts, set(g["chair"]["posts"])))
    elif m.chair is not None:
        ev.unit("chair posts").add(Score(0, len(m.chair.posts), 0, 0))
    ev.unit("principles").add(_set_score({p.label for p in m.principles}, set(g.get("principles", []))))
    ev.unit("responsibilities").add(
        _set_score(
            {(r.owner.name, r.type_label) for r in m.responsibilities},
            {(r["owner"], r["type"]) for r in g.get("responsibilities", [])},
        )
    )


def _score_measures(ev: Evaluation, record: DocumentRecord, gold: dict) -> None:
    gold_measures = [x for g in gold["meetings"] for x in g["measures"]]
    predicted = [x for m in record.meetings for x in m.measures]
    required = [x for x in gold_measures if not x.get("optional")]
    found = 0
    owner_score = Score()
    for g in required:
        span = tuple(g["span"])
        best = max(predicted, key=lambda p: _overlap(p.span, span), default=None)
        if best is not None and 2 * _overlap(best.span, span) >= span[1] - span[0]:
            found += 1
            right = sector_ok(best.sectors, g["sectors"], g.get("also_ok", []))
            ev.count("sectors", right)
            if not right:
                ev.wrong_sector.append({"text": g["text"], "gold": g["sectors"], "given": best.sectors})
        else:
            ev.missed.append({"text": g["text"], "span": list(span)})
    correct = 0
    for p in predicted:
        partner = _partner(p, gold_measures)
        if partner is None:
            ev.invented.append({"text": p.text, "span": list(p.span)})
            continue
        correct += 1
        owner_score.add(_set_score({o.name for o in p.owners}, set(partner.get("owners", []))))
    ev.unit("measures").add(Score(correct, len(predicted), found, len(required)))
    ev.unit("measure owners").add(owner_score)


def _partner(p, gold_measures: list[dict]) -> dict | None:
    """The gold measure an extracted one overlaps by at least half of the shorter of the two."""
    best, best_overlap = None, 0
    for g in gold_measures:
        span = tuple(g["span"])
        overlap = _overlap(p.span, span)
        if overlap > best_overlap and 2 * overlap >= min(p.span[1] - p.span[0], span[1] - span[0]):
            best, best_overlap = g, overlap
    return best


def evaluate_files(gold_files, raw_dir: Path) -> Evaluation:
    """Extract the document each gold file names (from `raw_dir`) and score it."""
    from ..read import read_document
    from . import extract_document

    evaluation = Evaluation()
    for gold_path in gold_files:
        gold = load_gold(gold_path)
        document = Path(raw_dir) / gold["document"]
        score_document(extract_document(read_document(document)), gold, evaluation)
    return evaluation


def format_evaluation(ev: Evaluation) -> str:
    """Scores as a table, then the measures missed, invented or given a wrong sector."""
    from ..tables import render_rows

    rows = [
        {"unit": k, "precision": v.precision, "recall": v.recall, "f1": v.f1, "gold": v.gold, "predicted": v.predicted}
        for k, v in sorted(ev.units.items())
    ]
    rows += [
        {"unit": k + " (accuracy)", "f1": ev.rate(k), "gold": t, "predicted": h}
        for k, (h, t) in sorted(ev.accuracy.items())
    ]
    parts = [render_rows(rows, ["unit", "precision", "recall", "f1", "gold", "predicted"])]
    for title, items in (("missed", ev.missed), ("invented", ev.invented), ("wrong sector", ev.wrong_sector)):
        parts.append(f"\n{title} ({len(items)}):")
        parts += [
            f"  {item['text']}" + (f"  gold {item['gold']} given {item['given']}" if "gold" in item else "")
            for item in items
        ]
    return "\n".join(parts)
