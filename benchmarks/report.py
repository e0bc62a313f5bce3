"""Write the tables of benchmarks/results.json into benchmarks/README.md (between the markers),
with the section "Against the targets of issue 16": each target, the measured value, met or not.

    python benchmarks/report.py [--results benchmarks/results.json] [--print]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

HERE = Path(__file__).parent
START, END = "<!-- results:start -->", "<!-- results:end -->"
NA = "n/a on this build"
TARGET_SIZE = "10000"
STORES = (("oxigraph_disk", "Oxigraph on disk"), ("oxigraph_memory", "Oxigraph in memory"), ("virtuoso", "Virtuoso"))
BOUND = ("top-20 owners", "one area's gaps", "one area's coverage")


def _s(value: float | None, limit: float | None = None) -> str:
    if value is None:
        return f"> {limit:.0f}" if limit else "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _gb(value: int | None) -> str:
    return "—" if not value else f"{value / 1e9:.2f}"


def _n(value) -> str:
    return "—" if value is None else f"{value:,}"


def machine_line(results: dict) -> list[str]:
    m = results.get("machine", {})
    return [
        f"Measured {results.get('date', '?')} at commit {m.get('commit', '?')} (last change to the code measured: "
        f"{m.get('code_commit', '?')}): {m.get('cpu', '?')}, "
        f"{m.get('cores', '?')} cores, {m.get('memory_gib', '?')} GiB memory; Python {m.get('python')}, "
        f"rdflib {m.get('rdflib')}, pyoxigraph {m.get('pyoxigraph')}, Virtuoso {m.get('virtuoso') or '—'}. "
        f"Load average at the start {', '.join(f'{x:.1f}' for x in m.get('load_average', []))}. "
        f"Medians of {results.get('runs', '?')} runs unless a table says otherwise.",
        "",
        *[f"- {note}" for note in results.get("notes", [])],
        *([""] if results.get("notes") else []),
    ]


def features_line(results: dict) -> list[str]:
    f = results.get("features", {})
    found = [
        f"`report --area`: {'yes' if f.get('report_area') else 'no'}",
        f"a top-N option for `report owners`: {f.get('report_top') or 'no'}",
        f"a cache option for `build`: {f.get('build_cache') or 'no'}",
        f"adding in place: {f.get('add_command') or f.get('build_add') or 'no'}",
    ]
    return ["Features detected on this build (from the help texts): " + "; ".join(found) + ".", ""]


def builds(results: dict) -> list[str]:
    lines = [
        "**End-to-end build** (`graphbuild build CORPUS --store oxigraph:PATH -o graph.nt`, cold). Peak memory "
        "is sampled from /proc every 0.2 s over the whole process tree (main process and pool workers): "
        "PSS summed (shared pages divided among the processes sharing them: the memory the tree holds), "
        "RSS summed (counts pages shared by forked workers once per process: an over-statement), and the "
        "largest single process (what `/usr/bin/time -v` reports).",
        "",
        "| documents | readouts / plans / real | characters | triples | runs | build (s) | peak PSS, tree (GB) "
        "| peak RSS summed (GB) | largest process RSS (GB) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, data in _sizes(results):
        g, b = data.get("generate", {}), data.get("build")
        kinds = g.get("kinds", {})
        mix = f"{kinds.get('readout', 0):,} / {kinds.get('plan', 0):,} / {kinds.get('dev', 0)}"
        if not b:
            lines.append(f"| {int(size):,} | {mix} | {_n(g.get('chars'))} | — | — | not run | | | |")
            continue
        options = f" (`{' '.join(b['build_args'])}`)" if b.get("build_args") else ""
        lines.append(
            f"| {int(size):,}{options} | {mix} | {_n(g.get('chars'))} | {_n(b.get('triples'))} | {b['runs']} | "
            f"{_s(b['seconds'], b.get('limit'))} | "
            f"{_gb(b['peak_pss_bytes'])} | {_gb(b['peak_rss_sum_bytes'])} | {_gb(b['peak_single_rss_bytes'])} |"
        )
    lines.append("")
    for size, data in _sizes(results):
        if "build_with_checks" in data:
            lines.append(f"- {int(size):,} documents with the build's checks on: {data['build_with_checks']['note']}.")
    for size, data in _sizes(results):
        if "generate" in data:
            lines.append(
                f"- {int(size):,} documents, the extractor on the first 40 generated plans: "
                + data["generate"]["sanity_line"].removeprefix("sanity: ")
            )
    return lines + [""]


def _sizes(results: dict) -> list[tuple[str, dict]]:
    return sorted(results.get("sizes", {}).items(), key=lambda item: int(item[0]))


def _cell(report: dict | None) -> str:
    """Seconds, "> limit" when cut off, "(1 run)" when a slow first run was not repeated."""
    if report is None:
        return "—"
    if "na" in report:
        return NA
    once = " (1 run)" if report.get("seconds") is not None and len(report.get("times") or []) == 1 else ""
    return _s(report.get("seconds"), report.get("limit")) + once


def queries(results: dict) -> list[str]:
    lines = []
    for size, data in _sizes(results):
        q = data.get("queries")
        if not q:
            continue
        stores = [(key, title) for key, title in STORES if key in q]
        area = next((q[k].get("area") for k, _ in stores if q[k].get("area")), "?")
        lines += [
            f"**Reports in process at {int(size):,} documents** (the `graphbuild.reports` call the CLI makes, bound "
            f"where users ask; seconds; area: {area}, the one most generated documents are about)",
            "",
            "| report | call | rows | " + " | ".join(title for _, title in stores) + " |",
            "| --- | --- | ---: | " + " | ".join("---:" for _ in stores) + " |",
        ]
        disk = q.get("oxigraph_disk", {}).get("reports", {})
        for label, first in disk.items():
            if "na" in first:
                how = first["na"]
            else:
                bound = ", ".join(f"{k}" for k in first.get("bindings") or {})
                how = (
                    f"{first['query']}"
                    + (f" ({bound})" if bound else "")
                    + (f"; {first['note']}" if first.get("note") else "")
                )
            cells = []
            for key, _ in stores:
                if "skipped" in q[key]:
                    cells.append(q[key]["skipped"])
                else:
                    cells.append(_cell(q[key].get("reports", {}).get(label)))
            lines.append(f"| {label} | {how} | {_n(first.get('rows'))} | " + " | ".join(cells) + " |")
        loads = [
            f"{title} load {_s(q[key]['load_seconds'])} s" for key, title in stores if "load_seconds" in q.get(key, {})
        ]
        if loads:
            lines += ["", "Loading the graph.nt file: " + "; ".join(loads) + "."]
        lines.append("")
    return lines


def cli(results: dict) -> list[str]:
    lines = []
    for size, data in _sizes(results):
        c = data.get("cli")
        if not c:
            continue
        lines += [
            f"**`graphbuild report` wall time at {int(size):,} documents** (the command from start to exit, "
            "on the store on disk, CSV to /dev/null; seconds)",
            "",
            "| report | command | s |",
            "| --- | --- | ---: |",
        ]
        for label, r in c["reports"].items():
            if "na" in r:
                lines.append(f"| {label} | {NA} ({r['na']}) | — |")
            else:
                command = re.sub(r"oxigraph:\S+", "oxigraph:STORE", r["command"]).replace("|", "\\|")
                lines.append(f"| {label} | `{command}` | {_cell(r)} |")
        lines.append("")
    exports = [(size, d["export"]) for size, d in _sizes(results) if "export" in d]
    if exports:
        lines += [
            "**A whole-graph export piped** (`report gaps --store oxigraph:STORE --format csv`, read line by line): "
            "seconds to its first data row and to its last",
            "",
            "| documents | rows | first row (s) | last row (s) |",
            "| ---: | ---: | ---: | ---: |",
        ]
        for size, e in exports:
            limit = e["runs"][0].get("limit")
            rows = _n(e["rows"]) if e["last_row"] is not None else f"≥ {_n(e['rows'])} (read before the cut-off)"
            lines.append(f"| {int(size):,} | {rows} | {_s(e['first_row'], limit)} | {_s(e['last_row'], limit)} |")
        lines.append("")
    adds = [(size, d["add"]) for size, d in _sizes(results) if "add" in d]
    for size, a in adds:
        rebuild = a["rebuild"]
        warm = (
            "with the build's cache warm" if rebuild.get("warm_cache") else "no cache option detected: a full rebuild"
        )
        in_place = a["in_place"]
        in_place_text = (
            NA
            if "na" in in_place
            else f"`{_placeholders(in_place['command'])}` {_s(in_place['seconds'], in_place.get('limit'))} s"
        )
        if in_place.get("runs"):
            each = ", ".join(_s(r["seconds"]) for r in in_place["runs"])
            in_place_text += f" (median of {len(in_place['runs'])} new documents added one after another: {each} s)"
        lines += [
            f"**One document added to the {int(size):,}-document store** ({a['document']}, {a['chars']:,} characters): "
            f"the build run again over the corpus and the new document with the graph file `-o` ({warm}; the store "
            f"updated, the whole file written again) {_s(rebuild['seconds'], rebuild.get('limit'))} s; "
            f"the store alone, in place: {in_place_text}.",
            "",
        ]
    return lines


def _placeholders(command: str) -> str:
    """A benchmark command with its folders named as the README names them (CORPUS, ADDED, …)."""
    import re

    for pattern, name in ((r"\S*/corpus-\d+", "CORPUS"), (r"\S*/added", "ADDED"), (r"\S*/store", "STORE"),
                          (r"\S*/cache", "CACHE")):
        command = re.sub(pattern, name, command)
    return command


def _times_read(x: dict) -> str:
    return f" × {x['repeat']}" if x.get("repeat", 1) > 1 else ""


def extraction(results: dict) -> list[str]:
    lines = []
    e = results.get("extraction")
    if e:
        lines += [
            "**Extraction** (`extract_document` on documents already read, one process, lexicon and divisions "
            "loaded first)",
            "",
            "| texts | documents (× times read per run) | characters per run | s | M chars/s |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for label, x in e.items():
            lines.append(
                f"| {label} | {x['documents']:,}{_times_read(x)} | "
                f"{x['chars']:,} | {_s(x['seconds'])} | "
                f"{x['chars_per_second'] / 1e6:.3f} |"
            )
        lines.append("")
    long = results.get("long")
    if long and long.get("ratio") is None:
        split = long["runs"][0]["split"]
        lines += [
            f"**One long document against the same text split**: {long['documents']} generated readouts "
            f"({long['chars']:,} characters) extracted as {long['documents']} documents in {_s(split)} s; "
            f"concatenated into one document, the extraction was cut off after {long['limit']:.0f} s: "
            f"**more than {long['at_least']:.1f}×**.",
            "",
        ]
    elif long:
        ratios = ", ".join(f"{r['ratio']:.2f}" for r in long["runs"])
        lines += [
            f"**One long document against the same text split**: {long['documents']} generated readouts "
            f"({long['chars']:,} characters) extracted as {long['documents']} documents in "
            f"{_s(long['split_seconds'])} s and concatenated into one document in {_s(long['long_seconds'])} s: "
            f"**{long['ratio']:.2f}×** (median of the ratios of each run: {ratios}).",
            "",
        ]
    return lines


def _verdict(value: float | None, limit: float, below: bool = True) -> str:
    if value is None:
        return "not measured"
    return "**met**" if (value <= limit if below else value >= limit) else "**not met**"


def targets(results: dict) -> list[str]:
    sizes = results.get("sizes", {})
    at = sizes.get(TARGET_SIZE, {})
    largest = max(sizes, key=int) if sizes else None
    note = (
        ""
        if at
        else (
            f" No 10,000-document run is in these results: the rows at 10,000 are not measured; the value in "
            f"brackets is at the largest size measured ({int(largest):,} documents), for orientation only."
            if largest
            else ""
        )
    )

    def at_size(getter) -> tuple[float | None, str]:
        value = getter(at) if at else None
        hint = ""
        if value is None and largest and not at:
            other = getter(sizes[largest])
            if other is not None:
                hint = f" ({_fmt(other)} at {int(largest):,})"
        return value, hint

    def _fmt(value: float) -> str:
        return _s(value)

    def build_seconds(d):
        return d.get("build", {}).get("seconds")

    def peak(d):
        value = d.get("build", {}).get("peak_pss_bytes")
        return value / 1e9 if value else None

    def add_seconds(d):
        a = d.get("add")
        if not a:
            return None
        options = [a["rebuild"].get("seconds")]
        if "seconds" in a.get("in_place", {}):
            options.append(a["in_place"]["seconds"])
        options = [o for o in options if o is not None]
        return min(options) if options else None

    def report(label):
        def get(d):
            r = d.get("queries", {}).get("oxigraph_disk", {}).get("reports", {}).get(label)
            return None if not r or "na" in r else r.get("seconds")

        return get

    def first_row(d):
        return d.get("export", {}).get("first_row")

    rows = []
    for name, getter, limit, unit in (
        ("10,000 documents built end to end", build_seconds, 300, "s"),
        ("peak memory of that build (PSS summed over the process tree)", peak, 4.0, "GB"),
        ("one document added to them", add_seconds, 5, "s"),
        ("top-20 owners at 10,000, Oxigraph on disk (in process)", report("top-20 owners"), 0.1, "s"),
        ("one area's gaps at 10,000, Oxigraph on disk (in process)", report("one area's gaps"), 0.1, "s"),
        ("one area's coverage at 10,000, Oxigraph on disk (in process)", report("one area's coverage"), 0.1, "s"),
        ("a whole-graph export's first row at 10,000 (`report gaps --format csv`)", first_row, 1.0, "s"),
    ):
        value, hint = at_size(getter)
        na = ""
        if value is None and "area" in name:
            r = (
                at.get("queries", {}).get("oxigraph_disk", {}).get("reports", {}).get(name.split(" at ")[0])
                if at
                else None
            )
            na = f" ({NA})" if r and "na" in r else ""
        shown = "—" if value is None else f"{_s(value)} {unit}"
        target = f"≤ {limit} {unit}" if "first row" not in name else f"< {limit} {unit}"
        rows.append(f"| {name} | {target} | {shown}{hint}{na} | {_verdict(value, limit)} |")
    e = results.get("extraction", {}).get("generated")
    speed = e["chars_per_second"] / 1e6 if e else None
    rows.append(
        f"| extraction per process on the generated corpus | ≥ 1 M chars/s | "
        f"{'—' if speed is None else f'{speed:.3f} M chars/s'} | {_verdict(speed, 1.0, below=False)} |"
    )
    long = results.get("long")
    ratio = (long["ratio"] or long.get("at_least")) if long else None
    cut_off = bool(long) and long["ratio"] is None
    shown = "—" if ratio is None else (f"> {ratio:.1f}× (cut off)" if cut_off else f"{ratio:.2f}×")
    verdict = ("**not met**" if ratio > 1.2 else "not measured") if cut_off else _verdict(ratio, 1.2)
    rows.append(f"| a {LONG_LABEL} document against the same text split | ≤ 1.2× | {shown} | {verdict} |")
    rows.append(
        "| CI runs the cross-store tests on Virtuoso | yes "
        "| not a benchmark (see .ci/run and tests/test_virtuoso.py) | — |"
    )
    return [
        "## Against the targets of issue 16",
        "",
        "Read from the tables below; the machine was shared, so absolute times are noisy (ratios taken in the "
        "same run hold better)." + note,
        "",
        "| target | wanted | measured | |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
    ]


def floors(floors: dict | None) -> list[str]:
    """What the engine and the language cost before any of our code runs (benchmarks/floors.py)."""
    if not floors:
        return []
    lines = [
        "",
        f"**Floors at about 1M ({floors['triples']:,} triples)**: bare joins, counted only (no result reaches Python)",
        "",
        "| join | matches | Oxigraph on disk (s) | Oxigraph in memory (s) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, join in floors["joins"].items():
        lines.append(f"| {label} | {join['count']:,} | {_s(join['oxigraph'])} | {_s(join['oxigraph_memory'])} |")
    text = floors["text"]
    lines += [
        "",
        f"Text work alone on the same corpus ({text['chars']:,} characters, {text['clauses']:,} clauses): folding and "
        f"splitting into sentences and clauses **{text['split_chars_per_second'] / 1e6:.2f} M chars/s**; with "
        f"{text['lookups_per_clause']} lexicon look-ups per clause (as the clause reader makes, no other logic) "
        f"**{text['split_and_lookups_chars_per_second'] / 1e6:.2f} M chars/s**.",
    ]
    return lines


def store_floor(floor: dict | None) -> list[str]:
    """The store's own floor under the build target (`floors.py --store-file`)."""
    if not floor:
        return []
    seconds = floor["load_seconds"] + floor["compact_seconds"]
    cpu = floor["load_cpu_seconds"] + floor["compact_cpu_seconds"]
    return [
        "",
        f"**The store's floor** (`floors.py --store-file`): the built graph file ({floor['bytes'] / 1e9:.1f} GB, "
        f"{floor['quads']:,} triples) bulk-loaded into a new Oxigraph store on disk in one call "
        f"{floor['load_seconds']:.1f} s and compacted {floor['compact_seconds']:.1f} s: **{seconds:.0f} s** of wall "
        f"time ({cpu:.0f} s of CPU), peak RSS {floor['peak_rss_bytes'] / 1e9:.1f} GB. A build of that graph into "
        "this store cannot take less, whatever the extractor.",
    ]


LONG_LABEL = "600k-character"


def render(results: dict) -> str:
    lines = [
        *targets(results),
        "## Tables",
        "",
        *machine_line(results),
        *features_line(results),
        *builds(results),
        *queries(results),
        *cli(results),
        *extraction(results),
        *floors(results.get("floors")),
        *store_floor(results.get("store_floor")),
    ]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument("--readme", type=Path, default=HERE / "README.md")
    parser.add_argument("--print", action="store_true", help="print the tables instead of writing the README")
    args = parser.parse_args()
    results = json.loads(args.results.read_text(encoding="utf-8"))
    text = render(results)
    if args.print:
        print(text)
        return
    readme = args.readme.read_text(encoding="utf-8")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    args.readme.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
