"""China's administrative divisions (GB/T 2260) from the data file the `cpca` package ships.

The file lists 12-digit codes; the first six are the adcode, and a code's parents follow from
its digits (province `xx0000`, prefecture `xxxx00`).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import metadata

import ahocorasick

from ..errors import GraphbuildError
from .text import trie_pattern

__all__ = ["Area", "Divisions", "load_divisions", "MIN_NAME"]

MIN_NAME = 2  # one-character names (县) are level words, not places


@dataclass(frozen=True)
class Area:
    """One administrative area."""

    adcode: str
    name: str

    @property
    def level(self) -> str:
        """province, prefecture or county, from the code's digits."""
        if self.adcode.endswith("0000"):
            return "province"
        if self.adcode.endswith("00"):
            return "prefecture"
        return "county"

    @property
    def parent_code(self) -> str | None:
        if self.level == "county":
            return self.adcode[:4] + "00"
        if self.level == "prefecture":
            return self.adcode[:2] + "0000"
        return None


class Divisions:
    """Look-ups over the divisions: by code, by name, and the parent of an area."""

    def __init__(self, areas: list[Area]) -> None:
        self.by_code = {a.adcode: a for a in areas}
        self.by_name: dict[str, list[Area]] = {}
        for area in areas:
            self.by_name.setdefault(area.name, []).append(area)
        self.names_longest_first = sorted(self.by_name, key=lambda n: (-len(n), n))

    @cached_property
    def name_pattern(self) -> re.Pattern[str]:
        """Every area name of at least `MIN_NAME` characters as one trie regex (longest name wins)."""
        return re.compile(trie_pattern([n for n in self.names_longest_first if len(n) >= MIN_NAME]))

    @cached_property
    def _name_automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for name in self.names_longest_first:
            if len(name) >= MIN_NAME:
                automaton.add_word(name, len(name))
        automaton.make_automaton()
        return automaton

    def names_in(self, text: str) -> list[tuple[str, int]]:
        """The area names in `text` with their starts, leftmost-longest and non-overlapping: what
        `name_pattern.finditer` finds, from one pass of an Aho–Corasick automaton (a document's
        whole text is scanned for its place context, and the regex was a tenth of extraction)."""
        longest: dict[int, int] = {}
        for last, length in self._name_automaton.iter(text):
            start = last + 1 - length
            if length > longest.get(start, 0):
                longest[start] = length
        found, at = [], 0
        for start in sorted(longest):
            if start >= at:
                at = start + longest[start]
                found.append((text[start:at], start))
        return found

    def parent(self, area: Area) -> Area | None:
        code = area.parent_code
        while code and code not in self.by_code:
            code = Area(code, "").parent_code  # direct-administered cities skip a level
        return self.by_code.get(code) if code else None

    def contains(self, outer: Area, inner: Area) -> bool:
        """Whether `inner` lies within `outer` (or is it)."""
        current: Area | None = inner
        while current is not None:
            if current.adcode == outer.adcode:
                return True
            current = self.parent(current)
        return False

    def candidates(self, name: str) -> list[Area]:
        return self.by_name.get(name, [])


_SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def _data_file():
    """Locate cpca's `resources/adcodes.csv` without importing cpca (which loads pandas)."""
    try:
        files = metadata.files("cpca") or []
    except metadata.PackageNotFoundError as error:
        raise GraphbuildError("the cpca package (administrative divisions) is not installed") from error
    for entry in files:
        if str(entry).endswith("resources/adcodes.csv"):
            return entry.locate()
    raise GraphbuildError("cpca is installed without resources/adcodes.csv")


@cache
def load_divisions() -> Divisions:
    """Read the divisions once per process."""
    areas = []
    with open(_data_file(), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code, name = row["adcode"][:6], row["name"].strip()
            if name and name not in _SKIP and row["adcode"][6:].strip("0") == "":
                areas.append(Area(code, name))
    return Divisions(sorted(areas, key=lambda a: a.adcode))
