"""The HTML graph: its pyvis network, its escaping, and the page driven in headless Chromium."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pytest

from graphbuild.projection import project
from graphbuild.render import AGGREGATE_ABOVE, render_html, select_subgraph, to_network, write_html
from graphbuild.store import RdflibStore

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE = (
    "11月5日,合江县委常委会召开会议。合江县委书记张三主持会议并讲话。"
    '会议强调,要加强扬尘管控<script>window.pwned=1</script>,强化秸秆禁烧<img src=x onerror="window.pwned=2">巡查。'
)


def _data(html: str) -> dict:
    body = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(body)


def test_network_has_every_node_and_edge(projection):
    net = to_network(projection)
    assert len(net.nodes) == projection.number_of_nodes()
    assert len(net.edges) == projection.number_of_edges()


def test_unowned_measures_stand_out():
    """A hand-made projection: one measure owned as the text says, one owned only by inference, one set by
    the meeting with nobody responsible; only the last stands out."""
    graph = nx.MultiDiGraph()
    graph.add_node("meeting", kind="meeting", label="区委常委会")
    graph.add_node("department", kind="department", label="区生态环境局")
    graph.add_node("area", kind="area", label="某区")
    for measure, text in (("stated", "加强工业废气治理"), ("inferred", "加强扬尘管控"), ("nobody", "加强餐饮油烟治理")):
        graph.add_node(measure, kind="measure", label=text, text=text, sectors=["IND"], area="某区")
        graph.add_edge("meeting", measure, relation="sets")
    graph.add_edge("department", "stated", relation="responsible_for", rtype="监管责任", explicit=True)
    graph.add_edge("area", "inferred", relation="responsible_for", rtype="属地责任", explicit=False)
    net = to_network(graph)
    assert {n["id"] for n in net.nodes if n.get("unowned")} == {"nobody"}


def test_page_is_self_contained(projection):
    html = render_html(projection)
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)


def test_filters_select_an_area(projection):
    sub = select_subgraph(projection, area="叙永县")
    areas = {d.get("area") for _, d in sub.nodes(data=True) if d["kind"] == "measure"}
    assert areas == {"叙永县"}


def test_large_graphs_are_aggregated(projection):
    import networkx as nx

    big = nx.MultiDiGraph(projection)
    for i in range(AGGREGATE_ABOVE):
        big.add_node(f"x{i}", kind="person", label=f"x{i}")
    data = _data(render_html(big))
    assert data["aggregated"] and len(data["nodes"]) < 100 and "--focus" in data["note"]


@pytest.fixture(scope="module")
def hostile_graph(tmp_path_factory):
    from graphbuild.pipeline import build_from_paths

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return project(RdflibStore(build_from_paths([folder])))


def test_hostile_text_is_escaped_in_the_page(hostile_graph):
    html = render_html(hostile_graph)
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    data = _data(html)
    assert any("<script>window.pwned=1</script>" in n["title"] for n in data["nodes"])


browser = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")


@contextlib.contextmanager
def _opened(graph, page_path: Path):
    """The graph's page written, loaded and settled in headless Chromium: (page, console errors, requests)."""
    from playwright.sync_api import sync_playwright

    write_html(graph, page_path)
    with sync_playwright() as manager:
        browser_ = manager.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            page = browser_.new_page(viewport={"width": 1400, "height": 900})
            errors, requests = [], []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            page.wait_for_function("window.graphbuild && window.graphbuild.ready", timeout=60_000)
            yield page, errors, requests
        finally:
            browser_.close()


def _click_node(page, node_id: str) -> None:
    point = page.evaluate(
        """(id) => { const g = window.graphbuild; g.network.focus(id, {scale: 1.5, animation: false});
                   const p = g.network.getPosition(id); const d = g.network.canvasToDOM(p);
                   const r = document.getElementById('graph').getBoundingClientRect();
                   return {x: d.x + r.left, y: d.y + r.top}; }""",
        node_id,
    )
    page.mouse.click(point["x"], point["y"])


@pytest.mark.browser
@browser
def test_page_in_chromium(projection, tmp_path):
    with _opened(projection, tmp_path / "graph.html") as (page, errors, requests):
        assert page.evaluate("window.graphbuild.nodes.length") == projection.number_of_nodes()
        page.screenshot(path=str(tmp_path / "graph.png"))
        drawn = page.evaluate(
            """(() => { const c = document.querySelector('#graph canvas');
                       const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                       let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()"""
        )
        assert drawn > 10_000, "the canvas stayed empty"
        measure, data = next((n, d) for n, d in sorted(projection.nodes(data=True)) if d["kind"] == "measure")
        _click_node(page, measure)
        info = page.inner_text("#info")
        assert data["sentence"][:20] in info and data["document"] in info
        assert errors == []
        assert all(url.startswith(("file:", "data:")) for url in requests), requests


@pytest.mark.browser
@browser
def test_hostile_document_runs_no_script(hostile_graph, tmp_path):
    with _opened(hostile_graph, tmp_path / "hostile.html") as (page, _, _):
        measure = next(n for n, d in sorted(hostile_graph.nodes(data=True)) if d["kind"] == "measure")
        _click_node(page, measure)
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert "<script>window.pwned=1</script>" in page.inner_text("#info")
        assert page.evaluate("document.querySelectorAll('img').length") == 0


def test_kinds_and_relations_are_declared_once():
    """The projection queries bind exactly the kinds and relations `projection` declares, and the page
    styles every one of them."""
    from graphbuild.projection import Kind, Relation
    from graphbuild.queries import named_query
    from graphbuild.render import RELATIONS, STYLE

    nodes = named_query("projection-nodes").text
    edges = named_query("projection-edges").text
    assert set(re.findall(r'[>\w] "(\w+)"\)', nodes)) == {k.value for k in Kind}
    assert set(re.findall(r'BIND\("(\w+)" AS \?relation\)', edges)) == {r.value for r in Relation}
    assert set(STYLE) == set(Kind) and set(RELATIONS) == set(Relation)
