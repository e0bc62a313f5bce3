"""Resolve place names in a document to GB/T 2260 areas, using the document as context.

A name shared by several areas (鼓楼区) resolves to the one inside the city or province the
document talks about most; a body named without its place (市委, 全县) resolves to the
document's own area of that level; a zone without a code lies within the document's city.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .divisions import MIN_NAME as _MIN_NAME
from .divisions import Area, Divisions
from .lexicon import Lexicon
from .records import AreaRef

if TYPE_CHECKING:
    from .headers import Header

__all__ = ["PlaceContext", "area_name_at", "resolve_area", "full_organizer", "own_place_word", "is_one_character_area"]



@dataclass
class PlaceContext:
    """Area look-ups for one document."""

    divisions: Divisions
    lexicon: Lexicon
    weights: Counter
    mentions: list[str]

    @classmethod
    def for_text(cls, text: str, divisions: Divisions, lexicon: Lexicon) -> PlaceContext:
        """Count the areas (and their ancestors) the text names, as evidence for ambiguous names."""
        weights: Counter = Counter()
        mentions = [name for name, _ in _place_names(text, divisions, lexicon)]
        mentions += _source_names(text, divisions, lexicon)
        for name in mentions:
            for area in divisions.candidates(name):
                for ancestor in lineage(divisions, area):
                    weights[ancestor.adcode] += 1
        return cls(divisions, lexicon, weights, mentions)

    def pick(self, name: str) -> Area | None:
        """The best area for a name: the candidate closest to the other places the text names.

        Picks are kept per name: the mentions are fixed once the context is built, and a long
        document asks for the same few names once per meeting."""
        picked = self._picks.get(name, self)
        if picked is self:
            candidates = self.divisions.candidates(name)
            picked = max(candidates, key=lambda a: (self._support(a, name), -int(a.adcode))) if candidates else None
            self._picks[name] = picked
        return picked

    @cached_property
    def _picks(self) -> dict[str, Area | None]:
        return {}

    @cached_property
    def _mention_counts(self) -> Counter:
        return Counter(self.mentions)

    @cached_property
    def _support_sums(self) -> tuple[Counter, Counter]:
        """Mentions counted by the prefectures (first four digits, provinces left out) and the
        provinces (first two digits) their candidates lie in, each mention once per key."""
        by_prefecture: Counter = Counter()
        by_province: Counter = Counter()
        for name, count in self._mention_counts.items():
            for key in _prefecture_keys(self.divisions, name):
                by_prefecture[key] += count
            for key in _province_keys(self.divisions, name):
                by_province[key] += count
        return by_prefecture, by_province

    def _support(self, area: Area, name: str) -> int:
        """2 for each other mention in the same prefecture, 1 for one in the same province.

        A mention scores the best of its candidates: 2 for a candidate (not a province) whose code
        shares the area's first four digits (its prefecture: the area's non-province ancestors share
        them), else 1 for one in the area's province. Summed from counts kept per prefecture and
        province, so that a pick costs the same whatever the number of mentions (a long document
        names hundreds of places thousands of times); the name's own mentions are left out."""
        prefecture, province = area.adcode[:4], area.adcode[:2]
        by_prefecture, by_province = self._support_sums
        # Each mention in the prefecture is also in the province: 2 = 1 + 1.
        total = by_prefecture[prefecture] + by_province[province]
        own = self._mention_counts.get(name, 0)
        if own:
            if prefecture in _prefecture_keys(self.divisions, name):
                total -= 2 * own
            elif province in _province_keys(self.divisions, name):
                total -= own
        return total

    def home(self, level: str) -> Area | None:
        """The document's own area of a level (prefecture or county): the most named one."""
        if level not in self._homes:
            ranked = [
                (count, code)
                for code, count in self.weights.items()
                if code in self.divisions.by_code and self.divisions.by_code[code].level == level
            ]
            self._homes[level] = self.divisions.by_code[max(ranked)[1]] if ranked else None
        return self._homes[level]

    @cached_property
    def _homes(self) -> dict[str, Area | None]:
        return {}

    @cached_property
    def _home_counties(self) -> dict[str, Area | None]:
        return {}

    def find_area(self, text: str) -> tuple[Area, int, int] | None:
        """The first (longest at its position) area name in `text`, resolved in context."""
        for name, start in _place_names(text, self.divisions, self.lexicon):
            area = self.pick(name)
            if area is not None:
                return area, start, start + len(name)
        return None

    def leading_area(self, text: str) -> Area | None:
        """The most specific of the area names that open `text` one after another: 内江市市中区委 → 市中区."""
        found = self.find_area(text)
        if found is None or found[1] != 0:
            return None
        area, end = found[0], found[2]
        while True:
            name = area_name_at(self.divisions, text[end:])
            candidates = self.divisions.candidates(name) if name else []
            inner = next((a for a in candidates if self.divisions.contains(area, a)), None)
            if inner is None:
                return area
            area, end = inner, end + len(name)

    def body_area(self, text: str, near: str = "") -> Area | None:
        """An area from a body named without its place (市委 → city, 县委 → county) at the start of text:
        the first area of that level named in `near` (翠屏区委书记张伟主持召开区委常委会), else the
        document's own."""
        for cue, level in (("city-body", "prefecture"), ("county-body", "county"), ("district-body", "county")):
            if self.lexicon.cues[cue].match(text):
                named = self._named_of_level(near, level, cue)
                if named is not None:
                    return named
                if level == "prefecture":
                    return self._home_city_area
                return self._home_county(cue)
        return None

    @cached_property
    def _home_city_area(self) -> Area | None:
        return self._home_city()

    def _home_city(self) -> Area | None:
        """The document's city for 市委/我市: the county-level city the text names when it names no other
        county-level place and names it more often than any prefecture (新乐市召开… then 我市), else
        its prefecture."""
        city = self.lexicon.cue("city-body").place_name_ending
        named: Counter = Counter()
        for name in self.mentions:
            area = self.pick(name)
            if area is not None:
                named[area.adcode] += 1
        counties = [code for code in named if self.divisions.by_code[code].level == "county"]
        prefecture = self.home("prefecture")
        if len(counties) == 1 and self.divisions.by_code[counties[0]].name.endswith(city):
            if prefecture is None or named[counties[0]] > named.get(prefecture.adcode, 0):
                return self.divisions.by_code[counties[0]]
        return prefecture

    def _county_suffix(self, cue: str) -> str:
        """What the name of the county-level place a body refers to ends with (`gb:placeNameEnding`:
        县委 → 县, 区委 → 区); a prefecture-level body (市委) asks nothing of the name, as prefectures
        end in 市, 州, 地区 or 盟 alike."""
        return "" if cue == "city-body" else self.lexicon.cue(cue).place_name_ending

    def _named_of_level(self, text: str, level: str, cue: str) -> Area | None:
        suffix = self._county_suffix(cue)
        for name, _ in _place_names(text, self.divisions, self.lexicon):
            area = self.pick(name)
            if area is not None and area.level == level and area.name.endswith(suffix):
                return area
        return None

    def _home_county(self, cue: str) -> Area | None:
        """The most named county-level area whose name ends as the body's level says, kept per cue."""
        if cue in self._home_counties:
            return self._home_counties[cue]
        suffix = self._county_suffix(cue)
        ranked = [
            (count, code)
            for code, count in self.weights.items()
            if code in self.divisions.by_code
            and self.divisions.by_code[code].level == "county"
            and self.divisions.by_code[code].name.endswith(suffix)
        ]
        self._home_counties[cue] = self.divisions.by_code[max(ranked)[1]] if ranked else None
        return self._home_counties[cue]

    def ref(self, area: Area) -> AreaRef:
        return AreaRef(area.name, area.adcode)

    def zone(self, name: str) -> AreaRef:
        """A functional zone without a code, within the document's city (or county)."""
        home = self.home("prefecture") or self.home("county")
        return AreaRef(name, None, home.name if home else None, home.adcode if home else None)


def _prefecture_keys(divisions: Divisions, name: str) -> set[str]:
    """First four digits of the codes of a name's candidates that are not provinces."""
    return {a.adcode[:4] for a in divisions.candidates(name) if a.level != "province"}


def _province_keys(divisions: Divisions, name: str) -> set[str]:
    """First two digits of the codes of a name's candidates."""
    return {a.adcode[:2] for a in divisions.candidates(name)}


def lineage(divisions: Divisions, area: Area) -> list[Area]:
    """The area and its ancestors."""
    chain: list[Area] = []
    current: Area | None = area
    while current is not None:
        chain.append(current)
        current = divisions.parent(current)
    return chain


def _place_names(text: str, divisions: Divisions, lexicon: Lexicon):
    """Area names in text (leftmost-longest) with their offsets, leaving out an acting post read as a
    place (代县长 is an acting county head, not the county 代县)."""
    acting = lexicon.cues["acting"]
    return [(name, start) for name, start in divisions.names_in(text) if not acting.match(text, start)]


def area_name_at(divisions: Divisions, text: str) -> str | None:
    """The longest area name that `text` starts with, if any."""
    m = divisions.name_pattern.match(text)
    return m.group() if m else None


_SOURCE_REACH = 12  # characters read after 来源: for a place's name


def _source_names(text: str, divisions: Divisions, lexicon: Lexicon) -> list[str]:
    """Areas a source line names, also by their short name (来源:X → X区): the longest opening
    of the words after the cue that is an area's name, or is one with its level character (县, 区, 市:
    the place-body cues' `gb:placeNameEnding`) added."""
    levels = [lexicon.cue(cue).place_name_ending for cue in _PLACE_BODIES]
    names = []
    for hit in lexicon.cues["source-line"].hits(text):
        words = re.match(r"[\u4e00-\u9fff]*", text[hit.end : hit.end + _SOURCE_REACH]).group()
        for length in range(len(words), _MIN_NAME - 1, -1):
            opening = words[:length]
            found = [n for n in (opening, *(opening + level for level in levels)) if divisions.candidates(n)]
            if found:
                names.append(found[0])
                break
    return names


def resolve_area(header: Header, text: str, places: PlaceContext, lexicon: Lexicon) -> AreaRef:
    """The area a meeting governs: named in its organiser, or its body's level, or a zone."""
    organizer = header.organizer
    leading = places.leading_area(organizer)
    if leading is not None:
        return places.ref(leading)
    found = places.find_area(organizer)
    sentence = text[header.sentence.start : header.sentence.end]
    body = places.body_area(organizer, near=sentence)
    if body is not None:
        return places.ref(body)
    zone = lexicon.cues["zone"].hits(organizer)
    if zone:
        name = organizer[: zone[0].end]
        suffix = lexicon.cues["organ-suffix"].ending(name)
        return places.zone(name[:suffix] if suffix else name)
    if found:
        return places.ref(found[0])
    found = places.find_area(sentence)
    if found:
        return places.ref(found[0])
    home = places.home("county") or places.home("prefecture")
    return places.ref(home) if home else AreaRef(organizer, None)


_PLACE_BODIES = ("city-body", "county-body", "district-body")


def own_place_word(lexicon: Lexicon, text: str) -> int:
    """Length of the word naming the document's own place that opens `text` (我区, 全县: a place-body
    cue word ending with its level character, not a body such as 区委), else 0."""
    for cue in _PLACE_BODIES:
        m = lexicon.cues[cue].match(text)
        if m is not None and m.group()[-1:] == lexicon.cue(cue).place_name_ending:
            return m.end()
    return 0


def full_organizer(organizer: str, area: AreaRef, lexicon: Lexicon) -> str:
    """Complete a body named without its place: 市委常委会 → 绵竹市委常委会, 我区 → 江津区,
    全县…委员会 → X县…委员会."""
    if not area.adcode or organizer.startswith(area.name):
        return organizer
    own = own_place_word(lexicon, organizer)
    if own and organizer[own - 1] == area.name[-1:]:
        return area.name + organizer[own:]
    if organizer[:1] == area.name[-1:]:
        # 县委常委会 → 富顺县委常委会, but X县县委常委会 for a one-character county (as the texts write it).
        keep = is_one_character_area(area.name) and lexicon.cues["level-body"].match(organizer, 1)
        return area.name + (organizer if keep else organizer[1:])
    return organizer


_ONE_CHARACTER_AREA = 2  # 涉县, 歙县: one character and the level


def is_one_character_area(name: str) -> bool:
    """A county named by one character and its level, whose bodies repeat the level (X县县委)."""
    return len(name) <= _ONE_CHARACTER_AREA
