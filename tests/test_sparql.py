"""Named queries: all parse, give the same answers on every store, and bind parameters safely."""

from __future__ import annotations

import contextlib
import http.server
import itertools
import re
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal

from graphbuild.cli import main
from graphbuild.errors import GraphbuildError, QueryError
from graphbuild.queries import list_queries, list_rules, named_query
from graphbuild.server import oxigraph_binary, serve_command_line
from graphbuild.store import OxigraphStore, RdflibStore, RemoteStore

from .paths import RAW, Runner

QUERIES = list_queries()
HOSTILE_VALUES = ['"} ; DROP ALL ; #', '江阳区" } DELETE WHERE { ?s ?p ?o } #', "x'>) UNION { ?s ?p ?o }"]


def test_the_named_queries_are_found():
    assert len(QUERIES) >= 10
    assert {q.short_name for q in QUERIES} >= {"gaps", "owner-load", "coverage", "meetings", "explain"}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_query_parses_and_has_a_header(query):
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(query.text)
    assert query.title and query.description


def test_the_rules_are_loaded_by_the_query_loader():
    on_disk = sorted(p.stem for p in (Path(__file__).parent.parent / "ontology" / "rules").glob("*.rq"))
    assert [r.short_name for r in list_rules()] == on_disk and len(on_disk) == 3


@pytest.mark.parametrize("rule", list_rules(), ids=lambda r: r.name)
def test_every_rule_parses_and_has_a_header(rule):
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(rule.text)
    assert rule.title and rule.description and "\nPREFIX" not in rule.text.split("CONSTRUCT")[0].split("# title")[1]


def _normal(rows) -> list[tuple]:
    def value(name, term):
        if term is None:
            return ""
        text = str(term)
        return (
            tuple(sorted(text.split("、")))
            if name == "posts"
            else tuple(sorted(text.split()))
            if name == "sectors"
            else text
        )

    return sorted(tuple((k, value(k, v)) for k, v in sorted(row.items())) for row in rows)


CORPUS = [RAW, RAW / "dev", Path(__file__).parent / "fixtures" / "plans"]


@pytest.fixture(scope="module")
def graph():
    """The seed, the development corpus and a plan written in the genre's forms: meetings and plans,
    so that every named query (deadlines and targets too) has rows on every store."""
    from graphbuild.pipeline import build_from_paths

    return build_from_paths(CORPUS, infer=True)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, graph) -> Path:
    from graphbuild.graphio import write_graph

    path = tmp_path_factory.mktemp("corpus") / "graph.ttl"
    write_graph(graph, path)
    return path


@pytest.fixture(scope="module")
def stores(graph, graph_file, tmp_path_factory):
    disk = OxigraphStore(tmp_path_factory.mktemp("oxigraph") / "store")
    disk.load_file(graph_file)
    memory = OxigraphStore()
    memory.load_graph(graph)
    return {"rdflib": RdflibStore(graph), "oxigraph-disk": disk, "oxigraph-memory": memory}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_same_answers_on_rdflib_and_oxigraph(query, stores):
    answers = {name: _answer(store, query.text) for name, store in stores.items()}
    assert answers["rdflib"] == answers["oxigraph-disk"] == answers["oxigraph-memory"]


def _answer(store, text: str, bindings: dict | None = None):
    """An ASK query's boolean, or a SELECT query's rows in a normal form."""
    answer = store.run(text, bindings)
    return answer if isinstance(answer, bool) else _normal(answer.rows)


BOUND_CASES = [
    ("explain-target", {"text": Literal("扬尘治理")}),
    ("explain-target", {"text": Literal("有关部门")}),
    ("measure-sources", {"areaName": Literal("泸县", lang="zh")}),
    ("coverage", {"areaName": Literal("江阳区", lang="zh")}),
]


@pytest.mark.parametrize(("name", "bindings"), BOUND_CASES, ids=lambda c: c if isinstance(c, str) else None)
def test_bound_queries_agree_on_every_store(name, bindings, stores):
    text = named_query(name).text
    answers = {label: _normal(store.select(text, bindings).rows) for label, store in stores.items()}
    assert answers["rdflib"]
    assert answers["rdflib"] == answers["oxigraph-disk"] == answers["oxigraph-memory"]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_bound_values_cannot_change_the_query(value, stores):
    for store in stores.values():
        assert store.select(named_query("coverage").text, {"areaName": Literal(value)}).rows == []


def test_a_bound_parameter_selects(stores):
    for store in stores.values():
        rows = store.select(named_query("coverage").text, {"areaName": Literal("叙永县", lang="zh")}).rows
        assert rows and {str(r["areaName"]) for r in rows} == {"叙永县"}


# --- a real Oxigraph server ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


@contextlib.contextmanager
def _oxigraph_server(location: Path, graph: Path, graph_iri: str, union_default_graph: bool):
    """`oxigraph serve` on a free loopback port with `graph` pushed into the named graph `graph_iri`;
    its base URL, and the server stopped afterwards."""
    port = _free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command + (["--union-default-graph"] if union_default_graph else []),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/query?query=ASK%7B%7D")
        pushed = Runner().invoke(
            main, ["push", "--graph", str(graph), "--endpoint", f"{base}/query", "--graph-iri", graph_iri]
        )
        assert pushed.exit_code == 0, pushed.output
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory, graph_file):
    """`oxigraph serve` on a loopback port, the built graph pushed into a named graph."""
    location = tmp_path_factory.mktemp("server")
    with _oxigraph_server(location, graph_file, "https://example.org/graph/luzhou", union_default_graph=True) as base:
        yield base


@pytest.mark.server
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_same_answers_on_a_remote_server(query, server, stores):
    remote = RemoteStore(f"{server}/query")
    assert _answer(remote, query.text) == _answer(stores["rdflib"], query.text)


@pytest.mark.server
@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_remote_binding_is_safe(value, server):
    remote = RemoteStore(f"{server}/query")
    assert remote.select(named_query("coverage").text, {"areaName": Literal(value)}).rows == []
    count = remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0]["n"]
    assert int(count) > 1000


@pytest.mark.server
def test_push_replaces_the_named_graph_as_a_whole(server, graph_file, tmp_path):
    small = tmp_path / "small.ttl"
    small.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    iri = "https://example.org/graph/replace-me"
    runner = Runner()
    for path in (graph_file, small):
        result = runner.invoke(
            main, ["push", "--graph", str(path), "--endpoint", f"{server}/query", "--graph-iri", iri]
        )
        assert result.exit_code == 0
    remote = RemoteStore(f"{server}/query")
    rows = remote.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").rows
    assert int(rows[0]["n"]) == 1
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle {", encoding="utf-8")
    result = runner.invoke(main, ["push", "--graph", str(broken), "--endpoint", f"{server}/query", "--graph-iri", iri])
    assert result.exit_code == 1 and "push refused" in result.output
    assert int(remote.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}").rows[0]["n"]) == 1


@pytest.mark.server
def test_report_on_a_remote_endpoint_matches_the_file(server, graph_file):
    runner = Runner()
    local = runner.invoke(main, ["report", "owners", "--graph", str(graph_file), "--format", "csv"])
    remote = runner.invoke(main, ["report", "owners", "--endpoint", f"{server}/query", "--format", "csv"])
    assert local.exit_code == remote.exit_code == 0
    assert local.stdout == remote.stdout


class _Truncating(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "uri", "val')

    def log_message(self, *args):
        pass


def test_truncated_json_is_a_failed_query_not_an_empty_answer():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Truncating)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        with pytest.raises(QueryError, match="incomplete or invalid JSON"):
            RemoteStore(f"http://127.0.0.1:{server.server_port}/query").select("SELECT ?s WHERE { ?s ?p ?o }")
    finally:
        server.server_close()


def test_serve_refuses_a_public_address_without_the_flag(tmp_path):
    with pytest.raises(GraphbuildError, match="--allow-remote"):
        serve_command_line(tmp_path, "0.0.0.0", 7878, allow_remote=False)
    assert serve_command_line(tmp_path, "127.0.0.1", 7878, allow_remote=False)[1] == "serve-read-only"


def test_query_command_list_name_and_expression(graph_file):
    runner = Runner()
    listing = runner.invoke(main, ["query", "--list", "--graph", str(graph_file)])
    assert "owner-load" in listing.output
    named = runner.invoke(
        main,
        ["query", "--name", "coverage", "--bind", "areaName=叙永县", "--graph", str(graph_file), "--format", "json"],
    )
    assert named.exit_code == 0 and "叙永县" in named.output
    text = runner.invoke(
        main,
        [
            "query",
            "-e",
            "SELECT (COUNT(?m) AS ?n) WHERE { ?m a gb:Measure }",
            "--graph",
            str(graph_file),
            "--format",
            "csv",
        ],
    )
    assert text.output.splitlines()[0] == "n"
    both = runner.invoke(main, ["query", "-e", "SELECT * {}", "--name", "gaps", "--graph", str(graph_file)])
    assert both.exit_code == 2


@pytest.mark.server
def test_read_only_server_refuses_updates(graph_file, tmp_path):
    from graphbuild.server import prepare_location

    location = prepare_location(graph_file, tmp_path / "ro")
    port = _free_port()
    process = subprocess.Popen(
        serve_command_line(location, "127.0.0.1", port, False), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/update",
            data=b"update=DROP ALL",
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=5)
        rows = RemoteStore(f"http://127.0.0.1:{port}/query").select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        assert int(rows[0]["n"]) > 1000
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_query_without_order_prints_its_rows_sorted(graph_file):
    """rdflib answers in hash order; the printed rows must not depend on it."""
    runner = Runner()
    args = ["query", "-e", "SELECT ?m ?t WHERE { ?m a gb:Measure ; rdfs:label ?t }", "--graph", str(graph_file)]
    result = runner.invoke(main, [*args, "--format", "csv"])
    measures = [line.split(",", 1)[0] for line in result.output.splitlines()[1:]]
    assert len(measures) > 100 and measures == sorted(measures)


# --- every named query with its parameters bound, on every store (usability review, defect 4) ------

_HAND_VALUES = {"text": Literal("扬尘治理")}


# Where a query does not answer with its parameters (bound inside an aggregate, or an ASK), values to
# try come from the graph itself: the areas directives are about, their names, the sector scheme's
# top-level concepts, the owners' names.
_CANDIDATES = {
    "area": "SELECT DISTINCT ?v WHERE { ?d gb:area ?v }",
    "areaName": "SELECT DISTINCT ?v WHERE { ?d gb:area/rdfs:label ?v }",
    "sector": 'SELECT DISTINCT ?v WHERE { ?v skos:inScheme sector: ; skos:notation ?n FILTER(!CONTAINS(?n, ".")) }',
    "label": "SELECT DISTINCT ?v WHERE { ?a gb:owner/rdfs:label ?v }",
}


def _required_parameters(query) -> list[str]:
    """The parameters the header does not mark `(optional)`."""
    from graphbuild.queries import _header

    parts = _header(query.path.read_text(encoding="utf-8"), "parameters").split(";")
    return [p for part in parts if "(optional)" not in part for p in re.findall(r"\?(\w+)", part)]


def _parameter_values(query, store) -> dict:
    """Values for the query's declared parameters: the first row (in a fixed order) of its unbound
    answer that binds them all, so the bound query must find at least that row; words for `text`.
    A query that does not answer with its parameters gets its required ones from the graph: the first
    combination (in a fixed order) with an answer."""
    from graphbuild.queries import with_prefixes
    from graphbuild.store import in_fixed_order

    if set(query.parameters) <= set(_HAND_VALUES):
        return {p: _HAND_VALUES[p] for p in query.parameters}
    answer = store.run(query.text)
    if not isinstance(answer, bool) and set(query.parameters) <= set(answer.variables):
        row = next(r for r in in_fixed_order(answer.rows) if all(r.get(p) is not None for p in query.parameters))
        return {p: row[p] for p in query.parameters}
    required = _required_parameters(query)
    choices = [sorted((r["v"] for r in store.select(with_prefixes(_CANDIDATES[p])).rows), key=str) for p in required]
    for combination in itertools.islice(itertools.product(*choices), 400):
        values = dict(zip(required, combination, strict=True))
        found = store.run(query.text, values)
        if found if isinstance(found, bool) else found.rows:
            return values
    raise AssertionError(f"no values of {required} give {query.name} an answer")


PARAMETRISED = [q for q in QUERIES if q.parameters]


def test_the_parametrised_queries_are_the_ones_users_bind():
    assert {"explain", "explain-target", "explain-rules", "coverage", "principles-by-area"} <= {
        q.short_name for q in PARAMETRISED
    }


@pytest.mark.parametrize("query", PARAMETRISED, ids=lambda q: q.name)
def test_bound_named_queries_agree_on_rdflib_and_oxigraph(query, stores):
    values = _parameter_values(query, stores["oxigraph-memory"])
    answers = {name: _answer(store, query.text, values) for name, store in stores.items()}
    assert answers["rdflib"], values
    assert answers["rdflib"] == answers["oxigraph-disk"] == answers["oxigraph-memory"]


@pytest.mark.server
@pytest.mark.parametrize("query", PARAMETRISED, ids=lambda q: q.name)
def test_bound_named_queries_agree_on_a_remote_server(query, server, stores):
    """Failed before: the endpoint got the values as a VALUES block after FILTER and LIMIT (0 rows)."""
    values = _parameter_values(query, stores["oxigraph-memory"])
    expected = _answer(stores["rdflib"], query.text, values)
    assert expected
    assert _answer(RemoteStore(f"{server}/query"), query.text, values) == expected


@pytest.mark.server
def test_explain_words_on_a_remote_endpoint(server, graph_file):
    """Failed before: `explain 严把项目准入关 --endpoint …` → no measure or owner matches. The words
    name two measures (two meetings set it): both stores list the same two; 淘汰落后产能 is one."""
    runner = Runner()
    for words, status in (("严把项目准入关", 1), ("淘汰落后产能", 0), ("李仁军", 0)):
        local = runner.invoke(main, ["explain", words, "--graph", str(graph_file)])
        remote = runner.invoke(main, ["explain", words, "--endpoint", f"{server}/query"])
        assert local.exit_code == remote.exit_code == status, (local.output, remote.output)
        assert words in remote.stdout and local.stdout == remote.stdout


@pytest.fixture(scope="module")
def named_only_server(tmp_path_factory, graph_file):
    """`oxigraph serve` whose default graph is empty: the graph is pushed, as JSON-LD, into a named graph."""
    jsonld = tmp_path_factory.mktemp("jsonld") / "graph.jsonld"
    built = Runner().invoke(main, ["build", *map(str, CORPUS), "-o", str(jsonld), "-q"])
    assert built.exit_code == 0
    location = tmp_path_factory.mktemp("named")
    with _oxigraph_server(location, jsonld, "https://example.org/g/l", union_default_graph=False) as base:
        yield base


@pytest.mark.server
def test_a_json_ld_graph_pushes_as_json_ld(named_only_server):
    """Failed before: push sent a .jsonld file as text/turtle (HTTP 400)."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://example.org/g/l> { ?s ?p ?o } }"
    assert int(RemoteStore(f"{named_only_server}/query").select(count).rows[0]["n"]) > 1000


@pytest.mark.server
def test_reports_on_an_empty_default_graph_fail_and_graph_iri_scopes(named_only_server, graph_file):
    """Failed before: `report gaps --fail-on-gaps` on the empty default graph passed with 0 rows."""
    runner = Runner()
    endpoint = ["--endpoint", f"{named_only_server}/query"]
    empty = runner.invoke(main, ["report", "gaps", "--fail-on-gaps", *endpoint])
    assert empty.exit_code == 1
    assert "--graph-iri" in empty.output and "--union-default-graph" in empty.output
    scoped = runner.invoke(
        main,
        ["report", "gaps", "--format", "csv", *endpoint, "--graph-iri", "https://example.org/g/l"],
    )
    local = runner.invoke(main, ["report", "gaps", "--format", "csv", "--graph", str(graph_file)])
    assert scoped.exit_code == 0 and scoped.stdout == local.stdout


@pytest.mark.server
def test_ask_and_construct_on_a_remote_server(server, graph):
    from rdflib import Graph as RdfGraph

    from graphbuild.namespace import GB

    remote = RemoteStore(f"{server}/query")
    assert remote.run("PREFIX gb: <https://w3id.org/graphbuild/ontology#> ASK { ?m a gb:Measure }") is True
    built = remote.run(
        "PREFIX gb: <https://w3id.org/graphbuild/ontology#> CONSTRUCT { ?m a gb:Measure } WHERE { ?m a gb:Measure }"
    )
    assert isinstance(built, RdfGraph) and set(built) == set(graph.triples((None, None, GB.Measure)))
