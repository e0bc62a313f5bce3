"""Generate benchmark corpora of both genres: meeting readouts and plans (work plans, responsibility
lists, divisions of tasks), for real areas of the administrative-division dataset.

Readouts follow a city meeting and its districts' follow-up meetings. Plans take the genre's forms
seen in the development texts (data/raw/dev/p0*, l0*) and tests/fixtures/plans: a notice wrapping a
work plan with quantified targets and tasks whose brackets name lead / responsible / supporting
units and a time limit; a division of tasks whose first listed unit leads; a responsibility list as
a table; sentences naming each unit's role. Sector terms, department types (ontology/departments.ttl,
chosen by the sector they regulate), role labels, genre words, indicators, units and time-limit
words come from the project's vocabularies; person names and numbers are synthetic; no sentence is
copied from a real text. Deterministic: document i depends only on (seed, i), so the corpus of 100
is the first 100 documents of the corpus of 1,000.

    python benchmarks/generate.py OUT_DIR --documents 1000 --seed 1 [--no-dev] [--check 50]

OUT_DIR receives the documents, the development texts (data/raw/dev, unless --no-dev) and
manifest.json, which lists for every generated plan the tasks it wrote with their units' roles and
its targets, so that `check` can count what the extractor finds against what was generated.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from graphbuild.extract.divisions import Area, load_divisions
from graphbuild.extract.lexicon import Concept, load_lexicon
from graphbuild.namespace import GB
from graphbuild.resources import ontology_dir

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "data" / "raw" / "dev"
PLAN_SHARE = (1, 3)  # document i is a plan when i % 5 is one of these: 40 % plans, 60 % readouts

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "建国明华伟强军平东辉志刚勇杰涛斌超波磊鹏宇浩然峰晨阳雪梅丽娟静敏燕红霞琳"
ADVERBS = ["", "", "持续", "全面", "深入", "切实", "严格", "扎实", "进一步"]
VERBS = ["加强", "强化", "推进", "抓好", "做好", "狠抓", "加快", "深化", "严格落实", "开展"]
OBJECT_TAILS = ["治理", "管控", "整治", "监管", "专项检查", "巡查", "综合利用", "排查整治"]
OWNERS = ["相关企业", "各镇(街道)", "有关部门(单位)", "分管区领导", "全区各级各部门"]
RESPONSIBILITIES = {"相关企业": "主体责任", "各镇(街道)": "属地责任", "有关部门(单位)": "监管责任"}
PRINCIPLES = ["“党政同责、一岗双责”", "“三管三必须”", "“党政同责、一岗双责”和“三管三必须”"]
SLOGANS = ["切实做到人人有责、人人担责、人人尽责", "确保每项攻坚措施都落到实处、形成闭环", "以最强合力打好攻坚战"]

# Plans: the frame of the genre (the vocabularies hold the words the extractor triggers on: roles,
# genres, time limits, indicators, units; these are the connecting words around them).
PLAN_TOPICS = ["大气污染防治", "空气质量改善", "蓝天保卫战", "秋冬季大气污染综合治理攻坚", "重污染天气消除攻坚"]
PLAN_VERBS = ["开展", "推进", "完成", "加强", "实施", "组织", "落实", "健全", "严格"]
PLAN_TAILS = ["专项整治", "综合治理", "排查整治", "提标改造", "执法检查", "监督管理", "长效管理", "清单化管理"]
# Targets: indicator (local name in the indicator scheme) → unit (local name in the unit scheme),
# value range, decimals, and the verbs (labels of cue:target-verb) that fit a ceiling or a floor.
# Values are synthetic.
CEILING, FLOOR = ("控制在", "不高于", "不超过"), ("达到", "不低于")
TARGETS = {
    "pm25-concentration": ("MicroGM-PER-M3", (28, 60), 1, CEILING),
    "pm10-concentration": ("MicroGM-PER-M3", (45, 90), 0, CEILING),
    "good-days-ratio": ("PERCENT", (70, 92), 1, FLOOR),
    "heavy-pollution-days": ("DAY", (2, 15), 0, CEILING),
    "o3-concentration": ("MicroGM-PER-M3", (140, 170), 0, CEILING),
}
PLAN_FORMS = ("notice", "division", "table", "sentences")


@dataclass
class Vocabulary:
    """What the generator takes from the project's vocabularies."""

    sector_terms: list[str]
    terms_by_sector: dict[str, list[str]]
    departments: list[str]
    departments_by_sector: dict[str, list[str]]
    role_labels: dict[str, list[str]]  # the labels of each role that name a unit column or bracket label
    genres: dict[str, list[str]]
    indicators: dict[str, list[str]]
    units: dict[str, str]
    deadline_label: str
    open_deadlines: list[str]
    first_leads: str
    carry_on: str
    task_column: str
    index_column: str
    notice_opening: str
    notice_closing: str


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _department_mappings() -> tuple[list[str], dict[str, list[str]]]:
    """Department types (their Chinese names) and, per sector notation, the types that regulate it."""
    graph = Graph().parse(ontology_dir() / "departments.ttl")
    names = {}
    for concept, label in graph.subject_objects(SKOS.prefLabel):
        if getattr(label, "language", None) == "zh" and (concept, SKOS.inScheme, None) in graph:
            names[concept] = str(label)
    by_sector: dict[str, list[str]] = {}
    for mapping in graph.subjects(GB.departmentType, None):
        department = graph.value(mapping, GB.departmentType)
        sector = _local(str(graph.value(mapping, GB.regulates)))
        if department in names:
            by_sector.setdefault(sector, []).append(names[department])
    return sorted(set(names.values())), {k: sorted(set(v)) for k, v in by_sector.items()}


@cache
def vocabulary() -> Vocabulary:
    """Read the vocabularies once."""
    lexicon = load_lexicon()

    def labels(c: Concept) -> list[str]:
        return [label for label in c.labels if len(label) >= 2]

    sectors = [c for c in lexicon.scheme("sector") if c.notation != "GOV"]
    terms_by_sector = {c.notation: sorted(labels(c)) for c in sectors if labels(c)}
    departments, by_sector = _department_mappings()
    roles = {
        _local(c.iri): sorted(lab for lab in c.labels if lab.endswith("单位")) for c in lexicon.scheme("task-role")
    }
    genres = {_local(c.iri): sorted({c.pref_label, *c.labels}) for c in lexicon.scheme("plan-genre")}
    indicators = {_local(c.iri): [c.pref_label] for c in lexicon.scheme("indicator")}
    units = {_local(c.iri): c.pref_label for c in lexicon.scheme("unit")}
    units["PERCENT"] = "%"  # plans write the sign, not the word
    open_deadlines = [lab for lab in lexicon.cue("open-deadline").labels if len(lab) == 4]
    return Vocabulary(
        sector_terms=sorted({t for ts in terms_by_sector.values() for t in ts}),
        terms_by_sector=terms_by_sector,
        departments=departments,
        departments_by_sector=by_sector,
        role_labels=roles,
        genres=genres,
        indicators=indicators,
        units=units,
        deadline_label=lexicon.cue("deadline-label").pref_label,
        open_deadlines=sorted(open_deadlines),
        first_leads=lexicon.cue("first-leads").pref_label,
        carry_on=lexicon.cue("carry-on").pref_label,
        task_column=lexicon.cue("task-column").pref_label,
        index_column=lexicon.cue("index-column").pref_label,
        notice_opening=lexicon.cue("notice-opening").pref_label,
        notice_closing=lexicon.cue("notice-closing").pref_label,
    )


# ---------------------------------------------------------------- readouts


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _measure(rng: random.Random, terms: list[str]) -> str:
    return f"{rng.choice(ADVERBS)}{rng.choice(VERBS)}{rng.choice(terms)}{rng.choice(OBJECT_TAILS)}"


def _body(rng: random.Random, terms: list[str], measures: int) -> str:
    parts = ["会议强调,"]
    if rng.random() < 0.6:
        parts.append(f"全区各级各部门必须严格按照{rng.choice(PRINCIPLES)}要求,压紧压实各方责任,{rng.choice(SLOGANS)}。")
    written = 0
    while written < measures:
        if rng.random() < 0.3:
            owner = rng.choice(OWNERS)
            duty = RESPONSIBILITIES.get(owner)
            lead = f"{owner}要切实履行{duty}," if duty else f"{owner}要"
            count = rng.randint(1, 3)
            parts.append(lead + ",".join(_measure(rng, terms) for _ in range(count)) + ";")
        else:
            count = rng.randint(2, 6)
            parts.append("要" + ",".join(_measure(rng, terms) for _ in range(count)) + "。")
        written += count
    return "".join(parts).rstrip(";。") + "。"


def _meeting(rng, area_name: str, body_area: str, day: int, terms, measures: int, city: bool = False) -> str:
    organizer = "市委常委会" if city else f"{area_name}委常委会"
    chair_posts = "市委书记" if city else f"{area_name}委书记、{area_name[-1]}长"
    header = f"11月{day}日,{organizer}召开(扩大)会议,专题研究部署{body_area}大气污染防治工作。"
    chair = f"{chair_posts}{_name(rng)}主持会议并讲话。"
    return header + chair + "\n" + _body(rng, terms, measures)


def document(rng: random.Random, city: Area, counties: list[Area], terms: list[str]) -> str:
    """One readout: the city's meeting and its counties' follow-up meetings."""
    lines = [_meeting(rng, city.name, "我市", 2, terms, rng.randint(3, 8), city=True)]
    for county in counties:
        lines.append(_meeting(rng, county.name, county.name, rng.choice((2, 3, 4)), terms, rng.randint(5, 30)))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- plans


@dataclass
class PlanWriter:
    """One plan being written, with what it assigns (for the sanity check)."""

    rng: random.Random
    area: Area
    prefix: str  # 市 for a city's units, the county's name for a county's
    year: int
    tasks: list[dict] = field(default_factory=list)
    targets: list[dict] = field(default_factory=list)
    role_labels: dict[str, str] = field(default_factory=dict)  # one label per role (牵头单位, 主办单位 …)

    def unit(self, department: str) -> str:
        return f"{self.prefix}{department}"

    def units_for(self, sector: str, count: int) -> list[str]:
        """`count` distinct units, those regulating the sector first."""
        vocab = vocabulary()
        own = list(vocab.departments_by_sector.get(sector) or vocab.departments_by_sector.get(sector.split(".")[0], []))
        self.rng.shuffle(own)
        others = [d for d in vocab.departments if d not in own]
        self.rng.shuffle(others)
        return [self.unit(d) for d in (own + others)[:count]]

    def task_text(self, sector: str) -> str:
        term = self.rng.choice(vocabulary().terms_by_sector[sector])
        return f"{self.rng.choice(PLAN_VERBS)}{term}{self.rng.choice(PLAN_TAILS)}"

    def deadline(self) -> str:
        if self.rng.random() < 0.25:
            return self.rng.choice(vocabulary().open_deadlines)
        return f"{self.year}年{self.rng.randint(3, 12)}月底前"

    def task(self, roles: dict[str, list[str]]) -> tuple[str, str]:
        """A task's text (one clause) and its sector, recorded with the units' roles."""
        sector = self.rng.choice(sorted(vocabulary().terms_by_sector))
        text = self.task_text(sector)
        while any(text in task["text"] or task["text"] in text for task in self.tasks):  # one task per text
            text = self.task_text(sector)
        self.tasks.append({"text": text, "roles": {r: sorted(u) for r, u in roles.items() if u}})
        return text, sector

    def targets_sentence(self) -> str:
        """The quantified goals of the year, each recorded with its indicator, value and unit."""
        vocab = vocabulary()
        chosen = self.rng.sample(sorted(TARGETS), k=self.rng.randint(1, 3))
        parts = []
        for indicator in chosen:
            unit, (low, high), decimals, verbs = TARGETS[indicator]
            value = round(self.rng.uniform(low, high), decimals)
            written = f"{value:.{decimals}f}"
            label = self.rng.choice(vocab.indicators[indicator])
            parts.append(f"{label}{self.rng.choice(verbs)}{written}{vocab.units[unit]}")
            self.targets.append({"indicator": indicator, "value": float(written), "unit": vocab.units[unit]})
        scope = "全市" if self.prefix == "市" else "全" + self.area.name[-1]
        return f"{self.year}年,{scope}" + ",".join(parts) + "。"

    def role_sets(self, sector_units: list[str]) -> dict[str, list[str]]:
        """Lead, responsible and supporting units for one task, from units that regulate its sector."""
        count = len(sector_units)
        lead = sector_units[:1] if count > 1 and self.rng.random() < 0.7 else []
        rest = sector_units[len(lead) :]
        split = self.rng.randint(0, len(rest))
        return {"lead": lead, "responsible": rest[:split], "support": rest[split:]}


def _plan_title(writer: PlanWriter, genre: str) -> str:
    return f"{writer.area.name}{writer.year}年{writer.rng.choice(PLAN_TOPICS)}{genre}"


def _bracket(writer: PlanWriter, roles: dict[str, list[str]], deadline: str | None) -> str:
    """(牵头单位:A;责任单位:B、C;配合单位:D;完成时限:…) with the role labels of the vocabulary."""
    labels = writer.role_labels
    parts = [f"{labels[role]}:{'、'.join(units)}" for role, units in roles.items() if units]
    if deadline:
        parts.append(f"{vocabulary().deadline_label}:{deadline}")
    return "(" + ";".join(parts) + ")"


def _notice_plan(writer: PlanWriter) -> str:
    """A notice wrapping a work plan: targets, sections, numbered tasks with labelled brackets."""
    vocab, rng = vocabulary(), writer.rng
    genre = rng.choice(vocab.genres["work-plan"] + vocab.genres["action-plan"])
    title = _plan_title(writer, genre)
    issuer = f"{writer.area.name}人民政府办公室"
    lines = [
        f"{vocab.notice_opening}{title}{vocab.notice_closing}",
        f"{writer.area.name[0]}政办〔{writer.year}〕{rng.randint(1, 99)}号",
        "各县(市、区)人民政府,市直各部门:" if writer.prefix == "市" else "各镇人民政府、街道办事处,各部门:",
        f"现将《{title}》印发给你们,请认真组织实施。",
        issuer,
        f"{writer.year}年{rng.randint(1, 4)}月{rng.randint(1, 28)}日",
        title,
        "一、工作目标",
        writer.targets_sentence(),
        "二、重点任务",
    ]
    number = 0
    for section in range(rng.randint(3, 6)):
        lines.append(
            f"({'一二三四五六七八九'[section]}){rng.choice(PLAN_VERBS)}{rng.choice(vocab.sector_terms)}污染治理"
        )
        for _ in range(rng.randint(3, 8)):
            number += 1
            sector = rng.choice(sorted(vocab.terms_by_sector))
            roles = writer.role_sets(writer.units_for(sector, rng.randint(1, 4)))
            text, _ = writer.task(roles)
            lines.append(f"{number}.{text}。{_bracket(writer, roles, writer.deadline())}")
    return "\n".join(lines) + "\n"


def _division_plan(writer: PlanWriter) -> str:
    """A division of tasks: the first unit of each bracket leads (said once, carried on)."""
    vocab, rng = vocabulary(), writer.rng
    lines = [_plan_title(writer, rng.choice(vocab.genres["division-of-tasks"]))]
    for number in range(1, rng.randint(12, 40) + 1):
        sector = rng.choice(sorted(vocab.terms_by_sector))
        units = writer.units_for(sector, rng.randint(1, 4))
        roles = {"lead": units[:1], "responsible": units[1:]}  # a lone unit is first, so it leads too
        text, _ = writer.task(roles)
        note = f"。{vocab.first_leads},{vocab.carry_on}" if number == 1 else ""
        lines.append(f"{number}.{text}。({'、'.join(units)}{note})")
    return "\n".join(lines) + "\n"


def _table_plan(writer: PlanWriter) -> str:
    """A responsibility list as a table: index, task, lead, supporting units, time limit."""
    vocab, rng = vocabulary(), writer.rng
    labels = writer.role_labels
    lines = [
        _plan_title(writer, rng.choice(vocab.genres["responsibility-list"])),
        "\t".join([vocab.index_column, vocab.task_column, labels["lead"], labels["support"], vocab.deadline_label]),
    ]
    for number in range(1, rng.randint(12, 40) + 1):
        sector = rng.choice(sorted(vocab.terms_by_sector))
        units = writer.units_for(sector, rng.randint(2, 4))
        roles = {"lead": units[:1], "support": units[1:]}
        text, _ = writer.task(roles)
        lines.append("\t".join([str(number), text, units[0], "、".join(units[1:]), writer.deadline()]))
    return "\n".join(lines) + "\n"


def _sentence_plan(writer: PlanWriter) -> str:
    """Numbered tasks whose units are named with their roles in a sentence after the task."""
    vocab, rng = vocabulary(), writer.rng
    lines = [_plan_title(writer, rng.choice(vocab.genres["work-plan"]))]
    for number in range(1, rng.randint(12, 40) + 1):
        sector = rng.choice(sorted(vocab.terms_by_sector))
        units = writer.units_for(sector, rng.randint(2, 3))
        roles = {"lead": units[:1], "support": units[1:]}
        text, _ = writer.task(roles)
        lines.append(f"{number}.{text}。{units[0]}牵头,{'、'.join(units[1:])}配合。")
    return "\n".join(lines) + "\n"


PLAN_WRITERS = {"notice": _notice_plan, "division": _division_plan, "table": _table_plan, "sentences": _sentence_plan}


def plan_document(rng: random.Random, area: Area, form: str) -> tuple[str, dict]:
    """One plan of the given form for `area` (a city or a county) and what it assigns."""
    prefix = "市" if area.level == "prefecture" else area.name
    writer = PlanWriter(rng, area, prefix, rng.randint(2018, 2025))
    writer.role_labels = {role: rng.choice(labels) for role, labels in sorted(vocabulary().role_labels.items())}
    text = PLAN_WRITERS[form](writer)
    return text, {"form": form, "adcode": area.adcode, "tasks": writer.tasks, "targets": writer.targets}


# ---------------------------------------------------------------- corpus


@cache
def _areas() -> tuple[list[Area], dict[str, list[Area]]]:
    """Cities that have counties, and each city's counties (districts, counties, county-level cities)."""
    divisions = load_divisions()
    cities = [a for a in divisions.by_code.values() if a.level == "prefecture" and a.name.endswith("市")]
    counties_of = {
        city.adcode: [
            a
            for a in divisions.by_code.values()
            if a.level == "county" and divisions.parent(a) == city and a.name[-1] in "区县市"
        ]
        for city in cities
    }
    cities = [city for city in cities if counties_of[city.adcode]]
    return cities, counties_of


def one_document(seed: int, index: int) -> tuple[str, str, dict]:
    """Document `index` of the corpus of `seed`: its file name, its text, and its area's name with
    (for a plan) what it assigns."""
    rng = random.Random(f"{seed}:{index}")
    cities, counties_of = _areas()
    city = cities[rng.randrange(len(cities))]
    counties = counties_of[city.adcode]
    if index % 5 in PLAN_SHARE:
        area = city if rng.random() < 0.5 else rng.choice(counties)
        form = PLAN_FORMS[(index // 5 + index % 5) % len(PLAN_FORMS)]
        text, facts = plan_document(rng, area, form)
        return f"plan-{index:05d}.txt", text, {"area": area.name, **facts}
    chosen = rng.sample(counties, k=min(len(counties), rng.randint(2, 7)))
    return f"readout-{index:05d}.txt", document(rng, city, chosen, vocabulary().sector_terms), {"area": city.name}


def generate(out: Path, documents: int, seed: int = 1, dev: bool = True, progress: bool = False) -> list[Path]:
    """Write `documents` generated documents (and the development texts) into `out`, with manifest.json."""
    out.mkdir(parents=True, exist_ok=True)
    written, plans, areas = [], {}, {}
    for index in range(documents):
        name, text, facts = one_document(seed, index)
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
        areas[name] = facts.pop("area")
        if facts:
            plans[name] = facts
        if progress and (index + 1) % 1000 == 0:
            print(f"  generated {index + 1:,} / {documents:,}", flush=True)
    if dev:
        for source in sorted(DEV.glob("*.txt")):
            shutil.copyfile(source, out / f"dev-{source.name}")
            written.append(out / f"dev-{source.name}")
    manifest = {"seed": seed, "documents": documents, "dev": dev, "areas": areas, "plans": plans}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    return written


# ---------------------------------------------------------------- sanity check


def check(folder: Path, limit: int | None = None) -> dict:
    """Extract the generated plans of `folder` and count, against manifest.json, the tasks found (a
    measure with the task's text), those found with exactly the generated units in their roles, and
    the targets found (indicator, value and unit)."""
    from graphbuild.extract import extract_document
    from graphbuild.read import read_document

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    counts: Counter = Counter()
    for name, facts in sorted(manifest["plans"].items())[:limit]:
        record = extract_document(read_document(folder / name))
        counts["plans"] += 1
        counts["plans read as plans"] += bool(record.plans)
        measures = [m for plan in record.plans for m in plan.measures]
        found_targets = {(t.indicator, t.value, t.unit) for plan in record.plans for t in plan.targets}
        for task in facts["tasks"]:
            counts["tasks"] += 1
            same = [m for m in measures if task["text"] in m.text]
            counts["tasks found"] += bool(same)
            roles: dict[str, set] = {}
            for measure in same[:1]:
                for owner in measure.owners:
                    roles.setdefault(owner.role, set()).add(owner.name)
            counts["tasks with their roles"] += {r: sorted(u) for r, u in roles.items()} == task["roles"]
            counts["roles"] += sum(len(u) for u in task["roles"].values())
            counts["roles found"] += sum(len(set(u) & roles.get(r, set())) for r, u in task["roles"].items())
        for target in facts["targets"]:
            counts["targets"] += 1
            counts["targets found"] += (target["indicator"], target["value"], target["unit"]) in found_targets
        counts["measures"] += len(measures)
        counts["targets extracted"] += len(found_targets)
    return dict(counts)


def sanity_line(counts: dict) -> str:
    """One line: what the extractor found of what was generated."""

    def share(found: str, total: str) -> str:
        return f"{counts.get(found, 0)}/{counts.get(total, 0)}"

    return (
        f"sanity: {share('plans read as plans', 'plans')} plans read as plans; tasks found "
        f"{share('tasks found', 'tasks')}, with exactly their units' roles {share('tasks with their roles', 'tasks')}; "
        f"unit roles {share('roles found', 'roles')}; targets {share('targets found', 'targets')} "
        f"({counts.get('measures', 0)} measures and {counts.get('targets extracted', 0)} targets extracted in all)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-dev", action="store_true", help="leave the development texts out")
    parser.add_argument("--check", type=int, default=0, metavar="N", help="extract N generated plans and compare")
    args = parser.parse_args()
    paths = generate(args.out, args.documents, args.seed, dev=not args.no_dev, progress=True)
    print(f"{len(paths)} documents, {sum(p.stat().st_size for p in paths):,} bytes in {args.out}")
    if args.check:
        print(sanity_line(check(args.out, args.check)))


if __name__ == "__main__":
    main()
