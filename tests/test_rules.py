"""The principle rules on small hand-made graphs, and on the Luzhou readout."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from graphbuild.explain import explain, explain_lines
from graphbuild.infer import apply_rules, rdflib_rule_text, rule_descriptions, rules
from graphbuild.namespace import GB
from graphbuild.rdfbuild import vocabulary_graph
from graphbuild.store import RdflibStore

HERE = Path(__file__).parent / "rules"
LINGDAO = URIRef("https://w3id.org/graphbuild/vocab/responsibility/lingdao")
JIANGUAN = URIRef("https://w3id.org/graphbuild/vocab/responsibility/jianguan")
RULE = "https://w3id.org/graphbuild/rule/"


def _graph(name: str) -> Graph:
    graph = Graph() + vocabulary_graph()
    graph.parse(HERE / name, format="turtle")
    apply_rules(graph)
    return graph


def _inferred(graph: Graph, rule: str) -> set[tuple[str, str]]:
    return {
        (str(graph.value(a, GB.owner)), str(graph.value(a, GB.measure)))
        for a in graph.subjects(PROV.hadPlan, URIRef(RULE + rule))
    }


AREA = "https://w3id.org/graphbuild/id/area/510502"


def test_dangzheng_tongze_gives_both_posts_every_measure():
    graph = _graph("dangzheng.ttl")
    measures = ["https://example.org/m1", "https://example.org/m2"]
    posts = [f"{AREA}/post/party-secretary", f"{AREA}/post/government-head"]
    assert _inferred(graph, "dangzheng-tongze") == {(p, m) for p in posts for m in measures}
    for a in graph.subjects(PROV.hadPlan, URIRef(RULE + "dangzheng-tongze")):
        assert graph.value(a, GB.responsibilityType) == LINGDAO
        assert graph.value(a, GB.explicit) == Literal(False)
        assert URIRef("https://example.org/citation") in set(graph.objects(a, PROV.wasDerivedFrom))


def test_dangzheng_tongze_does_not_fire_without_a_citation():
    assert _inferred(_graph("no-principle.ttl"), "dangzheng-tongze") == set()


def test_explicit_assignment_outranks_the_inferred_one():
    graph = _graph("dangzheng-explicit.ttl")
    pairs = _inferred(graph, "dangzheng-tongze")
    assert (f"{AREA}/post/party-secretary", "https://example.org/m1") not in pairs
    assert (f"{AREA}/post/government-head", "https://example.org/m1") in pairs


def test_sanguan_sanbixu_reaches_the_regulating_departments():
    graph = _graph("sanguan.ttl")
    pairs = _inferred(graph, "sanguan-sanbixu")
    dust, fuel, gov = "https://example.org/dust", "https://example.org/fuel", "https://example.org/gov"
    assert {d for d, m in pairs if m == dust} == {
        f"{AREA}/department/housing",
        f"{AREA}/department/transport",
        f"{AREA}/department/urban-management",
    }
    # A mapping on a sector covers its finer concepts: vehicle fuel is a mobile source too.
    assert {d for d, m in pairs if m == fuel} == {
        f"{AREA}/department/{d}" for d in ("market", "commerce", "transport", "traffic-police")
    }
    assert not any(m == gov for _, m in pairs), "a sector with no mapped department stays a gap"
    for a in graph.subjects(PROV.hadPlan, URIRef(RULE + "sanguan-sanbixu")):
        assert graph.value(a, GB.responsibilityType) == JIANGUAN


def test_sanguan_sanbixu_does_not_fire_without_a_citation():
    assert _inferred(_graph("no-principle.ttl"), "sanguan-sanbixu") == set()


def test_yigang_shuangze_needs_a_portfolio():
    graph = _graph("yigang.ttl")
    assert _inferred(graph, "yigang-shuangze") == {("https://example.org/deputy", "https://example.org/dust")}


# --- on the Luzhou readout ----------------------------------------------------------------


def _meetings_citing(graph: Graph, principle: str) -> set:
    iri = URIRef(f"https://w3id.org/graphbuild/vocab/principle/{principle}")
    return set(graph.subjects(GB.citesPrinciple, iri))


def test_every_measure_of_a_meeting_citing_dangzheng_is_carried_by_secretary_and_head(graph):
    meetings = _meetings_citing(graph, "dangzheng-tongze")
    assert meetings
    for meeting in meetings:
        area = graph.value(meeting, GB.area)
        posts = {URIRef(f"{area}/post/party-secretary"), URIRef(f"{area}/post/government-head")}
        for measure in graph.subjects(GB.setBy, meeting):
            owners = {
                graph.value(a, GB.owner)
                for a in graph.subjects(GB.measure, measure)
                if graph.value(a, GB.responsibilityType) == LINGDAO
            }
            assert posts <= owners, measure


@pytest.mark.parametrize("area_name", ["龙马潭区", "纳溪区"])
def test_meetings_citing_no_principle_get_no_dangzheng_inference(graph, area_name):
    meetings = [
        m
        for m in graph.subjects(RDF.type, GB.Meeting)
        if str(graph.value(graph.value(m, GB.area), URIRef("http://www.w3.org/2000/01/rdf-schema#label"))) == area_name
    ]
    assert meetings
    for meeting in meetings:
        for assignment in graph.subjects(GB.directive, meeting):
            assert graph.value(assignment, PROV.hadPlan) != URIRef(RULE + "dangzheng-tongze")


def test_explain_a_jiangyang_dust_measure(graph, document):
    lines = "\n".join(explain_lines(explain(RdflibStore(graph), "抓好建筑施工和道路扬尘治理")))
    start = document.text.index("三管三必须")
    assert f"“三管三必须” [{start}–{start + 5}]" in lines
    assert "《大气污染防治法》第六十八条" in lines
    assert "三管三必须规则" in lines and "党政同责规则" in lines


def test_one_pass_of_the_rules_is_a_fixed_point(graph):
    again = Graph() + graph
    assert apply_rules(again) == 0


@pytest.mark.parametrize("case", sorted(p.name for p in HERE.glob("*.ttl")))
def test_rules_in_oxigraph_add_what_rdflib_constructs(case):
    """The rules run as SPARQL Update in Oxigraph; rdflib's own engine, on the same CONSTRUCT text,
    must find the same triples (an independent evaluation of every rule)."""
    base = Graph() + vocabulary_graph() + rule_descriptions()
    base.parse(HERE / case, format="turtle")
    expected = Graph() + base
    for rule in rules():
        expected += base.query(rdflib_rule_text(rule)).graph
    inferred = Graph() + base
    apply_rules(inferred)
    assert set(inferred) == set(expected)
