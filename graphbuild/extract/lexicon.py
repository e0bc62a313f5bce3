"""The extractor's lexicon, loaded from the SKOS vocabularies in `ontology/vocab/`.

Every trigger word is a `skos:prefLabel`, `skos:altLabel` or `skos:hiddenLabel` of a concept
(and `gb:matchPattern` for families of words), so extraction is extended by editing Turtle.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parse
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ..errors import GraphbuildError
from ..namespace import CUE, GB
from ..resources import ontology_dir, ontology_files
from .text import fold, trie_pattern

__all__ = ["Concept", "Hit", "Matcher", "Lexicon", "TextIndex", "Found", "load_lexicon", "lexicon_from_graph"]


@dataclass(frozen=True)
class Concept:
    """One SKOS concept with the words that trigger it."""

    iri: str
    scheme: str
    pref_label: str
    notation: str | None
    labels: tuple[str, ...]
    patterns: tuple[str, ...]
    broader: str | None
    default_sectors: tuple[str, ...] = ()
    place_name_ending: str = ""


class Hit(NamedTuple):
    """One occurrence of a concept's word: `[start, end)` and the concept."""

    start: int
    end: int
    concept: Concept


class Found:
    """A word found through the document's `TextIndex`: the part of `re.Match` the extractor uses
    (`start`, `end`, `span`, `group`), so that callers read both alike."""

    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self, group: int = 0) -> int:
        _whole(group)
        return self._start

    def end(self, group: int = 0) -> int:
        _whole(group)
        return self._end

    def span(self, group: int = 0) -> tuple[int, int]:
        _whole(group)
        return self._start, self._end

    def group(self, group: int = 0) -> str:
        _whole(group)
        return self._text[self._start : self._end]

    def __repr__(self) -> str:
        return f"<Found span=({self._start}, {self._end}) match={self.group()!r}>"


def _whole(group: int) -> None:
    if group != 0:
        raise IndexError("a word found by the automaton has no groups")


@dataclass(frozen=True)
class Matcher:
    """The words of a set of concepts as one compiled alternation (patterns, then labels longest
    first), with the way back from a matched word to its concept. Every look-up returns a stdlib
    `re.Match` (or None) or `Hit`s, and honours an end bound. `key` and `trigger` serve the
    lexicon's automaton (`TextIndex`), which answers the same look-ups from one pass over a text."""

    pattern: re.Pattern[str]
    by_label: dict[str, Concept]
    by_pattern: tuple[tuple[re.Pattern[str], Concept], ...]
    endings: tuple[int, ...]  # the labels' lengths, longest first: `ending` looks each suffix up
    key: int = -1  # this matcher's number in the lexicon's automaton (-1: not in it)
    trigger: re.Pattern[str] | None = None  # a character of every pattern match; None: no patterns

    def concept_of(self, word: str) -> Concept:
        """The concept a matched word belongs to."""
        found = self.by_label.get(word)
        if found is not None:
            return found
        return next(c for p, c in self.by_pattern if p.fullmatch(word))

    def match(self, text: str, pos: int = 0, end: int | None = None) -> re.Match[str] | None:
        """The longest word starting exactly at `pos` and ending by `end`."""
        return self.pattern.match(text, pos, len(text) if end is None else end)

    def search(self, text: str, pos: int = 0, end: int | None = None) -> re.Match[str] | None:
        """The first word in `text[pos:end]`."""
        return self.pattern.search(text, pos, len(text) if end is None else end)

    def hits(self, text: str, pos: int = 0, end: int | None = None) -> list[Hit]:
        """Leftmost-longest, non-overlapping words in `text[pos:end]` with their concepts."""
        concept_of = self.concept_of
        return [
            Hit(m.start(), m.end(), concept_of(m.group()))
            for m in self.pattern.finditer(text, pos, len(text) if end is None else end)
        ]

    def ending(self, text: str) -> int | None:
        """Where the longest label that ends `text` begins (labels only), or None."""
        size = len(text)
        for length in self.endings:
            if length <= size and text[size - length :] in self.by_label:
                return size - length
        return None


class TextIndex:
    """Where every label of every matcher occurs in one text, from one pass of the lexicon's
    Aho–Corasick automaton: per matcher, the starts in order and, per start, the ends longest first.

    `match`, `search` and `hits` answer as the matcher's own methods do on the same text: from the
    labels (the longest label at a position that ends by the bound; leftmost first; non-overlapping
    left to right, as the labels' trie regex does) where no pattern of the matcher can match in
    `text[pos:end]` (its `trigger` characters are absent), by the matcher's regex elsewhere."""

    __slots__ = ("text", "starts", "ends")

    def __init__(self, automaton: ahocorasick.Automaton, text: str, matchers: int) -> None:
        self.text = text
        ends: list[dict[int, list[int]]] = [{} for _ in range(matchers)]
        for last, (length, keys) in automaton.iter(text):
            start = last + 1 - length
            for key in keys:
                ends[key].setdefault(start, []).append(last + 1)
        for by_start in ends:
            for stops in by_start.values():
                stops.sort(reverse=True)
        self.ends = ends
        self.starts = [sorted(by_start) for by_start in ends]

    def _labels_only(self, matcher: Matcher, pos: int, end: int) -> bool:
        """Whether the labels alone answer a look-up of `matcher` in `text[pos:end]`."""
        if matcher.key < 0 or pos < 0:
            return False
        return matcher.trigger is None or matcher.trigger.search(self.text, pos, end) is None

    def match(self, matcher: Matcher, pos: int = 0, end: int | None = None) -> re.Match[str] | Found | None:
        """`matcher.match(text, pos, end)`."""
        end = len(self.text) if end is None else end
        if not self._labels_only(matcher, pos, end):
            return matcher.match(self.text, pos, end)
        stop = self.longest(matcher.key, pos, end)
        return None if stop is None else Found(self.text, pos, stop)

    def search(self, matcher: Matcher, pos: int = 0, end: int | None = None) -> re.Match[str] | Found | None:
        """`matcher.search(text, pos, end)`."""
        end = len(self.text) if end is None else end
        if not self._labels_only(matcher, pos, end):
            return matcher.search(self.text, pos, end)
        found = self.first(matcher.key, pos, end)
        return None if found is None else Found(self.text, *found)

    def hits(self, matcher: Matcher, pos: int = 0, end: int | None = None) -> list[Hit]:
        """`matcher.hits(text, pos, end)`."""
        end = len(self.text) if end is None else end
        if not self._labels_only(matcher, pos, end):
            return matcher.hits(self.text, pos, end)
        text, by_label = self.text, matcher.by_label
        return [Hit(s, e, by_label[text[s:e]]) for s, e in self.all(matcher.key, pos, end)]

    def longest(self, key: int, pos: int, end: int) -> int | None:
        """End of the longest label of matcher `key` at `pos` that ends by `end`."""
        stops = self.ends[key].get(pos)
        if stops is not None:
            for stop in stops:
                if stop <= end:
                    return stop
        return None

    def first(self, key: int, pos: int, end: int) -> tuple[int, int] | None:
        """The leftmost label of matcher `key` in `[pos, end)` (the longest there)."""
        starts, ends = self.starts[key], self.ends[key]
        for i in range(bisect_left(starts, pos), len(starts)):
            start = starts[i]
            if start >= end:
                return None
            for stop in ends[start]:
                if stop <= end:
                    return start, stop
        return None

    def all(self, key: int, pos: int, end: int) -> list[tuple[int, int]]:
        """Leftmost-longest, non-overlapping labels of matcher `key` in `[pos, end)`."""
        starts, ends = self.starts[key], self.ends[key]
        found, at = [], pos
        for i in range(bisect_left(starts, pos), len(starts)):
            start = starts[i]
            if start >= end:
                break
            if start < at:
                continue
            for stop in ends[start]:
                if stop <= end:
                    found.append((start, stop))
                    at = stop
                    break
        return found


@dataclass
class Lexicon:
    """Concepts, and a compiled `Matcher` for each concept scheme (`schemes["sector"]`) and each
    cue concept (`cues["modal"]`), all built when the lexicon loads so that a malformed
    `gb:matchPattern` fails at start-up."""

    concepts: dict[str, Concept]
    schemes: dict[str, Matcher] = field(default_factory=dict, repr=False)
    cues: dict[str, Matcher] = field(default_factory=dict, repr=False)
    _runs: dict[tuple[str, ...], re.Pattern[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_scheme: dict[str, list[Concept]] = {}
        for concept in sorted(self.concepts.values(), key=lambda c: c.iri):
            by_scheme.setdefault(_scheme_name(concept.scheme), []).append(concept)
        self._members = by_scheme
        matchers = [(name, members) for name, members in by_scheme.items()]
        matchers += [(f"cue:{_local(c.iri)}", [c]) for c in by_scheme.get("cue", [])]
        compiled = {name: _compile(members, key) for key, (name, members) in enumerate(matchers)}
        self.schemes = {name: m for name, m in compiled.items() if not name.startswith("cue:")}
        self.cues = {name[len("cue:") :]: m for name, m in compiled.items() if name.startswith("cue:")}
        self._automaton = _automaton(list(compiled.values()))
        self._matcher_count = len(compiled)
        missing = sorted(set(CUE._extras) - set(self.cues))
        if missing:
            raise GraphbuildError(f"the vocabularies lack the cue concepts {', '.join(missing)} (see cues.ttl)")

    def index(self, text: str) -> TextIndex:
        """Every label of every matcher in `text`, from one automaton pass (see `TextIndex`)."""
        return TextIndex(self._automaton, text, self._matcher_count)

    def scheme(self, name: str) -> list[Concept]:
        """Concepts of the scheme whose IRI ends with `/name/`, in IRI order."""
        return self._members.get(name, [])

    def cue(self, local: str) -> Concept:
        """The cue concept `cue:local`."""
        return self.concepts[str(CUE[local])]

    def by_notation(self, scheme: str) -> dict[str, Concept]:
        return {c.notation: c for c in self.scheme(scheme) if c.notation}

    def skip(self, cues: tuple[str, ...], text: str, pos: int, end: int) -> int:
        """End of the run of the given cue words that starts at `pos` (pos itself when none)."""
        pattern = self._runs.get(cues)
        if pattern is None:
            alternatives = "|".join(f"(?:{self.cues[c].pattern.pattern})" for c in cues)
            pattern = self._runs[cues] = re.compile(f"(?:{alternatives})*")
        return pattern.match(text, pos, end).end()


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _scheme_name(scheme_iri: str) -> str:
    """`https://w3id.org/graphbuild/vocab/sector/` → `sector`."""
    return _local(scheme_iri)


def _compile(concepts: list[Concept], key: int = -1) -> Matcher:
    """Patterns first (they are the longer families), then labels longest first."""
    by_label = {label: c for c in concepts for label in c.labels}
    by_pattern = tuple((re.compile(p), c) for c in concepts for p in c.patterns)
    alternatives = [p.pattern for p, _ in by_pattern] + ([trie_pattern(by_label)] if by_label else [])
    pattern = re.compile("|".join(f"(?:{a})" for a in alternatives) if alternatives else r"(?!x)x")
    trigger = _trigger([p for p, _ in by_pattern]) if by_pattern else None
    if "" in by_label or (by_pattern and trigger is None):
        key = -1  # an empty label, or a pattern with no character every match holds: the regex always runs
    endings = tuple(sorted({len(label) for label in by_label}, reverse=True))
    return Matcher(pattern, by_label, by_pattern, endings, key, trigger)


def _automaton(matchers: list[Matcher]) -> ahocorasick.Automaton:
    """One Aho–Corasick automaton over the labels of every matcher: each label gives its length and
    the numbers of the matchers it belongs to."""
    owners: dict[str, list[int]] = {}
    for matcher in matchers:
        if matcher.key >= 0:
            for label in matcher.by_label:
                owners.setdefault(label, []).append(matcher.key)
    automaton = ahocorasick.Automaton()
    for label, keys in owners.items():
        automaton.add_word(label, (len(label), tuple(keys)))
    automaton.make_automaton()
    return automaton


_CLASS_LIMIT = 64  # a character class of more characters than this is no trigger


def _trigger(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """A character class holding a character of every match of every pattern (so where none of them
    occurs, no pattern matches), or None when some pattern has no such small set."""
    chars: set[str] = set()
    for pattern in patterns:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        if parsed.state.flags & re.IGNORECASE:
            return None  # a letter's case is beyond this reading
        found = _required(parsed)
        if not found:
            return None
        chars |= found
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def _required(items) -> set[str] | None:
    """The smallest of the character sets that the consuming, mandatory items of a parsed sequence
    give: every match of the sequence holds one of its characters (None: no such set found)."""
    best: set[str] | None = None
    for op, arg in items:
        found = _required_item(op, arg)
        if found and (best is None or len(found) < len(best)):
            best = found
    return best


def _required_item(op, arg) -> set[str] | None:
    """What one parsed item requires (see `_required`); zero-width items and optional ones nothing."""
    c = sre_constants
    if op is c.LITERAL:
        return {chr(arg)}
    if op is c.IN:
        chars: set[str] = set()
        for kind, value in arg:
            if kind is c.LITERAL:
                chars.add(chr(value))
            elif kind is c.RANGE and value[1] - value[0] < _CLASS_LIMIT:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:
                return None  # a negated class, a category or a wide range
        return chars if len(chars) <= _CLASS_LIMIT else None
    if op is c.SUBPATTERN:
        return None if arg[1] or arg[2] else _required(arg[-1])  # (?i:…) and other local flags: unread
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return _required(arg[2]) if arg[0] >= 1 else None
    if op is c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            found = _required(branch)
            if not found:
                return None
            union |= found
        return union
    if op is c.ATOMIC_GROUP:
        return _required(arg)
    return None  # ANY, NOT_LITERAL, AT, lookarounds, group references


def _labels(graph: Graph, concept) -> tuple[str, ...]:
    """Chinese (or untagged) labels of a concept, folded to the matching alphabet."""
    words = {
        fold(str(literal))
        for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
        for literal in graph.objects(concept, predicate)
        if getattr(literal, "language", None) in (None, "zh")
    }
    return tuple(sorted(words))


def lexicon_from_graph(graph: Graph) -> Lexicon:
    """Build a lexicon from a graph holding SKOS concept schemes."""
    concepts = {}
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        scheme = graph.value(concept, SKOS.inScheme)
        pref = next((lit for lit in graph.objects(concept, SKOS.prefLabel) if lit.language == "zh"), "")
        notation = graph.value(concept, SKOS.notation)
        broader = graph.value(concept, SKOS.broader)
        concepts[str(concept)] = Concept(
            iri=str(concept),
            scheme=str(scheme) if scheme else "",
            pref_label=str(pref),
            notation=str(notation) if notation else None,
            labels=_labels(graph, concept),
            patterns=_patterns(graph, concept),
            broader=str(broader) if broader else None,
            default_sectors=tuple(sorted(str(o) for o in graph.objects(concept, GB.defaultSector))),
            place_name_ending=str(graph.value(concept, GB.placeNameEnding) or ""),
        )
    return Lexicon(concepts)


def _patterns(graph: Graph, concept) -> tuple[str, ...]:
    """The concept's `gb:matchPattern`s and the patterns its `gb:matchScheme`s make, sorted."""
    return tuple(sorted([*map(str, graph.objects(concept, GB.matchPattern)), *_scheme_patterns(graph, concept)]))


def _scheme_patterns(graph: Graph, concept) -> list[str]:
    """`gb:matchScheme S`: the concept is also named by any label of S's concepts, optionally after a
    level word (`cue:department-level`) and before a unit word (`cue:department-unit`):
    市生态环境局, 住建部门, 发改委 for owner:department with the department types of departments.ttl."""
    patterns = []
    for scheme in sorted(graph.objects(concept, GB.matchScheme)):
        words = [w for member in graph.subjects(SKOS.inScheme, scheme) for w in _labels(graph, member)]
        level, unit = (trie_pattern(_labels(graph, URIRef(CUE[n]))) for n in ("department-level", "department-unit"))
        patterns.append(f"(?:{level})?{trie_pattern(sorted(set(words)))}(?:{unit})?")
    return patterns


@cache
def load_lexicon(folder: Path | None = None) -> Lexicon:
    """Parse every `*.ttl` under `ontology/vocab/` (and the department types of `departments.ttl`,
    which name department owners) once per process."""
    graph = Graph()
    if folder is None:
        paths = [*ontology_files("vocab", "*.ttl"), ontology_dir() / "departments.ttl"]
    else:
        paths = sorted(folder.glob("*.ttl"))
    for path in paths:
        graph.parse(path, format="turtle")
    return lexicon_from_graph(graph)
