"""The lexicon's Aho–Corasick layer (`Lexicon.index` → `TextIndex`) answers every look-up as the matcher's
own regex does: the regex is the independent computation here, on the seed, the development texts and
the case files, clause by clause (as the reader asks) and word by word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from graphbuild.extract.lexicon import _trigger, lexicon_from_graph, load_lexicon
from graphbuild.extract.text import clauses, fold, sentences
from graphbuild.namespace import CUE
from graphbuild.resources import ontology_dir, ontology_files

from .paths import DEV_RAW, RAW

CASES = sorted((Path(__file__).parent / "extract").glob("*.yaml"))


def _texts() -> list[str]:
    paths = sorted(RAW.glob("*.txt")) + sorted(DEV_RAW.glob("*.txt"))
    found = [p.read_text(encoding="utf-8") for p in paths]
    found += [yaml.safe_load(p.read_text(encoding="utf-8"))["text"] for p in CASES]
    return [fold(t) for t in found]


def _matchers(lexicon):
    return [*lexicon.schemes.items(), *(("cue:" + n, m) for n, m in lexicon.cues.items())]


def _hit_spans(hits, matcher, start, end):
    """Spans of the hits, or the error: Matcher.hits cannot name the concept of a word a pattern with a
    lookahead matched (以 of cue:preposition-opening, whose lookahead needs the words after it); the
    index then runs the same regex and fails alike."""
    try:
        return [(h.start, h.end) for h in hits(matcher, start, end)]
    except StopIteration:
        return StopIteration


def _spans(found):
    return None if found is None else found.span()


def test_most_matchers_are_read_from_the_automaton():
    """Labels-only matchers, and patterned ones with a trigger character, take part: without that the
    comparisons below would only compare the regex with itself."""
    matchers = [m for _, m in _matchers(load_lexicon())]
    assert sum(m.key >= 0 for m in matchers) > 0.9 * len(matchers)
    assert any(m.key >= 0 and m.trigger is not None for m in matchers)


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:10])
def test_look_ups_equal_the_regex_clause_by_clause(text):
    lexicon = load_lexicon()
    index = lexicon.index(text)
    pieces = [(0, len(text))] + [
        tuple(c) for s in sentences(text) for c in clauses(text, s.start, s.end)
    ]
    for name, matcher in _matchers(lexicon):
        for start, end in pieces:
            spans = [m.span() for m in matcher.pattern.finditer(text, start, end)]
            assert _hit_spans(index.hits, matcher, start, end) == _hit_spans(
                lambda m, s, e: m.hits(text, s, e), matcher, start, end
            ), (name, start, end)
            assert _spans(index.search(matcher, start, end)) == _spans(matcher.search(text, start, end)), name
            for at in {start, *(s for s, _ in spans)}:
                for stop in (end, min(end, at + 2)):
                    expected = _spans(matcher.match(text, at, stop))
                    assert _spans(index.match(matcher, at, stop)) == expected, (name, at, stop)


def test_every_label_alone_is_found_whole():
    """Each label of each matcher, as a text of its own and inside others' words, is the word the regex finds."""
    lexicon = load_lexicon()
    for name, matcher in _matchers(lexicon):
        for label in matcher.by_label:
            text = f"。{label}。"
            index = lexicon.index(text)
            assert _spans(index.match(matcher, 1)) == _spans(matcher.match(text, 1)), (name, label)
            assert _hit_spans(index.hits, matcher, 0, len(text)) == _hit_spans(
                lambda m, s, e, t=text: m.hits(t, s, e), matcher, 0, len(text)
            ), (name, label)


def test_a_found_word_reads_like_a_match():
    lexicon = load_lexicon()
    matcher = next(m for _, m in _matchers(lexicon) if m.key >= 0 and m.trigger is None and m.by_label)
    label = max(matcher.by_label, key=len)
    text = f"。{label}。"
    found = lexicon.index(text).search(matcher)
    assert (found.start(), found.end(), found.span(), found.group()) == (1, 1 + len(label), (1, 1 + len(label)), label)
    with pytest.raises(IndexError):
        found.group(1)


def test_a_label_added_to_a_vocabulary_is_found():
    """A new altLabel of a labels-only cue is found by the automaton, with no code changed."""
    graph = Graph()
    for path in [*ontology_files("vocab", "*.ttl"), ontology_dir() / "departments.ttl"]:
        graph.parse(path, format="turtle")
    before = lexicon_from_graph(graph)
    local = next(n for n, m in before.cues.items() if m.key >= 0 and m.trigger is None and m.by_label)
    word = "甲乙丙丁戊"  # no cue word
    text = f"首先{word}然后"
    assert before.index(text).hits(before.cues[local]) == before.cues[local].hits(text)
    assert word not in {text[h.start : h.end] for h in before.index(text).hits(before.cues[local])}
    graph.add((CUE[local], SKOS.altLabel, Literal(word, lang="zh")))
    after = lexicon_from_graph(graph)
    found = after.index(text).hits(after.cues[local])
    assert [(text[h.start : h.end], h.concept.iri) for h in found] == [(word, str(CUE[local]))]


def test_a_pattern_with_no_trigger_character_leaves_the_matcher_to_its_regex():
    """`.{2}会` has no character every match holds before 会 … but 会 is one; `.+` has none."""
    assert _trigger([re.compile("[^,]{0,4}?(?:会议|[^机]会)")]).pattern == "[会]"
    assert _trigger([re.compile("(?:十|\\d+)[是、]")]).pattern == "[、是]"
    assert _trigger([re.compile(".+")]) is None
    assert _trigger([re.compile("(?i:a)b?")]) is None


def _assert_names_as_the_regex(text: str, divisions=None) -> None:
    from graphbuild.extract.divisions import load_divisions

    divisions = divisions or load_divisions()
    expected = [(m.group(), m.start()) for m in divisions.name_pattern.finditer(text)]
    assert divisions.names_in(text) == expected


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:12])
def test_area_names_from_the_automaton_equal_the_regex(text):
    """`Divisions.names_in` (one automaton pass) finds the names the names' trie regex finds."""
    _assert_names_as_the_regex(text)


def test_area_names_run_together_are_found_as_the_regex_finds_them():
    """Names run together overlap and nest (内江市市中区 holds 市中区): leftmost-longest, as the regex."""
    from graphbuild.extract.divisions import load_divisions

    names = load_divisions().names_longest_first
    for i in range(0, len(names), 89):
        _assert_names_as_the_regex("".join(names[i : i + 7]))
        _assert_names_as_the_regex("".join(reversed(names[i : i + 7])))


def test_the_longest_area_name_at_a_position_wins():
    """No name of the dataset opens another, so a made-up pair checks the longest-first rule."""
    from graphbuild.extract.divisions import Area, Divisions

    divisions = Divisions([Area("110000", "北京"), Area("110100", "北京市"), Area("110101", "市东城")])
    text = "北京市东城区,北京"
    assert divisions.names_in(text) == [("北京市", 0), ("北京", 7)]
    _assert_names_as_the_regex(text, divisions)
