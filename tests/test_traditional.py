"""Traditional-character copies read as their simplified originals, offsets into the characters as written."""

from __future__ import annotations

import pytest
from opencc import OpenCC

from graphbuild.extract import extract_document
from graphbuild.extract.text import fold, traditional_to_simplified
from graphbuild.read import read_document

from .paths import RAW, READER_TEXTS

SEED = RAW / "luzhou-air-meetings.txt"


@pytest.fixture(scope="module")
def to_traditional():
    """OpenCC's own simplified→traditional conversion (phrases included), independent of our table."""
    return OpenCC("s2t").convert


def test_fold_maps_traditional_characters_one_for_one():
    assert fold("瀘州市委常委會召開（擴大）會議") == "泸州市委常委会召开(扩大)会议"


def test_characters_whose_simplified_form_depends_on_the_word_are_kept():
    # 乾 is 干 in 乾燥 but stays 乾 in 乾坤 and the county 乾县; OpenCC lists both forms
    assert fold("乾县") == "乾县"
    assert ord("乾") not in traditional_to_simplified()


@pytest.mark.parametrize("path", [SEED, *READER_TEXTS], ids=lambda p: p.name)
def test_simplified_texts_are_unchanged_by_the_map(path):
    text = path.read_text(encoding="utf-8")
    changed = sorted({ch for ch in text if ord(ch) in traditional_to_simplified()})
    assert changed == []


def test_a_traditional_copy_of_the_readout_gives_the_same_meetings(tmp_path, to_traditional):
    simplified = read_document(SEED)
    traditional_text = to_traditional(simplified.text)
    assert len(traditional_text) == len(simplified.text)
    assert sum(a != b for a, b in zip(traditional_text, simplified.text, strict=True)) > 500  # a real mirror
    copy = tmp_path / "luzhou-traditional.txt"
    copy.write_text(traditional_text, encoding="utf-8")
    expected, got = extract_document(simplified), extract_document(read_document(copy))
    assert got.text == traditional_text  # offsets point into the characters as written
    assert len(got.meetings) == len(expected.meetings) == 7
    for mine, theirs in zip(got.meetings, expected.meetings, strict=True):
        assert (mine.date, mine.span, mine.header, mine.kind) == (theirs.date, theirs.span, theirs.header, theirs.kind)
        assert (mine.area, mine.organizer) == (theirs.area, theirs.organizer)
        assert _person(mine.chair) == _person(theirs.chair)
        assert [m.span for m in mine.measures] == [m.span for m in theirs.measures]
        assert [m.text for m in mine.measures] == [traditional_text[slice(*m.span)] for m in theirs.measures]



def _person(person):
    return person and (person.name, person.span, person.posts)
