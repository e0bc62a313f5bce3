"""Where the test data lives (imported by tests and by conftest; pytest discourages importing conftest)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
GOLD_PATH = Path(__file__).parent / "fixtures" / "luzhou-air-meetings.gold.json"
