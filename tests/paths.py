"""Where the test data lives (imported by tests and by conftest; pytest discourages importing conftest)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD_PATH = Path(__file__).parent / "fixtures" / "luzhou-air-meetings.gold.json"


class Runner(CliRunner):
    """A CliRunner whose `invoke` lets unexpected exceptions through (a traceback is a failure, not an
    exit code to compare); the command's own errors still become exit codes and one line."""

    def invoke(self, *args, catch_exceptions: bool = False, **kwargs):
        return super().invoke(*args, catch_exceptions=catch_exceptions, **kwargs)
