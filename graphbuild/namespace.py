"""The project's RDF namespaces: its own ontology terms (checked) and the IRIs of data and vocabularies."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, NamespaceManager
from rdflib.term import URIRef

__all__ = [
    "GB",
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
    "bind_prefixes",
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
    defaultResponsibility: URIRef
    defaultSector: URIRef
    DepartmentMapping: URIRef
    portfolio: URIRef


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
