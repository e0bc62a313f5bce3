"""Plan extraction rules, one test per rule, each on a short text written in the genre's own forms.

The texts are made up for the tests (places are real divisions so that areas resolve); each
assertion is the hand reading of the guideline ("Plans and responsibility lists").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.extract import extract_document
from graphbuild.extract.deadlines import last_day
from graphbuild.read import read_document


def _plan(tmp_path: Path, text: str, name: str = "plan.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    record = extract_document(read_document(path))
    assert record.meetings == [] and len(record.plans) == 1
    return record.plans[0], record


def _task(plan, words: str):
    """The one task whose text holds `words`."""
    found = [m for m in plan.measures if words in m.text]
    assert len(found) == 1, (words, [m.text for m in plan.measures])
    return found[0]


def _roles(measure) -> set[tuple[str, str | None]]:
    return {(o.name, o.role) for o in measure.owners}


NOTICE = """关于印发南宁市2021年大气污染防治攻坚实施方案的通知
南府办〔2021〕12号
各县（市、区）人民政府，市直各委、办、局：
经市人民政府同意，现将《南宁市2021年大气污染防治攻坚实施方案》印发给你们，请认真组织实施。
南宁市人民政府办公室
2021年4月6日
南宁市2021年大气污染防治攻坚实施方案
一、工作目标
2021年，全市细颗粒物（PM2.5）年均浓度控制在31微克/立方米以内，空气质量优良天数比率达到93.5%以上（力争达到94%）。
二、重点任务
（一）加强工业污染治理（市工业和信息化局总牵头）
1.推进钢铁企业超低排放改造，完成3家企业治理任务。（牵头单位：市生态环境局；责任单位：市工业和信息化局、各县（市、区）人民政府；完成时限：2021年10月底前）
2.加强工业炉窑综合整治。（市生态环境局、市发展改革委）
"""


def test_a_notice_wrapping_a_plan_gives_the_plans_own_facts(tmp_path):
    plan, _ = _plan(tmp_path, NOTICE)
    assert plan.kind == "实施方案"
    assert plan.title == "南宁市2021年大气污染防治攻坚实施方案"
    assert plan.identifier == "南府办〔2021〕12号"
    assert plan.date == "2021-04-06"
    assert plan.organizer == "南宁市人民政府办公室"
    assert (plan.area.name, plan.area.adcode) == ("南宁市", "450100")
    assert plan.span == (0, len(NOTICE.rstrip()))


def test_the_addressees_own_what_the_notice_asks_of_them(tmp_path):
    plan, _ = _plan(tmp_path, NOTICE)
    asked = _task(plan, "认真组织实施")
    assert _roles(asked) == {("各县（市、区）人民政府", "responsible"), ("市直各委、办、局", "responsible")}


def test_notice_formulas_titles_and_signature_lines_are_not_tasks(tmp_path):
    plan, _ = _plan(tmp_path, NOTICE)
    texts = " ".join(m.text for m in plan.measures)
    for words in ("经市人民政府同意", "印发给你们", "南府办", "南宁市人民政府办公室", "2021年4月6日", "工作目标"):
        assert words not in texts


def test_a_label_may_name_a_role_of_its_own_for_some_units(tmp_path):
    text = """崇左市重污染天气消除攻坚实施方案
1.严格落实钢铁、水泥行业产能置换要求。（责任单位：市发展改革委牵头，市工业和信息化局、市生态环境局等按职责分工负责）
"""
    plan, _ = _plan(tmp_path, text)
    assert _roles(_task(plan, "产能置换")) == {
        ("市发展改革委", "lead"),
        ("市工业和信息化局", "responsible"),
        ("市生态环境局", "responsible"),
    }


def test_labelled_bracket_gives_each_unit_its_role_and_the_time_limit(tmp_path):
    plan, _ = _plan(tmp_path, NOTICE)
    task = _task(plan, "推进钢铁企业超低排放改造")
    assert _roles(task) == {
        ("市生态环境局", "lead"),
        ("市工业和信息化局", "responsible"),
        ("各县（市、区）人民政府", "responsible"),
    }
    assert (task.deadline.text, task.deadline.date) == ("2021年10月底前", "2021-10-31")
    assert _roles(_task(plan, "完成3家企业治理任务")) == _roles(task)


def test_a_bracket_without_role_words_names_responsible_units(tmp_path):
    plan, _ = _plan(tmp_path, NOTICE)
    assert _roles(_task(plan, "加强工业炉窑综合整治")) == {
        ("市生态环境局", "responsible"),
        ("市发展改革委", "responsible"),
    }


def test_a_section_wide_lead_belongs_to_the_section_header_only(tmp_path):
    plan, _ = _plan(tmp_path, NOTICE)
    assert _roles(_task(plan, "加强工业污染治理")) == {("市工业和信息化局", "lead")}
    assert ("市工业和信息化局", "lead") not in _roles(_task(plan, "加强工业炉窑综合整治"))


def test_targets_are_not_tasks_and_a_stretch_value_is_a_target_of_its_own(tmp_path):
    plan, _ = _plan(tmp_path, NOTICE)
    got = [(t.indicator, t.value, t.unit, t.by) for t in plan.targets]
    assert got == [
        ("pm25-concentration", 31.0, "微克/立方米", "2021-12-31"),
        ("good-days-ratio", 93.5, "%", "2021-12-31"),
        ("good-days-ratio", 94.0, "%", "2021-12-31"),
    ]
    assert all("微克" not in m.text and "%" not in m.text for m in plan.measures)
    for target in plan.targets:
        assert NOTICE[target.span[0] : target.span[1]] == target.text


def test_first_listed_unit_leads_and_the_note_carries_on(tmp_path):
    text = """柳州市扬尘污染防治重点工作部门分工方案
1.加强建筑工地扬尘管控，落实施工现场围挡和洒水降尘。（市住房城乡建设局、市城市管理行政执法局。列第一位者为牵头部门，下同）
2.开展道路扬尘专项整治。（市城市管理行政执法局、市交通运输局）
"""
    plan, _ = _plan(tmp_path, text)
    assert plan.kind == "分工方案"
    first = _task(plan, "加强建筑工地扬尘管控")
    assert _roles(first) == {("市住房城乡建设局", "lead"), ("市城市管理行政执法局", "responsible")}
    assert _roles(_task(plan, "落实施工现场围挡")) == _roles(first)
    assert _roles(_task(plan, "开展道路扬尘专项整治")) == {
        ("市城市管理行政执法局", "lead"),
        ("市交通运输局", "responsible"),
    }


def test_role_sentence_after_the_tasks_owns_them_and_before_a_task_owns_it(tmp_path):
    text = """钦州市2022年臭氧污染防治行动方案
1.推进挥发性有机物源头替代，开展涉VOCs企业排查。市生态环境局牵头，市工业和信息化局配合，各县区人民政府具体落实。
2.市商务局牵头，市市场监管局配合，开展加油站油气回收检查。
"""
    plan, _ = _plan(tmp_path, text)
    expected = {("市生态环境局", "lead"), ("市工业和信息化局", "support"), ("各县区人民政府", "responsible")}
    assert _roles(_task(plan, "推进挥发性有机物源头替代")) == expected
    assert _roles(_task(plan, "开展涉VOCs企业排查")) == expected
    assert _roles(_task(plan, "开展加油站油气回收检查")) == {("市商务局", "lead"), ("市市场监管局", "support")}
    assert not any("牵头" in m.text for m in plan.measures)


def test_a_note_adds_its_units_to_every_later_task_only(tmp_path):
    text = """北海市2020年蓝天保卫战工作方案
1.淘汰燃煤小锅炉。（市生态环境局负责）
以下各项工作均需各县（区）人民政府落实，不再列出。
2.开展秸秆禁烧巡查。（市农业农村局负责）
3.加强餐饮油烟治理。（市城市管理局负责）
"""
    plan, _ = _plan(tmp_path, text)
    assert _roles(_task(plan, "淘汰燃煤小锅炉")) == {("市生态环境局", "responsible")}
    for words, unit in (("开展秸秆禁烧巡查", "市农业农村局"), ("加强餐饮油烟治理", "市城市管理局")):
        assert _roles(_task(plan, words)) == {(unit, "responsible"), ("各县（区）人民政府", "responsible")}


def test_partner_after_hui_tong_supports_and_the_subject_is_responsible(tmp_path):
    text = """梧州市柴油货车污染治理实施方案
1.市公安局会同市交通运输局、市生态环境局等部门开展柴油货车联合检查，依法查处超标排放车辆。
"""
    plan, _ = _plan(tmp_path, text)
    expected = {("市公安局", "responsible"), ("市交通运输局", "support"), ("市生态环境局", "support")}
    assert _roles(_task(plan, "开展柴油货车联合检查")) == expected
    assert _roles(_task(plan, "依法查处超标排放车辆")) == expected


def test_duty_lines_give_each_unit_its_own_clauses_and_assisting_makes_it_support(tmp_path):
    text = """贵港市大气污染防治部门职责
市住房城乡建设局：负责建筑施工扬尘监管，督促施工单位落实围挡、覆盖措施。
市公安局：负责机动车尾气路检，协助生态环境部门查处露天焚烧行为。
"""
    plan, _ = _plan(tmp_path, text)
    assert plan.kind == "部门职责"
    assert _roles(_task(plan, "负责建筑施工扬尘监管")) == {("市住房城乡建设局", "responsible")}
    assert _roles(_task(plan, "督促施工单位落实")) == {("市住房城乡建设局", "responsible")}
    assert _roles(_task(plan, "负责机动车尾气路检")) == {("市公安局", "responsible")}
    assert _roles(_task(plan, "协助生态环境部门查处露天焚烧行为")) == {("市公安局", "support")}


def test_label_lines_right_after_a_task_are_its_own(tmp_path):
    text = """百色市2021年秋冬季大气污染综合治理攻坚行动方案
1.加强道路清扫保洁。
责任单位：市城市管理局
配合单位：市交通运输局
2.开展裸露地面覆盖。
责任单位：市自然资源局
"""
    plan, _ = _plan(tmp_path, text)
    assert _roles(_task(plan, "加强道路清扫保洁")) == {("市城市管理局", "responsible"), ("市交通运输局", "support")}
    assert _roles(_task(plan, "开展裸露地面覆盖")) == {("市自然资源局", "responsible")}


def test_an_assisting_line_after_a_sections_last_item_supports_every_item_of_it(tmp_path):
    text = """百色市2021年秋冬季大气污染综合治理攻坚行动方案
（一）强化面源污染管控
1.加强道路清扫保洁。（市城市管理局）
2.开展裸露地面覆盖。（市自然资源局）
协助单位：各县（市、区）人民政府
（二）强化移动源污染管控
3.开展柴油货车路检路查。（市公安局）
"""
    plan, _ = _plan(tmp_path, text)
    assert _roles(_task(plan, "加强道路清扫保洁")) == {
        ("市城市管理局", "responsible"),
        ("各县（市、区）人民政府", "support"),
    }
    assert _roles(_task(plan, "开展裸露地面覆盖")) == {
        ("市自然资源局", "responsible"),
        ("各县（市、区）人民政府", "support"),
    }
    assert _roles(_task(plan, "强化面源污染管控")) == set()
    assert _roles(_task(plan, "开展柴油货车路检路查")) == {("市公安局", "responsible")}


def test_a_task_table_with_tabs_gives_owners_by_column_and_deadlines(tmp_path):
    text = (
        "防城港市2020年扬尘治理任务清单\n"
        "序号\t工作任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t开展建筑工地扬尘专项检查\t市住房城乡建设局\t市生态环境局、市城市管理局\t2020年6月底前\n"
        "2\t加强渣土运输车辆管理\t市城市管理局\t市公安局\t长期坚持\n"
    )
    plan, _ = _plan(tmp_path, text)
    first = _task(plan, "开展建筑工地扬尘专项检查")
    assert _roles(first) == {
        ("市住房城乡建设局", "lead"),
        ("市生态环境局", "support"),
        ("市城市管理局", "support"),
    }
    assert (first.deadline.text, first.deadline.date) == ("2020年6月底前", "2020-06-30")
    second = _task(plan, "加强渣土运输车辆管理")
    assert _roles(second) == {("市城市管理局", "lead"), ("市公安局", "support")}
    assert (second.deadline.text, second.deadline.date) == ("长期坚持", None)
    assert not any("序号" in m.text or "牵头单位" in m.text for m in plan.measures)


def test_a_task_table_with_bars_is_read_the_same_way(tmp_path):
    text = (
        "崇左市秸秆禁烧任务清单\n"
        "序号 | 重点任务 | 责任单位 | 完成时间\n"
        "1 | 加强秸秆禁烧巡查 | 各县（市、区）人民政府 | 持续推进\n"
    )
    plan, _ = _plan(tmp_path, text)
    task = _task(plan, "加强秸秆禁烧巡查")
    assert _roles(task) == {("各县（市、区）人民政府", "responsible")}
    assert task.deadline.text == "持续推进" and task.deadline.date is None


def test_a_leading_time_limit_is_the_deadline_not_part_of_the_task(tmp_path):
    text = "河池市2019年大气污染防治实施计划\n1.2019年9月底前，完成燃煤锅炉淘汰。10月底前完成餐饮油烟整治。\n"
    plan, _ = _plan(tmp_path, text)
    boilers = _task(plan, "完成燃煤锅炉淘汰")
    assert boilers.text == "完成燃煤锅炉淘汰"
    assert (boilers.deadline.text, boilers.deadline.date) == ("2019年9月底前", "2019-09-30")
    kitchens = _task(plan, "完成餐饮油烟整治")
    assert (kitchens.deadline.text, kitchens.deadline.date) == ("10月底前", None)


@pytest.mark.parametrize(
    "written,last",
    [
        ("2019年10月底前", "2019-10-31"),
        ("2020年6月30日前", "2020-06-30"),
        ("2020年底前", "2020-12-31"),
        ("2月底前", None),
    ],
)
def test_the_last_day_a_limit_allows(written, last):
    assert last_day(written) == last


def test_respectively_gives_one_target_per_indicator_and_per_area(tmp_path):
    text = """来宾市2020年大气污染防治工作方案
一、工作目标
2020年，二氧化硫、氮氧化物排放量分别比2015年下降10%。兴宾区、合山市PM10浓度分别为55、60微克/立方米。
二、重点任务
1.淘汰50家落后产能企业。
"""
    plan, _ = _plan(tmp_path, text)
    by_indicator = [(t.indicator, t.value) for t in plan.targets[:2]]
    assert by_indicator == [("so2-emissions", 10.0), ("nox-emissions", 10.0)]
    by_area = [(t.area.name, t.area.adcode, t.value) for t in plan.targets[2:]]
    assert by_area == [("兴宾区", "451302", 55.0), ("合山市", "451381", 60.0)]
    assert [m.text for m in plan.measures] == ["淘汰50家落后产能企业"]  # a counted action stays a task


def test_owners_split_at_list_marks_and_between_unit_names_but_keep_a_shared_head(tmp_path):
    text = """桂林市禁放烟花爆竹职责分工
1.各镇人民政府和街道办事处要组织巡查。
2.广播、电视、报刊等新闻媒体要做好禁放宣传。
3.各市、县（市、区）人民政府要制定禁放方案。
"""
    plan, _ = _plan(tmp_path, text)
    assert _roles(_task(plan, "组织巡查")) == {("各镇人民政府", "responsible"), ("街道办事处", "responsible")}
    assert _roles(_task(plan, "做好禁放宣传")) == {("广播、电视、报刊等新闻媒体", "responsible")}
    assert _roles(_task(plan, "制定禁放方案")) == {("各市、县（市、区）人民政府", "responsible")}


def test_a_cut_off_file_loses_its_unfinished_clause_and_an_open_bracket_still_owns(tmp_path):
    text = (
        "贺州市打赢蓝天保卫战三年行动方案\n1.加快清洁取暖改造。（责任单位：市发展改革委、市住房城乡建设局\n2.推进散煤"
    )
    plan, _ = _plan(tmp_path, text)
    assert [m.text for m in plan.measures] == ["加快清洁取暖改造"]
    assert _roles(plan.measures[0]) == {("市发展改革委", "responsible"), ("市住房城乡建设局", "responsible")}


def test_a_list_introduced_by_its_unit_is_owned_by_it(tmp_path):
    text = (
        "根据县委、县政府要求，我局梳理了生态环境保护职责，现公布如下：\n"
        "1.负责督促企业落实扬尘防治措施。\n"
        "2.开展秸秆禁烧宣传。\n"
    )
    plan, _ = _plan(tmp_path, text)
    assert [(m.text, _roles(m)) for m in plan.measures] == [
        ("负责督促企业落实扬尘防治措施", {("我局", "responsible")}),
        ("开展秸秆禁烧宣传", {("我局", "responsible")}),
    ]


def test_task_spans_are_offsets_into_the_original_text(tmp_path):
    plan, record = _plan(tmp_path, NOTICE)
    for measure in plan.measures:
        assert record.text[measure.span[0] : measure.span[1]] == measure.text


def test_a_text_with_neither_meeting_nor_plan_is_refused_with_todays_line(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("今天风和日丽，大家在公园散步。\n", encoding="utf-8")
    with pytest.raises(InputError, match="no meeting found"):
        extract_document(read_document(path))


def test_extract_prints_a_plans_tasks_roles_and_targets(tmp_path):
    from click.testing import CliRunner

    from graphbuild.cli import main

    path = tmp_path / "plan.txt"
    path.write_text(NOTICE, encoding="utf-8")
    table = CliRunner().invoke(main, ["extract", str(path)], catch_exceptions=False)
    assert table.exit_code == 0
    assert "实施方案" in table.output and "市生态环境局 (lead)" in table.output and "pm25-concentration" in table.output
    as_json = CliRunner().invoke(main, ["extract", str(path), "--format", "json"], catch_exceptions=False)
    plan = json.loads(as_json.output)["documents"][0]["plans"][0]
    assert plan["chair"] is None and plan["identifier"] == "南府办〔2021〕12号"
    assert {"text": "2021年10月底前", "date": "2021-10-31"} in [m.get("deadline") for m in plan["measures"]]
    assert [t["value"] for t in plan["targets"]] == [31.0, 93.5, 94.0]


LIST = """凌云县大气污染防治部门责任清单
一、县生态环境局
1.负责全县大气污染防治工作的统一监督管理。
2.会同有关部门开展重污染天气应急处置。
二、县住房和城乡建设局主要职责
1.负责建筑工地扬尘污染防治监督管理。（县城管局配合，2022年底前完成）
县公安局：
1.负责机动车排气污染路检。
2.配合查处露天焚烧。
三、重点任务分工
序号\t工作任务\t责任单位\t完成时限
1\t开展餐饮油烟专项整治\t县市场监管局（牵头）、县城管局\t持续推进
"""


def test_a_section_or_a_head_line_naming_a_unit_lists_its_duties(tmp_path):
    plan, _ = _plan(tmp_path, LIST)
    assert _roles(_task(plan, "统一监督管理")) == {("县生态环境局", "responsible")}
    assert _roles(_task(plan, "重污染天气应急处置")) == {("县生态环境局", "responsible"), ("有关部门", "support")}
    assert ("县住房和城乡建设局", "responsible") in _roles(_task(plan, "建筑工地扬尘"))
    assert _roles(_task(plan, "排气污染路检")) == {("县公安局", "responsible")}
    assert _roles(_task(plan, "配合查处露天焚烧")) == {("县公安局", "support")}


def test_a_bracket_may_hold_a_time_limit_without_its_label(tmp_path):
    plan, _ = _plan(tmp_path, LIST)
    task = _task(plan, "建筑工地扬尘")
    assert ("县城管局", "support") in _roles(task)
    assert (task.deadline.text, task.deadline.date) == ("2022年底前", "2022-12-31")


def test_a_cell_may_give_one_unit_its_role_in_brackets_and_a_new_section_ends_a_units_list(tmp_path):
    plan, _ = _plan(tmp_path, LIST)
    assert _roles(_task(plan, "餐饮油烟专项整治")) == {("县市场监管局", "lead"), ("县城管局", "responsible")}


def test_a_plan_cites_duty_principles_as_a_meeting_does(tmp_path):
    text = (
        "钦州市大气污染防治攻坚行动方案\n"
        "一、总体要求\n"
        "严格落实“党政同责、一岗双责”，压实各方责任。\n"
        "1.开展工业炉窑排查。\n"
    )
    plan, _ = _plan(tmp_path, text)
    assert [p.label for p in plan.principles] == ["党政同责", "一岗双责"]


def test_two_goals_in_one_clause_are_two_targets_and_an_opening_limit_dates_them(tmp_path):
    text = (
        "防城港市空气质量持续改善行动计划\n"
        "一、主要目标\n"
        "2025年6月底前，优良天数比例达到90%、重污染天数比例控制在1%以内。\n"
        "各项任务均需各县（市、区）人民政府落实。\n"
        "1.开展工业炉窑排查。（市生态环境局负责）\n"
    )
    plan, _ = _plan(tmp_path, text)
    assert [(t.text, t.indicator, t.value, t.by) for t in plan.targets] == [
        ("优良天数比例达到90%", "good-days-ratio", 90.0, "2025-06-30"),
        ("重污染天数比例控制在1%以内", "heavy-pollution-days", 1.0, "2025-06-30"),
    ]
    assert _roles(_task(plan, "开展工业炉窑排查")) == {
        ("市生态环境局", "responsible"),
        ("各县（市、区）人民政府", "responsible"),
    }


def test_a_note_inside_a_bracket_reaches_the_later_tasks_and_yiji_continues_a_task(tmp_path):
    text = (
        "鹤壁市2023年大气污染防治攻坚战实施方案\n"
        "1.严格落实产业政策、规划环评，以及产能置换等要求。（市发展改革委按职责分工负责，各县区政府负责落实。"
        "以下均需各县区政府负责落实，不再列出）\n"
        "2.持续推进散煤治理。（市城市管理局负责）\n"
    )
    plan, record = _plan(tmp_path, text)
    first = _task(plan, "严格落实产业政策")
    assert first.text == "严格落实产业政策、规划环评，以及产能置换等要求"
    assert _roles(first) == {("市发展改革委", "responsible"), ("各县区政府", "responsible")}
    assert _roles(_task(plan, "持续推进散煤治理")) == {("市城市管理局", "responsible"), ("各县区政府", "responsible")}
    for measure in plan.measures:
        assert record.text[measure.span[0] : measure.span[1]] == measure.text
        assert measure.sentence[0] <= measure.span[0] and measure.span[1] <= measure.sentence[1]


def test_a_role_cell_may_label_its_own_units(tmp_path):
    text = (
        "桂林市2022年臭氧污染防治工作方案\n"
        "序号\t具体工作\t责任单位\t时间要求\n"
        "1\t开展汽修行业喷涂废气治理\t牵头：市生态环境局；配合：市交通运输局\t2022年8月底前\n"
    )
    plan, _ = _plan(tmp_path, text)
    task = _task(plan, "喷涂废气治理")
    assert _roles(task) == {("市生态环境局", "lead"), ("市交通运输局", "support")}
    assert task.deadline.date == "2022-08-31"


def test_labels_separated_by_a_comma_each_give_their_role(tmp_path):
    text = "桂林市扬尘污染防治工作方案\n1.开展裸土覆盖专项行动。（牵头单位：市自然资源局，配合单位：市住建局）\n"
    plan, _ = _plan(tmp_path, text)
    assert _roles(_task(plan, "裸土覆盖")) == {("市自然资源局", "lead"), ("市住建局", "support")}


def test_a_title_given_in_the_metadata_names_the_plan(tmp_path):
    text = "各区要召开专题会议部署落实。\n1.开展工地扬尘检查。（市住建局负责）\n"
    (tmp_path / "plan.txt.meta.json").write_text(json.dumps({"title": "桂林市扬尘治理行动方案"}), encoding="utf-8")
    plan, _ = _plan(tmp_path, text)
    assert plan.kind == "行动方案" and plan.title == "桂林市扬尘治理行动方案"
    assert _roles(_task(plan, "开展工地扬尘检查")) == {("市住建局", "responsible")}


def test_page_furniture_and_attachment_lines_are_not_tasks(tmp_path):
    text = (
        "桂林市2021年大气污染防治工作方案\n"
        "发布时间：2021-05-10 信息来源：市生态环境局\n"
        "1.开展餐饮油烟专项检查。（市城市管理局负责）\n"
        "附件：1.重点任务分解表\n"
        "抄送：市委办公室。\n"
        "桂林市人民政府办公室 2021年5月8日印发\n"
    )
    plan, _ = _plan(tmp_path, text)
    assert [m.text for m in plan.measures] == ["开展餐饮油烟专项检查"]


def test_standards_lose_their_topic_subject_and_modal_and_conditions_and_bases_are_no_tasks(tmp_path):
    text = (
        "桂林市施工扬尘防治标准\n"
        "1.土方作业扬尘防治。根据有关规定，结合本市实际，运输渣土时，车辆必须密闭。作业面要洒水降尘，"
        "按照相关要求做好记录（详见附件1）。\n"
    )
    plan, _ = _plan(tmp_path, text)
    assert [m.text for m in plan.measures] == ["土方作业扬尘防治", "密闭", "洒水降尘", "按照相关要求做好记录"]
    assert all(m.owners == [] for m in plan.measures)


def test_sectors_follow_the_head_name_governance_and_inherit_the_items_topic(tmp_path):
    text = (
        "桂林市烟花爆竹禁放工作方案\n"
        "1.加强烟花爆竹禁放管理，组织对建筑工地外来人员的禁放宣传，协助派出所执法，做好值守。\n"
        "2.开展河道整治工程的扬尘污染防治。\n"
    )
    plan, _ = _plan(tmp_path, text)
    assert _task(plan, "加强烟花爆竹禁放管理").sectors == ["FIRE"]
    assert _task(plan, "禁放宣传").sectors == ["FIRE", "GOV"]  # the head after 的, with its governance
    assert _task(plan, "协助派出所执法").sectors == ["FIRE", "GOV"]  # governance of the item's topic
    assert _task(plan, "做好值守").sectors == ["FIRE"]  # the sentence's topic
    assert _task(plan, "扬尘污染防治").sectors == ["DUST"]  # an air sector outweighs OTHER


def test_a_unit_named_alone_is_no_task_and_you_introduces_the_acting_unit(tmp_path):
    text = (
        "桂林市餐饮油烟整治工作方案\n"
        "1.开展餐饮油烟净化设施检查，由市城市管理局牵头，市市场监管局配合。\n"
        "桂林市人民政府\n"
    )
    plan, _ = _plan(tmp_path, text)
    assert [m.text for m in plan.measures] == ["开展餐饮油烟净化设施检查"]
    assert _roles(plan.measures[0]) == {("市城市管理局", "lead"), ("市市场监管局", "support")}


def test_a_task_ending_like_a_unit_name_is_still_a_task(tmp_path):
    text = "桂林市空气质量监测能力建设方案\n市生态环境局：负责新建空气自动监测站，按月上报市攻坚办公室。\n"
    plan, _ = _plan(tmp_path, text)
    assert [m.text for m in plan.measures] == ["负责新建空气自动监测站", "按月上报市攻坚办公室"]
