"""The `graphbuild` command: thin commands that parse options and call the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import GraphbuildError

CONTEXT = {"help_option_names": ["-h", "--help"]}
DEFAULT_GRAPH = Path("build/graph.ttl")


class _Group(click.Group):
    """Turns library errors into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GraphbuildError as error:
            raise click.ClickException(str(error)) from error


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="graphbuild")
def main() -> None:
    """Build and query a knowledge graph of air-pollution responsibilities (大气污染防治责任)."""


def format_option(choices: tuple[str, ...] = ("table", "markdown", "csv", "tsv", "json"), default: str = "table"):
    """The shared `--format` option."""
    def decorator(func):
        return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                            help="table/markdown for people; csv/tsv/json for programs.")(func)
    return decorator


def graph_option(func):
    return click.option("--graph", "graph_path", type=click.Path(path_type=Path), default=DEFAULT_GRAPH,
                        show_default=True, help="Graph file written by `graphbuild build`.")(func)


def _progress_bar(total: int, label: str):
    return click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)


@main.command("build", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["turtle", "jsonld", "nt"]), default="turtle", show_default=True)
@click.option("--infer/--no-infer", default=True, show_default=True, help="Apply the duty-principle rules.")
@click.option("--validate/--no-validate", "check", default=True, show_default=True, help="Check the SHACL shapes first.")
def build_command(paths: tuple[Path, ...], output: Path, fmt: str, infer: bool, check: bool) -> None:
    """Build the responsibility graph of PATHS (files or folders; default data/raw)."""
    from .graphio import write_graph
    from .pipeline import build_from_paths
    from .read import expand_paths

    paths = paths or (Path("data/raw"),)
    total = len(expand_paths(paths))
    with _progress_bar(total, "extracting") as bar:
        graph = build_from_paths(paths, infer=infer, progress=lambda _: bar.update(1))
    if check:
        _fail_on_violations(graph, output)
    write_graph(graph, output, fmt)
    click.echo(f"wrote {output} ({len(graph)} triples)", err=True)


def _fail_on_violations(graph, label: Path) -> None:
    from .validate import validate_graph

    result = validate_graph(graph)
    if not result.conforms:
        for line in result.violations[:20]:
            click.echo(f"  {line}", err=True)
        raise click.ClickException(f"{label}: graph violates {len(result.violations)} SHACL constraint(s); nothing written")


@main.command("validate", context_settings=CONTEXT)
@click.argument("graph_path", type=click.Path(path_type=Path))
@click.option("--warnings/--no-warnings", "show_warnings", default=False, help="List coverage-gap warnings too.")
def validate_command(graph_path: Path, show_warnings: bool) -> None:
    """Check GRAPH_PATH against the SHACL shapes; exit 1 on any violation."""
    from .graphio import read_graph
    from .validate import validate_graph

    result = validate_graph(read_graph(graph_path))
    for line in result.violations:
        click.echo(f"violation: {line}")
    if show_warnings:
        for line in result.warnings:
            click.echo(f"warning: {line}")
    click.echo(f"{graph_path}: {'conforms' if result.conforms else 'does not conform'}; "
               f"{len(result.violations)} violation(s), {len(result.warnings)} warning(s)", err=True)
    if not result.conforms:
        sys.exit(1)


@main.command("extract", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(("table", "json"), default="table")
def extract_command(paths: tuple[Path, ...], fmt: str) -> None:
    """Extract meetings, chairs, principles, responsibilities and measures from PATHS."""
    from .pipeline import extract_paths
    from .tables import render_rows

    records = extract_paths(paths)
    if fmt == "json":
        click.echo(json.dumps({"documents": [r.to_contract() for r in records]}, ensure_ascii=False, indent=1))
        return
    for record in records:
        for meeting in record.meetings:
            chair = f"{meeting.chair.name} ({'、'.join(meeting.chair.posts)})" if meeting.chair else "—"
            click.echo(f"\n{record.source} · {meeting.date} · {meeting.organizer} · {meeting.area.name} "
                       f"({meeting.area.adcode or 'no code'}) · {meeting.kind}\n  chair: {chair}"
                       f"\n  principles: {'、'.join(p.label for p in meeting.principles) or '—'}")
            rows = [{"span": f"{m.span[0]}-{m.span[1]}", "measure": m.text, "sectors": m.sectors,
                     "owners": [o.name for o in m.owners]} for m in meeting.measures]
            click.echo(render_rows(rows, ["span", "measure", "sectors", "owners"]))
        click.echo(f"\ndropped clauses: {dict(sorted(record.dropped.items()))}")


@main.command("evaluate", context_settings=CONTEXT)
@click.argument("gold_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--raw", "raw_dir", type=click.Path(path_type=Path), default=Path("data/raw"), show_default=True,
              help="Folder holding the documents the gold files name.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_command(gold_files: tuple[Path, ...], raw_dir: Path, as_json: bool) -> None:
    """Score the extractor against hand annotations (GOLD.json) and list what it missed or invented."""
    from .evaluate import evaluate_files, format_evaluation

    evaluation = evaluate_files(gold_files, raw_dir)
    click.echo(json.dumps(evaluation.as_dict(), ensure_ascii=False, indent=1) if as_json else format_evaluation(evaluation))

