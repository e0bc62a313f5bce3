"""Nothing lost, nothing stuck, nothing crashes: the defects of the reliability review, each as a test.

Texts are short readouts written in the genre's forms; a bigger corpus comes from
benchmarks/generate.py. Loops that wait on another process are bounded; no timing is asserted.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import DCTERMS

from graphbuild.cli import main, parse_bindings
from graphbuild.diskstore import MARKER, StoreLock, store_state
from graphbuild.errors import InputError, QueryError
from graphbuild.extract import extract_document
from graphbuild.graphio import atomic_write_bytes, ntriples
from graphbuild.pipeline import extract_paths
from graphbuild.rdfbuild import _key, build_graph, build_triples
from graphbuild.read import Document, read_document
from graphbuild.server import oxigraph_binary, serve_command_line
from graphbuild.store import OxigraphStore, RemoteStore
from graphbuild.validate import validate_graph

ROOT = Path(__file__).resolve().parent.parent

READOUT = (
    "[发布时间:2025-11-05 10:00:00]\n"
    "11月2日，德阳市委常委会召开（扩大）会议，市委书记王明主持会议并讲话。会议强调，要坚持党政同责、一岗双责，"
    "压紧压实大气污染防治责任。各区县要加强扬尘管控，相关企业要落实主体责任，严格执行错峰生产。\n"
    "11月3日，旌阳区委常委会召开会议，区委书记李华主持会议。会议要求，各镇（街道）要落实属地责任，"
    "加强秸秆禁烧巡查，交通运输部门要加强柴油货车管控。\n"
)


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _generate(folder: Path, documents: int) -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(folder), "--documents", str(documents)],
        check=True,
        capture_output=True,
    )
    return folder


def _one_line_error(result, name: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and name in lines[0], result.output


# --- 1: minted IRIs ------------------------------------------------------------------------

ODD_CODE_POINTS = ["\ufffd", "\x85", "\ue000", "\ufdd0", "\ufffe", "\uffff", "\U0010fffd", "\U000e0574", "\U000f0000"]
ODD_CODE_POINTS += ["\u2028", "\u3000", "\xa0"]  # white space: valid in an IRI, but it ends one for rdflib


@pytest.mark.parametrize("char", ODD_CODE_POINTS, ids=lambda c: f"U+{ord(c):04X}")
def test_minted_iri_segments_hold_no_code_point_rfc3987_forbids(char):
    segment = _key(f"江阳{char}区")
    assert char not in segment and segment.startswith("江阳%") and segment.endswith("区")
    iri = f"https://w3id.org/graphbuild/id/person/{segment}"
    ox.NamedNode(iri)  # raises on an invalid IRI
    assert len(Graph().parse(data=f"<{iri}> <urn:p> <urn:o> .\n", format="nt")) == 1


def test_a_name_with_odd_code_points_builds_a_graph_every_store_loads():
    # In a post's title (the post's IRI is minted from it), as the review's reproduction does.
    text = READOUT.replace("市委书记", "市\ufffd\x85委书记").replace("区委书记", "区\ue000\ufdd0\U000e0574委书记")
    record = extract_document(Document(Path("odd.txt"), "0" * 64, text, "utf-8"))
    data = ntriples(build_triples([record]))
    store = ox.Store()
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    parsed = Graph().parse(data=data.decode("utf-8"), format="nt")
    assert len(parsed) == len(store) > 100
    graph = build_graph([record])
    from graphbuild.infer import apply_rules

    apply_rules(graph)  # went through Oxigraph: raised "Invalid IRI code point" before
    assert validate_graph(graph).conforms
    turtle = graph.serialize(format="longturtle", encoding="utf-8")
    ox.Store().bulk_load(input=turtle, format=ox.RdfFormat.TURTLE)


# --- 2: errors cross processes --------------------------------------------------------------


def test_input_error_pickles_whole():
    error = pickle.loads(pickle.dumps(InputError(Path("a/b.txt"), "empty file")))
    assert (str(error), error.path, error.reason) == ("a/b.txt: empty file", Path("a/b.txt"), "empty file")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """20 generated readouts: above the size where the process pool starts."""
    return _generate(tmp_path_factory.mktemp("corpus") / "c", 20)


def test_a_rejected_document_in_a_pooled_corpus_is_one_line_naming_it(corpus, tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    for path in sorted(corpus.iterdir()):
        (folder / path.name).write_bytes(path.read_bytes())
    _write(folder, "zz-empty.txt", "")
    result = CliRunner().invoke(main, ["extract", str(folder), "--format", "json"])
    _one_line_error(result, "zz-empty.txt")


def test_an_unexpected_error_in_a_worker_names_the_document(corpus, monkeypatch):
    import graphbuild.pipeline as pipeline

    def broken(document, *args):
        if document.path.name == sorted(p.name for p in corpus.iterdir())[3]:
            raise ValueError("something odd")
        return extract_document(document, *args)

    monkeypatch.setattr(pipeline, "extract_document", broken)  # the pool forks after this
    with pytest.raises(InputError) as caught:
        extract_paths([corpus], workers=2)
    assert "ValueError: something odd" in str(caught.value) and str(caught.value).startswith(str(corpus))


def _children(pid: int) -> set[int]:
    """The processes `pid`'s threads started (a thread that ends while it is read has none)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(map(int, (task / "children").read_text().split()))
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def _gone(pids: set[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = {p for p in pids if Path(f"/proc/{p}").exists() and "Z" not in _state(p)}
        if not alive:
            return True
        time.sleep(0.1)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_pool_workers_exit_when_their_parent_is_killed(corpus):
    graphbuild = Path(sys.executable).parent / "graphbuild"
    process = subprocess.Popen([str(graphbuild), "extract", str(corpus), "--format", "json"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 30
    while process.poll() is None and len(workers) < 2 and time.monotonic() < deadline:
        workers |= _children(process.pid)
        time.sleep(0.02)
    if process.poll() is not None or not workers:
        pytest.skip("the extraction ended before its workers were seen")
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _gone(workers), f"orphaned workers: {workers}"


def test_stale_temporary_files_of_a_killed_writer_are_removed(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)
    stale = _write(tmp_path, f".graph.ttl.{dead}.x1y2.tmp", "half a graph")
    live = _write(tmp_path, f".graph.ttl.{os.getpid()}.a1b2.tmp", "being written")
    atomic_write_bytes(tmp_path / "graph.ttl", b"whole\n")
    assert not stale.exists() and live.exists()
    assert (tmp_path / "graph.ttl").read_bytes() == b"whole\n"


# --- 3: a store is old or new ---------------------------------------------------------------


def _count(location: Path) -> int:
    store = ox.Store.read_only(str(location))
    return len(store)


def test_a_failed_store_build_keeps_the_old_store(tmp_path):
    good = _write(tmp_path, "good.txt", READOUT)
    location = tmp_path / "S"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(good), "-o", str(tmp_path / "g.ttl"), "--store", f"oxigraph:{location}"]
                         ).exit_code == 0
    before = _count(location)
    bad = _write(tmp_path, "bad.txt", "这里没有会议。")
    result = runner.invoke(main, ["build", str(bad), "-o", str(tmp_path / "g.ttl"), "--store", f"oxigraph:{location}"])
    _one_line_error(result, "bad.txt")
    assert _count(location) == before and store_state(location) == "complete"
    # A failure at the last step (the checks), when the new triples are already on disk.
    import graphbuild.pipeline as pipeline
    from graphbuild.errors import GraphbuildError

    def failing_checks(store):
        raise GraphbuildError("1 failure(s) of check made-up; nothing written")

    other = _write(tmp_path, "other.txt", READOUT.replace("德阳", "绵阳").replace("旌阳区", "涪城区"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "run_checks", failing_checks)
        build = ["build", str(other), "-o", str(tmp_path / "g.ttl"), "--store", f"oxigraph:{location}"]
        result = runner.invoke(main, build)
    _one_line_error(result, "made-up")
    assert _count(location) == before and store_state(location) == "complete"
    assert not list(tmp_path.glob(".S.building-*"))


def test_an_incomplete_store_is_refused_in_one_line(tmp_path, graph_file):
    location = tmp_path / "half"
    store = ox.Store(str(location))
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c")))
    store.flush()
    del store
    for command in (["query", "--name", "meetings"], ["report", "gaps"]):
        result = CliRunner().invoke(main, [*command, "--graph", str(graph_file), "--store", f"oxigraph:{location}"])
        _one_line_error(result, "incomplete store")


def test_an_empty_store_is_filled_from_the_graph_file_and_marked(tmp_path, graph_file):
    location = tmp_path / "fresh"
    result = CliRunner().invoke(main, ["query", "--name", "meetings", "--graph", str(graph_file), "--store",
                                       f"oxigraph:{location}"])
    assert result.exit_code == 0 and "常委会" in result.output
    assert (location / MARKER).exists() and store_state(location) == "complete"


def test_build_and_readers_of_one_store_exclude_each_other(tmp_path, graph_file):
    good = _write(tmp_path, "good.txt", READOUT)
    location = tmp_path / "S"
    runner = CliRunner()
    build = ["build", str(good), "-o", str(tmp_path / "g.ttl"), "--store", f"oxigraph:{location}"]
    assert runner.invoke(main, build).exit_code == 0
    with StoreLock(location).acquire(exclusive=False):  # as `serve` holds it
        _one_line_error(runner.invoke(main, build), "being read or served")
    with StoreLock(location).acquire(exclusive=True):  # as a build holds it
        query = ["query", "--name", "meetings", "--store", f"oxigraph:{location}"]
        _one_line_error(runner.invoke(main, query), "being built")
    assert runner.invoke(main, build).exit_code == 0


def _kill_build_when(condition, corpus: Path, location: Path, output: Path) -> None:
    graphbuild = Path(sys.executable).parent / "graphbuild"
    process = subprocess.Popen(
        [str(graphbuild), "build", str(corpus), "-o", str(output), "--store", f"oxigraph:{location}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while process.poll() is None and not condition() and time.monotonic() < deadline:
        workers |= _children(process.pid) if Path(f"/proc/{process.pid}").exists() else set()
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _gone(workers), f"orphaned workers: {workers}"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_kill_9_of_a_store_build_leaves_store_and_file_old_or_new(corpus, tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    for path in sorted(corpus.iterdir())[:6]:
        (small / path.name).write_bytes(path.read_bytes())
    location, output = tmp_path / "S", tmp_path / "g.ttl"
    runner = CliRunner()
    (tmp_path / "old").mkdir()
    old_doc = _write(tmp_path / "old", "old.txt", READOUT)
    assert runner.invoke(main, ["build", str(old_doc), "-o", str(output), "--store", f"oxigraph:{location}"]
                         ).exit_code == 0
    old = (_count(location), output.read_bytes())
    reference = tmp_path / "R"
    start = time.monotonic()
    assert runner.invoke(main, ["build", str(small), "-o", str(tmp_path / "r.ttl"), "--store", f"oxigraph:{reference}"]
                         ).exit_code == 0
    whole = time.monotonic() - start  # only to spread the kills over a build; nothing is asserted on it
    new = (_count(reference), (tmp_path / "r.ttl").read_bytes())

    def changed(folder: Path):
        listing = sorted(p.name for p in folder.iterdir())
        return lambda: not folder.is_dir() or sorted(p.name for p in folder.iterdir()) != listing

    def after(fraction: float):
        deadline = time.monotonic() + whole * fraction
        return lambda: time.monotonic() >= deadline

    moments = [
        ("at start", lambda: lambda: True),
        ("half-way", lambda: after(0.5)),
        ("near the end", lambda: after(0.85)),
        ("complete, not yet swapped in", lambda: lambda: bool(list(tmp_path.glob(f".S.building-*/{MARKER}")))),
        ("when the store's folder first changes", lambda: changed(location)),
    ]
    for moment, condition in moments:
        _kill_build_when(condition(), small, location, output)
        state = (_count(location), output.read_bytes())
        assert state[0] in (old[0], new[0]), moment
        assert state[1] in (old[1], new[1]), moment
        assert store_state(location) == "complete", moment
    # The next build cleans what the killed ones left and completes.
    assert runner.invoke(main, ["build", str(small), "-o", str(output), "--store", f"oxigraph:{location}"]
                         ).exit_code == 0
    assert (_count(location), output.read_bytes()) == new
    assert not list(tmp_path.glob(".S.*-*")) and not list(tmp_path.glob(".g.ttl.*.tmp"))


# --- 4: the endpoint cannot be held ---------------------------------------------------------


def test_serve_passes_a_query_timeout():
    command = serve_command_line(Path("s"), "127.0.0.1", 7878, False)
    assert command[command.index("--timeout-s") + 1] == "30"
    assert serve_command_line(Path("s"), "127.0.0.1", 7878, False, 5)[-1] == "5"


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _post(url: str, query: str, timeout: float):
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, headers={"Accept": "application/sparql-results+json"})
    return urllib.request.urlopen(request, timeout=timeout)


@pytest.mark.server
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_cross_join_times_out_and_the_server_is_idle_again(tmp_path, graph_file):
    from graphbuild.server import prepare_location

    try:
        oxigraph_binary()
    except Exception:
        pytest.skip("the oxigraph server is not installed")
    location = prepare_location(graph_file, tmp_path / "served")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(serve_command_line(location, "127.0.0.1", port, False, 1), stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        for _ in range(100):  # bounded wait for the server to listen
            try:
                _post(url, "ASK {}", 1).read()
                break
            except OSError:
                time.sleep(0.1)
        cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        # Oxigraph streams its answer: a cancelled query is an HTTP error or a cut-off body, and
        # RemoteStore reports either as a failed query.
        with pytest.raises(QueryError):
            RemoteStore(url, timeout=60).select(cross)
        assert json.loads(_post(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", 10).read())["results"]
        idle = False
        for _ in range(20):  # bounded: the server stops spending CPU once the query is cut off
            before = _cpu_seconds(server.pid)
            time.sleep(0.5)
            if _cpu_seconds(server.pid) - before < 0.1:
                idle = True
                break
        assert idle
    finally:
        server.terminate()
        server.wait(10)


# --- 6: dates that exist --------------------------------------------------------------------


@pytest.mark.parametrize("written", ["2月30日", "99月99日", "0000年2月29日", "2025年2月29日"])
def test_impossible_dates_are_dropped_with_a_warning(written, caplog):
    text = READOUT.replace("11月3日", written)
    with caplog.at_level(logging.WARNING, logger="graphbuild"):
        record = extract_document(Document(Path("d.txt"), "1" * 64, text, "utf-8"))
    assert record.meetings[1].date == "2025-11-05"  # the publication date, as for a header without one
    assert record.dropped["impossible date"] == 1
    assert any(written in message and "d.txt" in message for message in caplog.messages)
    graph = build_graph([record])
    assert validate_graph(graph).conforms


def test_a_sidecar_date_that_does_not_exist_is_not_typed(tmp_path, caplog):
    path = _write(tmp_path, "d.txt", READOUT)
    _write(tmp_path, "d.txt.meta.json", json.dumps({"published": "9999-99-99"}))
    with caplog.at_level(logging.WARNING, logger="graphbuild"):
        record = extract_document(read_document(path))
    graph = build_graph([record])
    assert not list(graph.objects(None, DCTERMS.issued))
    assert any("9999-99-99" in message for message in caplog.messages)
    assert validate_graph(graph).conforms


def test_both_stores_give_the_same_graph_for_impossible_dates(tmp_path):
    path = _write(tmp_path, "d.txt", READOUT.replace("11月3日", "0000年2月29日").replace("11月2日", "2月30日"))
    runner = CliRunner()
    memory = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "m.nt"), "--format", "nt"])
    store = f"oxigraph:{tmp_path / 'S'}"
    disk = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "d.nt"), "--store", store])
    assert memory.exit_code == disk.exit_code == 0 and "Traceback" not in memory.output + disk.output
    graphs = [Graph().parse(tmp_path / name, format="nt") for name in ("m.nt", "d.nt")]
    assert set(graphs[0]) == set(graphs[1])


# --- 7, 8: size and one-line errors ---------------------------------------------------------


def test_a_document_above_max_chars_is_refused_in_one_line(tmp_path):
    path = _write(tmp_path, "long.txt", READOUT)
    _one_line_error(CliRunner().invoke(main, ["extract", str(path), "--max-chars", "100"]), "long.txt")
    assert CliRunner().invoke(main, ["extract", str(path), "--max-chars", "100000"]).exit_code == 0


def test_misuse_gives_one_line_errors(tmp_path, graph_file):
    good = _write(tmp_path, "good.txt", READOUT)
    a_file = _write(tmp_path, "file.ttl", "x")
    runner = CliRunner()
    cases = {
        "below a file": ["build", str(good), "-o", str(a_file / "out.ttl")],
        "a folder": ["build", str(good), "-o", str(tmp_path)],
        "store is a file": ["build", str(good), "-o", str(tmp_path / "o.ttl"), "--store", f"oxigraph:{a_file}"],
        "unknown store": ["build", str(good), "-o", str(tmp_path / "o.ttl"), "--store", "bogus:x"],
        "query store is a file": ["query", "--name", "meetings", "--store", f"oxigraph:{a_file}"],
    }
    for case, arguments in cases.items():
        result = runner.invoke(main, arguments)
        # A folder as -o is refused by the option itself: a usage error, exit 2 (click's convention).
        assert result.exit_code == (2 if case == "a folder" else 1) and "Traceback" not in result.output, case
        assert result.output.count("Error:") == 1, (case, result.output)
    assert a_file.read_text() == "x"


@pytest.mark.parametrize("value", ["<a b>", "<urn:x> ) } ; DROP ALL ; #>", "<urn:\ufffd>", "<>", "<urn:a>) (<urn:b>"])
def test_invalid_iris_in_bind_are_one_line_errors(value, tmp_path, graph_file):
    with pytest.raises(QueryError):
        parse_bindings([f"measure={value}"])
    for store in (["--store", f"oxigraph:{tmp_path / 'S'}"], ["--endpoint", "http://127.0.0.1:9/query"]):
        arguments = ["query", "--name", "explain", "--graph", str(graph_file), *store, "--bind", f"measure={value}"]
        _one_line_error(CliRunner().invoke(main, arguments), "not a valid IRI")


# --- 2: the large-corpus checks find what the shapes find -----------------------------------

SHACL_CASES = sorted((Path(__file__).parent / "shacl").glob("*.ttl"))


@pytest.mark.parametrize("case", SHACL_CASES, ids=lambda p: p.stem)
def test_the_sparql_checks_agree_with_shacl_on_every_case(case):
    from graphbuild.errors import GraphbuildError
    from graphbuild.pipeline import run_checks

    names = ("sectors", "responsibility-types", "principles", "task-roles", "indicators", "units")
    vocabularies = [ROOT / "ontology" / "vocab" / f"{name}.ttl" for name in names]
    data = Graph()
    store = OxigraphStore()
    for path in (case, *vocabularies):
        data.parse(path, format="turtle")
        store.store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    try:
        run_checks(store)
        passes = True
    except GraphbuildError:
        passes = False
    assert passes == validate_graph(data).conforms


# --- 3: a running server keeps the lock across exec ----------------------------------------


@pytest.mark.server
def test_a_build_is_refused_while_serve_holds_the_store_and_serve_refuses_an_incomplete_one(tmp_path):
    try:
        oxigraph_binary()
    except Exception:
        pytest.skip("the oxigraph server is not installed")
    good = _write(tmp_path, "good.txt", READOUT)
    location = tmp_path / "S"
    runner = CliRunner()
    build = ["build", str(good), "-o", str(tmp_path / "g.ttl"), "--store", f"oxigraph:{location}"]
    assert runner.invoke(main, build).exit_code == 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    graphbuild = Path(sys.executable).parent / "graphbuild"
    server = subprocess.Popen(
        [str(graphbuild), "serve", "--store", f"oxigraph:{location}", "--port", str(port)], stderr=subprocess.DEVNULL
    )
    try:
        for _ in range(100):  # bounded wait until the server (the same process, after exec) listens
            try:
                _post(f"http://127.0.0.1:{port}/query", "ASK {}", 1).read()
                break
            except OSError:
                time.sleep(0.1)
        _one_line_error(runner.invoke(main, build), "being read or served")
    finally:
        server.terminate()
        server.wait(10)
    assert runner.invoke(main, build).exit_code == 0
    half = tmp_path / "half"
    store = ox.Store(str(half))
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c")))
    store.flush()
    del store
    _one_line_error(runner.invoke(main, ["serve", "--store", f"oxigraph:{half}", "--port", str(port)]), "incomplete")


# --- defect 7: extraction work grows linearly with the length of a document ---------------


def test_extraction_work_grows_linearly_with_document_length(monkeypatch):
    """Counted calls, not time: doubling a document of many meetings doubles the place look-ups and
    the follow-up comparisons (they grew with the square of its length)."""
    import graphbuild.extract as extract
    from graphbuild.extract.divisions import Divisions

    calls = {"candidates": 0, "within": 0}
    candidates, within = Divisions.candidates, extract._within

    def counted_candidates(self, name):
        calls["candidates"] += 1
        return candidates(self, name)

    def counted_within(*args):
        calls["within"] += 1
        return within(*args)

    monkeypatch.setattr(Divisions, "candidates", counted_candidates)
    monkeypatch.setattr(extract, "_within", counted_within)
    work = []
    for copies in (8, 16):
        calls.update(candidates=0, within=0)
        extract_document(Document(Path("long.txt"), "2" * 64, READOUT * copies, "utf-8"))
        work.append(dict(calls))
    for kind in calls:
        assert work[1][kind] <= 2.5 * work[0][kind], (kind, work)
