"""Hand-made records of a work plan, for the graph side of plans while the extractor for plans is built.

The text is written in the genre's forms (a notice of issue with its 文号, a target paragraph, tasks
with a bracket of role-labelled units and a time limit); every offset is found in the text, so the
records hold the same `[start, end)` contract the extractor's do.
"""

from __future__ import annotations

import hashlib

from graphbuild.extract.records import (
    AreaRef,
    DeadlineRecord,
    DocumentRecord,
    MeasureRecord,
    OwnerRecord,
    PlanRecord,
    PrincipleRecord,
    TargetRecord,
)
from graphbuild.namespace import OWNERKIND, PRINCIPLE

AREA = AreaRef("拱墅区", "330105")
DEPARTMENT = str(OWNERKIND.department)

PLAN_TEXT = (
    "拱墅区人民政府办公室关于印发拱墅区大气污染防治实施方案的通知\n"
    "拱政办发〔2019〕8号\n"
    "各街道办事处，区政府各部门：\n"
    "为深入落实党政同责、一岗双责和管行业必须管环保要求，现将实施方案印发给你们，请认真贯彻执行。\n"
    "一、工作目标\n"
    "到2020年，全区PM2.5平均浓度控制在35微克/立方米以下，优良天数比例达到85%，重污染天数控制在3天次以内。\n"
    "二、主要任务\n"
    "1.加强建筑工地扬尘管控。（牵头单位：区住建局；配合单位：区城管局、各街道）完成时限：2019年10月底前。\n"
    "2.开展柴油货车路检路查。（责任单位：区公安分局）长期坚持。\n"
    "3.推进燃煤锅炉淘汰。（区发改局负责，区市场监管局协助）完成时限：2019年12月31日前。\n"
    "2019年3月5日\n"
)


def at(text: str, words: str, after: int = 0) -> tuple[int, int]:
    """The span of the first `words` at or after `after` (a test-data helper; fails loudly when absent)."""
    start = text.index(words, after)
    return start, start + len(words)


def _owner(text: str, name: str, role: str | None, after: int) -> OwnerRecord:
    return OwnerRecord(name, DEPARTMENT, at(text, name, after), role)


def _line(text: str, number: str) -> tuple[int, int]:
    start = text.index(f"\n{number}.", _base(text)) + 1
    return start, text.index("\n", start)


def _base(text: str) -> int:
    """Where the plan starts in `text` (PLAN_TEXT itself, or a longer text holding it)."""
    return text.index(PLAN_TEXT.split("\n", 1)[0])


def plan_measures(text: str = PLAN_TEXT) -> list[MeasureRecord]:
    first, second, third = _line(text, "1"), _line(text, "2"), _line(text, "3")
    base = _base(text)
    return [
        MeasureRecord(
            "加强建筑工地扬尘管控",
            at(text, "加强建筑工地扬尘管控", base),
            ["DUST"],
            [
                _owner(text, "区住建局", "lead", first[0]),
                _owner(text, "区城管局", "support", first[0]),
                OwnerRecord("各街道", str(OWNERKIND.township), at(text, "各街道", first[0]), "support"),
            ],
            first,
            DeadlineRecord("2019年10月底前", "2019-10-31", at(text, "2019年10月底前", first[0])),
        ),
        MeasureRecord(
            "开展柴油货车路检路查",
            at(text, "开展柴油货车路检路查", base),
            ["MOB"],
            [_owner(text, "区公安分局", "responsible", second[0])],
            second,
            DeadlineRecord("长期坚持", None, at(text, "长期坚持", second[0])),
        ),
        MeasureRecord(
            "推进燃煤锅炉淘汰",
            at(text, "推进燃煤锅炉淘汰", base),
            ["ENER"],
            [
                _owner(text, "区发改局", "responsible", third[0]),
                _owner(text, "区市场监管局", "support", third[0]),
            ],
            third,
            DeadlineRecord("2019年12月31日前", "2019-12-31", at(text, "2019年12月31日前", third[0])),
        ),
    ]


def plan_targets(text: str = PLAN_TEXT) -> list[TargetRecord]:
    base = _base(text)
    return [
        TargetRecord(
            "PM2.5平均浓度控制在35微克/立方米以下",
            "pm25-concentration",
            35.0,
            "微克/立方米",
            "2020",
            at(text, "PM2.5平均浓度控制在35微克/立方米以下", base),
        ),
        TargetRecord(
            "优良天数比例达到85%", "good-days-ratio", 85.0, "%", "2020", at(text, "优良天数比例达到85%", base)
        ),
        TargetRecord(
            "重污染天数控制在3天次以内",
            "heavy-pollution-days",
            3.0,
            "天次",
            "2020",
            at(text, "重污染天数控制在3天次以内", base),
        ),
    ]


def plan_record(principles: tuple[str, ...] = ("dangzheng-tongze",), text: str = PLAN_TEXT) -> PlanRecord:
    """The plan; `principles` (local names) are the ones it cites, found in the text."""
    cited = {"dangzheng-tongze": "党政同责", "yigang-shuangze": "一岗双责", "sanguan-sanbixu": "管行业必须管环保"}
    base = _base(text)
    return PlanRecord(
        date="2019-03-05",
        span=(base, base + len(PLAN_TEXT.rstrip())),
        organizer="拱墅区人民政府办公室",
        area=AREA,
        kind="实施方案",
        principles=[PrincipleRecord(cited[p], str(PRINCIPLE[p]), at(text, cited[p], base)) for p in principles],
        responsibilities=[],
        measures=plan_measures(text),
        title="拱墅区大气污染防治实施方案",
        identifier="拱政办发〔2019〕8号",
        targets=plan_targets(text),
    )


def plan_document(plan: PlanRecord | None = None, text: str = PLAN_TEXT, name: str = "plan.txt") -> DocumentRecord:
    plan = plan if plan is not None else plan_record(text=text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return DocumentRecord(name, digest, len(text), text, {}, [], plans=[plan])
