"""Place resolution stays linear per document: `PlaceContext._support` sums counts kept per prefecture and
province instead of looping over every mentioned name. These tests compare it with the loop it replaced,
written out here as the definition (2 for each other mention with a candidate in the area's prefecture or
lineage, 1 for one in its province), on the real texts and on a text naming hundreds of places."""

from __future__ import annotations

import pytest

from graphbuild.extract.divisions import Area, load_divisions
from graphbuild.extract.lexicon import load_lexicon
from graphbuild.extract.places import PlaceContext, lineage
from graphbuild.extract.text import fold

from .paths import DEV_RAW, RAW


def _support_by_definition(places: PlaceContext, area: Area, name: str) -> int:
    """The score as first written: every other mention, its best candidate."""
    codes = {a.adcode for a in lineage(places.divisions, area)}
    prefecture, province = area.adcode[:4], area.adcode[:2]
    total = 0
    for other in places.mentions:
        if other == name:
            continue
        best = 0
        for candidate in places.divisions.candidates(other):
            if candidate.adcode in codes and candidate.level == "province":
                best = max(best, 1)
            elif candidate.adcode[:4] == prefecture or candidate.adcode in codes:
                best = max(best, 2)
            elif candidate.adcode[:2] == province:
                best = max(best, 1)
        total += best
    return total


def _texts() -> list[str]:
    paths = sorted(RAW.glob("*.txt")) + sorted(DEV_RAW.glob("*.txt"))
    return [fold(p.read_text(encoding="utf-8")) for p in paths]


def _many_places() -> str:
    """A text naming every fourth county, city and province of the dataset, some names shared by
    several areas (鼓楼区), and the same names again, so that scores differ from area to area."""
    divisions = load_divisions()
    names = sorted({a.name for a in divisions.by_code.values() if len(a.name) >= 2})[::4]
    return "。".join(f"{name}召开会议" for name in names + names[::3]) + "。"


@pytest.mark.parametrize("text", [*_texts(), _many_places()], ids=lambda t: t[:12])
def test_support_equals_its_definition(text):
    places = PlaceContext.for_text(text, load_divisions(), load_lexicon())
    names = sorted(set(places.mentions))
    if not names:
        pytest.skip("the text names no place of the dataset")
    shared = [n for n in names if len(places.divisions.candidates(n)) > 1]
    for name in names[:300] + shared:
        for area in places.divisions.candidates(name):
            assert places._support(area, name) == _support_by_definition(places, area, name), (name, area)


def test_most_texts_name_places():
    """The comparison above checks something on most texts (and always on the made-up one)."""
    divisions, lexicon = load_divisions(), load_lexicon()
    named = [bool(PlaceContext.for_text(t, divisions, lexicon).mentions) for t in _texts()]
    assert sum(named) > len(named) // 2


def test_support_of_a_name_the_text_does_not_mention():
    """A name asked for that is not among the mentions (a post's place) leaves no mention out."""
    text = _texts()[0]
    places = PlaceContext.for_text(text, load_divisions(), load_lexicon())
    absent = next(n for n in ("鼓楼区", "朝阳区", "西湖区") if n not in places.mentions)
    for area in places.divisions.candidates(absent):
        assert places._support(area, absent) == _support_by_definition(places, area, absent)


def test_a_shared_name_resolves_to_the_area_near_the_others():
    """鼓楼区 is in several cities; a text about 福州市 and its 仓山区 resolves it to Fuzhou's."""
    places = PlaceContext.for_text("福州市召开会议。仓山区、鼓楼区参加。", load_divisions(), load_lexicon())
    area = places.pick("鼓楼区")
    assert area is not None and area.adcode.startswith("3501")
