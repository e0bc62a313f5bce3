"""The report page: self-contained, escaped, its charts drawn from the analyses (and in Chromium)."""

from __future__ import annotations

import re
import urllib.parse
from collections import Counter
from html.parser import HTMLParser

import pytest

from graphbuild import analyse
from graphbuild.cli import main
from graphbuild.projection import project
from graphbuild.report_page import owner_bars_svg, report_page
from graphbuild.store import RdflibStore

from .test_render import CHROMIUM, HOSTILE


class _Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _elements(page: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(page)
    return parser.tags


@pytest.fixture(scope="module")
def page(projection) -> str:
    return report_page(projection)


def test_the_page_loads_nothing_and_runs_nothing(page):
    tags = _elements(page)
    assert not [t for t, _ in tags if t in ("script", "link", "img", "iframe", "object", "embed")]
    assert not [a for _, a in tags if "src" in a]
    assert all(a["href"].startswith("graph.html#node=") for t, a in tags if t == "a")
    csp = next(a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp


def test_each_gap_links_to_its_measure_on_the_graph_page(page, projection):
    gaps = analyse.measures_without_owner(projection)
    links = {urllib.parse.unquote(a["href"].split("#node=", 1)[1]) for t, a in _elements(page) if t == "a"}
    assert links == {g["iri"] for g in gaps}
    for gap in gaps[:5]:
        assert gap["measure"] in page


def test_the_heat_map_has_a_cell_per_area_and_sector(page, projection):
    areas = {d["area"] for _, d in projection.nodes(data=True) if d.get("kind") == "measure"}
    sectors = {s.split(".")[0] for _, d in projection.nodes(data=True) for s in d.get("sectors", [])}
    cells = [a for t, a in _elements(page) if t == "rect" and a.get("class") == "cell"]
    assert len(cells) >= len(areas) * len(sectors)
    # The counts in the tooltips are the measures per area and top-level sector, counted here from the nodes.
    expected = Counter(
        (d["area"], top)
        for _, d in projection.nodes(data=True)
        if d.get("kind") == "measure"
        for top in {s.split(".")[0] for s in d.get("sectors", [])}
    )
    shown = {(a, s): int(n) for a, s, n in re.findall(r"<title>([^<·]+) · (\w+): (\d+)</title>", page)}
    assert {k: v for k, v in shown.items() if v} == dict(expected)


def test_owner_bars_are_split_explicit_inferred_and_by_role():
    rows = [
        {"owner": "甲局", "measures": 4, "explicit": 3, "inferred": 1, "roles": {"lead": 2, "support": 2}},
        {"owner": "乙局", "measures": 2, "explicit": 0, "inferred": 2},
    ]
    svg = owner_bars_svg(rows)
    widths = {
        (m[1], m[2]): float(m[0])
        for m in re.finditer(r'width="([\d.]+)"[^>]*><title>([^:]+): \d+ (\w+)</title>', svg)
        for m in [m.groups()]
    }
    assert widths[("甲局", "explicit")] == 3 * widths[("甲局", "inferred")]
    assert widths[("乙局", "inferred")] == 2 * widths[("甲局", "inferred")]
    assert widths[("甲局", "lead")] == widths[("甲局", "support")] == 2 * widths[("甲局", "inferred")]
    assert "bar role" not in owner_bars_svg(rows[1:])


def test_document_text_is_escaped(tmp_path):
    from graphbuild.pipeline import build_from_paths

    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    page = report_page(project(RdflibStore(build_from_paths([tmp_path]))))
    assert "<script>" not in page and "<img" not in page and "&lt;script&gt;window.pwned" in page


def test_report_all_writes_the_page(runner, graph_file, tmp_path):
    output = tmp_path / "report.html"
    result = runner.invoke(main, ["report", "all", "--format", "html", "-o", str(output), "--graph", str(graph_file)])
    assert result.exit_code == 0 and output.read_text(encoding="utf-8").count("<svg") == 2


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
def test_the_charts_are_drawn_in_chromium_and_nothing_leaves_the_file(page, tmp_path):
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    with sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page()
            requests, errors = [], []
            tab.on("request", lambda r: requests.append(r.url))
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.goto(path.as_uri())
            sizes = tab.evaluate(
                """[...document.querySelectorAll('svg.chart')].map(s => {
                     const b = s.getBBox(); return [b.width, b.height, s.querySelectorAll('rect').length]; })"""
            )
            assert len(sizes) == 2 and all(w > 100 and h > 100 and n > 10 for w, h, n in sizes)
            assert all(url.startswith("file:") for url in requests), requests
            assert errors == []
        finally:
            browser.close()


def test_role_counts_in_the_row_itself_split_the_bars_too():
    svg = owner_bars_svg([{"owner": "丙局", "measures": 3, "explicit": 3, "inferred": 0, "lead": 1, "support": 2}])
    assert svg.count('class="bar role"') == 2


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it)")
def test_a_gap_link_opens_the_graph_page_on_its_measure(projection, tmp_path):
    from playwright.sync_api import sync_playwright

    from graphbuild.render import write_html

    gap = analyse.measures_without_owner(projection)[0]
    write_html(projection, tmp_path / "graph.html")
    with sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.goto(f"{(tmp_path / 'graph.html').as_uri()}#node={urllib.parse.quote(gap['iri'], safe='')}")
            tab.wait_for_function("window.graphbuild && window.graphbuild.ready", timeout=60_000)
            assert tab.evaluate("window.graphbuild.network.getSelectedNodes()") == [gap["iri"]]
            assert gap["sentence"][:20] in tab.inner_text("#info")
        finally:
            browser.close()
