"""Each extraction rule on a sentence that needs it, in readouts of the genre from other places."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.extract import extract_document
from graphbuild.read import read_document


def _extract(tmp_path: Path, text: str, name: str = "doc.txt", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return extract_document(read_document(path))


MIANZHU = (
    "绵竹市召开大气污染防治工作推进会\n"
    "[发布时间:2025-10-20 09:38:58]\n"
    "10月18日，绵竹市召开大气污染防治工作推进会。市委副书记、市长张三主持会议并讲话。"
    "会议要求，一要加强工地扬尘管控；二要严格落实秸秆禁烧；三要强化重污染天气应急减排措施。"
)


def test_title_and_date_line_above_the_text(tmp_path):
    record = _extract(tmp_path, MIANZHU)
    assert len(record.meetings) == 1
    meeting = record.meetings[0]
    assert meeting.date == "2025-10-18"
    assert (meeting.area.name, meeting.area.adcode) == ("绵竹市", "510683")


def test_chair_who_is_the_government_head_with_elided_posts(tmp_path):
    chair = _extract(tmp_path, MIANZHU).meetings[0].chair
    assert chair.name == "张三"
    assert chair.posts == ["绵竹市委副书记", "绵竹市市长"]


def test_numbered_list_with_full_width_punctuation(tmp_path):
    measures = _extract(tmp_path, MIANZHU).meetings[0].measures
    assert [(m.text, m.sectors) for m in measures] == [
        ("加强工地扬尘管控", ["DUST"]),
        ("严格落实秸秆禁烧", ["BURN"]),
        ("强化重污染天气应急减排措施", ["EMER"]),
    ]


def test_speaker_when_no_chair_and_ambiguous_district_resolved_by_context(tmp_path):
    text = "10月9日,朝阳区召开秋冬季大气污染防治调度会。区委书记李四出席并讲话。会议强调,北京市各区要狠抓柴油货车治理。"
    meeting = _extract(tmp_path, text).meetings[0]
    assert meeting.chair is None
    assert [s.name for s in meeting.speakers] == ["李四"]
    assert meeting.area.adcode == "110105"
    assert meeting.kind == "秋冬季大气污染防治调度会"


def test_spelled_out_and_work_safety_wording_of_sanguan_sanbixu(tmp_path):
    text = (
        "3月5日,宜宾市委常委会召开会议。会议要求,坚持管发展必须管环保、管生产必须管环保。"
        "\n3月6日,翠屏区委常委会召开会议。会议要求,按照管行业必须管安全的要求,加强道路扬尘治理。"
    )
    record = _extract(tmp_path, text)
    assert [[p.label for p in m.principles] for m in record.meetings] == [["三管三必须"], ["三管三必须"]]


def test_joint_phrase_counts_as_two_principles(tmp_path):
    text = "11月3日,江油市委常委会召开会议。会议强调,要严格落实“党政同责、一岗双责”,加强扬尘管控。"
    assert [p.label for p in _extract(tmp_path, text).meetings[0].principles] == ["党政同责", "一岗双责"]


def test_owner_holds_until_the_full_stop(tmp_path):
    """A subject runs to the end of its sentence, across semicolons (gold/dev/NOTES.md, readouts)."""
    text = (
        "5月6日,富顺县召开大气污染防治专题会。会议要求,各乡镇(街道)要切实履行属地责任,加强秸秆禁烧巡查,"
        "做好网格管理;加强餐饮油烟治理。加强道路扬尘治理。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert [(r.owner.name, r.type_label) for r in meeting.responsibilities] == [("各乡镇(街道)", "属地责任")]
    owners = {m.text: [o.name for o in m.owners] for m in meeting.measures}
    assert owners == {
        "加强秸秆禁烧巡查": ["各乡镇(街道)"],
        "做好网格管理": ["各乡镇(街道)"],
        "加强餐饮油烟治理": ["各乡镇(街道)"],
        "加强道路扬尘治理": [],
    }


def test_officer_whose_role_is_invoked_owns_the_measure(tmp_path):
    text = "6月1日,高新区召开环保工作推进会。会议要求,要发挥好驻企服务专员作用,加强VOCs治理。"
    measures = _extract(tmp_path, text).meetings[0].measures
    assert [o.name for o in measures[0].owners] == ["驻企服务专员"]


def test_slogans_purposes_and_citations_are_not_measures(tmp_path):
    text = (
        "7月1日,自流井区委常委会召开会议。会议强调,要提高政治站位,以钉钉子精神抓落实,"
        "确保空气质量持续改善,严格落实“党政同责”要求,加快淘汰落后产能。"
    )
    measures = _extract(tmp_path, text).meetings[0].measures
    assert [m.text for m in measures] == ["加快淘汰落后产能"]


def test_text_cut_off_mid_sentence(tmp_path):
    text = "（一）8月2日，南溪区召开大气污染防治调度会。会议要求，（一）加强建筑工地扬尘管控；（二）推进工业锅炉低氮"
    measures = _extract(tmp_path, text).meetings[0].measures
    assert [m.text for m in measures] == ["加强建筑工地扬尘管控", "推进工业锅炉低氮"]


def test_gbk_encoded_document_is_decoded(tmp_path):
    record = _extract(tmp_path, MIANZHU, encoding="gb18030")
    assert record.meetings[0].chair.name == "张三"


def test_html_document_keeps_visible_text_only(tmp_path):
    html = (
        "<html><head><title>x</title><script>alert(1)</script></head><body><p>10月18日，绵竹市召开大气污染防治工作推进会。"
        "</p><p>会议要求，加强工地扬尘管控。</p></body></html>"
    )
    record = _extract(tmp_path, html, name="page.html")
    assert "alert" not in record.text
    assert [m.text for m in record.meetings[0].measures] == ["加强工地扬尘管控"]


def test_a_text_with_no_meeting_is_refused(tmp_path):
    with pytest.raises(InputError, match="no meeting"):
        _extract(tmp_path, "今天天气很好。空气质量优。")


def test_chair_who_convenes_the_meeting_in_the_header(tmp_path):
    text = (
        "2025年10月20日上午县委书记张三主持召开县委常委会会议,研究部署富顺县大气污染防治工作。"
        "县委副书记、县长李四出席会议并讲话。会议要求,要加快淘汰落后产能。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert meeting.date == "2025-10-20"
    assert (meeting.area.name, meeting.organizer) == ("富顺县", "富顺县委常委会")
    assert (meeting.chair.name, meeting.chair.posts) == ("张三", ["富顺县委书记"])
    assert [(p.name, p.posts) for p in meeting.speakers] == [("李四", ["富顺县委副书记", "富顺县县长"])]
    assert [m.text for m in meeting.measures] == ["加快淘汰落后产能"]


def test_city_task_force_meeting_with_numbered_points_and_owner_lists(tmp_path):
    text = (
        "自贡市召开秋冬季大气污染防治攻坚调度会\n"
        "11月5日，市大气污染防治工作领导小组召开秋冬季攻坚调度会。副市长赵六出席会议并讲话。"
        "会议通报了10月份全市空气质量情况。会议要求，一是强化工业源治理，全面开展涉气企业排查整治；"
        "二是狠抓移动源管控，加强柴油货车路检路查；三是严控扬尘污染，落实施工工地“六个百分之百”。"
        "各区县要压实属地责任，市级各部门要落实监管责任。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert (meeting.area.adcode, meeting.organizer) == ("510300", "自贡市大气污染防治工作领导小组")
    assert meeting.chair is None and [(p.name, p.posts) for p in meeting.speakers] == [("赵六", ["自贡市副市长"])]
    assert [(r.owner.name, r.type_label) for r in meeting.responsibilities] == [
        ("各区县", "属地责任"),
        ("市级各部门", "监管责任"),
    ]
    assert [(m.text, m.sectors) for m in meeting.measures] == [
        ("强化工业源治理", ["IND"]),
        ("全面开展涉气企业排查整治", ["IND"]),
        ("狠抓移动源管控", ["MOB"]),
        ("加强柴油货车路检路查", ["MOB"]),
        ("严控扬尘污染", ["DUST"]),
        ("落实施工工地“六个百分之百”", ["DUST"]),
    ]


def test_passive_header_and_chair_named_after_you(tmp_path):
    text = (
        "4月8日下午,湘东区大气污染防治专业委员会第一次会议在区政府会议室召开,会议由区政府副区长张三主持召开。"
        "会议强调,要强化协同作战,严格按省市要求抓好落实。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert (meeting.area.adcode, meeting.organizer, meeting.date) == (
        "360313",
        "湘东区大气污染防治专业委员会",
        "--04-08",
    )
    assert (meeting.chair.name, meeting.chair.posts) == ("张三", ["湘东区政府副区长"])
    assert [m.text for m in meeting.measures] == ["强化协同作战"]


def test_we_district_and_speakers_listed_over_commas(tmp_path):
    text = (
        "江津融媒讯 8月23日,我区召开大气污染防治工作专题会。区委书记李四主持会议并讲话。"
        "区委副书记、区长赵六,有关区领导出席会议。会议研究了《江津区空气质量改善方案》。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert (meeting.area.name, meeting.organizer) == ("江津区", "江津区")
    assert meeting.chair.name == "李四"
    assert [(p.name, p.posts) for p in meeting.speakers] == [("赵六", ["江津区委副书记", "江津区区长"])]


def test_a_leader_who_convenes_chairs(tmp_path):
    text = "6月19日晚,卫东区委副书记、区长王五组织召开全区大气污染防治推进会。王五强调,要全面排查污染隐患。"
    meeting = _extract(tmp_path, text).meetings[0]
    assert (meeting.chair.name, meeting.chair.posts) == ("王五", ["卫东区委副书记", "卫东区区长"])
    assert [m.text for m in meeting.measures] == ["全面排查污染隐患"]


def test_owner_named_inside_the_responsibility(tmp_path):
    text = "11月30日,中站区召开会议。会议要求,要进一步压实企业主体责任、部门监管责任和街道属地责任。"
    meeting = _extract(tmp_path, text).meetings[0]
    assert [(r.owner.name, r.type_label) for r in meeting.responsibilities] == [
        ("企业", "主体责任"),
        ("部门", "监管责任"),
        ("街道", "属地责任"),
    ]


def test_name_before_title_and_passive_header_with_county_body(tmp_path):
    text = (
        "凤台县融媒体中心\n10月7日,全县大气污染防治暨秸秆禁烧工作推进会在县政府会议室召开。县长李大庆出席会议并讲话。"
        "刘刚副县长主持会议。会议要求,二要突出扬尘污染防治,加大秸秆禁烧巡查力度。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert meeting.area.name == "凤台县"
    assert (meeting.chair.name, meeting.chair.posts) == ("刘刚", ["凤台县副县长"])
    assert [(p.name, p.posts) for p in meeting.speakers] == [("李大庆", ["凤台县县长"])]
    assert [(m.text, m.sectors) for m in meeting.measures] == [
        ("突出扬尘污染防治", ["DUST"]),
        ("加大秸秆禁烧巡查力度", ["BURN"]),
    ]


def test_a_modal_inside_a_word_is_no_modal(tmp_path):
    text = (
        "5月6日,富顺县召开大气污染防治专题会。会议要求,各地应急管理部门要加强重污染天气应对,各乡镇应加强秸秆禁烧巡查。"
    )
    measures = _extract(tmp_path, text).meetings[0].measures
    assert [(m.text, [o.name for o in m.owners]) for m in measures] == [
        ("加强重污染天气应对", []),
        ("加强秸秆禁烧巡查", ["各乡镇"]),
    ]


def test_a_header_without_a_date_takes_the_publication_date(tmp_path):
    text = (
        "[发布时间:2025-10-20 09:38:58]\n近日,万源市大气污染防治工作专题会召开。"
        "市委书记张三出席会议并讲话。会议要求,要强化扬尘管控。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert (meeting.date, meeting.area.name) == ("2025-10-20", "万源市")
    assert [s.name for s in meeting.speakers] == ["张三"]


def test_a_unit_named_after_its_department_owns_the_measure(tmp_path):
    text = (
        "3月15日，德阳市委召开常委会会议，研究大气污染防治工作。"
        "会议强调，市公安局交警支队要加强柴油货车路检路查；各镇(街道)在禁烧期间要加大秸秆禁烧巡查力度。"
    )
    measures = _extract(tmp_path, text).meetings[0].measures
    assert [(m.text, [o.name for o in m.owners]) for m in measures] == [
        ("加强柴油货车路检路查", ["市公安局交警支队"]),
        ("加大秸秆禁烧巡查力度", ["各镇(街道)"]),
    ]


def test_government_executive_meeting_with_its_number_and_a_leading_department(tmp_path):
    text = (
        "4月2日，宜宾市政府召开第25次常务会议，研究大气污染防治工作。"
        "会议要求，市生态环境局要牵头做好工业企业错峰生产和应急减排工作。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert (meeting.area.adcode, meeting.kind) == ("511500", "常务会议")
    assert [(m.text, [o.name for o in m.owners]) for m in meeting.measures] == [
        ("牵头做好工业企业错峰生产和应急减排工作", ["市生态环境局"])
    ]


def test_leaders_duty_and_a_verb_that_is_also_an_adverb(tmp_path):
    text = (
        "2023年11月20日，南岸区委召开常委会（扩大）会议，研究大气污染防治工作。"
        "会议要求，区级领导要履行领导责任，定期深入一线督导检查；各部门要全面加快推进工业炉窑深度治理。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert meeting.kind == "常委会扩大会议"
    assert [(r.owner.name, r.type_label) for r in meeting.responsibilities] == [("区级领导", "领导责任")]
    assert [(m.text, [o.name for o in m.owners]) for m in meeting.measures] == [
        ("定期深入一线督导检查", ["区级领导"]),
        ("全面加快推进工业炉窑深度治理", ["各部门"]),
    ]


def test_work_plan_items_with_owner_labels_and_prepositional_openings(tmp_path):
    text = (
        "11月5日，攀枝花市召开大气污染防治工作调度会，副市长周强主持会议。"
        "会议要求，（一）加强工业源治理。对钢铁、焦化企业开展超低排放改造（责任单位：市经济和信息化局、市生态环境局）。"
        "（二）加强扬尘治理。建筑工地严格落实“六个百分百”。\n责任单位：市住房和城乡建设局。"
    )
    measures = _extract(tmp_path, text).meetings[0].measures
    assert [(m.text, [o.name for o in m.owners]) for m in measures] == [
        ("加强工业源治理", []),
        ("对钢铁、焦化企业开展超低排放改造", ["市经济和信息化局", "市生态环境局"]),
        ("加强扬尘治理", []),
        ("建筑工地严格落实“六个百分百”", ["市住房和城乡建设局"]),
    ]
    assert measures[1].owners[0].kind.endswith("/department")


def test_same_day_and_a_body_placed_by_the_convener_post(tmp_path):
    text = (
        "11月12日，宜宾市翠屏区委书记张伟主持召开区委常委会会议，研究大气污染防治工作。"
        "会议强调，各镇（街道）要加强秸秆禁烧网格化巡查。\n"
        "同日，南溪区召开大气污染防治工作推进会。会议要求，相关企业要严格执行错峰生产要求。"
    )
    meetings = _extract(tmp_path, text).meetings
    assert [(m.date, m.area.adcode, m.organizer) for m in meetings] == [
        ("--11-12", "511502", "翠屏区委常委会"),
        ("--11-12", "511503", "南溪区"),
    ]


def test_a_page_whose_title_and_heading_repeat_the_header_reports_one_meeting(tmp_path):
    html = (
        "<html><head><title>自贡市召开大气污染防治攻坚调度会</title></head><body>"
        "<h1>自贡市召开大气污染防治攻坚调度会</h1><div>发布时间：2024-12-03</div>"
        "<p>12月2日，自贡市召开大气污染防治攻坚调度会。副市长王强出席会议并讲话，会议由市政府副秘书长李军主持。</p>"
        "<p>会议要求，二要加强道路扬尘治理，提高城区主次干道机扫率。</p></body></html>"
    )
    meetings = _extract(tmp_path, html, name="page.html").meetings
    assert [(m.date, m.area.adcode) for m in meetings] == [("2024-12-02", "510300")]
    assert meetings[0].chair.name == "李军" and [s.name for s in meetings[0].speakers] == ["王强"]
    assert [(m.text, m.sectors) for m in meetings[0].measures] == [
        ("加强道路扬尘治理", ["DUST"]),
        ("提高城区主次干道机扫率", ["DUST"]),
    ]


def test_a_district_named_after_its_city_and_the_party_name_before_the_committee(tmp_path):
    text = (
        "1月8日上午，中共内江市市中区委召开常委会会议，专题研究大气污染防治工作。区委书记赵勇主持会议。"
        "会议要求，一是全面排查整治散煤销售点；二是加快燃煤锅炉淘汰。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert (meeting.area.name, meeting.area.adcode, meeting.organizer) == ("市中区", "511002", "内江市市中区委")
    assert meeting.chair.posts == ["市中区委书记"]


def test_a_place_convening_its_own_committee_and_comrade_after_names(tmp_path):
    text = (
        "3月20日，眉山市东坡区召开区委常委会会议。区委书记、区人大常委会主任陈建同志主持会议并讲话，"
        "区委副书记、区长胡丽同志出席会议。会议强调，各镇（街道）要加强秸秆禁烧巡查。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert (meeting.area.adcode, meeting.organizer, meeting.kind) == ("511402", "眉山市东坡区委常委会", "常委会会议")
    assert (meeting.chair.name, meeting.chair.posts) == ("陈建", ["东坡区委书记", "东坡区人大常委会主任"])
    assert [(s.name, s.posts) for s in meeting.speakers] == [("胡丽", ["东坡区委副书记", "东坡区区长"])]


def test_owners_named_with_their_roles_own_the_next_clause(tmp_path):
    text = (
        "10月30日，广元市利州区召开秋冬季大气污染防治攻坚动员会。"
        "会议要求，区住建局牵头，区城管执法局配合，开展建筑工地扬尘专项整治；各乡镇要组织开展秸秆禁烧巡查。"
    )
    measures = _extract(tmp_path, text).meetings[0].measures
    assert [(m.text, [o.name for o in m.owners]) for m in measures] == [
        ("开展建筑工地扬尘专项整治", ["区住建局", "区城管执法局"]),
        ("组织开展秸秆禁烧巡查", ["各乡镇"]),
    ]


def test_a_speaker_who_stresses_points_in_the_sentence_of_the_measures(tmp_path):
    text = (
        "3月13日至14日，乐山市召开全市大气污染防治工作会议。市委书记马强在会上强调，"
        "各区（市、县）要严格管控建筑施工扬尘，加强机动车排气检测。市委副书记、市长刘华出席会议。"
    )
    meeting = _extract(tmp_path, text).meetings[0]
    assert meeting.date == "--03-13" and meeting.chair is None
    assert [(s.name, s.posts) for s in meeting.speakers] == [
        ("马强", ["乐山市委书记"]),
        ("刘华", ["乐山市委副书记", "乐山市市长"]),
    ]
    assert [m.text for m in meeting.measures] == ["严格管控建筑施工扬尘", "加强机动车排气检测"]
