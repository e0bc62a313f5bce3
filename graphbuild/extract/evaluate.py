"""Score extraction against a hand annotation, as the Scoring section of the guidelines defines it.

The counts are those of the reference scorer (`score.py` of the shared gold set, kept in
`tests/fixtures/reference/`), so that `graphbuild evaluate` and the reference agree figure for
figure: directives (meetings and plans) match on area and date; chairs by name, posts as sets; a
required measure is found when one extracted measure covers at least half of its span, and an
extracted measure is correct when it overlaps a gold measure (optional ones included) by at least
half of the shorter of the two. Over found measures: sectors, owners, and in plans the (owner,
role) pairs and deadlines; targets match on value with one text inside the other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .lexicon import load_lexicon
from .records import DocumentRecord
from .text import fold

__all__ = ["Score", "Evaluation", "load_gold", "score_document", "sector_ok", "evaluate_files", "format_evaluation"]

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
        if not self.predicted:
            return 1.0 if not self.gold else 0.0
        return self.tp_predicted / self.predicted

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
    """Scores per unit, accuracies, the reference scorer's counts, and the measures missed or invented."""

    units: dict[str, Score] = field(default_factory=dict)
    accuracy: dict[str, tuple[int, int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    missed: list[dict] = field(default_factory=list)
    invented: list[dict] = field(default_factory=list)
    wrong_sector: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)

    def unit(self, name: str) -> Score:
        return self.units.setdefault(name, Score())

    def tally(self, name: str, right: int, total: int) -> None:
        hits, seen = self.accuracy.get(name, (0, 0))
        self.accuracy[name] = (hits + right, seen + total)

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
            "counts": dict(sorted(self.counts.items())),
            "missed": self.missed,
            "invented": self.invented,
            "wrong_sector": self.wrong_sector,
            "refused": self.refused,
        }


def load_gold(path: Path) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise InputError(path, "no such gold file") from error
    except ValueError as error:
        raise InputError(path, f"gold file is not valid JSON ({error})") from error


def _norm(text: str | None) -> str | None:
    """Names compare without width differences of brackets and without spaces."""
    if text is None:
        return None
    return text.replace("（", "(").replace("）", ")").replace(" ", "").replace("\u3000", "")


def _overlap(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _top(code: str) -> str:
    return str(code).split(".")[0].upper()


def sector_ok(given: list[str], gold: list[str], also_ok: list[str]) -> bool:
    """Every given code allowed and at least one gold code given; AREA stands for its narrower
    codes (DUST, BURN, LIFE, FIRE) and they for it, as the reference scorer reads the guideline."""
    allowed = set(gold) | set(also_ok)
    if allowed & _AREA_FAMILY:
        allowed |= {"AREA"} | (_AREA_FAMILY if "AREA" in allowed else set())
    got = {_top(c) for c in given}
    if not got:
        return False

    def fits(code: str) -> bool:
        return code in allowed or (code in _AREA_FAMILY and "AREA" in allowed)

    return all(fits(c) for c in got) and any(c in got or (c in _AREA_FAMILY and "AREA" in got) for c in gold)


def _role(word: str) -> str | None:
    """The canonical role (lead, responsible, support) of a role key: itself, or the concept of the
    `task-role` scheme a text's own role word (older gold keys: 牵头单位, 配合 …) is a label of."""
    matcher = load_lexicon().schemes["task-role"]
    concept = matcher.by_label.get(fold(word))
    canonical = {c.iri.rstrip("/").rsplit("/", 1)[-1] for c in matcher.by_label.values()}
    if word in canonical:
        return word
    return concept.iri.rstrip("/").rsplit("/", 1)[-1] if concept else None


def _gold_roles(measure: dict) -> set:
    return {(_norm(n), _role(k)) for k, names in (measure.get("roles") or {}).items() for n in names or []}


def _system_roles(measure: dict) -> set:
    return {
        (_norm(o.get("name")), _role(o["role"]) or o["role"])
        for o in measure.get("owners", [])
        if isinstance(o, dict) and o.get("role")
    }


def _deadline_ok(gold: dict, system: dict) -> bool:
    gd, sd = gold.get("deadline") or {}, system.get("deadline") or {}
    if gd.get("date"):
        return sd.get("date") == gd["date"]
    return bool(sd.get("text")) and _norm(sd["text"]) == _norm(gd.get("text"))


def _area_key(area: dict | None):
    if not area:
        return None
    return area.get("adcode") or _norm(area.get("name"))


def score_document(record: DocumentRecord, gold: dict, evaluation: Evaluation | None = None) -> Evaluation:
    """Add one document's scores to `evaluation` (a new one when None)."""
    ev = evaluation or Evaluation()
    contract = record.to_contract()
    directives = contract["meetings"] + contract["plans"]
    counts: dict[str, int] = {}
    pairs = _pair_directives(gold["meetings"], directives)
    counts.update(meet_tp=len(pairs), meet_sys=len(directives), meet_gold=len(gold["meetings"]))
    _count_directives(gold["meetings"], pairs, counts)
    _count_measures(ev, gold, directives, counts)
    _count_targets(gold, directives, counts)
    for key, value in counts.items():
        ev.counts[key] = ev.counts.get(key, 0) + value
    _add_units(ev, counts)
    return ev


def _pair_directives(gold_directives: list[dict], directives: list[dict]) -> list[tuple[dict, dict]]:
    """Gold and extracted directives of the same area and date; among several, the one whose span
    overlaps the gold span most (gold order, each extracted directive used once)."""
    pairs, used = [], set()
    for g in gold_directives:
        candidates = []
        for j, s in enumerate(directives):
            if j in used:
                continue
            same_area = _area_key(s.get("area")) in {g["area"].get("adcode"), _norm(g["area"]["name"])} - {None}
            day = (g.get("date") or "").lstrip("-")[-5:]
            if same_area and (s.get("date") or "").endswith(day):
                candidates.append((_overlap(g.get("span", [0, 0]), s.get("span") or [0, 0]), -j, j))
        if candidates:
            j = max(candidates)[2]
            pairs.append((g, directives[j]))
            used.add(j)
    return pairs


def _count_directives(gold_directives: list[dict], pairs: list[tuple[dict, dict]], counts: dict) -> None:
    """Chairs, posts, principles and responsibilities; unmatched gold directives count in recall."""
    keys = ("chair_ok", "chair_n", "post_tp", "post_np", "post_nr", "prin_tp", "prin_np", "prin_nr")
    counts.update({k: 0 for k in keys + ("resp_tp", "resp_np", "resp_nr")})
    matched = {id(g) for g, _ in pairs}
    for g in gold_directives:
        if id(g) not in matched:
            if g.get("chair"):
                counts["chair_n"] += 1
                counts["post_nr"] += len(g["chair"]["posts"])
            counts["prin_nr"] += len(g.get("principles", []))
            counts["resp_nr"] += len(g.get("responsibilities", []))
    for g, s in pairs:
        gc, sc = g.get("chair"), s.get("chair") or None
        if gc:
            counts["chair_n"] += 1
            if sc and _norm(sc.get("name")) == _norm(gc["name"]):
                counts["chair_ok"] += 1
                gp, sp = {_norm(p) for p in gc["posts"]}, {_norm(p) for p in sc.get("posts", [])}
                counts["post_tp"] += len(gp & sp)
                counts["post_np"] += len(sp)
                counts["post_nr"] += len(gp)
            else:
                counts["post_nr"] += len(gc["posts"])
        gpr, spr = set(g.get("principles", [])), {_norm(p) for p in s.get("principles", [])}
        counts["prin_tp"] += len(gpr & spr)
        counts["prin_np"] += len(spr)
        counts["prin_nr"] += len(gpr)
        gr = {(_norm(r["owner"]), r["type"]) for r in g.get("responsibilities", [])}
        sr = {(_norm(r.get("owner")), r.get("type")) for r in s.get("responsibilities", [])}
        counts["resp_tp"] += len(gr & sr)
        counts["resp_np"] += len(sr)
        counts["resp_nr"] += len(gr)


def _count_measures(ev: Evaluation, gold: dict, directives: list[dict], counts: dict) -> None:
    """Measures found and correct; over found required measures: sectors, owners, roles, deadlines."""
    gold_measures = [x for g in gold["meetings"] for x in g["measures"]]
    extracted = [x for s in directives for x in s.get("measures", [])]
    required = [x for x in gold_measures if not x.get("optional")]
    c = dict.fromkeys(("meas_hit_r", "sec_ok", "own_tp", "own_np", "own_nr"), 0)
    c.update(dict.fromkeys(("role_tp", "role_np", "role_nr", "dl_ok", "dl_n"), 0))
    for g in required:
        span = g["span"]
        best = max(extracted, key=lambda s: _overlap(span, s.get("span", [0, 0])), default=None)
        found = best is not None and _overlap(span, best.get("span", [0, 0])) >= 0.5 * (span[1] - span[0])
        if g.get("deadline"):
            c["dl_n"] += 1
        if not found:
            ev.missed.append({"text": g["text"], "span": list(span)})
            c["role_nr"] += len(_gold_roles(g))
            continue
        c["meas_hit_r"] += 1
        if sector_ok(best.get("sectors", []), g.get("sectors", []), g.get("also_ok", [])):
            c["sec_ok"] += 1
        else:
            ev.wrong_sector.append({"text": g["text"], "gold": g.get("sectors", []), "given": best.get("sectors", [])})
        go = {_norm(o) for o in g.get("owners", [])}
        so = {_norm(o.get("name") if isinstance(o, dict) else o) for o in best.get("owners", [])}
        c["own_tp"] += len(go & so)
        c["own_np"] += len(so) if go or so else 0
        c["own_nr"] += len(go)
        gold_roles, system_roles = _gold_roles(g), _system_roles(best)
        if gold_roles:
            c["role_tp"] += len(gold_roles & system_roles)
            c["role_np"] += len(system_roles)
            c["role_nr"] += len(gold_roles)
        if g.get("deadline"):
            c["dl_ok"] += _deadline_ok(g, best)
    correct = 0
    for s in extracted:
        sp = s.get("span", [0, 0])
        length = max(1, sp[1] - sp[0])
        if any(_overlap(sp, g["span"]) >= 0.5 * min(length, g["span"][1] - g["span"][0]) for g in gold_measures):
            correct += 1
        else:
            ev.invented.append({"text": s["text"], "span": list(sp)})
    counts.update(c, meas_hit_p=correct, meas_sys=len(extracted), meas_req=len(required))


def _count_targets(gold: dict, directives: list[dict], counts: dict) -> None:
    """Targets: the same value, and one text inside the other (each extracted target used once)."""
    gold_targets = [t for g in gold["meetings"] for t in (g.get("targets") or [])]
    extracted = [t for s in directives for t in (s.get("targets") or [])]
    used: set[int] = set()
    for t in gold_targets:
        for j, u in enumerate(extracted):
            try:
                same = j not in used and abs(float(u.get("value")) - float(t["value"])) < 1e-9
            except (TypeError, ValueError):
                same = False
            a, b = _norm(u.get("text") or ""), _norm(t["text"])
            if same and a and (a in b or b in a):
                used.add(j)
                break
    counts.update(tgt_tp=len(used), tgt_sys=len(extracted), tgt_gold=len(gold_targets))


def _add_units(ev: Evaluation, c: dict) -> None:
    def pair(tp: str, predicted: str, gold: str) -> Score:
        return Score(c[tp], c[predicted], c[tp], c[gold])

    ev.unit("meetings").add(pair("meet_tp", "meet_sys", "meet_gold"))
    ev.unit("chair posts").add(pair("post_tp", "post_np", "post_nr"))
    ev.unit("principles").add(pair("prin_tp", "prin_np", "prin_nr"))
    ev.unit("responsibilities").add(pair("resp_tp", "resp_np", "resp_nr"))
    ev.unit("measures").add(Score(c["meas_hit_p"], c["meas_sys"], c["meas_hit_r"], c["meas_req"]))
    ev.unit("measure owners").add(pair("own_tp", "own_np", "own_nr"))
    ev.unit("roles").add(pair("role_tp", "role_np", "role_nr"))
    ev.unit("targets").add(pair("tgt_tp", "tgt_sys", "tgt_gold"))
    ev.tally("chair names", c["chair_ok"], c["chair_n"])
    ev.tally("sectors", c["sec_ok"], c["meas_hit_r"])
    ev.tally("deadlines", c["dl_ok"], c["dl_n"])


def evaluate_files(gold_files, raw_dir: Path) -> Evaluation:
    """Extract the document each gold file names (from `raw_dir`) and score it."""
    from ..read import read_document
    from . import extract_document

    evaluation = Evaluation()
    for gold_path in gold_files:
        gold = load_gold(gold_path)
        document = read_document(Path(raw_dir) / gold["document"])
        try:
            record = extract_document(document)
        except InputError as error:  # refused: scored as an empty extraction, as the reference does
            evaluation.refused.append({"document": gold["document"], "reason": error.reason})
            record = DocumentRecord(document.name, document.sha256, len(document.text), document.text, {}, [])
        score_document(record, gold, evaluation)
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
    parts += [f"refused: {item['document']}: {item['reason']}" for item in ev.refused]
    for title, items in (("missed", ev.missed), ("invented", ev.invented), ("wrong sector", ev.wrong_sector)):
        parts.append(f"\n{title} ({len(items)}):")
        parts += [
            f"  {item['text']}" + (f"  gold {item['gold']} given {item['given']}" if "gold" in item else "")
            for item in items
        ]
    return "\n".join(parts)
