"""The extractor's lexicon, loaded from the SKOS vocabularies in `ontology/vocab/`.

Every trigger word is a `skos:prefLabel`, `skos:altLabel` or `skos:hiddenLabel` of a concept
(and `gb:matchPattern` for families of words), so extraction is extended by editing Turtle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from ..namespace import GB
from ..resources import ontology_files
from .text import fold, trie_pattern

__all__ = ["Concept", "Hit", "Matcher", "Lexicon", "load_lexicon", "lexicon_from_graph"]


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


class Hit(NamedTuple):
    """One occurrence of a concept's word: `[start, end)` and the concept."""

    start: int
    end: int
    concept: Concept


@dataclass(frozen=True)
class Matcher:
    """The words of a set of concepts as one compiled alternation (patterns, then labels longest
    first), with the way back from a matched word to its concept. Every look-up returns a stdlib
    `re.Match` (or None) or `Hit`s, and honours an end bound."""

    pattern: re.Pattern[str]
    by_label: dict[str, Concept]
    by_pattern: tuple[tuple[re.Pattern[str], Concept], ...]
    endings: tuple[str, ...]

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
        return next((len(text) - len(label) for label in self.endings if text.endswith(label)), None)


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
        self.schemes = {name: _compile(members) for name, members in by_scheme.items()}
        self.cues = {_local(c.iri): _compile([c]) for c in by_scheme.get("cue", [])}

    def scheme(self, name: str) -> list[Concept]:
        """Concepts of the scheme whose IRI ends with `/name/`, in IRI order."""
        return self._members.get(name, [])

    def cue(self, local: str) -> Concept:
        """The cue concept `cue:local`."""
        return self.concepts[f"https://w3id.org/graphbuild/vocab/cue/{local}"]

    def by_notation(self, scheme: str) -> dict[str, Concept]:
        return {c.notation: c for c in self.scheme(scheme) if c.notation}

    def skip(self, cues: tuple[str, ...], text: str, pos: int, end: int) -> int:
        """End of the run of the given cue words that starts at `pos` (pos itself when none)."""
        pattern = self._runs.get(cues)
        if pattern is None:
            alternatives = "|".join(f"(?:{self.cues[c].pattern.pattern})" for c in cues)
            pattern = self._runs[cues] = re.compile(f"(?:{alternatives})*")
        return pattern.match(text, pos, end).end()

    # -- the older look-ups, kept while call sites move to `schemes`/`cues` ----------------
    def find(self, scheme: str, text: str, pos: int = 0, endpos: int | None = None) -> list[Hit]:
        return self.schemes[scheme].hits(text, pos, endpos)

    def has(self, scheme: str, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        return self.schemes[scheme].search(text, pos, endpos) is not None

    def find_cue(self, local: str, text: str, pos: int = 0, endpos: int | None = None) -> list[Hit]:
        return self.cues[local].hits(text, pos, endpos)

    def has_cue(self, local: str, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        return self.cues[local].search(text, pos, endpos) is not None

    def first_cue(self, local: str, text: str, pos: int = 0, endpos: int | None = None) -> tuple[int, int] | None:
        m = self.cues[local].search(text, pos, endpos)
        return m.span() if m else None

    def suffix_cue(self, local: str, text: str) -> int:
        found = self.cues[local].ending(text)
        return -1 if found is None else found

    def match_cue(self, local: str, text: str, pos: int = 0) -> int:
        m = self.cues[local].match(text, pos)
        return m.end() if m else -1

    def match(self, scheme: str, text: str, pos: int = 0) -> tuple[int, Concept] | None:
        matcher = self.schemes[scheme]
        m = matcher.match(text, pos)
        return (m.end(), matcher.concept_of(m.group())) if m else None


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _scheme_name(scheme_iri: str) -> str:
    """`https://w3id.org/graphbuild/vocab/sector/` → `sector`."""
    return _local(scheme_iri)


def _compile(concepts: list[Concept]) -> Matcher:
    """Patterns first (they are the longer families), then labels longest first."""
    by_label = {label: c for c in concepts for label in c.labels}
    by_pattern = tuple((re.compile(p), c) for c in concepts for p in c.patterns)
    alternatives = [p.pattern for p, _ in by_pattern] + ([trie_pattern(by_label)] if by_label else [])
    pattern = re.compile("|".join(f"(?:{a})" for a in alternatives) if alternatives else r"(?!x)x")
    return Matcher(pattern, by_label, by_pattern, tuple(sorted(by_label, key=len, reverse=True)))


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
            patterns=tuple(sorted(str(p) for p in graph.objects(concept, GB.matchPattern))),
            broader=str(broader) if broader else None,
            default_sectors=tuple(sorted(str(o) for o in graph.objects(concept, GB.defaultSector))),
        )
    return Lexicon(concepts)


@cache
def load_lexicon(folder: Path | None = None) -> Lexicon:
    """Parse every `*.ttl` under `ontology/vocab/` once per process."""
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")) if folder else ontology_files("vocab", "*.ttl"):
        graph.parse(path, format="turtle")
    return lexicon_from_graph(graph)
