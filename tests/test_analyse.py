"""Every figure of the reports against an independent SPARQL computation, and the gaps against gold."""

from __future__ import annotations

from collections import Counter, defaultdict

from graphbuild import analyse
from graphbuild.queries import named_query, with_prefixes
from graphbuild.store import RdflibStore


def _select(graph, text: str, **bindings):
    return RdflibStore(graph).select(with_prefixes(text), bindings).rows


def test_gap_grades_agree_with_sparql(graph, projection):
    rows = RdflibStore(graph).select(named_query("gaps").text).rows
    expected = Counter()
    for r in rows:
        if int(r["explicitOwners"]) == 0:
            grade = (
                "diffuse owner only"
                if int(r["diffuseOwners"])
                else ("inferred owner only" if int(r["inferredOwners"]) else "no owner")
            )
            expected[grade] += 1
    assert Counter(r["grade"] for r in analyse.measures_without_owner(projection)) == expected


def _diffuse(name: str) -> bool:
    """Whether the vocabulary files an owner name under 全区各级各部门 and the like."""
    from graphbuild.extract.lexicon import load_lexicon

    matcher = load_lexicon().schemes["owner-kind"]
    hit = matcher.match(name)
    return hit is not None and hit.end() == len(name) and matcher.concept_of(hit.group()).iri == analyse.DIFFUSE_KIND


def test_gap_report_follows_the_hand_annotation(record, gold, projection):
    """A required gold measure with no owner, or only diffuse ones, is in the gap report; one with a
    specific owner is not. The counts agree too."""
    reported = {r["source"] for r in analyse.measures_without_owner(projection)}
    extracted = [m for meeting in record.meetings for m in meeting.measures]
    expected_in_report, found_in_report = 0, 0
    for meeting in gold["meetings"]:
        for g in meeting["measures"]:
            if g.get("optional"):
                continue
            match = next(
                (
                    m
                    for m in extracted
                    if 2 * (min(m.span[1], g["span"][1]) - max(m.span[0], g["span"][0])) >= g["span"][1] - g["span"][0]
                ),
                None,
            )
            if match is None:
                continue
            gap = all(_diffuse(o) for o in g.get("owners", []))
            in_report = f"{record.source}[{match.span[0]}:{match.span[1]}]" in reported
            assert in_report == gap, g["text"]
            expected_in_report += gap
            found_in_report += in_report
    assert found_in_report == expected_in_report > 50


def test_owner_load_agrees_with_sparql(graph, projection):
    rows = RdflibStore(graph).select(named_query("owner-load").text).rows
    expected = {
        str(r["owner"]): (int(r["measures"]), int(r["explicit"]), int(r["inferred"]), int(r["areas"])) for r in rows
    }
    load = {
        r["iri"]: (r["measures"], r["explicit"], r["inferred"], r["areas"])
        for r in analyse.owner_load(projection)
        if r["kind"] != "person"
    }
    assert load == expected


def test_a_person_carries_the_duties_of_the_posts_they_hold(graph, projection):
    rows = _select(
        graph,
        """
        SELECT ?person (COUNT(DISTINCT ?measure) AS ?n) WHERE {
          ?post org:heldBy ?person . ?a gb:owner ?post ; gb:measure ?measure } GROUP BY ?person""",
    )
    expected = {str(r["person"]): int(r["n"]) for r in rows}
    load = {r["iri"]: r["measures"] for r in analyse.owner_load(projection) if r["kind"] == "person"}
    assert load == expected and expected


def test_coverage_agrees_with_sparql(graph, projection):
    rows = RdflibStore(graph).select(named_query("coverage").text).rows
    expected = defaultdict(dict)
    for r in rows:
        expected[str(r["areaName"])][str(r["notation"])] = int(r["measures"])
    table = {area: {k: v for k, v in counts.items() if v} for area, counts in analyse.coverage(projection).items()}
    assert {a: c for a, c in table.items() if c} == dict(expected)


def test_xuyong_left_out_dust_that_its_siblings_covered(projection, graph):
    rows = _select(
        graph,
        """
        SELECT DISTINCT ?areaName WHERE {
          ?m gb:sector sector:DUST ; gb:setBy/gb:area/rdfs:label ?areaName }""",
    )
    dust_areas = {str(r["areaName"]) for r in rows}
    gaps = {(g["area"], g["sector"]) for g in analyse.coverage_gaps(projection)}
    assert "叙永县" not in dust_areas and len(dust_areas) >= 2
    assert ("叙永县", "DUST") in gaps
    assert all((area, "DUST") not in gaps for area in dust_areas)


def test_principles_by_area_agree_with_sparql(graph, projection):
    rows = RdflibStore(graph).select(named_query("principles-by-area").text).rows
    expected = defaultdict(list)
    for r in rows:
        expected[str(r["areaName"])].append(str(r["principle"]))
    assert analyse.principles_by_area(projection) == {k: sorted(v) for k, v in sorted(expected.items())}


def test_bridging_sectors_count_areas(graph, projection):
    rows = _select(
        graph,
        """
        SELECT ?n (COUNT(DISTINCT ?area) AS ?areas) WHERE {
          ?m gb:sector/skos:notation ?fine ; gb:setBy/gb:area ?area .
          BIND(REPLACE(STR(?fine), "[.].*$", "") AS ?n) } GROUP BY ?n""",
    )
    expected = {str(r["n"]): int(r["areas"]) for r in rows}
    assert {r["sector"]: r["areas"] for r in analyse.bridging_sectors(projection)} == expected


def test_an_owner_named_twice_for_a_task_is_listed_with_its_strongest_role():
    """Whatever the order of its assignments, as the gap report grades it."""
    import networkx as nx

    from graphbuild.projection import Relation

    for roles in (("support", "lead"), ("lead", "support")):
        g = nx.MultiDiGraph()
        g.add_node("m", kind="measure", label="m", area="某区", deadline="10月底前", due="2019-10-31")
        g.add_node("o", kind="department", label="区住建局")
        for role in roles:
            g.add_edge("o", "m", relation=Relation.RESPONSIBLE_FOR, explicit=True, role=role)
        assert [(r["owner"], r["role"]) for r in analyse.deadlines(g)] == [("区住建局", "lead")], roles
