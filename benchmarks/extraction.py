"""Extraction throughput (read + extract, one process) and one long document against the same text split.

Run by hand, nothing here is asserted in a test:

    python benchmarks/extraction.py --runs 5 --long 600000 CORPUS [CORPUS ...] [--checkout OLD_TREE]

Each run measures every corpus in a fresh child process (vocabularies and divisions loaded before the
clock starts), first the current checkout and then each `--checkout` (a tree of another commit, e.g.
`git archive f396568 | tar -x -C /tmp/old`), so that before and after are taken in the same run. `--long
N`: the first corpus's documents, in order, until N characters, both as they are and concatenated into
one document. Prints medians (chars/s) and the long/split time ratio as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _child(folders: list[Path]) -> dict:
    """Seconds to read and extract every document of each folder (in this process)."""
    from graphbuild.errors import InputError
    from graphbuild.extract import extract_document
    from graphbuild.extract.divisions import load_divisions
    from graphbuild.extract.lexicon import load_lexicon
    from graphbuild.read import read_document

    load_lexicon(), load_divisions()
    found = {}
    for folder in folders:
        paths = sorted(folder.glob("*.txt"))
        chars, start = 0, time.perf_counter()
        for path in paths:
            document = read_document(path)
            chars += len(document.text)
            try:
                extract_document(document)
            except InputError:
                pass
        found[str(folder)] = {"seconds": time.perf_counter() - start, "chars": chars, "documents": len(paths)}
    return found


def _long_and_split(corpus: Path, chars: int, work: Path) -> tuple[Path, Path]:
    """The corpus's first documents up to `chars` characters: as separate files, and as one file."""
    split, long = work / "split", work / "long"
    split.mkdir(), long.mkdir()
    texts, total = [], 0
    for path in sorted(corpus.glob("*.txt")):
        if total >= chars:
            break
        text = path.read_text(encoding="utf-8")
        (split / path.name).write_text(text, encoding="utf-8")
        texts.append(text)
        total += len(text)
    (long / "long.txt").write_text("".join(texts), encoding="utf-8")
    return split, long


def _run(tree: Path | None, folders: list[Path]) -> dict:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
        env["GRAPHBUILD_ONTOLOGY"] = str(tree / "ontology")
    command = [sys.executable, __file__, "--child", *map(str, folders)]
    return json.loads(subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--long", type=int, default=0, help="characters of the long document (0: none)")
    parser.add_argument("--checkout", type=Path, action="append", default=[], help="another tree to compare")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.corpora)))
        return
    with tempfile.TemporaryDirectory(prefix="gb-extraction-") as work:
        corpora = list(args.corpora)
        # The long document runs on the current tree only (an older one may be quadratic in its length).
        long_pair = list(_long_and_split(args.corpora[0], args.long, Path(work))) if args.long else []
        trees: list[Path | None] = [None, *args.checkout]
        folders_of = {str(t): corpora + (long_pair if t is None else []) for t in trees}
        times: dict[str, dict[str, list[float]]] = {k: {str(f): [] for f in v} for k, v in folders_of.items()}
        sizes: dict = {}
        for _ in range(args.runs):
            for tree in trees:
                for folder, measured in _run(tree, folders_of[str(tree)]).items():
                    times[str(tree)][folder].append(measured["seconds"])
                    sizes[folder] = {"chars": measured["chars"], "documents": measured["documents"]}
    report: dict = {"runs": args.runs, "machine_load": os.getloadavg(), "trees": {}}
    for tree, by_folder in times.items():
        rows = {}
        for folder, seconds in by_folder.items():
            median = statistics.median(seconds)
            per_second = sizes[folder]["chars"] / median
            rows[folder] = {**sizes[folder], "median_seconds": median, "chars_per_second": per_second}
        if args.long and tree == "None":
            split, long = (str(Path(work) / n) for n in ("split", "long"))
            ratios = [a / b for a, b in zip(by_folder[long], by_folder[split], strict=True)]
            rows["long_over_split"] = {"median": statistics.median(ratios), "each": ratios}
        report["trees"]["current" if tree == "None" else tree] = rows
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
