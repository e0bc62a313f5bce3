"""The built graph: SHACL, determinism, provenance, and the meetings it holds against the gold file."""

from __future__ import annotations

from dataclasses import replace

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from graphbuild.extract import extract_document
from graphbuild.graphio import ntriples, serialize
from graphbuild.namespace import GB, OA
from graphbuild.pipeline import build_from_paths
from graphbuild.queries import named_query
from graphbuild.rdfbuild import build_ntriples, build_triples
from graphbuild.store import RdflibStore
from graphbuild.validate import validate_graph

from .paths import RAW


def test_built_graph_conforms(graph):
    result = validate_graph(graph)
    assert result.conforms, result.violations[:5]


def test_coverage_gaps_are_warnings_not_violations(text_graph):
    result = validate_graph(text_graph)
    assert result.conforms
    assert any("coverage gap" in w for w in result.warnings)


def test_broken_graph_fails_with_a_readable_message(text_graph):
    broken = Graph() + text_graph
    measure = next(broken.subjects(RDF.type, GB.Measure))
    broken.remove((measure, GB.sector, None))
    result = validate_graph(broken)
    assert not result.conforms
    assert any(str(measure) in line and "every measure has a sector" in line for line in result.violations)


def test_building_twice_gives_identical_bytes(graph):
    again = build_from_paths([RAW], infer=True)
    assert serialize(again) == serialize(graph)


def test_every_measure_quote_equals_the_document_at_its_offsets(graph, document):
    measures = list(graph.subjects(RDF.type, GB.Measure))
    assert measures
    for measure in measures:
        span = graph.value(measure, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
        assert graph.value(span, OA.hasSource) is not None
        selectors = list(graph.objects(span, OA.hasSelector))
        start = next(int(graph.value(s, OA.start)) for s in selectors if graph.value(s, OA.start) is not None)
        end = next(int(graph.value(s, OA.end)) for s in selectors if graph.value(s, OA.end) is not None)
        exact = next(str(graph.value(s, OA.exact)) for s in selectors if graph.value(s, OA.exact) is not None)
        assert (
            document.text[start:end]
            == exact
            == str(graph.value(measure, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
        )


def test_document_hash_is_recorded(graph, document):
    assert (None, GB.sha256, Literal(document.sha256)) in graph


def test_sparql_lists_the_seven_meetings_of_the_gold_file(graph, gold):
    rows = RdflibStore(graph).select(named_query("meetings").text).rows
    found = sorted(
        (
            str(r["date"]),
            str(r["area"]),
            r["adcode"] and str(r["adcode"]),
            r["chair"] and str(r["chair"]),
            frozenset(str(r["posts"]).split("、")) if r["posts"] else frozenset(),
        )
        for r in rows
    )
    expected = sorted(
        (
            g["date"],
            g["area"]["name"],
            g["area"]["adcode"],
            g["chair"] and g["chair"]["name"],
            frozenset(g["chair"]["posts"]) if g["chair"] else frozenset(),
        )
        for g in gold["meetings"]
    )
    assert found == expected


def test_direct_ntriples_writer_gives_the_lines_of_the_rdflib_terms(document):
    """The streamed build writes spans as text (`build_ntriples`); the lines must be those of the
    same triples built as rdflib terms and written by `graphio.nt_term`, quotes needing escapes
    included."""
    text = document.text.replace("大气", '大"气\\', 1)  # a quote and a backslash inside a measure's span
    record = extract_document(replace(document, text=text))
    direct = build_ntriples(record).splitlines()
    assert len(direct) == len(set(direct))
    assert set(direct) == set(ntriples(build_triples([record], with_vocabularies=False)).splitlines())
    assert any(b'\\"' in line and b"\\\\" in line and b"#exact>" in line for line in direct)


def test_documents_that_name_no_area_keep_their_owners_apart(tmp_path):
    """Two excerpts of responsibility lists that never name their city: each document's area is its
    own, named by the document, so the two 市建设局 are two owners, not one."""
    texts = {
        "list-a.txt": "市建设局:负责建筑施工扬尘监督管理,督促施工单位落实围挡、洒水措施。\n"
        "市公安局:负责渣土运输车辆的查处工作。\n",
        "list-b.txt": "市建设局:负责城市道路施工扬尘防治,做好工地裸土覆盖工作。\n"
        "市城管执法局:负责查处露天焚烧垃圾行为。\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    graph = build_from_paths([tmp_path], infer=True)
    assert validate_graph(graph).conforms
    zones = {str(graph.value(z, RDFS.label)) for z in graph.subjects(RDF.type, GB.FunctionalZone)}
    assert zones == set(texts)
    owners = {o for o in graph.subjects(RDFS.label, Literal("市建设局", lang="zh"))}
    assert len(owners) == 2 and len({graph.value(o, GB.area) for o in owners}) == 2
