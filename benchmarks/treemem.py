"""Peak memory of a whole process tree (a command and every worker it starts), sampled from /proc.

`/usr/bin/time -v` reports the largest single process's maximum RSS, and
`getrusage(RUSAGE_CHILDREN)` the same for waited-for children: neither adds up a main process and
its pool workers. This samples every few tenths of a second the tree under one pid and sums, over
its live processes, the proportional set size (PSS, /proc/PID/smaps_rollup: shared pages divided
among the processes that share them, so the sum is the memory the tree really holds) and the
resident set size (RSS, which counts pages shared by forked workers once per process, so its sum
over-states). Peaks shorter than the sampling interval can be missed.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


def _children() -> dict[int, list[int]]:
    """Parent pid → child pids, for every process now running."""
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def descendants(root: int) -> list[int]:
    """`root` and every process below it."""
    tree, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def _kib(path: str, key: str) -> int:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_memory(root: int) -> tuple[int, int, int, int]:
    """(sum of PSS, sum of RSS, largest single RSS, process count) in bytes for the tree under `root`."""
    pids = descendants(root)
    pss = rss = largest = 0
    for pid in pids:
        own_rss = _kib(f"/proc/{pid}/status", "VmRSS:")
        pss += _kib(f"/proc/{pid}/smaps_rollup", "Pss:")
        rss += own_rss
        largest = max(largest, own_rss)
    return pss * 1024, rss * 1024, largest * 1024, len(pids)


class PeakSampler:
    """Samples the tree under `root` in a thread until `stop()`; keeps the peaks."""

    def __init__(self, root: int, interval: float = 0.2) -> None:
        self.root, self.interval = root, interval
        self.peak_pss = self.peak_rss = self.peak_single = self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            pss, rss, single, count = tree_memory(self.root)
            self.peak_pss = max(self.peak_pss, pss)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_single = max(self.peak_single, single)
            self.peak_processes = max(self.peak_processes, count)
            time.sleep(self.interval)

    def start(self) -> PeakSampler:
        self._thread.start()
        return self

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return {
            "peak_pss_bytes": self.peak_pss,
            "peak_rss_sum_bytes": self.peak_rss,
            "peak_single_rss_bytes": self.peak_single,
            "peak_processes": self.peak_processes,
        }
