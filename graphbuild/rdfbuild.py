"""Build RDF (read → extract → **rdfbuild** → infer → validate): records to a graph with
deterministic IRIs and full provenance.

IRIs come from stable keys only (the patterns are listed in `graphbuild.namespace`): areas by
adcode, zones by their city and name, people by area and name, posts by area and title,
documents by content hash, text spans by offsets. Every fact derives (`prov:wasDerivedFrom`)
from an `oa:SpecificResource` whose selectors give the `[start, end)` offsets and the exact
quote of the decoded source text.

A directive is a meeting (`gb:Meeting`) or a plan (`gb:Plan`), both typed `gb:Directive` too
(SHACL checks classes without inference). What directives share (area, organiser, kind, source,
principle citations, responsibility statements, measures with their owners, roles and
deadlines) is written by `_Builder.directive`; `meeting()` and `plan()` add their own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, XSD

from .extract.dates import is_valid_date
from .extract.divisions import Divisions, load_divisions
from .extract.lexicon import Lexicon, load_lexicon
from .extract.places import area_name_at
from .extract.records import (
    AreaRef,
    DeadlineRecord,
    DirectiveRecord,
    DocumentRecord,
    MeasureRecord,
    MeetingRecord,
    OwnerRecord,
    PersonRecord,
    PlanRecord,
    TargetRecord,
)
from .extract.text import fold
from .graphio import NT_ESCAPES, ntriples
from .namespace import (
    GB,
    ID,
    INDICATOR,
    OA,
    QUDT,
    RTYPE,
    SCHEMA,
    TASKROLE,
    TIME,
    assignment_iri,
    bind_prefixes,
    role_post_iri,
)
from .resources import ontology_dir

__all__ = [
    "build_graph",
    "build_ntriples",
    "build_triples",
    "new_graph",
    "vocabulary_graph",
    "unit_iris",
    "TripleSet",
    "VOCABULARIES",
]

# Terms of the hot path, looked up once (rdflib builds a new URIRef on every namespace attribute access).
_TYPE, _DERIVED_FROM = RDF.type, PROV.wasDerivedFrom
_SPECIFIC_RESOURCE, _HAS_SOURCE, _HAS_SELECTOR = OA.SpecificResource, OA.hasSource, OA.hasSelector
_POSITION_SELECTOR, _QUOTE_SELECTOR = OA.TextPositionSelector, OA.TextQuoteSelector
_START, _END, _EXACT, _NON_NEGATIVE = OA.start, OA.end, OA.exact, XSD.nonNegativeInteger

VOCABULARIES = (
    "sectors.ttl",
    "principles.ttl",
    "responsibility-types.ttl",
    "posts.ttl",
    "owner-kinds.ttl",
    "task-roles.ttl",
    "indicators.ttl",
    "units.ttl",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"\d{4}")


# RFC 3987 `ucschar`: the code points above ASCII that an IRI may hold unescaped. Left out:
# C1 controls (U+0080–U+009F, U+0085 among them), surrogates, private use (U+E000–U+F8FF and
# planes 15–16), the noncharacters U+FDD0–U+FDEF and U+xFFFE/U+xFFFF, the specials U+FFF0–U+FFFD
# (U+FFFD too), and plane 14's tags (U+E0000–U+E0FFF). White space is escaped as well (see below).
_UCSCHAR = (
    (0xA0, 0xD7FF),
    (0xF900, 0xFDCF),
    (0xFDF0, 0xFFEF),
    *((plane << 16, (plane << 16) + 0xFFFD) for plane in range(1, 14)),
    (0xE1000, 0xEFFFD),
)


def _iri_char(c: str) -> bool:
    code = ord(c)
    if code < 128:
        return c.isalnum() or c in "-._~()"
    # Unicode white space (U+2028, U+3000, U+00A0 …) is allowed by RFC 3987 but ends an IRI in
    # rdflib's N-Triples parser: it is escaped too.
    return not c.isspace() and any(low <= code <= high for low, high in _UCSCHAR)


def _unnamed(ref: AreaRef) -> bool:
    """True when the text names no area at all (no name, no code, no enclosing area)."""
    return not (ref.adcode or ref.within_adcode or ref.name)


def _key(text: str) -> str:
    """A readable IRI path segment: Chinese kept as is (legal in IRIs); every code point that an
    IRI may not hold unescaped (unsafe ASCII, controls, private use, noncharacters, U+FFFD) is
    percent-encoded as UTF-8, so that every store and parser accepts the IRI.

    >>> _key("各镇(街道)/x y"), _key("江阳\ufffd区\x85")
    ('各镇(街道)%2Fx%20y', '江阳%EF%BF%BD区%C2%85')
    """
    return "".join(
        c if _iri_char(c) else quote(c.encode("utf-8", "surrogatepass"), safe="") for c in text
    )


@cache
def vocabulary_graph() -> Graph:
    """The SKOS vocabularies and the department mapping that every built graph carries."""
    graph = Graph()
    folder = ontology_dir()
    for name in VOCABULARIES:
        graph.parse(folder / "vocab" / name, format="turtle")
    graph.parse(folder / "departments.ttl", format="turtle")
    return graph


@cache
def accountable_roles() -> frozenset[str]:
    """Roles some principle holds accountable (`gb:accountableRole`): an area has one post of each."""
    return frozenset(str(role) for role in vocabulary_graph().objects(None, GB.accountableRole))


def unit_iris(lexicon: Lexicon) -> dict[str, URIRef]:
    """Unit words (folded labels of the unit scheme) and QUDT local names → the QUDT unit IRI.

    >>> str(unit_iris(load_lexicon())["μg/m3"])
    'http://qudt.org/vocab/unit/MicroGM-PER-M3'
    """
    return {
        word: URIRef(concept.iri)
        for concept in lexicon.scheme("unit")
        for word in (*concept.labels, concept.notation or "")
        if word
    }


class _Builder:
    """Adds one document's records to a graph."""

    def __init__(
        self,
        graph: TripleSet,
        record: DocumentRecord,
        lexicon: Lexicon,
        divisions: Divisions,
        span_lines: list[str] | None = None,
    ) -> None:
        self.g = graph
        # When given, spans are written here as N-Triples lines instead of rdflib triples: a span's
        # nine triples are half of a document's, and rdflib terms were a third of a worker's time.
        self.span_lines = span_lines
        self.record = record
        self.lexicon = lexicon
        self.divisions = divisions
        self.doc_key = record.sha256[:16]
        self.doc = ID[f"doc/{self.doc_key}"]
        self.span_prefix = f"{ID}span/{self.doc_key}/"
        self.spans: set[URIRef] = set()
        self.sectors = lexicon.by_notation("sector")

    # -- documents and spans -------------------------------------------------
    def document(self) -> None:
        g, doc, meta = self.g, self.doc, self.record.metadata
        g.add((doc, RDF.type, SCHEMA.DigitalDocument))
        g.add((doc, RDF.type, PROV.Entity))
        g.add((doc, SCHEMA.name, Literal(self.record.source)))
        g.add((doc, GB.sha256, Literal(self.record.sha256)))
        g.add((doc, GB.chars, Literal(self.record.chars, datatype=XSD.integer)))
        for field, predicate in (
            ("title", DCTERMS.title),
            ("issuer", DCTERMS.publisher),
            ("source", DCTERMS.source),
            ("document_number", DCTERMS.identifier),
        ):
            if meta.get(field):
                g.add((doc, predicate, Literal(meta[field])))
        if meta.get("published") and is_valid_date(meta["published"][:10]):
            g.add((doc, DCTERMS.issued, _date_literal(meta["published"][:10])))

    def span(self, start: int, end: int) -> URIRef:
        """A text span of the document with a position and a quote selector (the hot path of a build)."""
        base = f"{self.span_prefix}{start}-{end}"
        node = URIRef(base)
        if node in self.spans:
            return node
        self.spans.add(node)
        if self.span_lines is not None:
            self.span_lines.append(_span_ntriples(base, self.doc, start, end, self.record.text[start:end]))
            return node
        position, quote_node = URIRef(base + "/position"), URIRef(base + "/quote")
        add = self.g.add
        add((node, _TYPE, _SPECIFIC_RESOURCE))
        add((node, _HAS_SOURCE, self.doc))
        add((node, _HAS_SELECTOR, position))
        add((node, _HAS_SELECTOR, quote_node))
        add((position, _TYPE, _POSITION_SELECTOR))
        add((position, _START, Literal(str(start), datatype=_NON_NEGATIVE)))
        add((position, _END, Literal(str(end), datatype=_NON_NEGATIVE)))
        add((quote_node, _TYPE, _QUOTE_SELECTOR))
        add((quote_node, _EXACT, Literal(self.record.text[start:end])))
        return node

    def derive(self, subject: URIRef, span: tuple[int, int]) -> None:
        self.g.add((subject, _DERIVED_FROM, self.span(*span)))

    # -- areas, people, posts -------------------------------------------------
    def area(self, ref: AreaRef) -> URIRef:
        if ref.adcode:
            return self._admin_area(ref.adcode)
        if _unnamed(ref):
            # The text names no area (an excerpt of a list, say): the area is this document's own,
            # named by the document, so owners of two such documents are never taken for one.
            node = ID[f"zone/{self._area_key(ref)}"]
            self.g.add((node, RDF.type, GB.FunctionalZone))
            self.g.add((node, RDFS.label, Literal(self.record.source, lang="zh")))
            return node
        within = self._admin_area(ref.within_adcode) if ref.within_adcode else None
        node = ID[f"zone/{ref.within_adcode or 'none'}/{_key(ref.name)}"]
        self.g.add((node, RDF.type, GB.FunctionalZone))
        self.g.add((node, RDFS.label, Literal(ref.name, lang="zh")))
        if within is not None:
            self.g.add((node, SCHEMA.containedInPlace, within))
            self.g.add((node, ORG.subOrganizationOf, within))
        return node

    def _admin_area(self, adcode: str) -> URIRef:
        node = ID[f"area/{adcode}"]
        if (node, RDF.type, GB.AdministrativeArea) in self.g:
            return node
        area = self.divisions.by_code[adcode]
        self.g.add((node, RDF.type, GB.AdministrativeArea))
        self.g.add((node, RDFS.label, Literal(area.name, lang="zh")))
        self.g.add((node, GB.adcode, Literal(adcode)))
        parent = self.divisions.parent(area)
        if parent is not None:
            self.g.add((node, SCHEMA.containedInPlace, self._admin_area(parent.adcode)))
        return node

    def _area_key(self, ref: AreaRef) -> str:
        if _unnamed(ref):
            return f"doc/{self.doc_key}"
        return ref.adcode or f"{ref.within_adcode or 'none'}-{_key(ref.name)}"

    def person(self, person: PersonRecord, area: AreaRef) -> URIRef:
        node = ID[f"person/{self._area_key(area)}/{_key(person.name)}"]
        self.g.add((node, RDF.type, GB.Person))
        self.g.add((node, SCHEMA.name, Literal(person.name, lang="zh")))
        self.g.add((node, RDFS.label, Literal(person.name, lang="zh")))
        self.derive(node, person.span)
        for index, title in enumerate(person.posts):
            span = person.post_spans[index] if index < len(person.post_spans) else person.span
            self.g.add((self.post(title, area, span), ORG.heldBy, node))
        return node

    def post(self, title: str, meeting_area: AreaRef, span: tuple[int, int]) -> URIRef:
        """An org:Post by its full title, in the area the title names (else the meeting's)."""
        area_ref = self._post_area(title, meeting_area)
        role = self._role(title)
        node = ID[f"post/{self._area_key(area_ref)}/{_key(title)}"]
        if role is not None and role[0].iri in accountable_roles() and title.startswith(area_ref.name):
            # The area's party secretary and government head are one post each, whatever the
            # wording; the 党政同责 rule reaches the same IRI (`role_post_iri`).
            node = role_post_iri(self.area(area_ref), role[0].iri)
        self.g.add((node, RDF.type, ORG.Post))
        self.g.add((node, RDFS.label, Literal(title, lang="zh")))
        self.g.add((node, GB.area, self.area(area_ref)))
        if role is not None:
            self.g.add((node, GB.role, URIRef(role[0].iri)))
            # 绵竹市委书记 → 绵竹市委: the body keeps the level-body word (委) the title's role opens with.
            level_body = self.lexicon.cues["level-body"].match(role[1])
            body = title[: len(title) - len(role[1])] + (level_body.group() if level_body else "")
            self.g.add((node, ORG.postIn, self.organization(body, area_ref)))
        self.derive(node, span)
        return node

    def _post_area(self, title: str, meeting_area: AreaRef) -> AreaRef:
        """The area a post's title starts with (the meeting's own when the name is shared), else the meeting's."""
        name = area_name_at(self.divisions, title)
        if not name:
            return meeting_area
        candidates = self.divisions.candidates(name)
        if meeting_area.adcode and any(c.adcode == meeting_area.adcode for c in candidates):
            return meeting_area
        within = meeting_area.within_adcode or meeting_area.adcode or ""
        chosen = next((c for c in candidates if within and c.adcode.startswith(within[:2])), candidates[0])
        return AreaRef(chosen.name, chosen.adcode)

    def _role(self, title: str):
        """The role whose label is the longest title at the end of the post's name."""
        best = None
        for concept in self.lexicon.scheme("role"):
            for label in concept.labels:
                if title.endswith(label) and (best is None or len(label) > len(best[1])):
                    best = (concept, label)
        return best

    # -- directives (meetings, plans) and what they set -------------------------
    def directive(self, directive: DirectiveRecord, node: URIRef, cls: URIRef) -> None:
        """What every directive has; `node` is typed `cls` and `gb:Directive`."""
        g = self.g
        g.add((node, RDF.type, cls))
        g.add((node, RDF.type, GB.Directive))
        g.add((node, GB.area, self.area(directive.area)))
        g.add((node, GB.organizer, Literal(directive.organizer, lang="zh")))
        g.add((node, GB.directiveKind, Literal(directive.kind, lang="zh")))
        g.add((node, DCTERMS.source, self.doc))
        self.derive(node, directive.span)
        for principle in directive.principles:
            citation = ID[f"citation/{self.doc_key}/{principle.span[0]}-{principle.span[1]}"]
            g.add((node, GB.citesPrinciple, URIRef(principle.concept)))
            g.add((node, GB.citation, citation))
            g.add((citation, RDF.type, GB.PrincipleCitation))
            g.add((citation, GB.principle, URIRef(principle.concept)))
            g.add((citation, GB.directive, node))
            self.derive(citation, principle.span)
        statement_types: dict[str, list[str]] = {}
        for statement in directive.responsibilities:
            owner = self.owner(statement.owner, directive.area)
            notation = self.lexicon.concepts[statement.type_concept].notation or "X"
            s_node = ID[
                f"statement/{self.doc_key}/{statement.span[0]}-{statement.span[1]}/{_key(statement.owner.name)}/{notation}"
            ]
            g.add((s_node, RDF.type, GB.ResponsibilityStatement))
            g.add((s_node, GB.owner, owner))
            g.add((s_node, GB.responsibilityType, URIRef(statement.type_concept)))
            g.add((s_node, GB.directive, node))
            self.derive(s_node, statement.span)
            statement_types.setdefault(statement.owner.name, []).append(statement.type_concept)
        for measure in directive.measures:
            self.measure(measure, node, directive.area, statement_types)

    def meeting(self, meeting: MeetingRecord, nodes: list[URIRef]) -> URIRef:
        """A meeting: its date, chair, speakers and the meeting it follows up (`nodes`: earlier meetings)."""
        g = self.g
        node = ID[f"meeting/{self.doc_key}/{meeting.span[0]}"]
        self.directive(meeting, node, GB.Meeting)
        g.add((node, RDFS.label, Literal(f"{meeting.date or ''} {meeting.organizer}{meeting.kind}".strip(), lang="zh")))
        if meeting.date and is_valid_date(meeting.date):
            g.add((node, DCTERMS.date, _date_literal(meeting.date)))
        if meeting.follows is not None:
            g.add((node, GB.followsUp, nodes[meeting.follows]))
        if meeting.chair:
            g.add((node, GB.chair, self.person(meeting.chair, meeting.area)))
        for speaker in meeting.speakers:
            g.add((node, GB.speaker, self.person(speaker, meeting.area)))
        return node

    def plan(self, plan: PlanRecord) -> URIRef:
        """A plan: its issuer (an org:Organization), date of issue, document number, title and targets."""
        g = self.g
        node = ID[f"plan/{self.doc_key}/{plan.span[0]}"]
        self.directive(plan, node, GB.Plan)
        g.add((node, RDFS.label, Literal(plan.title or f"{plan.organizer}{plan.kind}", lang="zh")))
        g.add((node, DCTERMS.publisher, self.organization(plan.organizer, plan.area)))
        if plan.date and is_valid_date(plan.date):
            g.add((node, DCTERMS.issued, _date_literal(plan.date)))
        if plan.identifier:
            g.add((node, DCTERMS.identifier, Literal(plan.identifier)))
        if plan.title:
            g.add((node, DCTERMS.title, Literal(plan.title, lang="zh")))
        for target in plan.targets:
            g.add((node, GB.target, self.target(target, target.area or plan.area)))
        return node

    def organization(self, name: str, area_ref: AreaRef) -> URIRef:
        """A body by its name in an area (a plan's issuer, the body of a post)."""
        node = ID[f"org/{self._area_key(area_ref)}/{_key(name)}"]
        self.g.add((node, RDF.type, ORG.Organization))
        self.g.add((node, RDFS.label, Literal(name, lang="zh")))
        self.g.add((node, GB.area, self.area(area_ref)))
        return node

    def target(self, target: TargetRecord, area_ref: AreaRef) -> URIRef:
        """A quantified goal: indicator, value, QUDT unit (from the unit vocabulary), area, date.

        Several targets may share one text (SO2、NOx…分别减少25%; one per county of a list), so the IRI
        keys the span with the indicator, the area and the value."""
        g = self.g
        parts = (target.indicator or "", self._area_key(area_ref), repr(target.value))
        key = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:8]
        node = ID[f"target/{self.doc_key}/{target.span[0]}-{target.span[1]}/{key}"]
        g.add((node, RDF.type, GB.Target))
        g.add((node, RDFS.label, Literal(target.text, lang="zh")))
        # The shortest decimal form (35, not 35.0): the form Oxigraph writes too, so both stores agree.
        value = format(Decimal(str(target.value)).normalize(), "f")
        g.add((node, QUDT.numericValue, Literal(value, datatype=XSD.decimal)))
        g.add((node, GB.area, self.area(area_ref)))
        if target.indicator:
            g.add((node, GB.indicator, INDICATOR[target.indicator]))
        unit = unit_iris(self.lexicon).get(fold(target.unit)) if target.unit else None
        if unit is not None:
            g.add((node, QUDT.unit, unit))
        if target.by and _ISO_DATE.fullmatch(target.by) and is_valid_date(target.by):
            g.add((node, GB.targetDate, Literal(target.by, datatype=XSD.date)))
        elif target.by and _YEAR.fullmatch(target.by):
            g.add((node, GB.targetDate, Literal(target.by, datatype=XSD.gYear)))
        self.derive(node, target.span)
        return node

    def deadline(self, deadline: DeadlineRecord) -> URIRef:
        """A task's time limit: its words, its span and, when it has one, the last day it allows."""
        g = self.g
        node = ID[f"deadline/{self.doc_key}/{deadline.span[0]}-{deadline.span[1]}"]
        g.add((node, RDF.type, GB.Deadline))
        g.add((node, RDFS.label, Literal(deadline.text, lang="zh")))
        if deadline.date and _ISO_DATE.fullmatch(deadline.date) and is_valid_date(deadline.date):
            g.add((node, TIME.inXSDDate, Literal(deadline.date, datatype=XSD.date)))
        self.derive(node, deadline.span)
        return node

    def owner(self, owner: OwnerRecord, area: AreaRef) -> URIRef:
        node = ID[f"owner/{self._area_key(area)}/{_key(owner.name)}"]
        self.g.add((node, RDF.type, GB.CollectiveOwner))
        self.g.add((node, RDFS.label, Literal(owner.name, lang="zh")))
        self.g.add((node, GB.area, self.area(area)))
        if owner.kind:
            self.g.add((node, GB.ownerKind, URIRef(owner.kind)))
        return node

    def measure(
        self, measure: MeasureRecord, directive: URIRef, area: AreaRef, statement_types: dict[str, list[str]]
    ) -> None:
        """A measure (a plan's task) with its sectors, deadline and explicit owners."""
        g = self.g
        node = ID[f"measure/{self.doc_key}/{measure.span[0]}-{measure.span[1]}"]
        g.add((node, RDF.type, GB.Measure))
        g.add((node, RDFS.label, Literal(measure.text, lang="zh")))
        g.add((node, GB.setBy, directive))
        for notation in measure.sectors:
            g.add((node, GB.sector, URIRef(self.sectors[notation].iri)))
        self.derive(node, measure.span)
        g.add((node, PROV.wasQuotedFrom, self.span(*measure.sentence)))
        if measure.deadline is not None:
            g.add((node, GB.deadline, self.deadline(measure.deadline)))
        assigned: set[URIRef] = set()
        for owner in measure.owners:
            owner_node = self.owner(owner, area)
            for type_iri in statement_types.get(owner.name) or self._default_types(owner):
                assignment = assignment_iri(owner_node, node, type_iri, "explicit")
                if assignment not in assigned:  # an owner named twice keeps its first role
                    assigned.add(assignment)
                    self.assignment(assignment, owner_node, node, URIRef(type_iri), directive, owner)
                    self.derive(assignment, measure.span)

    def _default_types(self, owner: OwnerRecord) -> list[str]:
        concept_graph = vocabulary_graph()
        found = concept_graph.value(URIRef(owner.kind), GB.defaultResponsibility) if owner.kind else None
        return [str(found)] if found else [str(RTYPE.lingdao)]

    def assignment(
        self, node: URIRef, owner: URIRef, measure: URIRef, rtype: URIRef, directive: URIRef, named: OwnerRecord
    ) -> None:
        """An explicit assignment: it carries the role the text gives the owner and derives from the
        owner's own words (bracket, cell or clause) as well as from the measure's span."""
        g = self.g
        g.add((node, RDF.type, GB.ResponsibilityAssignment))
        g.add((node, GB.owner, owner))
        g.add((node, GB.measure, measure))
        g.add((node, GB.responsibilityType, rtype))
        g.add((node, GB.directive, directive))
        g.add((node, GB.explicit, Literal(True)))
        if named.role is not None:
            g.add((node, GB.taskRole, TASKROLE[named.role]))
        self.derive(node, named.span)


def _span_template() -> str:
    """The format string of a span's nine lines: {0} the span's IRI, {1} the document's, {2} and
    {3} its offsets, {4} its escaped text."""
    rows = (
        ("", _TYPE, f"<{_SPECIFIC_RESOURCE}>"),
        ("", _HAS_SOURCE, "<{1}>"),
        ("", _HAS_SELECTOR, "<{0}/position>"),
        ("", _HAS_SELECTOR, "<{0}/quote>"),
        ("/position", _TYPE, f"<{_POSITION_SELECTOR}>"),
        ("/position", _START, f'"{{2}}"^^<{_NON_NEGATIVE}>'),
        ("/position", _END, f'"{{3}}"^^<{_NON_NEGATIVE}>'),
        ("/quote", _TYPE, f"<{_QUOTE_SELECTOR}>"),
        ("/quote", _EXACT, '"{4}"'),
    )
    return "".join(f"<{{0}}{node}> <{predicate}> {obj} .\n" for node, predicate, obj in rows)


_SPAN_NTRIPLES = _span_template()


def _span_ntriples(base: str, doc: URIRef, start: int, end: int, quote: str) -> str:
    """The nine N-Triples lines `_Builder.span` adds as rdflib triples, written directly (the same
    lines as `graphio.nt_term` writes for those triples: tests/test_build.py and tests/test_fuzz.py
    compare them)."""
    return _SPAN_NTRIPLES.format(base, doc, start, end, quote.translate(NT_ESCAPES))


def _date_literal(value: str) -> Literal:
    """A typed date; callers pass only days that exist (`is_valid_date`), which every store reads alike."""
    if value.startswith("--"):
        return Literal(value, datatype=XSD.gMonthDay)
    return Literal(value, datatype=XSD.date)


def new_graph() -> Graph:
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    return graph


# The builder's sink: a plain set of rdflib triples, far cheaper than an rdflib store for large corpora.
TripleSet = set


def build_triples(
    records: Iterable[DocumentRecord],
    lexicon: Lexicon | None = None,
    divisions: Divisions | None = None,
    with_vocabularies: bool = True,
) -> TripleSet:
    """Every document's records (and the vocabularies they refer to) as a set of rdflib triples."""
    lexicon = lexicon or load_lexicon()
    divisions = divisions or load_divisions()
    triples = TripleSet()
    if with_vocabularies:
        triples.update(vocabulary_graph())
    for record in records:
        _build_record(_Builder(triples, record, lexicon, divisions))
    return triples


def build_ntriples(record: DocumentRecord, lexicon: Lexicon | None = None, divisions: Divisions | None = None) -> bytes:
    """One document's triples (no vocabularies) as N-Triples lines, in no particular order, each
    once: what `ntriples(build_triples([record], with_vocabularies=False))` gives, faster (a
    worker's path in a streamed build)."""
    triples: TripleSet = set()
    span_lines: list[str] = []
    _build_record(_Builder(triples, record, lexicon or load_lexicon(), divisions or load_divisions(), span_lines))
    return ntriples(triples) + "".join(span_lines).encode("utf-8")


def _build_record(builder: _Builder) -> None:
    builder.document()
    nodes: list[URIRef] = []
    for meeting in builder.record.meetings:
        nodes.append(builder.meeting(meeting, nodes))
    for plan in builder.record.plans:
        builder.plan(plan)


def build_graph(
    records: Iterable[DocumentRecord],
    lexicon: Lexicon | None = None,
    divisions: Divisions | None = None,
    with_vocabularies: bool = True,
) -> Graph:
    """One rdflib graph of every document's records (and the vocabularies it refers to)."""
    graph = new_graph()
    graph.addN((s, p, o, graph) for s, p, o in build_triples(records, lexicon, divisions, with_vocabularies))
    return graph
