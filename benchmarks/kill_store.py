"""kill -9 of `graphbuild build --store oxigraph:S -o OUT` at moments spread over the build: after
each kill the store must be the old one or the new one (complete), the file old or new, and no
pool worker left behind. Run by hand (minutes):

    python benchmarks/kill_store.py WORK --documents 150 --kills 10

WORK receives the generated corpus, the stores and `kill_store-FROM-TO.json` with one row per
kill; `--window 0.8 1.3` puts the kills near the end of a build (the swap, the file write).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from graphbuild.diskstore import store_state

GRAPHBUILD = str(Path(sys.executable).parent / "graphbuild")


def _build(corpus: Path, store: Path, output: Path) -> float:
    start = time.perf_counter()
    subprocess.run([GRAPHBUILD, "build", str(corpus), "-o", str(output), "--store", f"oxigraph:{store}"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def _snapshot(store: Path, output: Path) -> tuple[int | None, str | None, str]:
    state = store_state(store)
    size = len(ox.Store.read_only(str(store))) if state in ("complete", "incomplete", "empty") else None
    digest = hashlib.sha256(output.read_bytes()).hexdigest() if output.exists() else None
    return size, digest, state


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(map(int, (task / "children").read_text().split()))
        except OSError:
            pass
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--documents", type=int, default=150)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument(
        "--window",
        type=float,
        nargs=2,
        default=(0.0, 1.0),
        metavar=("FROM", "TO"),
        help="spread the kills over these fractions of a whole build's time (default 0 1)",
    )
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    corpus, old_corpus = work / "corpus", work / "old-corpus"
    if not corpus.exists():
        generate = Path(__file__).parent / "generate.py"
        subprocess.run([sys.executable, str(generate), str(corpus), "--documents", str(args.documents)], check=True)
    old_corpus.mkdir(exist_ok=True)
    for path in sorted(corpus.iterdir())[:3]:
        shutil.copy(path, old_corpus / path.name)
    _build(old_corpus, work / "old-store", work / "old.nt")
    old = _snapshot(work / "old-store", work / "old.nt")
    seconds = _build(corpus, work / "new-store", work / "new.nt")
    new = _snapshot(work / "new-store", work / "new.nt")
    print(f"old: {old[0]} triples; new: {new[0]} triples; a whole build takes {seconds:.1f} s", flush=True)
    rows = []
    for index in range(args.kills):
        store, output = work / "S", work / "out.nt"
        shutil.rmtree(store, ignore_errors=True)
        shutil.copytree(work / "old-store", store)
        shutil.copy(work / "old.nt", output)
        low, high = args.window
        at = seconds * (low + (high - low) * (index + 0.5) / args.kills)
        command = [GRAPHBUILD, "build", str(corpus), "-o", str(output), "--store", f"oxigraph:{store}"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        workers: set[int] = set()
        deadline = time.perf_counter() + at
        while time.perf_counter() < deadline and process.poll() is None:
            workers |= _children(process.pid)
            time.sleep(0.01)
        finished = process.poll() is not None
        process.send_signal(signal.SIGKILL)
        process.wait()
        time.sleep(3)
        size, digest, state = _snapshot(store, output)
        row = {
            "kill_at_seconds": round(at, 2),
            "finished_before_kill": finished,
            "store": "old" if (size, state) == (old[0], "complete") else "new" if (size, state) == (new[0], "complete")
            else f"OTHER ({state}, {size})",
            "file": "old" if digest == old[1] else "new" if digest == new[1] else "OTHER",
            "workers_seen": len(workers),
            "workers_alive_3s_later": len(_alive(workers)),
            "debris": sorted(p.name for p in work.glob(".S.*") if not p.name.endswith(".lock"))
            + sorted(p.name for p in work.glob(".out.nt.*")),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    # The next build removes what the killed ones left and completes.
    _build(corpus, work / "S", work / "out.nt")
    after = _snapshot(work / "S", work / "out.nt")
    debris = sorted(p.name for p in work.glob(".S.*") if not p.name.endswith(".lock")) + sorted(
        p.name for p in work.glob(".out.nt.*")
    )
    summary = {
        "documents": args.documents,
        "old_triples": old[0],
        "new_triples": new[0],
        "build_seconds": round(seconds, 1),
        "kills": len(rows),
        "store_old": sum(r["store"] == "old" for r in rows),
        "store_new": sum(r["store"] == "new" for r in rows),
        "store_other": sum(r["store"].startswith("OTHER") for r in rows),
        "file_old": sum(r["file"] == "old" for r in rows),
        "file_new": sum(r["file"] == "new" for r in rows),
        "file_other": sum(r["file"] == "OTHER" for r in rows),
        "orphans": sum(r["workers_alive_3s_later"] for r in rows),
        "rebuild_after_kills": {"new": after[:2] == new[:2], "debris_left": debris},
        "rows": rows,
    }
    summary["window"] = list(args.window)
    report = work / f"kill_store-{args.window[0]}-{args.window[1]}.json"
    report.write_text(json.dumps(summary, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "rows"}, indent=1))


if __name__ == "__main__":
    main()
