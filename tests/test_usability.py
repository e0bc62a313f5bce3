"""The newcomer review's findings (reviews/usability.md), each as a test that failed before it was fixed.

Expected values come from the source text, from rdflib reading the files independently, or from
the graph itself by other means than the command under test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from graphbuild.cli import main
from graphbuild.namespace import GB, ID

from .paths import RAW, ROOT

ORG_HELD_BY = URIRef("http://www.w3.org/ns/org#heldBy")


def _one_line_error(result, *words: str) -> None:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert all(word in lines[0] for word in words), lines[0]


def _measure(graph: Graph, text: str) -> URIRef:
    found = [m for m in graph.subjects(RDFS.label, Literal(text, lang="zh")) if (m, None, GB.Measure) in graph]
    assert len(found) == 1, found
    return found[0]


def _owned(graph: Graph, measure: URIRef) -> bool:
    return any(True for _ in graph.subjects(GB.measure, measure))


# --- defect 3 (high) and 20: explain ------------------------------------------------------------


def test_explain_a_measure_nobody_owns(runner, graph, graph_file, document):
    """Failed before: printed nothing, exit 0."""
    measure = _measure(graph, "淘汰落后产能")
    assert not _owned(graph, measure)
    result = runner.invoke(main, ["explain", "淘汰落后产能", "--graph", str(graph_file)])
    assert result.exit_code == 0
    sentence = next(s for s in re.split(r"[。；]", document.text) if "淘汰落后产能" in s)
    assert sentence.strip("\n ，,") in result.stdout
    assert "no owner" in result.stdout
    rules = Graph().parse(ROOT / "ontology" / "rules" / "rules.ttl")
    for label in rules.objects(None, RDFS.label):
        if label.language == "zh":
            assert re.search(rf"{label} .*(does not cite|no department|no post)", result.stdout), label


@pytest.mark.parametrize("target", ["http://example.org/nothing", "", "火星上的措施"])
def test_explaining_nothing_is_an_error(runner, graph_file, target):
    """Failed before: `explain http://example.org/nothing` and `explain ""` printed nothing, exit 0."""
    result = runner.invoke(main, ["explain", target, "--graph", str(graph_file)])
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1


def test_several_matches_are_listed_to_pick_from(runner, graph, graph_file):
    """Failed before: the first match was explained, the others never named."""
    result = runner.invoke(main, ["explain", "扬尘", "--graph", str(graph_file)])
    assert result.exit_code == 1
    expected = {m for m, label in graph.subject_objects(RDFS.label) if "扬尘" in str(label)}
    curies = re.findall(r"gbid:\S+", result.stdout)
    assert {str(ID) + c.split(":", 1)[1] for c in curies} == {str(m) for m in expected}
    picked = runner.invoke(main, ["explain", curies[0], "--graph", str(graph_file)])
    assert picked.exit_code == 0 and curies[0] in picked.stdout


def test_every_form_of_an_iri_explains_the_same(runner, graph, graph_file):
    """Failed before: `<IRI>` found nothing; CURIEs were not accepted."""
    measure = str(_measure(graph, "淘汰落后产能"))
    curie = "gbid:" + measure[len(str(ID)) :]
    outputs = {
        form: runner.invoke(main, ["explain", form, "--graph", str(graph_file)]).stdout
        for form in (measure, f"<{measure}>", curie)
    }
    assert len(set(outputs.values())) == 1 and "淘汰落后产能" in outputs[measure]


def test_explain_a_person_through_their_posts(runner, graph, graph_file):
    """Failed before (defect 9): `explain 李仁军` → no measure or owner matches."""
    person = next(p for p in graph.subjects(RDFS.label, Literal("李仁军", lang="zh")) if (p, None, GB.Person) in graph)
    posts = set(graph.subjects(ORG_HELD_BY, person))
    measures = {m for post in posts for a in graph.subjects(GB.owner, post) for m in graph.objects(a, GB.measure)}
    assert posts and measures
    result = runner.invoke(main, ["explain", "李仁军", "--graph", str(graph_file), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["kind"] == "person"
    assert {p["post"] for p in data["held_posts"]} == {str(p) for p in posts}
    assert {m["measure"] for m in data["measures"]} == {str(m) for m in measures}


# --- defect 5: --bind ----------------------------------------------------------------------------


def test_binding_a_variable_the_query_lacks_is_an_error(runner, graph_file):
    """Failed before: `--bind areaname=江阳区` (a typo) returned every area's rows, exit 0."""
    typo = runner.invoke(
        main, ["query", "--name", "principles-by-area", "--bind", "areaname=江阳区", "--graph", str(graph_file)]
    )
    _one_line_error(typo, "areaname", "?areaName")
    bogus = runner.invoke(main, ["query", "--name", "meetings", "--bind", "bogus=1", "--graph", str(graph_file)])
    _one_line_error(bogus, "bogus", "?meeting")


def test_a_plain_iri_binds_an_iri(runner, graph, graph_file):
    """Failed before: `--bind measure=https://…` bound a literal and found nothing."""
    measure = next(iter(graph.objects(None, GB.measure)))
    args = ["query", "--name", "explain", "--graph", str(graph_file), "--format", "json"]
    plain = runner.invoke(main, [*args, "--bind", f"measure={measure}"])
    bracketed = runner.invoke(main, [*args, "--bind", f"measure=<{measure}>"])
    assert plain.exit_code == 0 and json.loads(plain.stdout) and plain.stdout == bracketed.stdout


# --- defects 6, 7 and 17: formats follow suffixes; - is stdin/stdout -------------------------------


@pytest.mark.parametrize(("suffix", "rdflib_format"), [(".nt", "nt"), (".jsonld", "json-ld"), (".ttl", "turtle")])
def test_the_output_format_follows_the_suffix(runner, tmp_path, graph, suffix, rdflib_format):
    """Failed before: `-o g.nt` wrote Turtle, which `validate g.nt` could not read."""
    output = tmp_path / f"g{suffix}"
    assert runner.invoke(main, ["build", str(RAW), "-o", str(output), "-q"]).exit_code == 0
    assert len(Graph().parse(output, format=rdflib_format)) == len(graph)
    assert runner.invoke(main, ["validate", str(output)]).exit_code == 0


def test_the_oxigraph_build_does_not_ignore_the_format(runner, tmp_path):
    """Failed before: `--store oxigraph:… --format jsonld -o x.jsonld` wrote N-Triples, exit 0."""
    output = tmp_path / "x.jsonld"
    result = runner.invoke(main, ["build", str(RAW), "--store", f"oxigraph:{tmp_path / 's'}", "-o", str(output)])
    _one_line_error(result, "x.jsonld", "N-Triples")
    assert not output.exists()


def test_dash_is_standard_output_and_input(runner, tmp_path, graph):
    """Failed before: `build -o -` wrote a file named `-`."""
    result = runner.invoke(main, ["build", str(RAW), "-o", "-", "-q"])
    assert result.exit_code == 0 and len(Graph().parse(data=result.stdout, format="turtle")) == len(graph)
    assert not Path("-").exists()
    query = runner.invoke(
        main,
        ["query", "-", "--graph", str(tmp_path / "none.ttl"), "--format", "csv"],
        input="SELECT (1 AS ?one) WHERE {}",
    )
    assert query.exit_code == 1 and "none.ttl" in query.output  # the query was read; the graph is missing


# --- defects 10 and 11: progress and --keep-going --------------------------------------------------


def test_every_stage_reports_a_line_with_its_time(runner, tmp_path):
    """Failed before: without a terminal only the word `extracting` was printed."""
    result = runner.invoke(main, ["build", str(RAW), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 0
    for stage in ("read and extract", "build RDF", "rules", "validate", "write"):
        assert re.search(rf"^{stage}.*: \d+\.\d s$", result.stderr, re.M), stage


def test_keep_going_skips_bad_documents(runner, tmp_path):
    """Failed before: one English text stopped the corpus build; there was no --keep-going."""
    corpus = tmp_path / "mix"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes((RAW / "luzhou-air-meetings.txt").read_bytes())
    (corpus / "zz-english.txt").write_text("The weather is fine today.", encoding="utf-8")
    output = tmp_path / "g.ttl"
    stopped = runner.invoke(main, ["build", str(corpus), "-o", str(output), "-q"])
    assert stopped.exit_code == 1 and not output.exists()
    kept = runner.invoke(main, ["build", str(corpus), "-o", str(output), "-q", "--keep-going"])
    assert kept.exit_code == 3 and output.exists()
    skipped = [line for line in kept.stderr.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 2 and "zz-english.txt" in skipped[0] and "1 of 2" in skipped[1]


# --- defect 12: ASK and CONSTRUCT -----------------------------------------------------------------


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_ask_and_construct(runner, tmp_path, graph, graph_file, store):
    """Failed before: blank lines in memory; a traceback on Oxigraph."""

    def args(name: str) -> list[str]:
        # One store folder per command: an Oxigraph store stays locked while its object lives.
        return ["--graph", str(graph_file)] + (
            ["--store", f"oxigraph:{tmp_path / name}"] if store == "oxigraph" else []
        )

    yes = runner.invoke(main, ["query", "-e", "ASK { ?m a gb:Measure }", *args("a")])
    no = runner.invoke(main, ["query", "-e", "ASK { ?m a gb:NoSuchClass }", *args("b")])
    assert (yes.exit_code, yes.stdout.strip(), no.exit_code, no.stdout.strip()) == (0, "true", 1, "false")
    built = runner.invoke(main, ["query", "-e", "CONSTRUCT { ?m a gb:Measure } WHERE { ?m a gb:Measure }", *args("c")])
    assert built.exit_code == 0
    assert set(Graph().parse(data=built.stdout, format="turtle")) == set(graph.triples((None, None, GB.Measure)))


# --- defects 13, 14 and 22: one-line errors; serve's dependency -------------------------------------


def test_file_failures_are_one_line(runner, tmp_path, graph_file):
    """Failed before: tracebacks for a missing query file and an unwritable output."""
    _one_line_error(runner.invoke(main, ["query", str(tmp_path / "nosuch.rq")]), "nosuch.rq", "no such query file")
    _one_line_error(runner.invoke(main, ["build", str(RAW), "-o", "/proc/nope/x.ttl", "-q"]), "/proc/nope")
    _one_line_error(
        runner.invoke(main, ["render", "--graph", str(graph_file), "-o", "/proc/nope/x.html"]), "/proc/nope"
    )


def test_serving_needs_no_build_folder(graph_file, tmp_path):
    """Failed before: `serve` outside the repository failed creating build/oxigraph-serve."""
    from graphbuild.server import prepare_location

    location = prepare_location(graph_file, tmp_path / "not" / "yet" / "there")
    assert location.is_dir()


def test_the_server_is_a_dependency_not_a_test_extra():
    """Failed before: `oxigraph` was only in the [test] extra, so `serve` failed in a plain install."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(r.startswith("oxigraph") for r in project["dependencies"])


# --- low findings: CURIEs, error positions, render filters, coverage labels, validate --graph --------


def test_tables_show_curies_and_wide_shows_iris(runner, graph_file):
    query = ["query", "-e", "SELECT ?m WHERE { ?m a gb:Measure } ORDER BY ?m LIMIT 1", "--graph", str(graph_file)]
    short, wide = runner.invoke(main, query), runner.invoke(main, [*query, "--wide"])
    curie, iri = short.stdout.splitlines()[-1], wide.stdout.splitlines()[-1]
    assert curie.startswith("gbid:measure/") and iri == str(ID) + curie[len("gbid:") :]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_syntax_errors_point_into_the_users_text(runner, tmp_path, graph_file, store):
    args = ["--graph", str(graph_file)] + (["--store", f"oxigraph:{tmp_path / 's'}"] if store == "oxigraph" else [])
    result = runner.invoke(main, ["query", "-e", "SELECT ?x WHERE { ?x ?y ?z \n FILTER( }", *args])
    assert result.exit_code == 1
    lines = [int(n) for n in re.findall(r"line:(\d+)|at (\d+):", result.output)[0] if n]
    assert lines == [2], result.output


def test_rendering_an_unknown_area_is_an_error(runner, tmp_path, graph_file):
    output = tmp_path / "x.html"
    _one_line_error(
        runner.invoke(main, ["render", "--area", "火星区", "--graph", str(graph_file), "-o", str(output)]), "火星区"
    )
    assert not output.exists()


def test_coverage_columns_carry_chinese_labels(runner, graph_file):
    vocabulary = Graph().parse(ROOT / "ontology" / "vocab" / "sectors.ttl")
    header = runner.invoke(main, ["report", "coverage", "--graph", str(graph_file), "--format", "csv"]).stdout
    columns = header.splitlines()[0].split(",")
    dust = next(
        str(o)
        for s, o in vocabulary.subject_objects(URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))
        if str(s).endswith("/DUST") and o.language == "zh"
    )
    assert f"DUST {dust}" in columns


def test_validate_takes_the_graph_option_too(runner, graph_file):
    assert runner.invoke(main, ["validate", "--graph", str(graph_file)]).exit_code == 0


def test_no_shapes_is_an_error_not_a_pass(tmp_path, graph_file):
    """Defect 2 (high): with no shapes loaded, validation must fail, not report `conforms`."""
    (tmp_path / "graphbuild.ttl").write_bytes((ROOT / "ontology" / "graphbuild.ttl").read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "graphbuild.cli", "validate", str(graph_file)],
        env={"GRAPHBUILD_ONTOLOGY": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1 and "shapes" in result.stderr and "conforms" not in result.stderr


def test_a_large_corpus_on_the_default_store_suggests_oxigraph(runner, tmp_path, monkeypatch):
    """Failed before (defect 10): nothing suggested the store that is an order of magnitude faster."""
    import graphbuild.cli

    monkeypatch.setattr(graphbuild.cli, "LARGE_CORPUS_BYTES", 10)
    result = runner.invoke(main, ["build", str(RAW), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 0 and re.search(r"--store oxigraph:PATH .* \d+ times faster", result.stderr)
    quiet = runner.invoke(main, ["build", str(RAW), "-o", str(tmp_path / "g.ttl"), "-q"])
    assert quiet.stderr.strip().splitlines() == [
        f"wrote {tmp_path / 'g.ttl'} ({len(Graph().parse(tmp_path / 'g.ttl'))} triples)"
    ]


def test_an_empty_answer_from_a_graph_without_content_says_why(runner, tmp_path):
    empty = tmp_path / "other.ttl"
    empty.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    result = runner.invoke(main, ["query", "-e", "SELECT ?m WHERE { ?m a gb:Measure }", "--graph", str(empty)])
    assert result.exit_code == 0 and "--graph-iri" in result.stderr
    report = runner.invoke(main, ["report", "gaps", "--graph", str(empty)])
    _one_line_error(report, "other.ttl", "no meeting")


def test_extract_reads_standard_input(runner, document):
    result = runner.invoke(main, ["extract", "-", "--format", "json"], input=document.text)
    assert result.exit_code == 0
    measures = [m for d in json.loads(result.stdout)["documents"] for x in d["meetings"] for m in x["measures"]]
    assert measures and all(document.text[m["span"][0] : m["span"][1]] == m["text"] for m in measures)
