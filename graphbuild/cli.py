"""The `graphbuild` command: thin commands that parse options and call the library.

Conventions every command follows: a graph file's format comes from its suffix; `-` is standard
input or output; IRIs print as CURIEs (`gbid:measure/…`) in tables and every option taking an IRI
accepts `<IRI>`, a plain IRI or a CURIE; an error is one line naming the file and the reason.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import GraphbuildError, QueryError

CONTEXT = {"help_option_names": ["-h", "--help"]}
DEFAULT_GRAPH = Path("build/graph.ttl")
EXIT_SKIPPED = 3  # `build --keep-going` wrote the graph but left documents out
LARGE_CORPUS_BYTES = 400_000  # above this the default in-memory build is much slower than Oxigraph's
MEMORY_VS_OXIGRAPH = 11  # measured: 97 documents, 376k triples: 78.8 s in memory, 7.1 s with --store oxigraph


class _Group(click.Group):
    """Turns library errors and failed file operations into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GraphbuildError as error:
            raise click.ClickException(str(error)) from error
        except OSError as error:
            where = error.filename or "output"
            raise click.ClickException(f"{where}: {error.strerror or error}") from error


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="graphbuild")
def main() -> None:
    """Build and query a knowledge graph of air-pollution responsibilities (大气污染防治责任)."""
    import logging

    # The library's warnings (an impossible date dropped, …): one line each on stderr.
    logging.basicConfig(format="warning: %(message)s", level=logging.WARNING)


def max_chars_option(func):
    """`--max-chars`: the longest document accepted (its memory grows with its length)."""
    from .read import MAX_CHARS

    return click.option(
        "--max-chars",
        type=click.IntRange(1),
        default=MAX_CHARS,
        show_default=True,
        help="Refuse a document longer than this many characters (see README, Size: memory per input MB).",
    )(func)


def format_option(choices: tuple[str, ...] = ("table", "markdown", "csv", "tsv", "json"), default: str = "table"):
    """The shared `--format` option; its help names exactly the choices it has."""
    people = [c for c in choices if c in ("table", "markdown", "html", "text")]
    programs = [c for c in choices if c not in people]
    words = "; ".join(
        x
        for x in (
            "/".join(people) + " for people" if people else "",
            "/".join(programs) + " for programs" if programs else "",
        )
        if x
    )

    def decorator(func):
        return click.option(
            "--format", "fmt", type=click.Choice(choices), default=default, show_default=True, help=words + "."
        )(func)

    return decorator


def graph_option(func):
    return click.option(
        "--graph",
        "graph_path",
        type=click.Path(path_type=Path, allow_dash=True),
        default=DEFAULT_GRAPH,
        show_default=True,
        help="Graph file written by `graphbuild build` (format from its suffix; - reads Turtle from stdin).",
    )(func)


def output_option(default: Path | None, what: str):
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, allow_dash=True, dir_okay=False),
        default=default,
        show_default=default is not None,
        help=f"Where to write {what}; - for standard output.",
    )


def wide_option(func):
    return click.option("--wide", is_flag=True, help="Full IRIs and cells in tables (default: CURIEs, cells clipped).")(
        func
    )


# --- build, validate, extract, evaluate ---------------------------------------------------------


@main.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@output_option(DEFAULT_GRAPH, "the graph (its suffix sets the format: .ttl, .nt, .jsonld …)")
@click.option(
    "--format", "fmt", type=click.Choice(["turtle", "jsonld", "nt"]), default=None, help="Default: from the suffix."
)
@click.option("--infer/--no-infer", default=True, show_default=True, help="Apply the duty-principle rules.")
@click.option("--validate/--no-validate", "check", default=True, show_default=True, help="Check before writing.")
@click.option(
    "--store",
    "store_spec",
    default=None,
    help="oxigraph:PATH builds into an Oxigraph store on disk (large corpora; checks are the SPARQL "
    "queries under queries/checks instead of SHACL).",
)
@click.option(
    "--keep-going",
    is_flag=True,
    help=f"Skip a document that cannot be used (one line each) and build the rest; exit {EXIT_SKIPPED} if any was.",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="With --store: where each document's triples are kept between builds "
    "(default $XDG_CACHE_HOME/graphbuild, else ~/.cache/graphbuild).",
)
@click.option("--no-cache", is_flag=True, help="With --store: neither read nor write the per-document cache.")
@click.option(
    "--rebuild",
    is_flag=True,
    help="With --store: build the store anew instead of updating it (adding, replacing and removing "
    "documents so that it holds exactly PATHS).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress and no stage lines.")
@max_chars_option
@click.pass_context
def build_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output: Path,
    fmt: str | None,
    infer: bool,
    check: bool,
    store_spec: str | None,
    cache_dir: Path | None,
    no_cache: bool,
    rebuild: bool,
    keep_going: bool,
    quiet: bool,
    max_chars: int,
) -> None:
    """Build the responsibility graph of PATHS (files or folders; default data/raw; - for stdin).

    Each stage (read and extract, build RDF, rules, validate, write, load) shows progress on a
    terminal and prints one line with its time. Without --keep-going the first unusable document
    stops the build and nothing is written.

    With --store oxigraph:PATH an existing store built by this version is updated in place: only
    new or changed documents are processed, missing ones removed (--rebuild builds it anew); the
    graph file is written only when -o is given.
    """
    from .graphio import check_output_path, format_of
    from .progress import StageLog
    from .read import expand_paths
    from .store import parse_store_spec

    paths = paths or (Path("data/raw"),)
    store = parse_store_spec(store_spec)
    if store.kind == "oxigraph" and ctx.get_parameter_source("output") is click.core.ParameterSource.DEFAULT:
        output = None
    chosen = format_of(output, fmt) if output is not None else None
    if output is not None:
        check_output_path(output)
    stages = StageLog(quiet=quiet)
    skipped: list | None = [] if keep_going else None
    files = expand_paths(paths)
    if store.kind == "oxigraph":
        if chosen not in (None, "nt", "turtle"):
            raise GraphbuildError(f"{output}: --store oxigraph writes N-Triples (.nt or .ttl), not {chosen}")
        from .cache import default_cache_dir

        cache = None if no_cache else (cache_dir or default_cache_dir())
        size = _build_oxigraph(paths, store.path, output, infer, check, stages, skipped, max_chars, cache, not rebuild)
        written = f"{output} (N-Triples) and " if output is not None else ""
        click.echo(f"wrote {written}{store.path} ({size} triples)", err=True)
    else:
        _suggest_oxigraph(files, quiet)
        graph = _build_in_memory(paths, output, chosen, infer, check, stages, skipped, max_chars)
        click.echo(f"wrote {output} ({len(graph)} triples)", err=True)
    _report_skipped(skipped, len(files))


def _suggest_oxigraph(files: list[Path], quiet: bool) -> None:
    size = sum(p.stat().st_size for p in files if p.is_file())
    if size > LARGE_CORPUS_BYTES and not quiet:
        click.echo(
            f"hint: {len(files)} documents ({size // 1000} kB); --store oxigraph:PATH builds this about "
            f"{MEMORY_VS_OXIGRAPH} times faster than the default in-memory store",
            err=True,
        )


def _build_in_memory(paths, output: Path, fmt: str, infer: bool, check: bool, stages, skipped, max_chars: int):
    from .graphio import write_graph
    from .pipeline import build_from_paths

    graph = build_from_paths(paths, infer=infer, stages=stages, skipped=skipped, max_chars=max_chars)
    if check:
        with stages.stage("validate (SHACL)"):
            _fail_on_violations(graph, output)
    with stages.stage("write"):
        write_graph(graph, output, fmt)
    return graph


def _build_oxigraph(
    paths, location: Path, output: Path | None, infer: bool, check: bool, stages, skipped, max_chars: int,
    cache: Path | None, update: bool,
) -> int:
    from .pipeline import build_into_oxigraph

    return build_into_oxigraph(
        paths, location, output, infer, check, stages=stages, skipped=skipped, max_chars=max_chars,
        cache_dir=cache, update=update,
    )


def _report_skipped(skipped: list | None, total: int) -> None:
    if not skipped:
        return
    for error in skipped:
        click.echo(f"skipped {error}", err=True)
    click.echo(f"skipped {len(skipped)} of {total} document(s); the graph holds the rest", err=True)
    sys.exit(EXIT_SKIPPED)


def _fail_on_violations(graph, label: Path) -> None:
    from .validate import validate_graph

    result = validate_graph(graph)
    if not result.conforms:
        for line in result.violations[:20]:
            click.echo(f"  {line}", err=True)
        raise click.ClickException(
            f"{label}: graph violates {len(result.violations)} SHACL constraint(s); nothing written"
        )


@main.command("validate")
@click.argument("graph_file", required=False, type=click.Path(path_type=Path, allow_dash=True))
@graph_option
@click.option("--warnings/--no-warnings", "show_warnings", default=False, help="List coverage-gap warnings too.")
def validate_command(graph_file: Path | None, graph_path: Path, show_warnings: bool) -> None:
    """Check a graph (GRAPH_FILE or --graph) against the SHACL shapes; exit 1 on any violation."""
    from .graphio import read_graph
    from .validate import validate_graph

    graph_path = graph_file or graph_path
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


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@format_option(("table", "json"), default="table")
@max_chars_option
def extract_command(paths: tuple[Path, ...], fmt: str, max_chars: int) -> None:
    """Extract meetings (chairs, principles, responsibilities, measures) or plans (tasks with owners'
    roles and deadlines, targets) from PATHS (- for stdin)."""
    from .pipeline import extract_paths
    from .reports import extraction_text

    records = extract_paths(paths, max_chars=max_chars)
    if fmt == "json":
        click.echo(json.dumps({"documents": [r.to_contract() for r in records]}, ensure_ascii=False, indent=1))
    else:
        click.echo(extraction_text(records))


@main.command("evaluate")
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


# --- reading a store: report, query, explain, render ------------------------------------------


def store_options(func):
    """`--graph`, `--store`, `--endpoint` and `--graph-iri`: where queries and reports read from."""
    func = click.option(
        "--graph-iri", default=None, help="With --endpoint: query this named graph (e.g. the one `push` wrote)."
    )(func)
    func = click.option("--endpoint", default=None, help="A SPARQL 1.1 endpoint URL to query instead.")(func)
    func = click.option(
        "--store",
        "store_spec",
        default=None,
        help="memory (rdflib, default) or oxigraph:PATH (loaded from --graph when empty).",
    )(func)
    return graph_option(func)


def _open(store_spec: str | None, endpoint: str | None, graph_path: Path, graph_iri: str | None, need_content=True):
    """The store the options name; with `need_content`, an error when it holds no directive or measure."""
    from .store import open_store, require_content

    if graph_iri and not endpoint:
        raise click.UsageError("--graph-iri scopes an --endpoint; a graph file or store is one graph already")
    store = open_store(store_spec, endpoint, graph_path, graph_iri)
    if need_content:
        require_content(store, endpoint or store_spec or str(graph_path))
    return store


def _echo(text: str, output: Path | None) -> None:
    """Text to standard output or to a file (written whole or not at all)."""
    from .graphio import atomic_write_bytes

    if output is None or str(output) == "-":
        click.echo(text)
    else:
        atomic_write_bytes(output, (text + "\n").encode("utf-8"))
        click.echo(f"wrote {output}", err=True)


@main.command("report")
@click.argument("which", type=click.Choice(["gaps", "owners", "coverage", "area", "deadlines", "targets", "all"]))
@click.argument("name", required=False)
@store_options
@format_option(("table", "markdown", "csv", "tsv", "json", "html"))
@output_option(None, "the report (default: standard output)")
@wide_option
@click.option("--fail-on-gaps", is_flag=True, help="Exit 1 when any measure has no owner at all (for checks).")
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="deadlines: only tasks due on or overdue by this day (YYYY-MM-DD).",
)
@click.option("--area", "area", default=None, help="gaps, owners, coverage, deadlines: only this area (its name).")
@click.option("--sector", "sector", default=None, help="gaps, owners, coverage: only this sector code (IND, DUST …).")
@click.option("--owner", "owner", default=None, help="gaps, owners: only this owner (its name).")
@click.option(
    "--top",
    "top",
    type=click.IntRange(min=1),
    default=None,
    help="owners: only the N carrying the most duties (within --area/--sector when given).",
)
def report_command(
    which: str,
    name: str | None,
    graph_path: Path,
    store_spec: str | None,
    endpoint: str | None,
    graph_iri: str | None,
    fmt: str,
    output: Path | None,
    wide: bool,
    fail_on_gaps: bool,
    as_of,
    area: str | None,
    sector: str | None,
    owner: str | None,
    top: int | None,
) -> None:
    """Reports: measures without owner or lead (gaps), owner load by role (owners), area × sector coverage,
    one area, task deadlines (deadlines), quantified targets (targets); `all --format html -o report.html`
    writes every report on one offline page with charts. gaps, owners and coverage read the analytics the
    build computed, bound to --area, --sector, --owner."""
    from .reports import Bounds

    if as_of is not None and which not in ("deadlines", "all"):
        raise click.UsageError("--as-of applies to `report deadlines` only")
    if fmt == "html" and which != "all":
        raise click.UsageError("--format html is the page of all reports: `graphbuild report all --format html`")
    bounds = Bounds(area, sector, owner)
    if which == "deadlines" and (sector or owner):
        raise click.UsageError("`report deadlines` takes --area only")
    if bounds != Bounds() and which not in ("gaps", "owners", "coverage", "deadlines"):
        raise click.UsageError("--area, --sector, --owner apply to `report gaps|owners|coverage`; --area to deadlines")
    if owner is not None and which == "coverage":
        raise click.UsageError("--owner applies to `report gaps|owners`")
    if top is not None and which != "owners":
        raise click.UsageError("--top applies to `report owners`")
    store = _open(store_spec, endpoint, graph_path, graph_iri)
    if which in ("gaps", "owners", "coverage"):
        _bound_report(store, which, bounds, fmt, output, wide, fail_on_gaps, top)
        return
    day = as_of.date() if as_of else None
    if which in ("area", "targets") or (which == "deadlines" and area is not None):
        _store_report(store, which, area if which == "deadlines" else name, fmt, output, wide, day)
        return
    if which == "deadlines" and (source := _analytics_store(store)) is not None:
        _deadlines_streamed(source, fmt, output, wide, day)
        return
    _whole_report(store, which, name, fmt, output, wide, fail_on_gaps, day, endpoint or store_spec or graph_path.name)


def _store_report(store, which: str, name: str | None, fmt: str, output: Path | None, wide: bool, as_of) -> None:
    """One area, one area's deadlines or the targets, read from the store with their own queries
    (no projection of the whole graph)."""
    from . import reports
    from .tables import render_rows

    if which == "area":
        rows, columns = reports.area_rows_from_store(store, name)
    elif which == "deadlines":
        rows, columns = reports.deadlines_rows_in_area(store, name, as_of)
    else:
        rows, columns = reports.targets_rows_from_store(store)
    _echo(render_rows(rows, columns, fmt, wide=wide), output)


def _deadlines_streamed(store, fmt: str, output: Path | None, wide: bool, as_of) -> None:
    """The whole deadline report area by area (`reports.deadline_rows_streamed`): CSV, TSV and JSON
    rows written as they come, a table once every row is in."""
    from . import reports
    from .tables import render_rows

    rows = reports.deadline_rows_streamed(store, as_of)
    if fmt in ("csv", "tsv", "json"):
        _stream_rows(rows, reports.DEADLINE_COLUMNS, fmt, output)
    else:
        _echo(render_rows(list(rows), reports.DEADLINE_COLUMNS, fmt, wide=wide), output)


def _analytics_store(store):
    """The store to read analytics from: a graph file's rdflib graph is copied into Oxigraph in memory
    (rdflib's engine is slow on these joins) and given analytics when it has none; None for a store
    without analytics that cannot take them (an old store, an endpoint): the caller projects instead."""
    from .analytics import add_analytics, has_analytics
    from .store import OxigraphStore, RdflibStore

    if isinstance(store, RdflibStore):
        copy = OxigraphStore()
        copy.load_graph(store.graph)
        if not has_analytics(copy):
            add_analytics(copy)
        return copy
    return store if has_analytics(store) else None


def _bound_report(
    store, which: str, bounds, fmt: str, output: Path | None, wide: bool, fail_on_gaps: bool, top: int | None = None
) -> None:
    """gaps, owners or coverage from the analytics (or, without them, from the projected graph);
    `top`: the owners' first rows only."""
    from . import reports
    from .tables import render_rows

    source = _analytics_store(store)
    if source is None:
        from .projection import project

        click.echo(
            "note: this graph holds no analytics (built before them?); computing the report from the "
            "whole graph, which is slow on a large one: rebuild it to add them",
            err=True,
        )
        rows, columns = reports.bounded_rows_from_projection(project(store), which, bounds)
        rows = rows[:top] if top is not None else rows
    elif which == "gaps":
        stream = reports.gap_rows_streamed(source, bounds)
        if fmt in ("csv", "tsv", "json"):
            counts = [0, 0]
            _stream_rows(_counted(stream, counts), reports.GAP_COLUMNS, fmt, output)
            _gap_summary((counts[0], counts[1]), fail_on_gaps)
            return
        rows, columns = reports.in_table_order(stream), reports.GAP_COLUMNS
    elif which == "owners":
        rows, columns = reports.owner_rows_from_analytics(source, bounds, top), reports.OWNER_COLUMNS
    else:
        rows, columns = reports.coverage_rows_from_analytics(source, bounds)
    _echo(render_rows(rows, columns, fmt, wide=wide), output)
    if which == "gaps":
        _gap_summary(reports.gap_summary(rows), fail_on_gaps)


def _gap_summary(gaps: tuple[int, int], fail_on_gaps: bool) -> None:
    click.echo(f"{gaps[0]} gap(s) (owners, leads, support-only units); {gaps[1]} with no owner at all", err=True)
    if fail_on_gaps and gaps[1]:
        sys.exit(1)


def _stream_rows(rows, columns: list[str], fmt: str, output: Path | None) -> None:
    """Write rows as they come (CSV, TSV or JSON, the same text `render_rows` gives for the whole list):
    to standard output at once, or to a temporary file renamed into place at the end."""
    from .reports import row_lines

    with _atomic_text(output) as out:
        for line in row_lines(rows, columns, fmt):
            out.write(line)
    if output is not None and str(output) != "-":
        click.echo(f"wrote {output}", err=True)


@contextlib.contextmanager
def _atomic_text(output: Path | None):
    """A text stream: standard output (flushed line by line), or a temporary file beside `output`
    renamed into place when the block ends without error (removed when it fails)."""
    import tempfile

    from .graphio import check_output_path, remove_stale_temporaries

    if output is None or str(output) == "-":
        yield _Flushing(sys.stdout)
        return
    check_output_path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(output)
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.{os.getpid()}.", suffix=".tmp", dir=output.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            yield out
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class _Flushing:
    """Standard output that flushes each write, so that a reader sees each row at once."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()


def _counted(rows, counts: list[int]):
    for row in rows:
        counts[0] += 1
        counts[1] += row["grade"] == "no owner"
        yield row


def _whole_report(store, which, name, fmt, output, wide, fail_on_gaps, day, title) -> None:
    """The whole deadline report and `report all`: from the analytics when the store has them (each
    report read as its own command reads it), else from the whole graph projected into NetworkX;
    the page (`all --format html`) always from the projection, whose charts draw the graph."""
    from .reports import all_rows, all_rows_from_analytics, gap_summary, report_rows
    from .tables import render_rows

    source = _analytics_store(store) if fmt != "html" and which == "all" else None
    if source is not None:
        texts = all_rows_from_analytics(source, day)
    else:
        from .projection import project

        graph = project(store)
        if fmt == "html":
            from .report_page import report_page

            _echo(report_page(graph, title=f"graphbuild report · {title}"), output)
            return
        texts = all_rows(graph, day) if which == "all" else [(which, *report_rows(graph, which, name, day))]
    gaps = next((gap_summary(rows) for report, rows, _ in texts if report == "gaps"), None)
    if fmt == "json" and which == "all":
        body = json.dumps(
            {r: [{c: row.get(c) for c in cols} for row in rows] for r, rows, cols in texts},
            ensure_ascii=False,
            indent=2,
        )
    else:
        body = "\n\n".join(
            (f"# {report}\n" if which == "all" else "") + render_rows(rows, columns, fmt, wide=wide)
            for report, rows, columns in texts
        )
    _echo(body, output)
    if gaps is not None:
        _gap_summary(gaps, fail_on_gaps)


def parse_bindings(binds: tuple[str, ...] | list[str]) -> dict:
    """`var=value` pairs: `<IRI>`, a plain http(s) IRI or a project CURIE (`gbid:measure/…`) is an IRI;
    text with Chinese characters a `@zh` literal (as every Chinese label in the graph is); anything
    else a plain literal.

    >>> b = parse_bindings(["areaName=绵竹市", "m=<https://example.org/x>", "n=gbid:measure/1"])
    >>> b["m"], b["areaName"].language, str(b["n"])
    (rdflib.term.URIRef('https://example.org/x'), 'zh', 'https://w3id.org/graphbuild/id/measure/1')
    """
    from rdflib import URIRef

    from .namespace import expand
    from .queries import text_literal

    bindings: dict = {}
    for bind in binds:
        if "=" not in bind:
            raise QueryError(f"--bind {bind!r}: write VAR=VALUE")
        var, value = bind.split("=", 1)
        var = var.strip().lstrip("?$")
        if not var.isidentifier():
            raise QueryError(f"--bind {bind!r}: {var!r} is not a variable name")
        iri = expand(value)
        if iri is not None:
            bindings[var] = URIRef(_checked_iri(bind, iri))
        else:
            bindings[var] = text_literal(value)
    return bindings


def _checked_iri(bind: str, iri: str) -> str:
    """The IRI if every store can take it (Oxigraph's parser decides: RFC 3987), else a QueryError.

    >>> _checked_iri("m=<a b>", "a b")
    Traceback (most recent call last):
    graphbuild.errors.QueryError: --bind 'm=<a b>': not a valid IRI (Invalid IRI code point ' ')
    """
    import pyoxigraph as ox

    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise QueryError(f"--bind {bind!r}: not a valid IRI ({error})") from error
    return iri


def _check_bindings(bindings: dict, text: str, label: str, declared: tuple[str, ...] = ()) -> None:
    """An error for a bound name the query does not use, naming the variables it has."""
    from .queries import query_variables

    variables = query_variables(text)
    unknown = [name for name in bindings if name not in variables]
    if unknown:
        listed = f"variables: {' '.join(f'?{v}' for v in variables)}"
        if declared:
            listed = f"parameters: {' '.join(f'?{v}' for v in declared)}; {listed}"
        raise QueryError(f"--bind {unknown[0]}: {label} has no variable ?{unknown[0]} ({listed})")


def _query_text(file: Path | None, expression: str | None, name: str | None) -> tuple[str, str, tuple[str, ...]]:
    """The query's text (prefixes in front), a label for messages, and its declared parameters."""
    from .queries import named_query, with_prefixes

    given = [x for x in (file, expression, name) if x]
    if len(given) != 1:
        raise click.UsageError("give exactly one of FILE, -e/--expression or --name")
    if name:
        query = named_query(name)
        return query.text, f"query {query.short_name}", query.parameters
    if expression:
        return with_prefixes(expression), "the query", ()
    if str(file) == "-":
        return with_prefixes(sys.stdin.read()), "the query on standard input", ()
    try:
        return with_prefixes(Path(file).read_text(encoding="utf-8")), str(file), ()
    except FileNotFoundError:
        raise GraphbuildError(f"{file}: no such query file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise GraphbuildError(f"{file}: cannot read the query ({error})") from error


def _is_empty(answer) -> bool:
    from rdflib import Graph

    if isinstance(answer, bool):
        return not answer
    return len(answer) == 0 if isinstance(answer, Graph) else not answer.rows


def _note_if_no_content(store, where: str) -> None:
    """An empty answer from a store without any directive or measure: say where the graph may be."""
    from .store import require_content

    try:
        require_content(store, where)
    except GraphbuildError as error:
        click.echo(f"note: {error}", err=True)


@main.command("query")
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False, allow_dash=True))
@click.option("-e", "--expression", default=None, help="SPARQL text to run (the project's prefixes are declared).")
@click.option("--name", default=None, help="A named query under ontology/queries/ (see --list).")
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="VAR=VALUE",
    help="Bind a variable (repeatable): <IRI>, an http(s) IRI or a CURIE binds an IRI, anything else text.",
)
@click.option("--list", "list_only", is_flag=True, help="List the named queries.")
@store_options
@format_option()
@output_option(None, "the answer (a CONSTRUCT's graph in the suffix's format)")
@wide_option
def query_command(
    file: Path | None,
    expression: str | None,
    name: str | None,
    binds: tuple[str, ...],
    list_only: bool,
    graph_path: Path,
    store_spec: str | None,
    endpoint: str | None,
    graph_iri: str | None,
    fmt: str,
    output: Path | None,
    wide: bool,
) -> None:
    """Run a SPARQL query (FILE.rq, - for stdin, -e TEXT or --name NAME) with bound parameters.

    SELECT prints rows; ASK prints true or false and exits 0 or 1; CONSTRUCT and DESCRIBE write
    an RDF document (Turtle, or the format of -o FILE's suffix).
    """
    from rdflib import Graph

    from .queries import list_queries
    from .tables import render_rows

    if list_only:
        rows = [
            {"name": q.short_name, "path": q.name, "title": q.title, "parameters": list(q.parameters)}
            for q in list_queries()
        ]
        _echo(render_rows(rows, ["name", "path", "title", "parameters"], fmt, wide=wide), output)
        return
    text, label, declared = _query_text(file, expression, name)
    bindings = parse_bindings(binds)
    _check_bindings(bindings, text, label, declared)
    store = _open(store_spec, endpoint, graph_path, graph_iri, need_content=bool(name))
    answer = store.run(text, bindings)
    if not name and _is_empty(answer):
        _note_if_no_content(store, endpoint or store_spec or str(graph_path))
    if isinstance(answer, bool):
        _echo("true" if answer else "false", output)
        sys.exit(0 if answer else 1)
    if isinstance(answer, Graph):
        from .graphio import write_graph

        write_graph(answer, output or "-")
        return
    _echo(render_rows(answer.as_python(text), answer.variables, fmt, wide=wide), output)


@main.command("explain")
@click.argument("target")
@store_options
@format_option(("text", "json"), default="text")
def explain_command(
    target: str, graph_path: Path, store_spec: str | None, endpoint: str | None, graph_iri: str | None, fmt: str
) -> None:
    """Why owners carry a measure, what an owner or person carries and why, or why a measure has no
    owner. TARGET: words of a measure or a name, or an IRI (<IRI>, https://… or a CURIE gbid:…);
    words matching several nodes list them to pick one from (exit 1)."""
    from .explain import AmbiguousTargetError, explain, explain_lines

    store = _open(store_spec, endpoint, graph_path, graph_iri)
    try:
        explanation = explain(store, target)
    except AmbiguousTargetError as ambiguous:
        if fmt == "json":
            click.echo(json.dumps([c.__dict__ for c in ambiguous.candidates], ensure_ascii=False, indent=1))
        else:
            for candidate in ambiguous.candidates:
                click.echo(f"{candidate.kind:8} {candidate.curie}  {candidate.label}")
        raise
    if fmt == "json":
        click.echo(json.dumps(explanation.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(explain_lines(explanation)))


@main.command("render")
@store_options
@output_option(Path("build/graph.html"), "the page")
@click.option("--area", default=None, help="Only this area's measures and their owners.")
@click.option("--sector", default=None, help="Only measures of this sector code (IND, MOB, DUST …).")
@click.option("--focus", default=None, help="Only the neighbourhood of this node (IRI or CURIE) …")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10), help="… up to this many steps.")
def render_command(
    graph_path: Path,
    store_spec: str | None,
    endpoint: str | None,
    graph_iri: str | None,
    output: Path,
    area: str | None,
    sector: str | None,
    focus: str | None,
    depth: int,
) -> None:
    """Write an interactive, offline HTML view of the responsibility graph."""
    from .namespace import expand
    from .projection import project
    from .render import AGGREGATE_ABOVE, select_subgraph, view_title, write_html

    full = project(_open(store_spec, endpoint, graph_path, graph_iri))
    focus_iri = expand(focus) if focus else None
    graph = select_subgraph(full, area, sector, focus_iri or focus, depth)
    source = endpoint or store_spec or graph_path.name
    write_html(graph, output, title=view_title(source, area, sector, focus, depth))
    summary = ""
    if graph.number_of_nodes() > AGGREGATE_ABOVE:
        summary = "; too many to draw, so the page shows areas → sectors (use --area, --sector or --focus)"
    click.echo(f"wrote {output} ({graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges{summary})", err=True)


# --- serving and pushing --------------------------------------------------------------------------


@main.command("serve")
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
    """Serve the graph as a read-only SPARQL endpoint (Oxigraph) at http://HOST:PORT/query, with a
    query page (YASGUI) at http://HOST:PORT/."""
    from .diskstore import open_for_reading
    from .server import exec_server, oxigraph_binary, prepare_location, serve_command_line
    from .store import parse_store_spec

    oxigraph_binary()  # fails before any loading when the server is missing
    store_spec_parsed = parse_store_spec(store_spec)
    if store_spec_parsed.kind == "oxigraph":
        location = store_spec_parsed.path
    else:
        location = prepare_location(graph_path, Path("build/oxigraph-serve"))
    command = serve_command_line(location, host, port, allow_remote, timeout_s)
    # A completed store only, held under the shared lock for as long as the server runs: a build
    # waits for it, and the server never reads a store being swapped.
    store = open_for_reading(location, None)
    store.lock.keep_across_exec()
    del store.store
    click.echo(
        f"serving {location} read-only at http://{host}:{port}/query (query page: http://{host}:{port}/; "
        f"query timeout {timeout_s} s)",
        err=True,
    )
    exec_server(command)


@main.command("push")
@graph_option
@click.option("--endpoint", required=True, help="The server's SPARQL query endpoint (…/query).")
@click.option("--graph-iri", required=True, help="The named graph to replace.")
@click.option("--gsp", default=None, help="Graph Store Protocol URL (default: the endpoint with /query → /store).")
@click.option("--user", default=None, help="Login for a server that asks; password from $GRAPHBUILD_PASSWORD.")
def push_command(graph_path: Path, endpoint: str, graph_iri: str, gsp: str | None, user: str | None) -> None:
    """Replace a named graph on a SPARQL 1.1 server with the built graph (Graph Store Protocol PUT;
    the Content-Type follows the file's suffix)."""
    from .server import push_graph, store_url

    credentials = None
    if user:
        password = os.environ.get("GRAPHBUILD_PASSWORD")
        if password is None:
            raise GraphbuildError("--user needs the password in the environment variable GRAPHBUILD_PASSWORD")
        credentials = (user, password)
    push_graph(graph_path, gsp or store_url(endpoint), graph_iri, credentials=credentials)
    click.echo(f"pushed {graph_path} to <{graph_iri}> at {gsp or store_url(endpoint)}", err=True)


if __name__ == "__main__":
    main()
