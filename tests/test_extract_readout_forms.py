"""Readout forms of issue 13, each case a text in the genre's forms and the records it must give.

Every case is data (an id, a text, the expected records), so that the cases can move to data files:
`meetings` lists, per meeting in order, the fields to compare (date, adcode, organizer, chair as
[name, posts] or None, speakers as [[name, posts]]); `measures` lists every measure of the document in
order as [text, sectors, owners]; `some_measures` lists [text, sectors] pairs that must be among them;
`no_measures` lists texts that must not be measures. The texts are written for these tests in the
forms seen in more than one real readout; none is copied from one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.extract import extract_document
from graphbuild.read import read_document

CASES: list[dict] = [
    # 1. Sectors from context.
    {
        "id": "numbered-point-topic",
        "text": "1月20日,涉县召开大气污染防治工作会议。会议要求,一是严格落实禁燃禁放规定,加大巡查力度,"
        "落实网格化管理,严肃追责问责;二是加强道路扬尘治理。\n"
        "（三）柴油货车治理。加大路检路查频次,开展入户抽检。",
        "measures": [
            ["严格落实禁燃禁放规定", ["FIRE"], []],
            ["加大巡查力度", ["FIRE"], []],
            ["落实网格化管理", ["FIRE"], []],
            ["严肃追责问责", ["GOV"], []],
            ["加强道路扬尘治理", ["DUST"], []],
            ["柴油货车治理", ["MOB"], []],
            ["加大路检路查频次", ["MOB"], []],
            ["开展入户抽检", ["MOB"], []],
        ],
    },
    {
        "id": "topic-phrase-opens-a-passage",
        "text": "11月5日,宁晋县召开秋冬季攻坚调度会。会议要求,针对重型柴油货车,要加大路检路查频次,开展入户抽检;"
        "加强督导检查。",
        "measures": [
            ["加大路检路查频次", ["MOB"], []],
            ["开展入户抽检", ["MOB"], []],
            ["加强督导检查", ["GOV"], []],
        ],
    },
    {
        "id": "a-short-opening-clause-names-its-segments-topic",
        "text": "12月5日,藁城区委召开常委会(扩大)会议。会议强调,要紧盯重点车辆,将超标车辆纳入黑名单管理;"
        "要紧盯扬尘污染,严格落实“六个百分之百”;要推进大气污染治理和绿色低碳转型,加强统筹调度。",
        "measures": [
            ["紧盯重点车辆", ["MOB"], []],
            ["将超标车辆纳入黑名单管理", ["MOB"], []],
            ["紧盯扬尘污染", ["DUST"], []],
            ["严格落实“六个百分之百”", ["DUST"], []],
            ["推进大气污染治理和绿色低碳转型", ["ENER"], []],
            ["加强统筹调度", ["GOV"], []],
        ],
    },
    {
        "id": "a-topic-frame-opens-a-passage",
        "text": "11月6日,鹿泉区召开秋冬季攻坚调度会。会议要求,在重型柴油货车管控方面,要加大路检路查频次,开展入户抽检。",
        "measures": [["加大路检路查频次", ["MOB"], []], ["开展入户抽检", ["MOB"], []]],
    },
    {
        "id": "meeting-subject-is-the-topic",
        "text": "3月2日,歙县召开烟花爆竹禁燃禁放工作推进会。会议要求,各乡镇要加强巡查管控,严厉打击违规行为,"
        "加大宣传力度。",
        "measures": [
            ["加强巡查管控", ["FIRE"], ["各乡镇"]],
            ["严厉打击违规行为", ["FIRE"], ["各乡镇"]],
            ["加大宣传力度", ["GOV"], ["各乡镇"]],
        ],
    },
    {
        "id": "the-page-title-names-the-meetings-subject",
        "text": "武安市召开烟花爆竹禁燃禁放工作会议\n1月5日,我市召开专题会议。会议要求,各乡镇要加强巡查管控。",
        "measures": [["加强巡查管控", ["FIRE"], ["各乡镇"]]],
    },
    {
        "id": "general-subject-sets-no-topic",
        "text": "3月2日,歙县召开大气污染防治暨秸秆禁烧工作推进会。会议要求,加强组织领导。",
        "measures": [["加强组织领导", ["GOV"], []]],
    },
    {
        "id": "sector-vocabulary",
        "text": "6月3日,鹿泉区召开大气污染防治调度会。会议要求,加快运输结构调整,协同推进臭氧污染防治,"
        "全面排查整治散煤销售点,加强公路沿线整治,做好降尘监测,做好污染应对准备。",
        "measures": [
            ["加快运输结构调整", ["MOB"], []],
            ["协同推进臭氧污染防治", ["IND"], []],
            ["全面排查整治散煤销售点", ["ENER"], []],
            ["加强公路沿线整治", ["DUST"], []],
            ["做好降尘监测", ["DUST"], []],
            ["做好污染应对准备", ["EMER"], []],
        ],
    },
    # 2. Measures not found before.
    {
        "id": "paired-four-character-directives",
        "text": "12月1日,栾城区召开重污染天气应对调度会。会议要求,各乡镇要靠前指挥、科学调度;"
        "各部门要精准调度、快速响应;网格员要下沉一线、严格执法;各单位要主动作为、统筹协调,做到人人有责、人人担责。",
        "measures": [
            ["靠前指挥、科学调度", ["EMER"], ["各乡镇"]],
            ["精准调度、快速响应", ["EMER"], ["各部门"]],
            ["下沉一线、严格执法", ["GOV"], ["网格员"]],
            ["主动作为、统筹协调", ["GOV"], ["各单位"]],
        ],
    },
    {
        "id": "short-directive-in-a-chain",
        "text": "1月28日,涉县召开春节期间交通保障调度会。会议要求,加强交通疏导,远端绕行分流,源头劝返。",
        "measures": [
            ["加强交通疏导", ["MOB"], []],
            ["远端绕行分流", ["MOB"], []],
            ["源头劝返", ["MOB"], []],
        ],
    },
    {
        "id": "ba-jiang-dui-xiang-and-yi-openings",
        "text": "9月9日,宁晋县召开秸秆禁烧工作推进会。会议要求,把秸秆禁烧纳入年度考核,将责任落实到岗、细化到人,"
        "向广大群众普及环保知识,各乡镇要对本辖区秸秆禁烧负总责,以重点区域为重点抓好巡查,以提升空气质量为目标。",
        "measures": [
            ["把秸秆禁烧纳入年度考核", ["BURN"], []],
            ["将责任落实到岗、细化到人", ["GOV"], []],  # 责任落实 names GOV: no topic over it
            ["向广大群众普及环保知识", ["BURN"], []],
            ["对本辖区秸秆禁烧负总责", ["BURN"], ["各乡镇"]],
            ["以重点区域为重点抓好巡查", ["BURN"], ["各乡镇"]],
        ],
    },
    {
        "id": "time-limit-adverbs-and-new-verbs",
        "text": "8月8日,鹿泉区召开大气污染防治推进会。会议要求,10月底前实现秸秆“清零”,基本淘汰国三及以下营运货车,"
        "深挖问题根源,剖析典型案例,督办突出问题,牢固树立绿色发展理念,科学修订应急减排清单。",
        "some_measures": [
            ["10月底前实现秸秆“清零”", ["BURN"]],
            ["基本淘汰国三及以下营运货车", ["MOB"]],
            ["深挖问题根源", ["GOV"]],
            ["剖析典型案例", ["GOV"]],
            ["督办突出问题", ["GOV"]],
            ["牢固树立绿色发展理念", ["GOV"]],
            ["科学修订应急减排清单", ["EMER"]],
        ],
    },
    {
        "id": "reports-of-what-was-done-are-no-measures",
        "text": "4月2日,歙县召开大气污染防治调度会。会上,县生态环境分局通报了前期工作情况,并对各乡镇提出了整改要求。"
        "会议要求,加强扬尘管控。",
        "measures": [["加强扬尘管控", ["DUST"], []]],
        "no_measures": ["通报了前期工作情况", "对各乡镇提出了整改要求"],
    },
    # 3. Meetings and chairs.
    {
        "id": "attended-meeting-then-own-meeting-after-it",
        "text": "9月3日上午,李军副县长参加市大气办督导反馈会,汇报了涉县大气污染防治工作情况。"
        "会后,李军副县长召开全县调度会议,强调一是加强施工工地扬尘管控;二是严格落实秸秆禁烧。",
        "meetings": [
            {
                "date": "--09-03",
                "adcode": "130426",
                "organizer": "市大气办",
                "chair": None,
                "speakers": [["李军", ["涉县副县长"]]],
            },
            {"date": "--09-03", "adcode": "130426", "organizer": "涉县", "chair": ["李军", ["涉县副县长"]]},
        ],
        "measures": [["加强施工工地扬尘管控", ["DUST"], []], ["严格落实秸秆禁烧", ["BURN"], []]],
    },
    {
        "id": "meetings-held-by-collective-owners-after-it-are-no-new-meeting",
        "text": "11月2日,涉县召开大气污染防治推进会。会议要求,要加强扬尘管控。会后,各乡镇迅速召开会议部署落实。",
        "meetings": [{"date": "--11-02", "adcode": "130426", "organizer": "涉县"}],
    },
    {
        "id": "attended-and-convened-in-one-sentence",
        "text": "10月9日上午,王平副区长参加省攻坚办督帮进驻会并召开栾城区调度会议,强调要加强道路扬尘治理。",
        "meetings": [
            {"date": "--10-09", "adcode": "130111", "organizer": "省攻坚办", "chair": None},
            {"date": "--10-09", "adcode": "130111", "organizer": "栾城区", "chair": ["王平", ["栾城区副区长"]]},
        ],
        "measures": [["加强道路扬尘治理", ["DUST"], []]],
    },
    {
        "id": "a-provincial-team-entry-meeting-then-the-districts-own-meeting",
        "text": "5月10日上午,省第三生态环境保护督察组督察鹿泉区工作动员会召开。区委书记张明作表态发言。\n"
        "当天下午,鹿泉区召开大气污染防治调度会。区委副书记、区长李刚主持会议。会议要求,各镇(街道)要对照督察组反馈问题,"
        "逐一建立台账,限期整改到位。",
        "meetings": [
            {
                "date": "--05-10",
                "adcode": "130110",
                "organizer": "省第三生态环境保护督察组",
                "chair": None,
                "speakers": [["张明", ["鹿泉区委书记"]]],
            },
            {
                "date": "--05-10",
                "adcode": "130110",
                "organizer": "鹿泉区",
                "chair": ["李刚", ["鹿泉区委副书记", "鹿泉区区长"]],
            },
        ],
        "measures": [["逐一建立台账", ["GOV"], ["各镇(街道)"]], ["限期整改到位", ["GOV"], ["各镇(街道)"]]],
    },
    {
        "id": "year-in-the-meeting-name",
        "text": "5月12日下午,鹿泉区大气污染防治专业委员会2022年第二次会议在区政府会议室召开,会议由副区长张华主持。"
        "会议要求,要加强道路扬尘治理。",
        "meetings": [{"date": "2022-05-12", "adcode": "130110", "chair": ["张华", ["鹿泉区副区长"]]}],
    },
    {
        "id": "acting-post-city-post-and-one-character-county",
        "text": "11月2日,涉县召开大气污染防治工作推进会。县委副书记、代县长王刚主持会议。"
        "市政协副主席、县委书记赵明出席会议并讲话。会议要求,要加强道路扬尘治理。",
        "meetings": [
            {
                "date": "--11-02",
                "adcode": "130426",
                "chair": ["王刚", ["涉县县委副书记", "涉县代县长"]],
                "speakers": [["赵明", ["邯郸市政协副主席", "涉县县委书记"]]],
            },
        ],
    },
    {
        "id": "an-acting-head-who-convenes-is-no-county",
        "text": "涉县召开大气污染防治推进会\n11月2日,县委副书记、代县长王刚主持召开全县大气污染防治推进会。"
        "会议要求,要加强扬尘管控。",
        "meetings": [{"adcode": "130426", "organizer": "涉县", "chair": ["王刚", ["涉县县委副书记", "涉县代县长"]]}],
    },
    {
        "id": "the-county-named-dai-is-still-a-county",
        "text": "11月2日,代县召开大气污染防治推进会。代县县委书记张三主持会议。会议要求,要加强扬尘管控。",
        "meetings": [{"adcode": "140923", "chair": ["张三", ["代县县委书记"]]}],
    },
    {
        "id": "a-department-post-and-a-meeting-named-without-a-body",
        "text": "5月6日上午,涉县县长王五主持召开大气污染防治专题会议。副县长、县公安局局长李四出席会议。"
        "会议要求,要加强扬尘管控。",
        "meetings": [
            {
                "adcode": "130426",
                "organizer": "涉县",
                "chair": ["王五", ["涉县县长"]],
                "speakers": [["李四", ["涉县副县长", "涉县公安局局长"]]],
            },
        ],
    },
    {
        "id": "a-one-character-countys-committee-repeats-its-level",
        "text": "5月6日,县委书记王五主持召开县委常委会会议,研究涉县大气污染防治工作。会议要求,要加强扬尘管控。",
        "meetings": [{"adcode": "130426", "organizer": "涉县县委常委会", "chair": ["王五", ["涉县县委书记"]]}],
    },
    {
        "id": "area-from-a-source-line-and-a-vague-date",
        "text": "来源:栾城\n近日,区委常委会召开会议,研究大气污染防治工作。区委书记张三主持会议。"
        "会议要求,各乡镇要加强秸秆禁烧巡查。",
        "meetings": [
            {"date": None, "adcode": "130111", "organizer": "栾城区委常委会", "chair": ["张三", ["栾城区委书记"]]}
        ],
        "measures": [["加强秸秆禁烧巡查", ["BURN"], ["各乡镇"]]],
    },
    {
        "id": "a-county-level-city-named-in-the-title-is-our-city",
        "text": "新乐市召开大气污染防治工作会议\n近日,我市召开大气污染防治工作会议。市委书记王宏出席会议并讲话,"
        "市长赵磊主持会议。会议要求,要抓好扬尘管控。",
        "meetings": [
            {
                "date": None,
                "adcode": "130184",
                "organizer": "新乐市",
                "chair": ["赵磊", ["新乐市市长"]],
                "speakers": [["王宏", ["新乐市委书记"]]],
            }
        ],
    },
    {
        "id": "task-force-office-without-a-chair",
        "text": "7月15日,宁晋县大气污染防治领导小组办公室组织召开全县大气污染防治第三次调度会。各镇分管领导参加会议。"
        "会议要求,各镇要加强秸秆禁烧巡查。",
        "meetings": [
            {"date": "--07-15", "adcode": "130528", "organizer": "宁晋县大气污染防治领导小组办公室", "chair": None}
        ],
        "measures": [["加强秸秆禁烧巡查", ["BURN"], ["各镇"]]],
    },
    # 4. Owners.
    {
        "id": "a-series-sharing-one-head-is-one-owner",
        "text": "2月6日,邯郸市召开大气污染防治调度会。会议要求,各县区各有关部门要加强秸秆禁烧巡查;"
        "各县(市、区)主要领导要加强调度指挥。",
        "measures": [
            ["加强秸秆禁烧巡查", ["BURN"], ["各县区各有关部门"]],
            ["加强调度指挥", ["GOV"], ["各县(市、区)主要领导"]],
        ],
    },
    {
        "id": "a-subject-named-by-its-task-and-leaders-in-person",
        "text": "1月18日,武安市召开春节期间烟花爆竹禁燃禁放工作部署会。会议要求,宣传部门要向广大群众普及环保知识;"
        "执法人员要下沉一线、严格执法;各乡镇主要领导要亲自研究、亲自部署。",
        "measures": [
            ["向广大群众普及环保知识", ["FIRE"], ["宣传部门"]],
            ["下沉一线、严格执法", ["GOV"], ["执法人员"]],
            ["亲自研究、亲自部署", ["FIRE"], ["各乡镇主要领导"]],
        ],
    },
    {
        "id": "an-owner-ends-with-its-sentence-despite-a-stray-quote",
        "text": "11月5日,涉县召开大气污染防治推进会。会议要求,全县各级部门要加强“秸秆禁烧巡查,做好网格管理。"
        "加强道路扬尘治理。",
        "measures": [
            ["加强“秸秆禁烧巡查", ["BURN"], ["全县各级部门"]],
            ["做好网格管理", ["GOV"], ["全县各级部门"]],
            ["加强道路扬尘治理", ["DUST"], []],
        ],
    },
]


def _extract(tmp_path: Path, text: str):
    path = tmp_path / "readout.txt"
    path.write_text(text, encoding="utf-8")
    return extract_document(read_document(path))


def _meeting_fields(meeting, wanted: dict) -> dict:
    actual = {
        "date": meeting.date,
        "adcode": meeting.area.adcode,
        "organizer": meeting.organizer,
        "chair": [meeting.chair.name, meeting.chair.posts] if meeting.chair else None,
        "speakers": [[s.name, s.posts] for s in meeting.speakers],
    }
    return {key: actual[key] for key in wanted}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_readout_form(tmp_path, case):
    record = _extract(tmp_path, case["text"])
    if "meetings" in case:
        assert len(record.meetings) == len(case["meetings"])
        pairs = zip(record.meetings, case["meetings"], strict=True)
        assert [_meeting_fields(m, wanted) for m, wanted in pairs] == case["meetings"]
    measures = [m for meeting in record.meetings for m in meeting.measures]
    found = [[m.text, m.sectors, [o.name for o in m.owners]] for m in measures]
    if "measures" in case:
        assert found == case["measures"]
    for text, sectors in case.get("some_measures", []):
        assert [text, sectors] in [f[:2] for f in found], found
    for text in case.get("no_measures", []):
        assert all(text not in f[0] for f in found), found
    for measure in measures:
        assert record.text[measure.span[0] : measure.span[1]] == measure.text


def test_every_case_asserts_something():
    keys = {"meetings", "measures", "some_measures", "no_measures"}
    assert len(CASES) == 29 and all(keys & set(case) for case in CASES)
