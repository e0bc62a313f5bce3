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
    import logging

    # The library's warnings (an impossible date dropped, …): one line each on stderr.
    logging.basicConfig(format="warning: %(message)s", level=logging.WARNING)


def max_chars_option(func):
    """`--max-chars`: the longest document accepted (its memory grows with its length)."""
    from .pipeline import MAX_CHARS

    return click.option(
        "--max-chars",
        type=click.IntRange(1),
        default=MAX_CHARS,
        show_default=True,
        help="Refuse a document longer than this many characters (see README, Size: memory per input MB).",
    )(func)


def format_option(choices: tuple[str, ...] = ("table", "markdown", "csv", "tsv", "json"), default: str = "table"):
    """The shared `--format` option."""

    def decorator(func):
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=default,
            show_default=True,
            help="table/markdown for people; csv/tsv/json for programs.",
        )(func)

    return decorator


def graph_option(func):
    return click.option(
        "--graph",
        "graph_path",
        type=click.Path(path_type=Path),
        default=DEFAULT_GRAPH,
        show_default=True,
        help="Graph file written by `graphbuild build`.",
    )(func)


def _progress_bar(total: int, label: str):
    """A progress bar on stderr for a run over several documents (silent for one)."""
    import contextlib

    if total <= 1:
        return contextlib.nullcontext(_Silent())
    return click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True)


class _Silent:
    def update(self, _: int) -> None:
        """Nothing to show for a single document."""


@main.command("build", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=DEFAULT_GRAPH, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["turtle", "jsonld", "nt"]), default="turtle", show_default=True)
@click.option("--infer/--no-infer", default=True, show_default=True, help="Apply the duty-principle rules.")
@click.option("--validate/--no-validate", "check", default=True, show_default=True, help="Check before writing.")
@click.option(
    "--store",
    "store_spec",
    default=None,
    help="oxigraph:PATH builds into an Oxigraph store on disk (large corpora; checks are the SPARQL "
    "queries under queries/checks instead of SHACL).",
)
@max_chars_option
def build_command(
    paths: tuple[Path, ...],
    output: Path,
    fmt: str,
    infer: bool,
    check: bool,
    store_spec: str | None,
    max_chars: int,
) -> None:
    """Build the responsibility graph of PATHS (files or folders; default data/raw)."""
    from .read import expand_paths

    paths = paths or (Path("data/raw"),)
    if store_spec not in (None, "memory", "rdflib") and not store_spec.startswith("oxigraph:"):
        raise click.ClickException(f"unknown store {store_spec!r} (use memory or oxigraph:PATH)")
    total = len(expand_paths(paths))
    if store_spec and store_spec.startswith("oxigraph:"):
        _build_oxigraph(paths, Path(store_spec.split(":", 1)[1]), output, infer, check, total, max_chars)
        return
    from .graphio import check_output_path, write_graph
    from .pipeline import build_from_paths

    check_output_path(output)
    with _progress_bar(total, "extracting") as bar:
        graph = build_from_paths(paths, infer=infer, progress=lambda _: bar.update(1), max_chars=max_chars)
    if check:
        _fail_on_violations(graph, output)
    write_graph(graph, output, fmt)
    click.echo(f"wrote {output} ({len(graph)} triples)", err=True)


def _build_oxigraph(
    paths, location: Path, output: Path, infer: bool, check: bool, total: int, max_chars: int
) -> None:
    from .graphio import check_output_path
    from .pipeline import build_into_oxigraph

    check_output_path(output)
    with _progress_bar(total, "extracting") as bar:
        size = build_into_oxigraph(
            paths, location, output, infer, check, progress=lambda _: bar.update(1), max_chars=max_chars
        )
    click.echo(f"wrote {output} (sorted N-Triples) and {location} ({size} triples)", err=True)


def _fail_on_violations(graph, label: Path) -> None:
    from .validate import validate_graph

    result = validate_graph(graph)
    if not result.conforms:
        for line in result.violations[:20]:
            click.echo(f"  {line}", err=True)
        raise click.ClickException(
            f"{label}: graph violates {len(result.violations)} SHACL constraint(s); nothing written"
        )


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
    click.echo(
        f"{graph_path}: {'conforms' if result.conforms else 'does not conform'}; "
        f"{len(result.violations)} violation(s), {len(result.warnings)} warning(s)",
        err=True,
    )
    if not result.conforms:
        sys.exit(1)


@main.command("extract", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(("table", "json"), default="table")
@max_chars_option
def extract_command(paths: tuple[Path, ...], fmt: str, max_chars: int) -> None:
    """Extract meetings, chairs, principles, responsibilities and measures from PATHS."""
    from .pipeline import extract_paths
    from .tables import render_rows

    records = extract_paths(paths, max_chars=max_chars)
    if fmt == "json":
        click.echo(json.dumps({"documents": [r.to_contract() for r in records]}, ensure_ascii=False, indent=1))
        return
    for record in records:
        for meeting in record.meetings:
            chair = f"{meeting.chair.name} ({'、'.join(meeting.chair.posts)})" if meeting.chair else "—"
            click.echo(
                f"\n{record.source} · {meeting.date} · {meeting.organizer} · {meeting.area.name} "
                f"({meeting.area.adcode or 'no code'}) · {meeting.kind}\n  chair: {chair}"
                f"\n  principles: {'、'.join(p.label for p in meeting.principles) or '—'}"
            )
            rows = [
                {
                    "span": f"{m.span[0]}-{m.span[1]}",
                    "measure": m.text,
                    "sectors": m.sectors,
                    "owners": [o.name for o in m.owners],
                }
                for m in meeting.measures
            ]
            click.echo(render_rows(rows, ["span", "measure", "sectors", "owners"]))
        click.echo(f"\ndropped clauses: {dict(sorted(record.dropped.items()))}")


@main.command("evaluate", context_settings=CONTEXT)
@click.argument("gold_files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--raw",
    "raw_dir",
    type=click.Path(path_type=Path),
    default=Path("data/raw"),
    show_default=True,
    help="Folder holding the documents the gold files name.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_command(gold_files: tuple[Path, ...], raw_dir: Path, as_json: bool) -> None:
    """Score the extractor against hand annotations (GOLD.json) and list what it missed or invented."""
    from .extract.evaluate import evaluate_files, format_evaluation

    evaluation = evaluate_files(gold_files, raw_dir)
    click.echo(
        json.dumps(evaluation.as_dict(), ensure_ascii=False, indent=1) if as_json else format_evaluation(evaluation)
    )


def store_options(func):
    """`--graph`, `--store` and `--endpoint`: where queries and reports read from."""
    func = click.option("--endpoint", default=None, help="A SPARQL 1.1 endpoint URL to query instead.")(func)
    func = click.option(
        "--store",
        "store_spec",
        default=None,
        help="memory (rdflib, default) or oxigraph:PATH (loaded from --graph when empty).",
    )(func)
    return graph_option(func)


@main.command("report", context_settings=CONTEXT)
@click.argument("which", type=click.Choice(["gaps", "owners", "coverage", "area"]))
@click.argument("name", required=False)
@store_options
@format_option()
@click.option("--fail-on-gaps", is_flag=True, help="Exit 1 when any measure has no owner at all (for checks).")
def report_command(
    which: str,
    name: str | None,
    graph_path: Path,
    store_spec: str | None,
    endpoint: str | None,
    fmt: str,
    fail_on_gaps: bool,
) -> None:
    """Reports: measures without owner (gaps), owner load (owners), area × sector coverage, one area."""
    from .projection import project
    from .reports import report_rows
    from .store import open_store
    from .tables import render_rows

    graph = project(open_store(store_spec, endpoint, graph_path))
    rows, columns = report_rows(graph, which, name)
    click.echo(render_rows(rows, columns, fmt))
    if which == "gaps":
        true_gaps = sum(1 for r in rows if r["grade"] == "no owner")
        click.echo(
            f"{len(rows)} measure(s) without a specific explicit owner; {true_gaps} with no owner at all", err=True
        )
        if fail_on_gaps and true_gaps:
            sys.exit(1)


@main.command("query", context_settings=CONTEXT)
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-e", "--expression", default=None, help="SPARQL text to run (the project's prefixes are declared).")
@click.option("--name", default=None, help="A named query under ontology/queries/ (see --list).")
@click.option("--bind", "binds", multiple=True, metavar="VAR=VALUE", help="Bind a variable to a value (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries.")
@store_options
@format_option()
def query_command(
    file: Path | None,
    expression: str | None,
    name: str | None,
    binds: tuple[str, ...],
    list_only: bool,
    graph_path: Path,
    store_spec: str | None,
    endpoint: str | None,
    fmt: str,
) -> None:
    """Run a SPARQL SELECT query (FILE.rq, -e TEXT or --name NAME) with bound parameters."""
    from .queries import list_queries, named_query, with_prefixes
    from .sparqlrun import parse_bindings, rows_for_output
    from .store import open_store
    from .tables import render_rows

    if list_only:
        rows = [
            {"name": q.short_name, "path": q.name, "title": q.title, "parameters": list(q.parameters)}
            for q in list_queries()
        ]
        click.echo(render_rows(rows, ["name", "path", "title", "parameters"], fmt))
        return
    given = [x for x in (file, expression, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of FILE, -e/--expression or --name")
    if file:
        text = with_prefixes(file.read_text(encoding="utf-8"))
    elif expression:
        text = with_prefixes(expression)
    else:
        text = named_query(name).text
    result = open_store(store_spec, endpoint, graph_path).select(text, parse_bindings(binds))
    click.echo(render_rows(rows_for_output(result, text), result.variables, fmt))


@main.command("explain", context_settings=CONTEXT)
@click.argument("target")
@store_options
def explain_command(target: str, graph_path: Path, store_spec: str | None, endpoint: str | None) -> None:
    """Why owners carry a measure, or what an owner carries and why (TARGET: IRI or text)."""
    from .explain import explain
    from .store import open_store

    for line in explain(open_store(store_spec, endpoint, graph_path), target):
        click.echo(line)


@main.command("render", context_settings=CONTEXT)
@store_options
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("build/graph.html"), show_default=True)
@click.option("--area", default=None, help="Only this area's measures and their owners.")
@click.option("--sector", default=None, help="Only measures of this sector code (IND, MOB, DUST …).")
@click.option("--focus", default=None, help="Only the neighbourhood of this node IRI …")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10), help="… up to this many steps.")
def render_command(
    graph_path: Path,
    store_spec: str | None,
    endpoint: str | None,
    output: Path,
    area: str | None,
    sector: str | None,
    focus: str | None,
    depth: int,
) -> None:
    """Write an interactive, offline HTML view of the responsibility graph."""
    from .projection import project
    from .render import select_subgraph, write_html
    from .store import open_store

    graph = select_subgraph(project(open_store(store_spec, endpoint, graph_path)), area, sector, focus, depth)
    write_html(graph, output, title=f"graphbuild · {graph_path.name}")
    click.echo(f"wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)", err=True)


@main.command("serve", context_settings=CONTEXT)
@graph_option
@click.option("--store", "store_spec", default=None, help="oxigraph:PATH to serve; else --graph is loaded first.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535))
@click.option("--allow-remote", is_flag=True, help="Allow an address other than loopback.")
@click.option(
    "--timeout",
    "timeout_s",
    default=30,
    show_default=True,
    type=click.IntRange(1),
    help="Seconds a query may run before the server stops it and answers with an error.",
)
def serve_command(
    graph_path: Path, store_spec: str | None, host: str, port: int, allow_remote: bool, timeout_s: int
) -> None:
    """Serve the graph as a read-only SPARQL endpoint (Oxigraph) at http://HOST:PORT/query."""
    from .diskstore import open_for_reading
    from .server import exec_server, prepare_location, serve_command_line

    if store_spec and store_spec.startswith("oxigraph:"):
        location = Path(store_spec.split(":", 1)[1])
    elif store_spec not in (None, "memory", "rdflib"):
        raise click.ClickException(f"unknown store {store_spec!r} (use oxigraph:PATH)")
    else:
        location = prepare_location(graph_path, Path("build/oxigraph-serve"))
    command = serve_command_line(location, host, port, allow_remote, timeout_s)
    # A completed store only, held under the shared lock for as long as the server runs: a build
    # waits for it, and the server never reads a store being swapped.
    store = open_for_reading(location, None)
    store.lock.keep_across_exec()
    del store.store
    click.echo(f"serving {location} read-only at http://{host}:{port}/query (query timeout {timeout_s} s)", err=True)
    exec_server(command)


@main.command("push", context_settings=CONTEXT)
@graph_option
@click.option("--endpoint", required=True, help="The server's SPARQL query endpoint (…/query).")
@click.option("--graph-iri", required=True, help="The named graph to replace.")
@click.option("--gsp", default=None, help="Graph Store Protocol URL (default: the endpoint with /query → /store).")
def push_command(graph_path: Path, endpoint: str, graph_iri: str, gsp: str | None) -> None:
    """Replace a named graph on a SPARQL 1.1 server with the built graph (Graph Store Protocol PUT)."""
    from .server import push_graph, store_url

    push_graph(graph_path, gsp or store_url(endpoint), graph_iri)
    click.echo(f"pushed {graph_path} to <{graph_iri}> at {gsp or store_url(endpoint)}", err=True)
