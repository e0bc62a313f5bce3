"""Documentation: the ontology's page by pyLODE (what `make docs` writes) and the README's promises."""

from __future__ import annotations

import re

from rdflib import OWL, RDF, RDFS, Graph

from .paths import ROOT


def test_pylode_documents_every_class_and_property(tmp_path):
    from pylode import OntPub

    source = ROOT / "ontology" / "graphbuild.ttl"
    page = tmp_path / "ontology.html"
    OntPub(ontology=str(source)).make_html(destination=page)
    html = page.read_text(encoding="utf-8")
    ontology = Graph().parse(source)
    terms = set(ontology.subjects(RDF.type, OWL.Class)) | set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    assert len(terms) > 10
    for term in terms:
        labels = [str(label) for label in ontology.objects(term, RDFS.label) if label.language == "en"]
        assert any(label in html for label in labels) or str(term) in html, term


def test_the_readme_documents_what_a_user_meets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for needle in ("GRAPHBUILD_ONTOLOGY", "YASGUI", "jupyter", "make docs", "--keep-going", "report all", "tsv"):
        assert needle in readme, needle


def test_make_test_installs_no_chromium_driver():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "chromium-driver" not in makefile
    assert re.search(r"^docs:", makefile, re.M) and "report all --format html" in makefile
