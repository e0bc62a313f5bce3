"""Write the tables of benchmarks/results.json into benchmarks/README.md (between the markers)."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
START, END = "<!-- results:start -->", "<!-- results:end -->"


def _seconds(value: float | None, missing: str = "—") -> str:
    return missing if value is None else f"{value:.3f}"


def tables(results: dict) -> str:
    machine = results["machine"]
    lines = [
        f"Measured on {results['date']}: {machine['cpu']}, {machine['cores']} cores, {machine['memory']} memory; "
        f"Python {machine['python']}, rdflib {machine['rdflib']}, pyoxigraph {machine['pyoxigraph']}. "
        f"Medians of {results['runs']} runs (rdflib at 1M: one run)."
        + (
            f" Extraction and build times re-measured on {results['builds_remeasured']}; query figures from the"
            " full run."
            if results.get("builds_remeasured")
            else ""
        ),
        "",
    ]
    extraction = results.get("extraction")
    if extraction:
        lines += [
            "**Extraction** (read + extract, one process): "
            f"{extraction['chars']:,} characters in {extraction['documents']} documents, "
            f"{extraction['seconds']:.2f} s, **{extraction['chars_per_second'] / 1e6:.2f} M chars/s**"
            + (
                f"; over the build's process pool ({results['machine']['cores']} workers) "
                f"{extraction['pool_chars_per_second'] / 1e6:.2f} M chars/s."
                if "pool_seconds" in extraction
                else "."
            ),
            "",
        ]
    lines += [
        "| size | triples | build to Oxigraph + file (s) | rdflib graph + rules (s) | rdflib Turtle (s) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for size in results["sizes"]:
        lines.append(
            f"| {size['label']} | {size['triples']:,} | {_seconds(size['build_oxigraph_seconds'])} | "
            f"{_seconds(size.get('rdflib_graph_seconds'))} | {_seconds(size.get('rdflib_serialise_seconds'))} |"
        )
    for size in results["sizes"]:
        if "stages" in size:
            lines += [
                "",
                f"**Where the {size['label']} build to Oxigraph spends its time** (one run)",
                "",
                "| stage | s |",
                "| --- | ---: |",
            ]
            lines += [f"| {name} | {seconds:.2f} |" for name, seconds in size["stages"].items()]
    for size in results["sizes"]:
        lines += [
            "",
            f"**Named queries at {size['label']} ({size['triples']:,} triples)**",
            "",
            "| query | rows | Oxigraph on disk (s) | Oxigraph in memory (s) | rdflib in memory (s) "
            "| rdflib / Oxigraph on disk |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, q in sorted(size["queries"].items()):
            ratio = "—" if q["ratio"] is None else f"{q['ratio']:.1f}×"
            rdflib_time = _seconds(q["rdflib"], missing=f"> {results.get('rdflib_limit', 120):.0f}")
            ratio = ratio if q["rdflib"] is not None else f"> {results.get('rdflib_limit', 120) / q['oxigraph']:.0f}×"
            label = f"{name} (bound: {', '.join(q['bound'])})" if q.get("bound") else name
            lines.append(
                f"| {label} | {q.get('rows', '')} | {_seconds(q['oxigraph'])} | {_seconds(q.get('oxigraph_memory'))} | "
                f"{rdflib_time} | {ratio} |"
            )
    lines += _floors(results.get("floors"))
    return "\n".join(lines)


def _floors(floors: dict | None) -> list[str]:
    """What the engine and the language cost before any of our code runs (benchmarks/floors.py)."""
    if not floors:
        return []
    lines = [
        "",
        f"**Floors at 1M ({floors['triples']:,} triples)**: bare joins, counted only (no result reaches Python)",
        "",
        "| join | matches | Oxigraph on disk (s) | Oxigraph in memory (s) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, join in floors["joins"].items():
        lines.append(
            f"| {label} | {join['count']:,} | {_seconds(join['oxigraph'])} | {_seconds(join['oxigraph_memory'])} |"
        )
    text = floors["text"]
    lines += [
        "",
        f"Text work alone on the same corpus ({text['chars']:,} characters, {text['clauses']:,} clauses): folding and "
        f"splitting into sentences and clauses **{text['split_chars_per_second'] / 1e6:.2f} M chars/s**; with "
        f"{text['lookups_per_clause']} lexicon look-ups per clause (as the clause reader makes, no other logic) "
        f"**{text['split_and_lookups_chars_per_second'] / 1e6:.2f} M chars/s**.",
    ]
    return lines


def main() -> None:
    results = json.loads((HERE / "results.json").read_text(encoding="utf-8"))
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    (HERE / "README.md").write_text(f"{head}{START}\n{tables(results)}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
