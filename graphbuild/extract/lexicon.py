"""The extractor's lexicon, loaded from the SKOS vocabularies in `ontology/vocab/`.

Every trigger word is a `skos:prefLabel`, `skos:altLabel` or `skos:hiddenLabel` of a concept
(and `gb:matchPattern` for families of words), so extraction is extended by editing Turtle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from ..namespace import GB
from ..resources import ontology_files
from .text import fold, trie_pattern

__all__ = ["Concept", "Lexicon", "load_lexicon"]


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


@dataclass
class _Matcher:
    """One alternation over a set of concepts' words, longest first, with the way back to the concept."""

    pattern: re.Pattern[str]
    by_label: dict[str, Concept]
    by_pattern: list[tuple[re.Pattern[str], Concept]]

    def concept_of(self, word: str) -> Concept:
        found = self.by_label.get(word)
        if found is not None:
            return found
        return next(c for p, c in self.by_pattern if p.fullmatch(word))

    def find(self, text: str, pos: int, end: int) -> list[tuple[int, int, Concept]]:
        concept_of = self.concept_of
        return [(m.start(), m.end(), concept_of(m.group())) for m in self.pattern.finditer(text, pos, end)]


@dataclass
class Lexicon:
    """Concepts by scheme, with compiled matchers built on first use."""

    concepts: dict[str, Concept]
    _matchers: dict[str, _Matcher] = field(default_factory=dict, repr=False)
    _cues: dict[str, _Matcher] = field(default_factory=dict, repr=False)
    _suffixes: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _schemes: dict[str, list[Concept]] = field(default_factory=dict, repr=False)
    _runs: dict[tuple[str, ...], re.Pattern[str]] = field(default_factory=dict, repr=False)

    def scheme(self, name: str) -> list[Concept]:
        """Concepts of the scheme whose IRI ends with `/name/`, in IRI order."""
        if name not in self._schemes:
            suffix = f"/{name}/"
            found = (c for c in self.concepts.values() if c.scheme.endswith(suffix))
            self._schemes[name] = sorted(found, key=lambda c: c.iri)
        return self._schemes[name]

    def cue(self, local: str) -> Concept:
        """The cue concept `cue:local`."""
        return self.concepts[f"https://w3id.org/graphbuild/vocab/cue/{local}"]

    def by_notation(self, scheme: str) -> dict[str, Concept]:
        return {c.notation: c for c in self.scheme(scheme) if c.notation}

    def find(self, scheme: str, text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int, Concept]]:
        """Leftmost-longest, non-overlapping matches of a scheme's words in `text[pos:endpos]`."""
        matcher = self._scheme_matcher(scheme)
        return matcher.find(text, pos, len(text) if endpos is None else endpos)

    def has(self, scheme: str, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """Whether any word of a scheme occurs in `text[pos:endpos]`."""
        matcher = self._scheme_matcher(scheme)
        return matcher.pattern.search(text, pos, len(text) if endpos is None else endpos) is not None

    def find_cue(
        self, local: str, text: str, pos: int = 0, endpos: int | None = None
    ) -> list[tuple[int, int, Concept]]:
        """Matches of one cue concept's words."""
        matcher = self._cue_matcher(local)
        return matcher.find(text, pos, len(text) if endpos is None else endpos)

    def has_cue(self, local: str, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """Whether any word of one cue concept occurs in `text[pos:endpos]`."""
        matcher = self._cue_matcher(local)
        return matcher.pattern.search(text, pos, len(text) if endpos is None else endpos) is not None

    def first_cue(self, local: str, text: str, pos: int = 0, endpos: int | None = None) -> tuple[int, int] | None:
        """Offsets of the first cue word in `text[pos:endpos]`, or None."""
        m = self._cue_matcher(local).pattern.search(
            text, pos, len(text) if endpos is None else endpos
        )
        return m.span() if m else None

    def suffix_cue(self, local: str, text: str) -> int:
        """Where the longest label of a cue concept that ends `text` begins, or -1 (labels only)."""
        labels = self._suffixes.get(local)
        if labels is None:
            labels = self._suffixes[local] = sorted(self.cue(local).labels, key=len, reverse=True)
        return next((len(text) - len(label) for label in labels if text.endswith(label)), -1)

    def match_cue(self, local: str, text: str, pos: int = 0) -> int:
        """End of the longest cue word starting exactly at `pos`, or -1."""
        m = self._cue_matcher(local).pattern.match(text, pos)
        return m.end() if m else -1

    def skip(self, cues: tuple[str, ...], text: str, pos: int, end: int) -> int:
        """End of the run of the given cue words that starts at `pos` (pos itself when none)."""
        pattern = self._runs.get(cues)
        if pattern is None:
            alternatives = "|".join(f"(?:{self._cue_matcher(c).pattern.pattern})" for c in cues)
            pattern = self._runs[cues] = re.compile(f"(?:{alternatives})*")
        return pattern.match(text, pos, end).end()

    def _cue_matcher(self, local: str) -> _Matcher:
        matcher = self._cues.get(local)
        if matcher is None:
            matcher = self._cues[local] = _compile([self.cue(local)])
        return matcher

    def match(self, scheme: str, text: str, pos: int = 0) -> tuple[int, Concept] | None:
        """The longest word of a scheme starting exactly at `pos`: its end and concept."""
        matcher = self._scheme_matcher(scheme)
        m = matcher.pattern.match(text, pos)
        return (m.end(), matcher.concept_of(m.group())) if m else None

    def _scheme_matcher(self, scheme: str) -> _Matcher:
        matcher = self._matchers.get(scheme)
        if matcher is None:
            matcher = self._matchers[scheme] = _compile(self.scheme(scheme))
        return matcher


def _compile(concepts: list[Concept]) -> _Matcher:
    """Patterns first (they are the longer families), then labels longest first."""
    by_label = {label: c for c in concepts for label in c.labels}
    by_pattern = [(re.compile(p), c) for c in concepts for p in c.patterns]
    alternatives = [p.pattern for p, _ in by_pattern] + ([trie_pattern(by_label)] if by_label else [])
    pattern = re.compile("|".join(f"(?:{a})" for a in alternatives) if alternatives else r"(?!x)x")
    return _Matcher(pattern, by_label, by_pattern)


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
    for path in (sorted(folder.glob("*.ttl")) if folder else ontology_files("vocab", "*.ttl")):
        graph.parse(path, format="turtle")
    return lexicon_from_graph(graph)
