"""The project's RDF namespaces: its own ontology terms (checked) and the IRIs of data and vocabularies."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, NamespaceManager
from rdflib.term import URIRef

__all__ = [
    "GB",
    "CUE",
    "ID",
    "OA",
    "SCHEMA",
    "SECTOR",
    "PRINCIPLE",
    "RTYPE",
    "OWNERKIND",
    "ROLE",
    "DEPT",
    "RULE",
    "GRAPH",
    "bind_prefixes",
]


class GB(DefinedNamespace):
    """Terms of ontology/graphbuild.ttl; a misspelt term fails at once (`_fail`)."""

    _fail = True
    _NS = Namespace("https://w3id.org/graphbuild/ontology#")

    AdministrativeArea: URIRef
    FunctionalZone: URIRef
    Meeting: URIRef
    Person: URIRef
    CollectiveOwner: URIRef
    Department: URIRef
    Measure: URIRef
    ResponsibilityAssignment: URIRef
    ResponsibilityStatement: URIRef
    PrincipleCitation: URIRef
    Rule: URIRef
    adcode: URIRef
    area: URIRef
    organizer: URIRef
    meetingKind: URIRef
    chair: URIRef
    speaker: URIRef
    followsUp: URIRef
    citesPrinciple: URIRef
    citation: URIRef
    principle: URIRef
    setBy: URIRef
    sector: URIRef
    owner: URIRef
    measure: URIRef
    responsibilityType: URIRef
    meeting: URIRef
    explicit: URIRef
    ownerKind: URIRef
    role: URIRef
    departmentType: URIRef
    regulates: URIRef
    implements: URIRef
    sha256: URIRef
    chars: URIRef
    matchPattern: URIRef
    placeNameEnding: URIRef
    matchScheme: URIRef
    defaultResponsibility: URIRef
    defaultSector: URIRef
    DepartmentMapping: URIRef
    portfolio: URIRef


class CUE(DefinedNamespace):
    """The cue concepts of ontology/vocab/cues.ttl, by local name (`CUE["modal"]`); a misspelt name
    fails at once (`_fail`). The lexicon's `cues` matchers are keyed by the same names, and a test
    keeps this list, the Turtle and the names the extractor uses in step."""

    _fail = True
    _NS = Namespace("https://w3id.org/graphbuild/vocab/cue/")
    _extras = [
        "adverb", "body", "chair", "chair-by", "city-body", "connective", "county-body", "directive-verb",
        "district-body", "enlarged", "enlarged-standing-committee-meeting", "exhortation", "formal-meeting-ending",
        "honorific", "lead-in", "level-body", "list-joiner", "list-tail", "meeting-ending", "meeting-noun",
        "meeting-ordinal", "meeting-trigger", "modal", "non-measure", "non-measure-start", "ordinal-prefix",
        "organ-suffix", "owner-label", "party-prefix", "place-ending", "post-of-level", "preposition-opening",
        "publication-label", "report-opener", "role-of", "same-day", "self-reference", "speaker",
        "standing-committee", "standing-committee-meeting", "time-of-day", "unit-ending", "vague-date", "venue",
        "zone", "department-level", "department-unit",
    ]


ID = Namespace("https://w3id.org/graphbuild/id/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
SECTOR = Namespace("https://w3id.org/graphbuild/vocab/sector/")
PRINCIPLE = Namespace("https://w3id.org/graphbuild/vocab/principle/")
RTYPE = Namespace("https://w3id.org/graphbuild/vocab/responsibility/")
OWNERKIND = Namespace("https://w3id.org/graphbuild/vocab/owner-kind/")
ROLE = Namespace("https://w3id.org/graphbuild/vocab/role/")
DEPT = Namespace("https://w3id.org/graphbuild/vocab/department/")
RULE = Namespace("https://w3id.org/graphbuild/rule/")
GRAPH = Namespace("https://w3id.org/graphbuild/graph/")  # named graphs the tool writes

PREFIXES: dict[str, Namespace] = {
    "gb": Namespace(str(GB._NS)),
    "id": ID,
    "oa": OA,
    "schema": SCHEMA,
    "sector": SECTOR,
    "principle": PRINCIPLE,
    "rtype": RTYPE,
    "ownerkind": OWNERKIND,
    "role": ROLE,
    "dept": DEPT,
    "rule": RULE,
}


def bind_prefixes(manager: NamespaceManager) -> None:
    """Bind the project's prefixes (and schema.org as https, explicitly) on a namespace manager."""
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)
