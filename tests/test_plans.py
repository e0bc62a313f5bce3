"""Plans in the graph: the directive root, roles, deadlines, targets, SHACL and the rules, on hand-made records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, XSD

from graphbuild.graphio import serialize
from graphbuild.infer import apply_rules
from graphbuild.namespace import (
    GB,
    ID,
    INDICATOR,
    OA,
    QUDT,
    ROLE,
    RTYPE,
    RULE,
    TASKROLE,
    TIME,
    UNIT,
    assignment_iri,
    role_post_iri,
)
from graphbuild.rdfbuild import build_graph
from graphbuild.validate import validate_graph

from .plan_records import AREA, PLAN_TEXT, at, plan_document, plan_record

AREA_NODE = ID[f"area/{AREA.adcode}"]


@pytest.fixture(scope="module")
def plan_graph() -> Graph:
    graph = build_graph([plan_document()])
    apply_rules(graph)
    return graph


def _quote(graph: Graph, node) -> tuple[int, int, str]:
    """The [start, end) and exact words of a node's one span (its first, if it has several)."""
    spans = sorted(graph.objects(node, PROV.wasDerivedFrom))
    return _span(graph, spans[0])


def _span(graph: Graph, span) -> tuple[int, int, str]:
    selectors = list(graph.objects(span, OA.hasSelector))
    start = next(int(graph.value(s, OA.start)) for s in selectors if graph.value(s, OA.start) is not None)
    end = next(int(graph.value(s, OA.end)) for s in selectors if graph.value(s, OA.end) is not None)
    exact = next(str(graph.value(s, OA.exact)) for s in selectors if graph.value(s, OA.exact) is not None)
    return start, end, exact


def _plan(graph: Graph) -> URIRef:
    (plan,) = set(graph.subjects(RDF.type, GB.Plan))
    return plan


def _measure(graph: Graph, words: str) -> URIRef:
    (measure,) = [m for m in graph.subjects(RDF.type, GB.Measure) if str(graph.value(m, RDFS.label)) == words]
    return measure


def _explicit(graph: Graph, measure) -> dict[str, URIRef | None]:
    """Owner label → task role of the measure's explicit assignments."""
    return {
        str(graph.value(graph.value(a, GB.owner), RDFS.label)): graph.value(a, GB.taskRole)
        for a in graph.subjects(GB.measure, measure)
        if graph.value(a, GB.explicit) == Literal(True)
    }


def test_a_plan_only_document_builds_and_conforms(plan_graph):
    result = validate_graph(plan_graph)
    assert result.conforms, result.violations[:5]


def test_the_plan_is_a_directive_with_issuer_number_title_and_date(plan_graph):
    plan = _plan(plan_graph)
    assert {GB.Plan, GB.Directive} <= set(plan_graph.objects(plan, RDF.type))
    assert GB.Meeting not in set(plan_graph.objects(plan, RDF.type))
    issuer = plan_graph.value(plan, DCTERMS.publisher)
    assert (issuer, RDF.type, ORG.Organization) in plan_graph
    assert str(plan_graph.value(issuer, RDFS.label)) == "拱墅区人民政府办公室"
    assert str(plan_graph.value(plan, DCTERMS.identifier)) == "拱政办发〔2019〕8号"
    assert str(plan_graph.value(plan, DCTERMS.title)) == "拱墅区大气污染防治实施方案"
    assert plan_graph.value(plan, DCTERMS.issued) == Literal("2019-03-05", datatype=XSD.date)
    assert str(plan_graph.value(plan, GB.directiveKind)) == "实施方案"
    assert plan_graph.value(plan, GB.area) == AREA_NODE
    assert {plan} == set(plan_graph.objects(None, GB.setBy))


def test_every_owner_carries_the_role_the_bracket_gives_it(plan_graph):
    assert _explicit(plan_graph, _measure(plan_graph, "加强建筑工地扬尘管控")) == {
        "区住建局": TASKROLE.lead,
        "区城管局": TASKROLE.support,
        "各街道": TASKROLE.support,
    }
    assert _explicit(plan_graph, _measure(plan_graph, "推进燃煤锅炉淘汰")) == {
        "区发改局": TASKROLE.responsible,
        "区市场监管局": TASKROLE.support,
    }


def test_an_assignment_derives_from_the_owner_words_in_its_bracket(plan_graph):
    measure = _measure(plan_graph, "加强建筑工地扬尘管控")
    line = PLAN_TEXT.index("\n1.")
    for assignment in plan_graph.subjects(GB.measure, measure):
        if plan_graph.value(assignment, GB.explicit) != Literal(True):
            continue
        owner = str(plan_graph.value(plan_graph.value(assignment, GB.owner), RDFS.label))
        spans = {_span(plan_graph, s) for s in plan_graph.objects(assignment, PROV.wasDerivedFrom)}
        assert (*at(PLAN_TEXT, owner, line), owner) in spans
        assert (*at(PLAN_TEXT, "加强建筑工地扬尘管控"), "加强建筑工地扬尘管控") in spans


def test_deadlines_keep_their_words_span_and_last_day(plan_graph):
    first = plan_graph.value(_measure(plan_graph, "加强建筑工地扬尘管控"), GB.deadline)
    assert plan_graph.value(first, TIME.inXSDDate) == Literal("2019-10-31", datatype=XSD.date)
    assert _quote(plan_graph, first) == (*at(PLAN_TEXT, "2019年10月底前"), "2019年10月底前")
    open_ended = plan_graph.value(_measure(plan_graph, "开展柴油货车路检路查"), GB.deadline)
    assert str(plan_graph.value(open_ended, RDFS.label)) == "长期坚持"
    assert plan_graph.value(open_ended, TIME.inXSDDate) is None


def test_targets_are_nodes_with_indicator_value_qudt_unit_area_and_date(plan_graph):
    targets = {str(plan_graph.value(t, GB.indicator)): t for t in plan_graph.objects(_plan(plan_graph), GB.target)}
    assert set(targets) == {
        str(INDICATOR[i]) for i in ("pm25-concentration", "good-days-ratio", "heavy-pollution-days")
    }
    pm25 = targets[str(INDICATOR["pm25-concentration"])]
    assert plan_graph.value(pm25, QUDT.unit) == UNIT["MicroGM-PER-M3"]
    assert plan_graph.value(pm25, QUDT.numericValue).toPython() == Decimal("35")
    assert plan_graph.value(pm25, GB.area) == AREA_NODE
    assert plan_graph.value(pm25, GB.targetDate) == Literal("2020", datatype=XSD.gYear)
    words = "PM2.5平均浓度控制在35微克/立方米以下"
    assert _quote(plan_graph, pm25) == (*at(PLAN_TEXT, words), words)
    assert plan_graph.value(targets[str(INDICATOR["good-days-ratio"])], QUDT.unit) == UNIT.PERCENT
    assert plan_graph.value(targets[str(INDICATOR["heavy-pollution-days"])], QUDT.unit) == UNIT.DAY


@pytest.mark.parametrize(
    ("written", "unit"),
    [("μg/m3", "MicroGM-PER-M3"), ("MicroGM-PER-M3", "MicroGM-PER-M3"), ("mg/m3", "MilliGM-PER-M3"), ("％", "PERCENT")],
)
def test_unit_words_and_qudt_names_map_through_the_unit_vocabulary(written, unit):
    plan = plan_record()
    plan.targets = [plan.targets[0]]
    plan.targets[0].unit = written
    graph = build_graph([plan_document(plan)])
    (target,) = graph.subjects(RDF.type, GB.Target)
    assert graph.value(target, QUDT.unit) == UNIT[unit]


def test_an_unknown_unit_is_left_out_and_warned_about():
    plan = plan_record()
    plan.targets[0].unit = "毫克/升"
    graph = build_graph([plan_document(plan)])
    target = next(
        t
        for t in graph.subjects(RDF.type, GB.Target)
        if graph.value(t, GB.indicator) == INDICATOR["pm25-concentration"]
    )
    assert graph.value(target, QUDT.unit) is None
    result = validate_graph(graph)
    assert result.conforms
    assert any(str(target) in w and "unit" in w for w in result.warnings)


def test_building_a_plan_twice_gives_identical_bytes():
    assert serialize(build_graph([plan_document()])) == serialize(build_graph([plan_document()]))


def test_a_document_with_a_meeting_and_a_plan(record):
    """The Luzhou readout's records with the plan added: both directives, one graph, SHACL passes."""
    from dataclasses import replace

    # The plan's offsets belong to its own text: give it the readout's text with the plan after it.
    text = record.text + "\n" + PLAN_TEXT
    shift = len(record.text) + 1
    plan = plan_record(text=text)
    assert plan.span[0] == shift
    combined = replace(record, text=text, chars=len(text), plans=[plan])
    graph = build_graph([combined])
    apply_rules(graph)
    assert set(graph.subjects(RDF.type, GB.Plan)) and set(graph.subjects(RDF.type, GB.Meeting))
    assert set(graph.subjects(RDF.type, GB.Directive)) == set(graph.subjects(RDF.type, GB.Plan)) | set(
        graph.subjects(RDF.type, GB.Meeting)
    )
    result = validate_graph(graph)
    assert result.conforms, result.violations[:5]


# --- the principle rules on plan tasks --------------------------------------------------------


def _inferred(graph: Graph, rule: str) -> set[tuple[str, str]]:
    return {
        (str(graph.value(a, GB.owner)), str(graph.value(a, GB.measure)))
        for a in graph.subjects(PROV.hadPlan, RULE[rule])
    }


def _built(*principles: str, explicit_secretary: bool = False) -> Graph:
    graph = build_graph([plan_document(plan_record(principles))])
    if explicit_secretary:
        # The area's party secretary named as the first task's lead (as a roster or a bracket that
        # names the post would give it): the explicit owner outranks the inferred one.
        secretary = role_post_iri(AREA_NODE, ROLE["party-secretary"])
        measure, plan = _measure(graph, "加强建筑工地扬尘管控"), _plan(graph)
        node = assignment_iri(secretary, measure, RTYPE.lingdao, "explicit")
        for p, o in (
            (RDF.type, GB.ResponsibilityAssignment),
            (GB.owner, secretary),
            (GB.measure, measure),
            (GB.responsibilityType, RTYPE.lingdao),
            (GB.directive, plan),
            (GB.explicit, Literal(True)),
            (GB.taskRole, TASKROLE.lead),
        ):
            graph.add((node, p, o))
    apply_rules(graph)
    return graph


def test_a_plan_citing_dangzheng_gives_both_posts_every_task(plan_graph):
    tasks = {str(m) for m in plan_graph.subjects(GB.setBy, _plan(plan_graph))}
    posts = {str(role_post_iri(AREA_NODE, r)) for r in ("party-secretary", "government-head")}
    assert len(tasks) == 3
    assert _inferred(plan_graph, "dangzheng-tongze") == {(p, m) for p in posts for m in tasks}
    for a in plan_graph.subjects(PROV.hadPlan, RULE["dangzheng-tongze"]):
        assert plan_graph.value(a, GB.responsibilityType) == RTYPE.lingdao
        assert plan_graph.value(a, GB.directive) == _plan(plan_graph)
        assert plan_graph.value(a, GB.taskRole) is None


def test_a_plan_citing_no_principle_gets_no_inference():
    graph = _built()
    assert not set(graph.subjects(PROV.hadPlan, None))


def test_sanguan_maps_a_plan_task_to_the_departments_of_its_sector():
    graph = _built("sanguan-sanbixu")
    pairs = _inferred(graph, "sanguan-sanbixu")
    dust, energy = _measure(graph, "加强建筑工地扬尘管控"), _measure(graph, "推进燃煤锅炉淘汰")
    assert {d for d, m in pairs if m == str(dust)} == {
        f"{AREA_NODE}/department/{t}" for t in ("housing", "transport", "urban-management")
    }
    assert {d for d, m in pairs if m == str(energy)} == {f"{AREA_NODE}/department/development"}
    assert not _inferred(graph, "dangzheng-tongze"), "党政同责 is not cited: it must not fire"


def test_an_explicit_owner_on_a_plan_task_suppresses_the_inferred_one():
    graph = _built("dangzheng-tongze", explicit_secretary=True)
    secretary = str(role_post_iri(AREA_NODE, ROLE["party-secretary"]))
    head = str(role_post_iri(AREA_NODE, ROLE["government-head"]))
    first = str(_measure(graph, "加强建筑工地扬尘管控"))
    pairs = _inferred(graph, "dangzheng-tongze")
    assert (secretary, first) not in pairs and (head, first) in pairs
    assert (secretary, str(_measure(graph, "开展柴油货车路检路查"))) in pairs
