"""The ontology, vocabularies and shapes: in step with the code, bilingual, and free of local facts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graphbuild.extract.divisions import load_divisions
from graphbuild.namespace import GB
from graphbuild.resources import ontology_dir
from graphbuild.validate import shapes_graph, validate_graph

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ontology_dir()
SHACL_CASES = sorted((Path(__file__).parent / "shacl").glob("*.ttl"))


def _parse(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def test_namespace_module_and_turtle_define_the_same_terms():
    ontology = _parse(ONTOLOGY / "graphbuild.ttl")
    defined = {str(s) for s in ontology.subjects(RDFS.isDefinedBy, URIRef("https://w3id.org/graphbuild/ontology"))}
    in_code = {str(GB[name]) for name in GB.__annotations__}
    assert defined == in_code


def test_every_term_is_labelled_and_defined_in_chinese_and_english():
    graph = _parse(
        ONTOLOGY / "graphbuild.ttl",
        *sorted((ONTOLOGY / "vocab").glob("*.ttl")),
        ONTOLOGY / "departments.ttl",
        ONTOLOGY / "rules" / "rules.ttl",
    )
    terms = set(graph.subjects(RDFS.isDefinedBy, None)) | set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(terms) > 80
    for term in terms:
        for predicate in (SKOS.definition,):
            langs = {o.language for o in graph.objects(term, predicate)}
            assert {"zh", "en"} <= langs, (term, predicate)
        labels = {o.language for p in (RDFS.label, SKOS.prefLabel) for o in graph.objects(term, p)}
        assert {"zh", "en"} <= labels, term


def test_sector_notations_follow_the_guidelines():
    graph = _parse(ONTOLOGY / "vocab" / "sectors.ttl")
    notations = {str(n) for n in graph.objects(None, SKOS.notation)}
    assert {"IND", "MOB", "AREA", "DUST", "BURN", "LIFE", "FIRE", "EMER", "ENER", "GOV", "OTHER"} <= notations
    for n in notations:
        assert re.fullmatch(r"[A-Z]+(\.[A-Z]+)*", n)


def test_no_local_place_or_person_is_written_into_code_or_vocabularies(gold):
    """Areas come from the divisions dataset and names from the text, never from our files."""
    divisions = load_divisions()
    city = gold["city"]["adcode"]
    local = {a.name for code, a in divisions.by_code.items() if code[:4] == city[:4]}
    local |= {m["chair"]["name"] for m in gold["meetings"] if m["chair"]}
    local |= {m["area"]["name"] for m in gold["meetings"]}
    files = [*ROOT.joinpath("graphbuild").rglob("*.py"), *ONTOLOGY.rglob("*.ttl"), *ONTOLOGY.rglob("*.rq")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        found = sorted(name for name in local if name in text)
        assert not found, f"{path.relative_to(ROOT)} names {found}"


def _expected(path: Path) -> bool:
    header = re.search(r"#\s*conforms:\s*(true|false)", path.read_text(encoding="utf-8"))
    assert header, f"{path.name} lacks a '# conforms: true|false' line"
    return header.group(1) == "true"


def test_the_shacl_cases_are_found():
    assert len(SHACL_CASES) == 7


@pytest.mark.parametrize("case", SHACL_CASES, ids=lambda p: p.stem)
def test_shacl_case(case):
    data = _parse(
        case,
        ONTOLOGY / "vocab" / "sectors.ttl",
        ONTOLOGY / "vocab" / "responsibility-types.ttl",
        ONTOLOGY / "vocab" / "principles.ttl",
    )
    assert validate_graph(data, shapes_graph()).conforms == _expected(case)


def test_department_vocabulary_conforms():
    graph = _parse(ONTOLOGY / "departments.ttl", ONTOLOGY / "vocab" / "sectors.ttl")
    assert validate_graph(graph).conforms
    assert len(set(graph.subjects(RDF.type, GB.DepartmentMapping))) >= 10
