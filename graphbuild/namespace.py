"""The project's RDF namespaces, and the one place where the IRIs of derived nodes are minted.

IRI patterns of the data (`id:` = https://w3id.org/graphbuild/id/), all from stable keys:

| node | IRI | minted by |
| --- | --- | --- |
| document | `id:doc/{sha256[:16]}` | rdfbuild |
| text span | `id:span/{doc}/{start}-{end}` (+ `/position`, `/quote`) | rdfbuild |
| area, zone | `id:area/{adcode}`, `id:zone/{adcode of its area}/{name}`, `id:zone/doc/{doc}` (none named) | rdfbuild |
| meeting, plan | `id:meeting/{doc}/{start}`, `id:plan/{doc}/{start}` | rdfbuild |
| measure, deadline, target | `id:measure/{doc}/{start}-{end}`, `id:deadline/…`, `id:target/…` | rdfbuild |
| post by title | `id:post/{area key}/{title}` | rdfbuild |
| an area's post of an accountable role | `{area}/post/{role}` | `role_post_iri` (rdfbuild and the rules) |
| an area's department of a type | `{area}/department/{type}` | `department_iri` (the rules) |
| assignment | `id:assignment/{sha256(owner, measure, type, origin)[:20]}` | `assignment_iri` (rdfbuild and the rules) |

The last three are Python functions; the rules call them as SPARQL extension functions
(`fn:rolePost`, `fn:department`, `fn:assignment`, registered by `graphbuild.infer`), so each
pattern is written once.
"""

from __future__ import annotations

import hashlib

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
    "TASKROLE",
    "INDICATOR",
    "UNIT",
    "QUDT",
    "TIME",
    "FN",
    "bind_prefixes",
    "assignment_iri",
    "role_post_iri",
    "department_iri",
    "CURIE_PREFIXES",
    "shorten",
    "expand",
]


class GB(DefinedNamespace):
    """Terms of ontology/graphbuild.ttl; a misspelt term fails at once (`_fail`)."""

    _fail = True
    _NS = Namespace("https://w3id.org/graphbuild/ontology#")

    AdministrativeArea: URIRef
    FunctionalZone: URIRef
    Directive: URIRef
    Plan: URIRef
    Deadline: URIRef
    Target: URIRef
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
    directiveKind: URIRef
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
    directive: URIRef
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
    taskRole: URIRef
    deadline: URIRef
    target: URIRef
    indicator: URIRef
    targetDate: URIRef
    accountableRole: URIRef
    # analytics computed at build time (graphbuild.analytics)
    Analytics: URIRef
    AnalyticsRun: URIRef
    NamedQuery: URIRef
    DutyCount: URIRef
    CoverageCount: URIRef
    OwnerStatusScheme: URIRef
    NoOwner: URIRef
    DiffuseOwnerOnly: URIRef
    InferredOwnerOnly: URIRef
    SupportOnly: URIRef
    NoLead: URIRef
    ExplicitOwner: URIRef
    inAnalytics: URIRef
    aboutOwner: URIRef
    aboutArea: URIRef
    aboutSector: URIRef
    ownerStatus: URIRef
    inferredOwnerCount: URIRef
    measureCount: URIRef
    explicitCount: URIRef
    inferredCount: URIRef
    leadCount: URIRef
    responsibleCount: URIRef
    supportCount: URIRef
    sectorCount: URIRef
    areaCount: URIRef
    namedCount: URIRef
    supportOnlyCount: URIRef
    namedArea: URIRef
    ownedCount: URIRef
    explicitlyOwnedCount: URIRef
    citedPrinciple: URIRef
    leftOutSector: URIRef
    rank: URIRef
    rankPage: URIRef


def _resolve_terms(namespace: type[DefinedNamespace]) -> None:
    """Set each declared term as a plain class attribute: rdflib answers `GB.x` through a metaclass
    `__getattr__` that checks the name every time (a million look-ups, 1.5 s, in the analytics of
    2,000 documents); a misspelt name still reaches it and fails."""
    for name in namespace.__annotations__:
        type.__setattr__(namespace, name, namespace[name])


_resolve_terms(GB)


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
        "zone", "department-level", "department-unit", "deadline-opening", "report-aspect", "attend", "acting",
        "source-line", "numbering", "general-subject", "follow-on", "topic-frame",
        # the plan genre's cues (ontology/vocab/plan-cues.ttl)
        "agent", "aspiration", "attributive", "basis-clause", "carry-on", "condition-clause", "continuation",
        "deadline", "deadline-label", "distributive", "document-number", "duty-word", "first-leads", "gloss",
        "index-column", "item-marker", "limit-date", "list-intro", "not-modal", "note-closing", "notice-closing",
        "notice-form", "notice-opening", "open-deadline", "owner-note", "partner", "period", "plan-non-measure",
        "request", "respectively", "section-title", "target-verb", "task-column", "unit-head",
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
TASKROLE = Namespace("https://w3id.org/graphbuild/vocab/task-role/")
INDICATOR = Namespace("https://w3id.org/graphbuild/vocab/indicator/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
TIME = Namespace("http://www.w3.org/2006/time#")
FN = Namespace("https://w3id.org/graphbuild/function#")

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
    "taskrole": TASKROLE,
    "indicator": INDICATOR,
    "unit": UNIT,
    "qudt": QUDT,
    "time": TIME,
    "fn": FN,
}


def bind_prefixes(manager: NamespaceManager) -> None:
    """Bind the project's prefixes (and schema.org as https, explicitly) on a namespace manager."""
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)


def assignment_iri(owner: str, measure: str, rtype: str, origin: str) -> URIRef:
    """The assignment of `owner` to `measure` with a responsibility type, by its origin: `explicit`
    (the text names it) or the IRI of the rule that inferred it.

    >>> str(assignment_iri("o", "m", "t", "explicit"))
    'https://w3id.org/graphbuild/id/assignment/59c1bcc8e6a3691604b3'
    """
    digest = hashlib.sha256("\x1f".join((owner, measure, rtype, origin)).encode("utf-8")).hexdigest()[:20]
    return ID[f"assignment/{digest}"]


def role_post_iri(area: str, role: str) -> URIRef:
    """An area's one post of a role a principle holds accountable (党委书记, 政府主要负责人).

    >>> str(role_post_iri(ID["area/510502"], ROLE["party-secretary"]))
    'https://w3id.org/graphbuild/id/area/510502/post/party-secretary'
    """
    return URIRef(f"{area}/post/{_local(role)}")


def department_iri(area: str, department_type: str) -> URIRef:
    """An area's department of a type (`dept:` scheme), reached by the 三管三必须 rule.

    >>> str(department_iri(ID["area/510502"], DEPT["housing"]))
    'https://w3id.org/graphbuild/id/area/510502/department/housing'
    """
    return URIRef(f"{area}/department/{_local(department_type)}")


def _local(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]
# CURIEs for people: tables print them and every option that takes an IRI accepts them.
# `gbid:` names the data (`gbid:measure/…`); `id:` is accepted as its synonym.
CURIE_PREFIXES: dict[str, str] = {"gbid": str(ID), **{k: str(v) for k, v in PREFIXES.items() if k != "id"}}
_LONGEST_FIRST = sorted(CURIE_PREFIXES.items(), key=lambda item: -len(item[1]))


def shorten(iri: str) -> str:
    """An IRI as a CURIE when a project prefix covers it, else unchanged.

    >>> shorten("https://w3id.org/graphbuild/id/measure/2b10/1866-1873")
    'gbid:measure/2b10/1866-1873'
    """
    for prefix, namespace in _LONGEST_FIRST:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def expand(text: str) -> str | None:
    """The IRI a user wrote as `<IRI>`, a plain `http(s)://…` IRI or a project CURIE; None for other text.

    >>> expand("gbid:measure/x"), expand("<https://example.org/a>"), expand("扬尘")
    ('https://w3id.org/graphbuild/id/measure/x', 'https://example.org/a', None)
    """
    text = text.strip()
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith(("http://", "https://", "urn:")):
        return text
    prefix, colon, local = text.partition(":")
    if colon and prefix == "id":
        prefix = "gbid"
    if colon and prefix in CURIE_PREFIXES:
        return CURIE_PREFIXES[prefix] + local
    return None
