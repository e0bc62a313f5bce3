"""Adding documents to the analytics cell by cell (`analytics_state`) gives the full computation's
graph (`analytics.analytics_graph` of the summed tallies), triple for triple, after every step;
what it cannot do exactly it refuses, and the store's update then computes in full (issue 16:
one document added in seconds). The expectations are the full computation, never the state's
own output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from graphbuild import analytics
from graphbuild.analytics import Tally, analytics_graph, analytics_parts, run_digest
from graphbuild.analytics_state import STATE_FILE, AnalyticsState, NotIncrementalError, write_state
from graphbuild.docbuild import document_result
from graphbuild.read import MAX_CHARS, expand_paths

from .paths import RAW


@pytest.fixture(scope="module")
def tallies() -> list[tuple[str, Tally]]:
    """The real texts' per-document tallies (readouts and plans), keyed by a stand-in cache key."""
    found = []
    for path in expand_paths([RAW, RAW / "dev"]):
        result = document_result(path, True, True, MAX_CHARS, None)
        found.append((result.key, Tally.from_json(result.tally)))
    return found


@pytest.fixture
def small_ranking(monkeypatch):
    """Two owners a page, two pages ranked: owners enter, leave and move within the ranking."""
    monkeypatch.setattr(analytics, "RANK_PAGE", 2)
    monkeypatch.setattr(analytics, "RANKED_PAGES", 2)


def _total(parts: list[tuple[str, Tally]]) -> Tally:
    total = Tally()
    for _, tally in parts:
        total.merge(Tally.from_json(tally.to_json()))
    return total


def _start(tmp_path: Path, held: list[tuple[str, Tally]]) -> tuple[Graph, Path]:
    total, keys = _total(held), [k for k, _ in held]
    path = tmp_path / STATE_FILE
    write_state(path, total, analytics_parts(total), run_digest(total, keys))
    return analytics_graph(total, keys), path


def _add(graph: Graph, path: Path, held: list[tuple[str, Tally]], new: list[tuple[str, Tally]]) -> None:
    counted = {m for _, t in held for m in t.measures}
    state = AnalyticsState(path)
    try:
        change = state.add([t for _, t in new], run_digest(Tally(), [k for k, _ in held + new]), counted.__contains__)
        state.commit()
    finally:
        state.close()
    for node in change.replaced:
        graph.remove((node, None, None))
    for triple in change.removed:
        graph.remove(triple)
    for triple in change.added:
        graph.add(triple)


def _same(found: Graph, expected: Graph) -> None:
    assert set(found) == set(expected), (sorted(found - expected)[:5], sorted(expected - found)[:5])


def test_adding_documents_one_at_a_time_equals_the_full_computation(tallies, tmp_path, small_ranking):
    held = tallies[:3]
    graph, path = _start(tmp_path, held)
    for new in [tallies[3:4], tallies[4:6], *[[t] for t in tallies[6:]]]:
        _add(graph, path, held, new)
        held = held + new
        _same(graph, analytics_graph(_total(held), [k for k, _ in held]))
    owners = set(graph.subjects(analytics.RDF.type, analytics.GB.DutyCount))
    assert len([n for n in graph.subjects(analytics.GB.rank, None) if n in owners]) == 4 < len(owners)


def test_the_state_after_additions_is_the_state_of_the_whole(tallies, tmp_path):
    graph, path = _start(tmp_path, tallies[:5])
    _add(graph, path, tallies[:5], tallies[5:])
    whole = tmp_path / "whole"
    whole.mkdir()
    _start(whole, tallies)
    assert _dump(path) == _dump(whole / STATE_FILE)


def _dump(path: Path) -> dict:
    import sqlite3

    db = sqlite3.connect(path)
    try:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        dumped = {t: sorted(db.execute(f"SELECT * FROM {t}")) for t in tables if not t.startswith("profile")}
        owners: dict[str, set] = {}
        query = "SELECT p.profile, o.owner FROM profiles p JOIN profile_owners o ON o.profile = p.id"
        for profile, owner in db.execute(query):
            owners.setdefault(profile, set()).add(owner)
        dumped["profiles"] = sorted((p, n, sorted(owners[p])) for p, n in db.execute("SELECT profile, n FROM profiles"))
    finally:
        db.close()
    return dumped


def test_a_person_who_takes_a_post_carries_its_earlier_duties(tallies, tmp_path):
    """Failed on a sum of cells: the person's cell must count the post's measures of the documents
    before the one that names the holder."""
    held = tallies[:4]
    post = next(o for _, t in held for o, (kind, _) in t.owners.items() if kind == "post")
    newcomer = Tally(owners={"https://example.org/person/new": ("person", "新任者")},
                     holds={(post, "https://example.org/person/new")})
    graph, path = _start(tmp_path, held)
    _add(graph, path, held, [("k-new", newcomer)])
    expected = analytics_graph(_total([*held, ("k-new", newcomer)]), [k for k, _ in held] + ["k-new"])
    _same(graph, expected)
    assert any("person/new" in str(o) for o in graph.objects(None, analytics.GB.aboutOwner))


def test_a_text_held_twice_counts_its_measures_once_and_its_profiles_twice(tallies, tmp_path):
    """The same text under a second name: its measures are already counted (the same IRIs), its
    profiles add again, as the sum of the tallies counts them."""
    held = tallies[:4]
    graph, path = _start(tmp_path, held)
    again = ("k-again", held[0][1])
    _add(graph, path, held, [again])
    _same(graph, analytics_graph(_total([*held, again]), [k for k, _ in held] + ["k-again"]))


def test_an_area_described_anew_is_refused(tallies, tmp_path):
    held = tallies[:4]
    _, path = _start(tmp_path, held)
    state = AnalyticsState(path)
    try:
        area = next(iter(held[0][1].areas))
        renamed = Tally(areas={area: "\U0010ffff"})  # a label that sorts after every other: the sum changes
        with pytest.raises(NotIncrementalError):
            state.add([renamed], "d", lambda measure: False)
    finally:
        state.close()


def _built_store(tmp_path: Path, documents: int) -> tuple[Path, Path, Path, list[Path]]:
    """A store built with a cache from the first `documents` real texts: (corpus, cache, store, all texts)."""
    from graphbuild.pipeline import build_into_oxigraph

    corpus, cache, location = tmp_path / "corpus", tmp_path / "cache", tmp_path / "S"
    files = expand_paths([RAW, RAW / "dev"])
    corpus.mkdir()
    for path in files[:documents]:
        shutil.copy(path, corpus / path.name)
    build_into_oxigraph([corpus], location, None, cache_dir=cache, update=True, workers=1)
    return corpus, cache, location, files


def _whole_tally(*args):
    raise AssertionError("the update summed every tally")


def test_a_store_update_adds_cell_by_cell_and_equals_a_rebuild(tmp_path, monkeypatch):
    """Through `build --store … --cache`: two updates in a row take the cell-by-cell path (the
    whole-tally path is not called) and leave the store a full build of the same files gives."""
    import graphbuild.streambuild as streambuild
    from graphbuild.pipeline import build_into_oxigraph

    from .test_streambuild import _stored

    corpus, cache, location, files = _built_store(tmp_path, 5)
    monkeypatch.setattr(streambuild, "_tallies", _whole_tally)
    for path in files[5:7]:
        shutil.copy(path, corpus / path.name)
        build_into_oxigraph([corpus], location, None, cache_dir=cache, update=True, workers=1)
    monkeypatch.undo()
    reference = tmp_path / "R"
    build_into_oxigraph([corpus], reference, None, workers=1)
    assert _stored(location) == _stored(reference)


def test_a_state_left_by_a_killed_update_is_not_trusted(tmp_path):
    """The state is linked into the update's copy of the store, not copied: a kill after the state
    changed and before the swap leaves the old store with a state of another run. The next update
    must see it and compute the analytics in full (the same store as a rebuild)."""
    import sqlite3

    from graphbuild.pipeline import build_into_oxigraph

    from .test_streambuild import _stored

    corpus, cache, location = tmp_path / "corpus", tmp_path / "cache", tmp_path / "S"
    files = expand_paths([RAW, RAW / "dev"])
    corpus.mkdir()
    for path in files[:4]:
        shutil.copy(path, corpus / path.name)
    build_into_oxigraph([corpus], location, None, cache_dir=cache, update=True, workers=1)
    db = sqlite3.connect(location / STATE_FILE)
    with db:
        db.execute("UPDATE meta SET value = 'another run' WHERE key = 'digest'")
        db.execute("UPDATE coverage SET measures = measures + 100")
    db.close()
    shutil.copy(files[4], corpus / files[4].name)
    build_into_oxigraph([corpus], location, None, cache_dir=cache, update=True, workers=1)
    reference = tmp_path / "R"
    build_into_oxigraph([corpus], reference, None, workers=1)
    assert _stored(location) == _stored(reference)


def test_removing_and_replacing_documents_take_the_cell_path_and_equal_a_rebuild(tmp_path, monkeypatch):
    """Removals asked the store what remains (owners, holdings, areas, principles, measures) instead
    of summing every tally: the Luzhou readout (chairs holding posts, seven areas) and a plan go,
    a document is replaced by another text, a text is held under a second name, then under that
    name only; after each, the store a full build gives."""
    import graphbuild.streambuild as streambuild
    from graphbuild.pipeline import build_into_oxigraph

    from .test_streambuild import _marker, _quad_count, _stored

    corpus, cache, location, files = _built_store(tmp_path, 8)
    steps = [
        lambda: (corpus / files[0].name).unlink(),  # the Luzhou readout
        lambda: (corpus / files[3].name).unlink(),
        lambda: shutil.copy(files[9], corpus / files[5].name),  # replaced by another text
        lambda: shutil.copy(corpus / files[1].name, corpus / "copy.txt"),  # a text held twice
        lambda: (corpus / files[1].name).unlink(),  # and once again
    ]
    for number, step in enumerate(steps):
        step()
        monkeypatch.setattr(streambuild, "_tallies", _whole_tally)
        build_into_oxigraph([corpus], location, None, cache_dir=cache, update=True, workers=1)
        monkeypatch.undo()
        reference = tmp_path / f"R{number}"
        build_into_oxigraph([corpus], reference, None, workers=1)
        assert _stored(location) == _stored(reference)
        assert _marker(location)["triples"] == _quad_count(location)
