"""The streamed, incremental build into Oxigraph (issue 16, item 1).

Every expectation is an independent computation: the whole-corpus build in memory
(`build_from_paths`: rdflib, the rules run once over every document together), or a full
rebuild of the changed corpus. No timing is asserted.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graphbuild.analytics import remove_oxigraph_analytics
from graphbuild.cache import BuildCache, document_key, version_key
from graphbuild.cli import main
from graphbuild.diskstore import MARKER, store_state
from graphbuild.docbuild import document_result
from graphbuild.pipeline import build_from_paths, build_into_oxigraph
from graphbuild.store import OxigraphStore

from .paths import RAW, ROOT, Runner

PLANS = ROOT / "tests" / "fixtures" / "plans"
# data/raw (with a metadata sidecar), the development texts and the plan fixture.
REAL_CORPUS = [RAW, RAW / "dev", PLANS]


def _generate(folder: Path, documents: int, seed: int = 1) -> Path:
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(folder), "--documents", str(documents),
         "--seed", str(seed), "--no-dev"],
        check=True,
        capture_output=True,
    )
    return folder


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """20 generated readouts and plans (above the size where the process pool starts); areas, posts and
    departments repeat."""
    return _generate(tmp_path_factory.mktemp("gen") / "c", 20)


def _triples(nt: bytes) -> set:
    return set(Graph().parse(data=nt, format="nt"))


def _whole_corpus(paths, infer: bool = True, analytics: bool = False) -> set:
    """The graph as the former build made it: every document's triples in one store, the rules
    run once over all of them together (an independent computation of the per-document result);
    with `analytics`, those of the whole store added (against the sum of per-document tallies), the
    run named by the documents' cache keys as a streamed build names it."""
    from graphbuild.graphio import ntriples
    from graphbuild.infer import INFERRED_GRAPH, infer_in_store, rule_descriptions
    from graphbuild.pipeline import extract_paths
    from graphbuild.rdfbuild import build_triples

    whole = OxigraphStore(union_default_graph=True)  # the analytics count inferred owners too
    store = whole.store
    text = ntriples(build_triples(extract_paths(paths, workers=1)))
    store.load(input=text + (ntriples(rule_descriptions()) if infer else b""), format=ox.RdfFormat.N_TRIPLES)
    if infer:
        infer_in_store(store, graph=INFERRED_GRAPH)
    if analytics:
        from graphbuild.analytics import add_analytics

        add_analytics(whole, _document_keys(paths, infer))
    return _all_triples(store)


def _document_keys(paths, infer: bool) -> list[str]:
    from graphbuild.read import MAX_CHARS, expand_paths

    return [document_key(p, p.read_bytes(), infer, MAX_CHARS) for p in expand_paths(paths)]


def _all_triples(store) -> set:
    """Every triple of a store, whatever its graph (Oxigraph keeps xsd:nonNegativeInteger as xsd:integer)."""
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store}


def _file_triples(text: bytes) -> set:
    lines = text.splitlines()
    assert len(lines) == len(set(lines)), "a line written twice"
    store = ox.Store()
    store.load(input=text, format=ox.RdfFormat.N_TRIPLES)
    return _all_triples(store)


def _stored(location: Path, graph=None) -> set:
    """The triples of a store's default graph (or of `graph`)."""
    store = ox.Store.read_only(str(location))
    quads = store.quads_for_pattern(None, None, None, graph or ox.DefaultGraph())
    found = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    del store
    return found


def _quad_count(location: Path) -> int:
    store = ox.Store.read_only(str(location))
    count = len(store)
    del store
    return count


def _build(paths, tmp_path: Path, name: str, **options) -> tuple[Path, bytes]:
    location, output = tmp_path / f"{name}.store", tmp_path / f"{name}.nt"
    build_into_oxigraph(paths, location, output, **options)
    return location, output.read_bytes()


def test_streamed_build_holds_the_whole_corpus_build_on_the_real_texts(tmp_path):
    """Per-document rules and checks give the graph of the rules run over all documents at once,
    and the graph of the in-memory build (rdflib)."""
    location, text = _build(REAL_CORPUS, tmp_path, "real", cache_dir=tmp_path / "cache")
    whole = _whole_corpus(REAL_CORPUS, analytics=True)
    assert _file_triples(text) == whole
    # The store's default graph holds what the file holds, the analytics with the rest, and no
    # named graph; found by their shape (what an update takes out before it puts the new ones in),
    # the analytics are what the in-memory build adds, no more.
    assert _stored(location) == whole
    without = _whole_corpus(REAL_CORPUS)
    store = ox.Store(str(location))
    assert list(store.named_graphs()) == []
    assert remove_oxigraph_analytics(store, chunk=50) == len(whole - without) > 0
    del store
    assert _stored(location) == without
    assert _triples(text) == set(build_from_paths(REAL_CORPUS, infer=True))


def test_streamed_build_holds_the_whole_corpus_build_on_generated_readouts(generated, tmp_path):
    """20 readouts whose areas, posts and departments repeat across documents, through the pool."""
    location, text = _build([generated], tmp_path, "gen", workers=2)
    assert _file_triples(text) == _stored(location) == _whole_corpus([generated], analytics=True)
    assert _file_triples(_build([generated], tmp_path, "plain", infer=False)[1]) == _whole_corpus(
        [generated], infer=False, analytics=True
    )


def test_same_bytes_whatever_the_workers_and_the_cache(generated, tmp_path):
    cache = tmp_path / "cache"
    one = _build([generated], tmp_path, "one", workers=1, cache_dir=cache)[1]  # cold: fills the cache
    assert len(list(cache.rglob("*.entry"))) == 20
    two = _build([generated], tmp_path, "two", workers=2, cache_dir=cache)[1]  # warm
    uncached = _build([generated], tmp_path, "none", workers=2)[1]
    assert one == two == uncached


def test_a_corrupt_or_truncated_cache_entry_is_ignored_and_rewritten(generated, tmp_path):
    cache = tmp_path / "cache"
    reference = _build([generated], tmp_path, "ref", cache_dir=cache)[1]
    entries = sorted(cache.rglob("*.entry"))
    entries[0].write_bytes(entries[0].read_bytes()[:-10])  # cut short
    damaged = bytearray(entries[1].read_bytes())
    damaged[-5] ^= 0xFF  # one byte changed inside the compressed triples
    entries[1].write_bytes(bytes(damaged))
    entries[2].write_bytes(b"not an entry")
    assert _build([generated], tmp_path, "again", cache_dir=cache)[1] == reference
    for entry in entries[:3]:
        path = sorted(generated.iterdir())[0]  # any: only the entry's integrity is checked here
        assert BuildCache(cache).get(entry.stem, str(path)) is not None, entry


def test_a_changed_vocabulary_or_code_version_invalidates_the_cache(tmp_path, monkeypatch):
    document = RAW / "dev" / "r02_anyuan-qu-daqi-zhuanweihui.txt"
    data = document.read_bytes()
    before = document_key(document, data, True, 2_000_000)
    assert document_key(document, data, False, 2_000_000) != before  # --no-infer
    assert document_key(document, data, True, 1_000) != before  # --max-chars
    # A vocabulary edited in a copy of the ontology (GRAPHBUILD_ONTOLOGY): a new version, a new key.
    from graphbuild.resources import ontology_dir

    copy = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), copy)
    sectors = copy / "vocab" / "sectors.ttl"
    sectors.write_text(sectors.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    monkeypatch.setenv("GRAPHBUILD_ONTOLOGY", str(copy))
    version_key.cache_clear()
    try:
        assert document_key(document, data, True, 2_000_000) != before
        # A cached entry under the old key is not found under the new one: the document is redone.
        cache = BuildCache(tmp_path / "cache")
        result = document_result(document, True, True, 2_000_000, tmp_path / "cache")
        assert cache.get(result.key, str(document)) is not None
        assert cache.get(before, str(document)) is None
    finally:
        monkeypatch.delenv("GRAPHBUILD_ONTOLOGY")
        version_key.cache_clear()
    assert document_key(document, data, True, 2_000_000) == before


def test_the_code_version_changes_with_any_python_file(tmp_path):
    """The version key hashes every .py file of the package (here of a copy of it)."""
    import graphbuild
    from graphbuild.cache import _tree_digest

    copy = tmp_path / "graphbuild"
    shutil.copytree(Path(graphbuild.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__", "ontology"))
    before = _tree_digest([(copy, "*.py")])
    errors = copy / "errors.py"
    errors.write_bytes(errors.read_bytes() + b"\n# edited\n")
    assert _tree_digest([(copy, "*.py")]) != before


# --- updates -----------------------------------------------------------------------------------


def _copy(source: Path, folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name in names:
        shutil.copy(source / name, folder / name)
    return folder


def _marker(location: Path) -> dict:
    return json.loads((location / MARKER).read_text(encoding="utf-8"))


def test_adding_removing_and_replacing_documents_equals_a_full_rebuild(generated, tmp_path):
    names = sorted(p.name for p in generated.glob("*.txt"))
    corpus, cache = tmp_path / "corpus", tmp_path / "cache"
    location = tmp_path / "S"

    def update(output: Path) -> None:
        build_into_oxigraph([corpus], location, output, cache_dir=cache, update=True, workers=2)

    def rebuilt(label: str) -> tuple[set, bytes]:
        reference, text = _build([corpus], tmp_path, label, workers=2)
        return _stored(reference), text

    names = names[:8]  # a few documents: the update path is the same for many
    _copy(generated, corpus, names[:-1])
    update(tmp_path / "first.nt")
    # Add one document.
    shutil.copy(generated / names[-1], corpus / names[-1])
    update(tmp_path / "added.nt")
    held, text = rebuilt("all")
    assert _stored(location) == held and (tmp_path / "added.nt").read_bytes() == text
    assert len(_marker(location)["manifest"]["documents"]) == len(names)
    # Remove two (their areas and posts stay where other readouts name them).
    (corpus / names[0]).unlink()
    (corpus / names[5]).unlink()
    update(tmp_path / "removed.nt")
    held, text = rebuilt("fewer")
    assert _stored(location) == held and (tmp_path / "removed.nt").read_bytes() == text
    # Replace one: another readout under the same name.
    other = _generate(tmp_path / "other", 1, seed=9)
    shutil.copy(other / "readout-00000.txt", corpus / names[1])
    update(tmp_path / "replaced.nt")
    held, text = rebuilt("replaced")
    assert _stored(location) == held and (tmp_path / "replaced.nt").read_bytes() == text
    assert _marker(location)["triples"] == _quad_count(location)  # the analytics graph included


def test_an_update_redoes_only_the_new_document(generated, tmp_path, monkeypatch):
    names = sorted(p.name for p in generated.glob("*.txt"))
    corpus, cache, location = _copy(generated, tmp_path / "corpus", names[:-1]), tmp_path / "cache", tmp_path / "S"
    build_into_oxigraph([corpus], location, None, cache_dir=cache, update=True, workers=1)
    shutil.copy(generated / names[-1], corpus / names[-1])
    import graphbuild.docbuild as docbuild

    computed = []
    original = docbuild._compute

    def counting(path, *args):
        computed.append(Path(path).name)
        return original(path, *args)

    monkeypatch.setattr(docbuild, "_compute", counting)
    build_into_oxigraph([corpus], location, None, cache_dir=cache, update=True, workers=1)
    assert computed == [names[-1]]


def test_build_command_updates_a_store_and_writes_the_file_only_when_asked(generated, tmp_path):
    runner = Runner()
    names = sorted(p.name for p in generated.glob("*.txt"))
    corpus = _copy(generated, tmp_path / "corpus", names[:3])
    store = f"oxigraph:{tmp_path / 'S'}"
    build = ["build", str(corpus), "--store", store, "--cache", str(tmp_path / "cache")]
    result = runner.invoke(main, build)
    assert result.exit_code == 0 and "N-Triples" not in result.stderr  # no -o: the store only
    result = runner.invoke(main, [*build, "-o", str(tmp_path / "g.nt")])  # nothing changed: the file only
    assert result.exit_code == 0 and (tmp_path / "g.nt").exists() and "copy the store" not in result.stderr
    shutil.copy(generated / names[3], corpus / names[3])
    result = runner.invoke(main, build)
    assert result.exit_code == 0 and "copy the store" in result.stderr and "(1 document)" in result.stderr
    result = runner.invoke(main, [*build, "--rebuild"])
    assert result.exit_code == 0 and "copy the store" not in result.stderr and "(4 documents)" in result.stderr
    assert _stored(tmp_path / "S") == _whole_corpus([corpus], analytics=True)


def test_reports_on_a_streamed_store_read_its_analytics(generated, tmp_path):
    """Failed before: the store keeps the analytics in their named graph and readers saw only the
    default graph, so `report owners --store` found none and computed the whole table instead. The
    store must answer as the file the same build wrote (where the analytics are plain triples)."""
    from graphbuild.analytics import has_analytics
    from graphbuild.diskstore import open_for_reading

    runner = Runner()
    corpus = _copy(generated, tmp_path / "corpus", sorted(p.name for p in generated.glob("*.txt"))[:4])
    store, graph = tmp_path / "S", tmp_path / "g.nt"
    assert runner.invoke(main, ["build", str(corpus), "--store", f"oxigraph:{store}", "-o", str(graph)]).exit_code == 0
    opened = open_for_reading(store, None)
    try:
        assert has_analytics(opened)
    finally:
        opened.lock.release()
    for report in (["owners"], ["coverage"], ["gaps"]):
        from_store = runner.invoke(main, ["report", *report, "--store", f"oxigraph:{store}", "--format", "csv"])
        from_file = runner.invoke(main, ["report", *report, "--graph", str(graph), "--format", "csv"])
        assert from_store.exit_code == from_file.exit_code == 0
        assert "computed in full" not in from_store.stderr
        assert from_store.stdout == from_file.stdout


def _kill_when(command: list[str], condition) -> None:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while process.poll() is None and not condition() and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_kill_9_of_an_update_leaves_the_old_store_or_the_new(generated, tmp_path):
    names = sorted(p.name for p in generated.glob("*.txt"))
    corpus, cache, location = tmp_path / "corpus", tmp_path / "cache", tmp_path / "S"
    graphbuild = str(Path(sys.executable).parent / "graphbuild")
    command = [graphbuild, "build", str(corpus), "--store", f"oxigraph:{location}", "--cache", str(cache)]
    names = names[:8]
    _copy(generated, corpus, names[2:])
    new = _stored(_build([corpus], tmp_path, "new")[0])
    _copy(generated, corpus, names[:-2])
    assert Runner().invoke(main, command[1:]).exit_code == 0
    old = _stored(location)
    _copy(generated, corpus, names[2:])  # two removed, two added

    def after(seconds: float):
        deadline = time.monotonic() + seconds
        return lambda: time.monotonic() >= deadline

    moments = [
        ("at start", lambda: True),
        ("soon", after(0.8)),
        ("later", after(1.6)),
        ("copied, not yet swapped", lambda: bool(list(tmp_path.glob(".S.building-*/*.sst")))),
        ("complete, not yet swapped in", lambda: bool(list(tmp_path.glob(f".S.building-*/{MARKER}")))),
    ]
    for moment, condition in moments:
        _kill_when(command, condition)
        assert store_state(location) == "complete", moment
        assert _stored(location) in (old, new), moment
    assert Runner().invoke(main, command[1:]).exit_code == 0
    assert _stored(location) == new
    assert not list(tmp_path.glob(".S.*-*"))

