"""The command line: help everywhere, bad input as one line and a non-zero exit, no partial output."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from graphbuild.cli import main
from graphbuild.namespace import GB
from graphbuild.reports import area_rows

from .paths import GOLD_PATH, RAW, ROOT


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help_and_is_in_the_readme(runner, name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert main.commands[name].help
    assert runner.invoke(main, [name, "--help"]).exit_code == 0
    assert re.search(rf"graphbuild {name}\b", readme), f"README does not mention `graphbuild {name}`"


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and "graphbuild" in result.output


def _one_line_error(result, name: str, reason: str) -> None:
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert name in lines[0] and reason in lines[0]


@pytest.mark.parametrize(
    "content, reason",
    [
        (None, "no such file"),
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
        ("今天天气很好。".encode(), "no meeting"),
    ],
)
def test_bad_input_gives_one_line_and_no_output(runner, tmp_path, content, reason):
    source = tmp_path / "bad.txt"
    if content is not None:
        source.write_bytes(content)
    output = tmp_path / "out" / "graph.ttl"
    result = runner.invoke(main, ["build", str(source), "-o", str(output)])
    _one_line_error(result, "bad.txt", reason)
    assert not output.exists()
    assert not output.parent.exists() or not list(output.parent.iterdir())  # no temporary file left either


def test_a_cut_off_last_character_is_a_warning_not_an_error(runner, tmp_path, caplog):
    data = (RAW / "luzhou-air-meetings.txt").read_bytes().rstrip()
    last = len(data.decode()[-1].encode())  # bytes of the last character
    source = tmp_path / "cut.txt"
    source.write_bytes(data[:-1])
    with caplog.at_level(logging.WARNING, logger="graphbuild"):
        result = runner.invoke(main, ["extract", str(source), "--format", "json"])
    assert result.exit_code == 0
    warning = [r.getMessage() for r in caplog.records if "cut.txt" in r.getMessage()]
    assert len(warning) == 1 and f"byte {len(data) - last} of {len(data) - 1}" in warning[0]
    assert len(json.loads(result.stdout)["documents"][0]["meetings"]) == 7


def test_a_folder_of_word_and_pdf_readouts_builds(runner, tmp_path):
    from .makedocs import write_docx, write_pdf

    lines = (RAW / "luzhou-air-meetings.txt").read_text(encoding="utf-8").split("\n")
    folder = tmp_path / "in"
    folder.mkdir()
    write_docx(folder / "luzhou.docx", lines)
    write_pdf(folder / "luzhou.pdf", lines)
    result = runner.invoke(main, ["extract", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    documents = json.loads(result.stdout)["documents"]
    assert [(d["source"], len(d["meetings"])) for d in documents] == [("luzhou.docx", 7), ("luzhou.pdf", 7)]


def test_usage_error_exits_2(runner):
    assert runner.invoke(main, ["report", "nonsense"]).exit_code == 2
    assert runner.invoke(main, ["build", "--format", "xml"]).exit_code == 2


def test_missing_graph_file(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path / "none.ttl")])
    _one_line_error(result, "none.ttl", "no such graph file")


def test_unreadable_graph_file(runner, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle {", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(bad)])
    _one_line_error(result, "bad.ttl", "not a readable RDF graph")


def test_build_then_validate(runner, tmp_path):
    output = tmp_path / "graph.ttl"
    assert runner.invoke(main, ["build", str(RAW), "-o", str(output)]).exit_code == 0
    result = runner.invoke(main, ["validate", str(output)])
    assert result.exit_code == 0


def test_extract_json_contract(runner, gold):
    result = runner.invoke(main, ["extract", str(RAW / "luzhou-air-meetings.txt"), "--format", "json"])
    data = json.loads(result.output)
    document = data["documents"][0]
    assert set(document) >= {"source", "sha256", "chars", "meetings"}
    meeting = document["meetings"][1]
    assert set(meeting) >= {
        "date",
        "span",
        "organizer",
        "area",
        "kind",
        "chair",
        "speakers",
        "principles",
        "responsibilities",
        "measures",
    }
    assert set(meeting["area"]) == {"name", "adcode", "within"}
    assert [m["date"] for m in document["meetings"]] == [g["date"] for g in gold["meetings"]]


def test_evaluate_prints_scores(runner):
    result = runner.invoke(main, ["evaluate", str(GOLD_PATH), "--raw", str(RAW), "--json"])
    data = json.loads(result.output)
    assert data["units"]["meetings"]["f1"] == 1.0
    assert "missed" in data and "invented" in data


def test_gaps_report_fails_on_gaps_for_checks(runner, graph_file: Path):
    """The seed has measures that nobody owns, not even through a principle: rows, and exit 1."""
    result = runner.invoke(main, ["report", "gaps", "--graph", str(graph_file), "--fail-on-gaps", "--format", "json"])
    rows = json.loads(result.stdout)
    assert [r for r in rows if r["grade"] == "no owner"]
    assert result.exit_code == 1


def test_gaps_report_passes_a_graph_without_gaps(runner, tmp_path):
    """A hand-written readout whose two measures each name their department: no gap rows, exit 0."""
    source = tmp_path / "doc.txt"
    source.write_text(
        "11月5日，合江县召开大气污染防治工作推进会。"
        "会议要求，县生态环境局要加强工业企业废气治理；县住房城乡建设局要严格落实施工工地扬尘管控。",
        encoding="utf-8",
    )
    graph_file = tmp_path / "graph.ttl"
    assert runner.invoke(main, ["build", str(source), "-o", str(graph_file)], catch_exceptions=False).exit_code == 0
    assert len(set(Graph().parse(graph_file).subjects(RDF.type, GB.Measure))) == 2
    result = runner.invoke(main, ["report", "gaps", "--graph", str(graph_file), "--fail-on-gaps", "--format", "json"])
    assert json.loads(result.stdout) == []
    assert result.exit_code == 0


def test_oxigraph_build_is_deterministic_and_holds_the_same_graph(runner, tmp_path, graph):
    outputs = []
    for run in ("a", "b"):
        output = tmp_path / f"{run}.nt"
        result = runner.invoke(main, ["build", str(RAW), "--store", f"oxigraph:{tmp_path / run}", "-o", str(output)])
        assert result.exit_code == 0
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    # Both builds add the analytics (graphbuild.analytics): the streamed one sums per-document tallies.
    expected = set(graph)
    assert len(outputs[0].splitlines()) == len(expected)
    parsed = Graph().parse(data=outputs[0], format="nt")
    assert set(parsed) == expected  # rdflib's parser on Oxigraph's path = rdflib's own build


def test_report_area_reads_one_area(runner, graph_file, projection):
    result = runner.invoke(main, ["report", "area", "江阳区", "--graph", str(graph_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    expected, columns = area_rows(projection, "江阳区")
    assert json.loads(result.output) == [{c: r[c] for c in columns} for r in expected] and expected


def test_report_area_of_an_unknown_name_is_a_one_line_error(runner, graph_file):
    result = runner.invoke(main, ["report", "area", "不存在区", "--graph", str(graph_file)])
    _one_line_error(result, "不存在区", "no area named")


def test_report_deadlines_takes_an_area_but_not_a_sector(runner, graph_file):
    result = runner.invoke(main, ["report", "deadlines", "--sector", "IND", "--graph", str(graph_file)])
    assert result.exit_code == 2 and "--area only" in result.output
    bound = ["report", "deadlines", "--area", "江阳区", "--format", "json"]
    result = runner.invoke(main, [*bound, "--graph", str(graph_file)])
    assert result.exit_code == 0 and json.loads(result.output) == []
