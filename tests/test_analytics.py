"""Analytics computed at build time: the same answers as the NetworkX analyses (the independent
check), tallies that add across documents, bound reports equal to the whole report filtered, and
an analytics graph that passes SHACL."""

from __future__ import annotations

import json
import pickle
from datetime import date

import pytest

from graphbuild import analyse, reports
from graphbuild.analytics import (
    Tally,
    add_analytics,
    analytics_graph,
    analytics_ntriples,
    has_analytics,
    tally_store,
)
from graphbuild.cli import main
from graphbuild.errors import GraphbuildError
from graphbuild.graphio import ntriples
from graphbuild.pipeline import build_from_paths, expand_paths
from graphbuild.projection import Kind, project
from graphbuild.reports import Bounds
from graphbuild.store import OxigraphStore, RdflibStore

from .paths import Runner, benchmark_generator
from .test_sparql import CORPUS

BOUNDS = [
    Bounds(),
    Bounds(area="江阳区"),
    Bounds(sector="DUST"),
    Bounds(area="江阳区", sector="DUST"),
    Bounds(sector="IND"),
    Bounds(owner="江阳区委书记"),
]


@pytest.fixture(scope="module")
def built():
    """The corpus built in memory (with analytics), its projection taken before the analytics."""
    graph = build_from_paths(CORPUS, infer=True)
    store = OxigraphStore()
    store.load_graph(graph)
    return graph, store


@pytest.fixture(scope="module")
def projected(built):
    return project(RdflibStore(built[0]))


def test_the_build_adds_analytics_once(built):
    graph, store = built
    assert has_analytics(store)
    before = len(graph)
    copy = pickle.loads(pickle.dumps(graph))
    add_analytics(copy)  # again: the same triples replace the old ones
    assert len(copy) == before


def test_grades_and_owner_counts_match_networkx(built, projected):
    tally = tally_store(built[1])
    expected = {r["iri"]: r["grade"] for r in analyse.measures_without_owner(projected)}
    found = {m: v[0] for m, v in tally.measures.items() if v[0] != "explicit owner"}
    assert found == expected and len(found) > 50
    assert len(analyse.owner_load(projected)) > 50


@pytest.mark.parametrize("which", ["gaps", "owners", "coverage"])
@pytest.mark.parametrize("bounds", BOUNDS, ids=str)
def test_reports_from_analytics_equal_the_networkx_analyses(built, projected, which, bounds):
    store = built[1]
    if which == "coverage" and bounds.owner:
        pytest.skip("coverage has no --owner")
    expected, columns = reports.bounded_rows_from_projection(projected, which, bounds)
    if which == "gaps":
        found = reports.in_table_order(reports.gap_rows_streamed(store, bounds))
    elif which == "owners":
        found = reports.owner_rows_from_analytics(store, bounds)
    else:
        found, found_columns = reports.coverage_rows_from_analytics(store, bounds)
        assert found_columns == columns
    assert found == expected
    if bounds == Bounds():
        assert len(found) > 10


@pytest.mark.parametrize("bounds", BOUNDS[1:], ids=str)
def test_bound_gap_report_is_the_whole_report_filtered(projected, bounds):
    whole, _ = reports.gaps_rows(projected)
    bound, _ = reports.bounded_rows_from_projection(projected, "gaps", bounds)
    assert bound == [r for r in whole if reports.gap_row_within(r, bounds)]
    if bounds.area:
        assert bound and all(bounds.area in r["area"].split("、") for r in bound)


def test_bound_owner_load_counts_only_the_bound_measures(projected):
    """The NetworkX reference itself, checked by hand: an owner's load in one area is the number of
    that area's measures it carries."""
    rows = analyse.owner_load(projected, area="江阳区")
    carried = analyse._carried(projected)
    for row in rows:
        measures = [m for m in carried[row["iri"]] if projected.nodes[m].get("area") == "江阳区"]
        assert row["measures"] == len(measures) and row["areas"] == 1


def test_the_sum_of_per_document_tallies_is_the_tally_of_the_corpus(built):
    """Each document built and reasoned over alone (as the streamed build's workers do), then summed."""
    total = Tally()
    for path in expand_paths(CORPUS):
        graph = build_from_paths([path], infer=True)
        part = tally_store(RdflibStore(graph))
        assert Tally.from_json(part.to_json()) == part
        assert pickle.loads(pickle.dumps(part)) == part
        total = total + part
    whole = tally_store(built[1])
    assert total == whole
    assert set(analytics_graph(total)) == set(analytics_graph(whole))  # no blank nodes: the same triples


def test_the_analytics_graph_passes_shacl_and_a_broken_one_does_not(built):
    from rdflib import Literal

    from graphbuild.namespace import GB
    from graphbuild.validate import validate_graph

    graph = pickle.loads(pickle.dumps(built[0]))  # the built graph, analytics included
    # Every triple but the run's (the build names its run by the documents' cache keys).
    missing = analytics_graph(tally_store(built[1])) - graph
    assert all("/analytics-run/" in str(s) + str(o) for s, _, o in missing) and len(missing) == 6
    assert validate_graph(graph).conforms
    node = next(graph.subjects(GB.measureCount, None))
    graph.add((node, GB.measureCount, Literal("many")))
    measure = next(graph.subjects(GB.ownerStatus, None))
    graph.add((measure, GB.ownerStatus, GB.Analytics))
    result = validate_graph(graph)
    assert not result.conforms and len(result.violations) >= 2


def test_analytics_are_deterministic(built):
    tally = tally_store(built[1])
    first = sorted(analytics_graph(tally).serialize(format="nt").splitlines())
    again = sorted(analytics_graph(Tally.from_json(tally.to_json())).serialize(format="nt").splitlines())
    assert first == again
    lines = analytics_ntriples(tally)  # the streamed build's form: sorted lines, no rdflib Graph
    assert lines == b"".join(sorted(set(ntriples(analytics_graph(tally)).splitlines(keepends=True))))


def test_cli_bound_reports_and_streamed_export(tmp_path, built):
    from graphbuild.graphio import write_graph

    graph_file = tmp_path / "g.ttl"
    write_graph(built[0], graph_file)
    runner = Runner()
    args = ["--graph", str(graph_file)]
    whole = runner.invoke(main, ["report", "gaps", "--format", "json", *args], catch_exceptions=False)
    bound = runner.invoke(main, ["report", "gaps", "--format", "json", "--area", "江阳区", *args])
    assert whole.exit_code == 0 and bound.exit_code == 0
    whole_rows = json.loads(whole.stdout)
    bound_rows = json.loads(bound.stdout)
    assert bound_rows and sorted(map(json.dumps, bound_rows)) == sorted(
        json.dumps(r) for r in whole_rows if "江阳区" in (r["area"] or "").split("、")
    )
    csv_out = runner.invoke(main, ["report", "gaps", "--format", "csv", *args])
    assert len(csv_out.stdout.strip().splitlines()) == len(whole_rows) + 1
    unknown = runner.invoke(main, ["report", "owners", "--sector", "NOPE", *args])
    assert unknown.exit_code == 1 and "NOPE" in unknown.output
    misuse = runner.invoke(main, ["report", "targets", "--area", "江阳区", *args])
    assert misuse.exit_code == 2


@pytest.fixture(scope="module")
def small_pages(built):
    """The corpus's analytics recomputed with pages of 3 (the build's are 20), four of them ranked
    (the build's 50), so that the corpus's seven areas span several pages and its owners run past
    the ranking (the top 20 and 45 read the whole table's head)."""
    return _with_small_pages(built[0])


def _with_small_pages(graph) -> OxigraphStore:
    """The graph in Oxigraph with its analytics computed again in pages of 3 areas and owners."""
    from graphbuild import analytics

    store = OxigraphStore()
    store.load_graph(graph)
    saved = analytics.RANK_PAGE, analytics.RANKED_PAGES
    analytics.RANK_PAGE, analytics.RANKED_PAGES = 3, 4
    try:
        add_analytics(store)
    finally:
        analytics.RANK_PAGE, analytics.RANKED_PAGES = saved
    return store


@pytest.mark.parametrize("top", [1, 3, 4, 20, 45])
def test_top_owners_read_by_page_are_the_head_of_the_networkx_ranking(small_pages, projected, top):
    expected, _ = reports.bounded_rows_from_projection(projected, "owners", Bounds())
    assert reports.owner_rows_from_analytics(small_pages, Bounds(), top) == expected[:top]


def test_whole_gap_report_streamed_by_pages_of_areas_equals_networkx(small_pages, projected):
    expected, _ = reports.bounded_rows_from_projection(projected, "gaps", Bounds())
    streamed = list(reports.gap_rows_streamed(small_pages))
    assert reports.in_table_order(streamed) == expected
    areas = [r["area"] for r in streamed if r["grade"] != analyse.SUPPORT_ONLY]
    assert areas == sorted(areas) and len(set(areas)) > 3  # area by area, in name order, over pages


def test_stored_left_out_sectors_are_the_networkx_coverage_gaps(built, projected):
    """Not vacuous: the corpus has areas that left a sector out; each area's row, asked alone, names
    the sectors it left out, as the whole table does, with those sectors as columns."""
    gaps = reports._left_out_by_area(analyse.coverage_gaps(projected))
    assert gaps
    whole, _ = reports.coverage_rows_from_analytics(built[1])
    assert {r["area"]: r["left_out"] for r in whole if r["left_out"]} == gaps
    for area, left in gaps.items():
        rows, columns = reports.coverage_rows_from_analytics(built[1], Bounds(area=area))
        assert [r["left_out"] for r in rows] == [left]
        assert {c.split()[0] for c in columns[1:-2]} >= set(left)


def test_cli_top_owners(tmp_path, built):
    from graphbuild.graphio import write_graph

    graph_file = tmp_path / "g.ttl"
    write_graph(built[0], graph_file)
    runner = Runner()
    args = ["--graph", str(graph_file), "--format", "csv"]
    whole = runner.invoke(main, ["report", "owners", *args], catch_exceptions=False)
    top = runner.invoke(main, ["report", "owners", "--top", "5", *args], catch_exceptions=False)
    assert whole.exit_code == top.exit_code == 0
    assert top.stdout.splitlines() == whole.stdout.splitlines()[:6]
    assert runner.invoke(main, ["report", "gaps", "--top", "5", *args]).exit_code == 2
    assert runner.invoke(main, ["report", "owners", "--top", "0", *args]).exit_code == 2


def test_area_report_bound_in_the_queries_equals_the_projection(built, projected):
    """`report area NAME` reads the area's measures and owners with the name bound; the NetworkX
    projection's `area_rows` is the independent answer, for every area of the corpus."""
    names = sorted({d["label"] for _, d in projected.nodes(data=True) if d.get("kind") == Kind.AREA} - {""})
    answered = []
    for name in names:
        expected = reports.area_rows(projected, name)
        assert reports.area_rows_from_store(built[1], name) == expected, name
        answered += expected[0]
    assert len({r["source"] for r in answered}) > 100
    assert any(r["explicit_owners"] for r in answered) and any(r["inferred_owners"] for r in answered)
    assert reports.area_rows_from_store(RdflibStore(built[0]), "江阳区") == reports.area_rows(projected, "江阳区")


def test_target_report_read_from_the_store_equals_the_projection(built, projected):
    """`report targets` reads its own query; the projected graph's report is the independent answer."""
    expected = reports.targets_rows(projected)
    assert reports.targets_rows_from_store(built[1]) == expected and len(expected[0]) > 5
    assert reports.targets_rows_from_store(RdflibStore(built[0])) == expected


def test_one_areas_deadlines_read_from_the_store_equal_the_projection_filtered(built, projected):
    """`report deadlines --area NAME` reads three bound queries; the projected graph's whole report,
    filtered to the area, is the independent answer (whole and as of the last day any task is due)."""
    whole, _ = reports.deadlines_rows(projected)
    last = max(r["due"] for r in whole if r["due"])
    names = sorted({r["area"] for r in whole})
    assert len(whole) >= 5 and names
    for day in (None, date.fromisoformat(last)):
        expected_all, _ = reports.deadlines_rows(projected, day)
        for name in names:
            expected = [r for r in expected_all if r["area"] == name]
            assert reports.deadlines_rows_in_area(built[1], name, day)[0] == expected, (name, day)
    assert reports.deadlines_rows_in_area(built[1], "江阳区")[0] == []  # an area whose meetings set no deadline
    with pytest.raises(GraphbuildError, match="no area named"):
        reports.deadlines_rows_in_area(built[1], "不存在区")


@pytest.fixture(scope="module")
def plans_of_many_areas(tmp_path_factory):
    """Readouts and plans of the benchmark's generator (real areas, time limits in the genre's
    words) with the seed's plan: tasks with deadlines in many areas, built, with analytics in pages
    of 3 areas, so that a report read area by area crosses pages."""
    folder = tmp_path_factory.mktemp("generated")
    benchmark_generator().generate(folder, 24, seed=11, dev=False)
    graph = build_from_paths(expand_paths([*sorted(folder.glob("*.txt")), CORPUS[-1]]), infer=True)
    return _with_small_pages(graph), project(RdflibStore(graph))


def test_the_whole_deadline_report_streamed_by_area_equals_the_projection(plans_of_many_areas):
    """`report deadlines` over a store with analytics reads one area name at a time, in the table's
    order; the projected graph's whole report is the independent answer, whole and as of a day."""
    store, projected = plans_of_many_areas
    whole, _ = reports.deadlines_rows(projected)
    assert len({r["area"] for r in whole}) > 3 and any(r["owner"] for r in whole)
    assert len(list(reports._areas_by_page(store))) > 6  # areas on three pages and more
    days = sorted({r["due"] for r in whole if r["due"]})
    for day in (None, date.fromisoformat(days[len(days) // 2])):
        expected, _ = reports.deadlines_rows(projected, day)
        assert list(reports.deadline_rows_streamed(store, day)) == expected, day


@pytest.mark.parametrize("corpus", ["seed, dev and plan", "generated"])
def test_every_report_from_the_analytics_equals_the_projection(built, projected, plans_of_many_areas, corpus):
    """`report all` reads each report as its own command does; the projected graph's reports are
    the independent answer, report by report, whole and as of a day."""
    store, graph = (built[1], projected) if corpus != "generated" else plans_of_many_areas
    for day in (None, date(2025, 6, 30)):
        expected = reports.all_rows(graph, day)
        found = reports.all_rows_from_analytics(store, day)
        assert [name for name, _, _ in found] == list(reports.ALL)
        for (name, rows, columns), (_, expected_rows, expected_columns) in zip(found, expected, strict=True):
            assert (columns, rows) == (expected_columns, expected_rows), name
        assert all(rows for name, rows, _ in expected if name != "deadlines" or day is None)


def test_cli_whole_deadlines_and_all_reports_read_the_analytics(tmp_path, built, projected):
    """On a graph file the CLI reads the analytics (computed for a copy in Oxigraph); its JSON equals
    the projected graph's reports."""
    from graphbuild.graphio import write_graph

    graph_file = tmp_path / "g.nt"
    write_graph(built[0], graph_file)
    runner = Runner()
    every = runner.invoke(main, ["report", "all", "--format", "json", "--graph", str(graph_file)])
    assert every.exit_code == 0
    every_report = reports.all_rows(projected)
    expected = {name: [{c: row.get(c) for c in cols} for row in rows] for name, rows, cols in every_report}
    assert json.loads(every.stdout) == json.loads(json.dumps(expected, ensure_ascii=False))
    deadlines = runner.invoke(main, ["report", "deadlines", "--format", "json", "--graph", str(graph_file)])
    assert json.loads(deadlines.stdout) == expected["deadlines"] and expected["deadlines"]
