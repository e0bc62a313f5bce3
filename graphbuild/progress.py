"""Progress of the build stages: a live bar or spinner on a terminal (rich), one line per stage
with its time otherwise (logs, CI). The library takes any `Stages`; `NO_STAGES` is silent.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import Protocol, TextIO

__all__ = ["Stages", "NO_STAGES", "StageLog"]


class Stages(Protocol):
    def stage(self, name: str, total: int | None = None) -> contextlib.AbstractContextManager[Callable[[], None]]:
        """A context for one stage; the callable it gives advances a stage with a known `total` by one."""
        ...


class _Silent:
    @contextlib.contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Callable[[], None]]:
        yield lambda: None


NO_STAGES: Stages = _Silent()


class StageLog:
    """Stages shown on `stream`: a rich progress bar (known total) or spinner while a stage runs on a
    terminal, and always one line `stage: N s` when it ends, so that a log shows where time went."""

    def __init__(self, stream: TextIO | None = None, live: bool | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.quiet = quiet
        self.times: dict[str, float] = {}

    @contextlib.contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Callable[[], None]]:
        start = time.perf_counter()
        if self.live and not self.quiet:
            with self._live(name, total) as advance:
                yield advance
        else:
            yield lambda: None
        seconds = time.perf_counter() - start
        self.times[name] = seconds
        if not self.quiet:
            counted = f" ({total} document{'' if total == 1 else 's'})" if total else ""
            print(f"{name}{counted}: {seconds:.1f} s", file=self.stream, flush=True)

    @contextlib.contextmanager
    def _live(self, name: str, total: int | None) -> Iterator[Callable[[], None]]:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        columns = [SpinnerColumn(), TextColumn("{task.description}")]
        if total:
            columns += [BarColumn(), MofNCompleteColumn()]
        columns.append(TimeElapsedColumn())
        with Progress(*columns, console=Console(file=self.stream), transient=True) as progress:
            task = progress.add_task(name, total=total)
            yield lambda: progress.advance(task)
