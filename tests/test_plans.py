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


# --- reports, projection, explain and page on the plan --------------------------------------


@pytest.fixture(scope="module")
def plan_projection(plan_graph):
    from graphbuild.projection import project
    from graphbuild.store import RdflibStore

    return project(RdflibStore(plan_graph))


def _rows(graph: Graph, name: str) -> list[dict]:
    from graphbuild.queries import named_query
    from graphbuild.store import RdflibStore

    return RdflibStore(graph).select(named_query(name).text).rows


def test_owner_load_by_role_agrees_with_sparql(plan_graph, plan_projection):
    from graphbuild import analyse

    expected = {
        str(r["owner"]): tuple(
            int(r[k]) for k in ("measures", "explicit", "inferred", "lead", "responsible", "support")
        )
        for r in _rows(plan_graph, "owner-load")
    }
    load = {
        r["iri"]: (r["measures"], r["explicit"], r["inferred"], r["lead"], r["responsible"], r["support"])
        for r in analyse.owner_load(plan_projection)
    }
    assert load == expected
    # By hand: the plan makes 区住建局 lead of one task, 区发改局 responsible for one, 区城管局 support one.
    by_label = {r["owner"]: (r["lead"], r["responsible"], r["support"]) for r in analyse.owner_load(plan_projection)}
    assert by_label["区住建局"] == (1, 0, 0)
    assert by_label["区发改局"] == (0, 1, 0)
    assert by_label["区城管局"] == (0, 0, 1)


def test_role_gaps_agree_with_sparql_and_with_the_text(plan_graph, plan_projection):
    from collections import Counter

    from graphbuild import analyse

    expected = Counter()
    for r in _rows(plan_graph, "gaps"):
        specific, lead, support = (int(r[k]) for k in ("explicitOwners", "leadOwners", "supportOwners"))
        roles = lead + int(r["responsibleOwners"]) + support
        if specific and support == specific:
            expected["support only"] += 1
        elif specific > 1 and roles and not lead:
            expected["no lead"] += 1
    found = Counter(r["grade"] for r in analyse.measures_without_owner(plan_projection))
    assert found == expected
    # By hand: task 3 names 区发改局 (负责) and 区市场监管局 (协助) and no lead; tasks 1 and 2 are covered.
    assert [r["measure"] for r in analyse.measures_without_owner(plan_projection)] == ["推进燃煤锅炉淘汰"]


def test_units_that_only_support(plan_graph, plan_projection):
    from graphbuild import analyse

    rows = _select(
        plan_graph,
        """SELECT DISTINCT ?owner WHERE {
             ?a gb:owner ?owner ; gb:explicit true ; gb:taskRole taskrole:support .
             FILTER NOT EXISTS {
               ?b gb:owner ?owner ; gb:explicit true ; gb:taskRole ?r . FILTER(?r != taskrole:support)
             }
           }""",
    )
    assert {r["iri"] for r in analyse.support_only_owners(plan_projection)} == {str(r["owner"]) for r in rows}
    assert {r["owner"] for r in analyse.support_only_owners(plan_projection)} == {"区城管局", "各街道", "区市场监管局"}


def _select(graph: Graph, text: str) -> list[dict]:
    from graphbuild.queries import with_prefixes
    from graphbuild.store import RdflibStore

    return RdflibStore(graph).select(with_prefixes(text)).rows


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # By hand from the text: task 1 ends 2019-10-31 (区住建局 lead; 区城管局, 各街道 support),
        # task 3 on 2019-12-31 (区发改局 responsible, 区市场监管局 support); task 2 is open-ended.
        ("2019-10-30", set()),
        (
            "2019-11-01",
            {
                ("加强建筑工地扬尘管控", o, r, "overdue")
                for o, r in (("区住建局", "lead"), ("区城管局", "support"), ("各街道", "support"))
            },
        ),
        (
            "2019-12-31",
            {
                ("加强建筑工地扬尘管控", o, r, "overdue")
                for o, r in (("区住建局", "lead"), ("区城管局", "support"), ("各街道", "support"))
            }
            | {
                ("推进燃煤锅炉淘汰", o, r, "due") for o, r in (("区发改局", "responsible"), ("区市场监管局", "support"))
            },
        ),
    ],
)
def test_deadlines_as_of_a_day(plan_projection, as_of, expected):
    from datetime import date

    from graphbuild import analyse

    rows = analyse.deadlines(plan_projection, date.fromisoformat(as_of))
    assert {(r["measure"], r["owner"], r["role"], r["status"]) for r in rows} == expected


def test_deadlines_agree_with_sparql(plan_graph, plan_projection):
    from graphbuild import analyse

    expected = {
        (str(r["measure"]), str(r["owner"]), str(r["role"]) or None, r["due"] and str(r["due"]))
        for r in _rows(plan_graph, "deadlines")
    }
    found = {(r["iri"], r["owner_iri"], r["role"], r["due"]) for r in analyse.deadlines(plan_projection)}
    assert found == expected and len(found) == 6
    assert {r["status"] for r in analyse.deadlines(plan_projection) if r["due"] is None} == {"open"}


def test_targets_agree_with_sparql(plan_graph, plan_projection):
    from graphbuild import analyse

    expected = {
        (str(r["areaName"]), str(r["indicatorLabel"]), float(r["value"]), str(r["unitLabel"]), str(r["by"]))
        for r in _rows(plan_graph, "targets")
    }
    found = {
        (r["area"], r["indicator"], float(r["value"]), r["unit"], r["by"]) for r in analyse.targets(plan_projection)
    }
    assert found == expected
    assert ("拱墅区", "PM2.5平均浓度", 35.0, "微克/立方米", "2020") in found


def test_responsibility_edges_carry_roles(plan_projection):
    from graphbuild.projection import Relation

    roles = {
        (plan_projection.nodes[s]["label"], d["role"])
        for s, _, d in plan_projection.edges(data=True)
        if d["relation"] == Relation.RESPONSIBLE_FOR and d["explicit"]
    }
    assert ("区住建局", "lead") in roles and ("区城管局", "support") in roles and ("区发改局", "responsible") in roles


def test_the_page_draws_roles_and_shows_deadlines_and_targets(plan_projection):
    from graphbuild.render import ROLE_STYLE, to_network

    net = to_network(plan_projection)
    by_role = {e.get("role"): e for e in net.edges if e.get("relation") == "responsible_for" and e.get("role")}
    assert by_role["lead"]["width"] > by_role["responsible"]["width"] and by_role["lead"]["dashes"] is False
    assert by_role["support"]["dashes"] == ROLE_STYLE["support"]["dashes"] and by_role["support"]["dashes"]
    titles = {n["fullLabel"]: n["title"] for n in net.nodes}
    assert "时限 deadline: 2019年10月底前（2019-10-31）" in titles["加强建筑工地扬尘管控"]
    target = titles["PM2.5平均浓度控制在35微克/立方米以下"]
    assert "PM2.5平均浓度" in target and "微克/立方米" in target and "2020" in target


def test_a_hostile_target_text_is_escaped_in_the_page():
    from graphbuild.projection import project
    from graphbuild.render import render_html
    from graphbuild.store import RdflibStore

    hostile = "优良天数比例达到85%<script>window.pwned=1</script>"
    text = PLAN_TEXT.replace("优良天数比例达到85%", hostile)
    plan = plan_record(text=text)
    plan.targets[1].text = hostile
    plan.targets[1].span = at(text, hostile)
    page = render_html(project(RdflibStore(build_graph([plan_document(plan, text)]))))
    assert "<script>window.pwned" not in page and "\\u003cscript\\u003ewindow.pwned" in page


def test_explain_shows_the_role_and_the_words_it_came_from(plan_graph):
    from graphbuild.explain import explain, explain_lines
    from graphbuild.store import RdflibStore

    lines = explain_lines(explain(RdflibStore(plan_graph), "加强建筑工地扬尘管控"))
    start, end = at(PLAN_TEXT, "区住建局", PLAN_TEXT.index("\n1."))
    at_lead = lines.index(next(line for line in lines if line.startswith("  ← 区住建局")))
    assert "牵头" in lines[at_lead] and "explicit" in lines[at_lead]
    assert lines[at_lead + 1] == f"      named in: “区住建局” [{start}–{end}]"


def test_report_deadlines_on_the_command_line(tmp_path, plan_graph):
    import json

    from click.testing import CliRunner

    from graphbuild.cli import main
    from graphbuild.graphio import write_graph

    path = tmp_path / "plan.ttl"
    write_graph(plan_graph, path)
    runner = CliRunner()
    result = runner.invoke(
        main, ["report", "deadlines", "--graph", str(path), "--as-of", "2019-11-01", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {(r["owner"], r["status"]) for r in rows} == {
        ("区住建局", "overdue"),
        ("区城管局", "overdue"),
        ("各街道", "overdue"),
    }
    result = runner.invoke(main, ["report", "targets", "--graph", str(path), "--format", "json"])
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 3
    assert runner.invoke(main, ["report", "gaps", "--graph", str(path), "--as-of", "2019-11-01"]).exit_code == 2


def test_an_area_view_keeps_its_plan_tasks_and_targets(plan_projection):
    from graphbuild.projection import Kind
    from graphbuild.render import select_subgraph

    view = select_subgraph(plan_projection, area="拱墅区")
    kinds = {d["kind"] for _, d in view.nodes(data=True)}
    assert {Kind.PLAN, Kind.MEASURE, Kind.TARGET} <= kinds
    assert not {d["kind"] for _, d in select_subgraph(plan_projection, sector="DUST").nodes(data=True)} & {Kind.TARGET}


def test_the_plans_query_lists_the_plan_as_written(plan_graph):
    (row,) = _rows(plan_graph, "plans")
    found = {
        k: str(row[k]) for k in ("date", "area", "adcode", "issuer", "identifier", "title", "kind", "tasks", "targets")
    }
    assert found == {
        "date": "2019-03-05",
        "area": "拱墅区",
        "adcode": "330105",
        "issuer": "拱墅区人民政府办公室",
        "identifier": "拱政办发〔2019〕8号",
        "title": "拱墅区大气污染防治实施方案",
        "kind": "实施方案",
        "tasks": "3",
        "targets": "3",
    }


@pytest.mark.parametrize(
    "name",
    ["plans", "deadlines", "targets", "owner-load", "gaps", "explain-role", "projection-edges", "measure-sources"],
)
def test_plan_queries_agree_on_rdflib_and_oxigraph(plan_graph, name):
    from graphbuild.queries import named_query
    from graphbuild.store import OxigraphStore, RdflibStore

    memory = OxigraphStore()
    memory.load_graph(plan_graph)

    def normal(rows):
        # Decimals compared by value: Oxigraph writes 35.0 as "35".
        def text(key, value):
            return "" if value is None else str(float(value)) if key == "value" else str(value)

        return sorted(tuple((k, text(k, v)) for k, v in sorted(r.items())) for r in rows)

    text = named_query(name).text
    expected = normal(RdflibStore(plan_graph).select(text).rows)
    assert expected and normal(memory.select(text).rows) == expected


def test_the_large_corpus_rule_path_infers_the_same_on_plans():
    """The rules as the Oxigraph build runs them (N-Triples bulk-loaded, rules inserted in the store,
    IRI functions called from Rust) give the triples the rdflib path gives."""
    import pyoxigraph as ox

    from graphbuild.graphio import ntriples
    from graphbuild.infer import INFERRED_GRAPH, infer_in_store, rule_descriptions
    from graphbuild.rdfbuild import build_triples
    from graphbuild.store import from_oxigraph

    triples = build_triples([plan_document()])
    store = ox.Store()
    store.bulk_load(input=ntriples(triples) + ntriples(rule_descriptions()), format=ox.RdfFormat.N_TRIPLES)
    infer_in_store(store, graph=INFERRED_GRAPH)
    inferred = {
        tuple(map(from_oxigraph, (q.subject, q.predicate, q.object)))
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH))
    }
    expected = build_graph([plan_document()])
    before = set(expected)
    apply_rules(expected)
    assert inferred == set(expected) - before - set(rule_descriptions())
    assert inferred
