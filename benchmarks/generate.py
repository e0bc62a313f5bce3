"""Generate a realistic multi-document corpus of meeting readouts for benchmarks.

Documents follow the structure of a city readout and its districts' follow-up meetings, for
real areas of the administrative-division dataset, with sector terms, owners and principles
drawn from the project's own vocabularies. Person names are synthetic. Deterministic per seed.

    python benchmarks/generate.py OUT_DIR --documents 200 --seed 1
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from graphbuild.extract.divisions import load_divisions
from graphbuild.extract.lexicon import load_lexicon

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "建国明华伟强军平东辉志刚勇杰涛斌超波磊鹏宇浩然峰晨阳雪梅丽娟静敏燕红霞琳"
ADVERBS = ["", "", "持续", "全面", "深入", "切实", "严格", "扎实", "进一步"]
VERBS = ["加强", "强化", "推进", "抓好", "做好", "狠抓", "加快", "深化", "严格落实", "开展"]
OBJECT_TAILS = ["治理", "管控", "整治", "监管", "专项检查", "巡查", "综合利用", "排查整治"]
OWNERS = ["相关企业", "各镇(街道)", "有关部门(单位)", "分管区领导", "全区各级各部门"]
RESPONSIBILITIES = {"相关企业": "主体责任", "各镇(街道)": "属地责任", "有关部门(单位)": "监管责任"}
PRINCIPLES = ["“党政同责、一岗双责”", "“三管三必须”", "“党政同责、一岗双责”和“三管三必须”"]
SLOGANS = ["切实做到人人有责、人人担责、人人尽责", "确保每项攻坚措施都落到实处、形成闭环", "以最强合力打好攻坚战"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _terms() -> list[str]:
    lexicon = load_lexicon()
    return sorted(
        {label for c in lexicon.scheme("sector") if c.notation != "GOV" for label in c.labels if len(label) >= 2}
    )


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


def document(rng: random.Random, city, counties, terms) -> str:
    """One readout: the city's meeting and its counties' follow-up meetings."""
    lines = [_meeting(rng, city.name, "我市", 2, terms, rng.randint(3, 8), city=True)]
    for county in counties:
        lines.append(_meeting(rng, county.name, county.name, rng.choice((2, 3, 4)), terms, rng.randint(5, 30)))
    return "\n".join(lines) + "\n"


def generate(out: Path, documents: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    divisions = load_divisions()
    terms = _terms()
    cities = [a for a in divisions.by_code.values() if a.level == "prefecture" and a.name.endswith("市")]
    counties_of = {
        city.adcode: [
            a
            for a in divisions.by_code.values()
            if a.level == "county" and divisions.parent(a) == city and a.name[-1] in "区县市"
        ]
        for city in cities
    }
    # Only cities with counties to meet: every document asked for is written.
    cities = [city for city in cities if counties_of[city.adcode]]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(documents):
        city = cities[rng.randrange(len(cities))]
        counties = counties_of[city.adcode]
        chosen = rng.sample(counties, k=min(len(counties), rng.randint(2, 7)))
        path = out / f"readout-{index:05d}.txt"
        path.write_text(document(rng, city, chosen, terms), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.out, args.documents, args.seed)
    print(f"{len(paths)} documents, {sum(p.stat().st_size for p in paths)} bytes in {args.out}")


if __name__ == "__main__":
    main()
