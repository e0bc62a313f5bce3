"""Extract, the second stage (read → **extract** → rdfbuild → infer → validate → analyse/query/render).

A decoded document becomes typed records whose every fact carries `[start, end)` offsets into its
text. Modules: `text` (folding, sentences, clauses), `lexicon` (the SKOS vocabularies as matchers),
`divisions` (GB/T 2260), `places` (areas in context), `dates`, `headers` (meeting headers), `people`
(chairs and speakers), `measures` (clauses → measures, owners, responsibilities), `records` (the
contract), `evaluate` (scoring against hand annotation). Plans, responsibility lists and divisions of
tasks: `plans` (the plan's head and the dispatch test), `tasks` (the scan: tasks with owners' roles),
`taskclauses` (one clause read without state), `units` (unit names, lists, owner brackets),
`targets` (quantified goals), `deadlines` (time limits).

A document whose first line is a plan's title, or that reports no meeting yet assigns tasks, is one
plan; one with neither is refused as before.
"""

from __future__ import annotations

import logging
from collections import Counter

from ..errors import InputError
from ..read import Document
from .dates import is_valid_date, publication_date
from .divisions import Divisions, load_divisions
from .headers import find_headers, page_title, place_kind
from .lexicon import Lexicon, load_lexicon
from .measures import read_body
from .people import chair_and_speakers, complete_posts
from .places import PlaceContext, full_organizer, lineage, resolve_area
from .plans import names_a_plan, read_plan
from .records import DocumentRecord, MeetingRecord, PrincipleRecord
from .text import Piece, fold

__all__ = ["extract_document"]

_OPENING = 300
_SOURCE_LINE = 20  # characters of a source line kept as place evidence
_LOG = logging.getLogger("graphbuild")


def extract_document(
    document: Document, lexicon: Lexicon | None = None, divisions: Divisions | None = None
) -> DocumentRecord:
    """Every meeting of a document with its chair, principles, responsibilities and measures."""
    lexicon = lexicon or load_lexicon()
    divisions = divisions or load_divisions()
    text = document.text
    folded = fold(text)
    headers = find_headers(folded, lexicon, publication_date(folded, document.metadata, lexicon))
    if names_a_plan(lexicon, folded, document.metadata.get("title", "")) or not headers:
        record = _plan_document(document, text, folded, lexicon, divisions, titled=bool(headers))
        if record is not None:
            return record
    if not headers:
        raise InputError(document.path, "no meeting found (no sentence says a body convened a meeting)")
    places = PlaceContext.for_text(_place_evidence(folded, headers, document.metadata, lexicon), divisions, lexicon)
    dropped: Counter = Counter()
    meetings: list[MeetingRecord] = []
    for index, header in enumerate(headers):
        end = headers[index + 1].sentence.start if index + 1 < len(headers) else len(text)
        span = Piece(header.sentence.start, header.sentence.start + len(folded[header.sentence.start : end].rstrip()))
        title = page_title(folded) if index == 0 else None  # the page's title names the first meeting
        meeting = _meeting(text, folded, span, header, places, lexicon, dropped, title)
        meetings.append(meeting)
    _link_follow_ups(meetings, divisions)
    for index, header in enumerate(headers):
        if header.after_previous and meetings[index].follows is None:
            meetings[index].follows = index - 1  # 会后,…召开…: it follows up the meeting just reported
    _drop_impossible_dates(document, headers, dropped)
    return DocumentRecord(
        document.name, document.sha256, len(text), text, dict(document.metadata), meetings, dropped=dropped
    )


def _plan_document(
    document: Document, text: str, folded: str, lexicon: Lexicon, divisions: Divisions, titled: bool
) -> DocumentRecord | None:
    """The document as one plan, when its title names a plan (`titled`) or its body assigns tasks
    (owner brackets, role sentences, duty lines, targets); None when it does neither."""
    plan, facts = read_plan(text, folded, document.metadata, lexicon, divisions)
    if not (titled or facts.evidence or plan.kind):
        return None
    plan.principles = _principles(folded, Piece(*plan.span), lexicon)
    return DocumentRecord(
        document.name, document.sha256, len(text), text, dict(document.metadata), [], [plan], dropped=facts.dropped
    )




def _drop_impossible_dates(document: Document, headers, dropped: Counter) -> None:
    """Warn of each date that names no real day (2月30日, 99月99日, a sidecar's 9999-99-99): it is
    dropped (never typed as a date), and counted among the dropped items."""
    published = document.metadata.get("published", "")
    if published and not is_valid_date(published[:10]):
        _LOG.warning("%s: the sidecar's published date %r is not a real day; dropped", document.path, published)
        dropped["impossible date"] += 1
    for header in headers:
        if header.impossible_date:
            _LOG.warning("%s: %s is not a real day; dropped", document.path, header.impossible_date)
            dropped["impossible date"] += 1


def _place_evidence(folded: str, headers, metadata: dict[str, str], lexicon: Lexicon) -> str:
    """Where the document says which places it is about: its opening, its meeting headers, its issuer."""
    parts = [folded[:_OPENING], metadata.get("issuer", ""), metadata.get("title", "")]
    parts += [folded[h.sentence.start : h.sentence.end] for h in headers]
    # A source line (来源:X, a short name) names the place, also at the end of the page.
    parts += [folded[hit.start : hit.end + _SOURCE_LINE] for hit in lexicon.cues["source-line"].hits(folded, _OPENING)]
    return "\n".join(parts)


def _meeting(
    text,
    folded,
    span: Piece,
    header,
    places: PlaceContext,
    lexicon: Lexicon,
    dropped: Counter,
    title: Piece | None = None,
) -> MeetingRecord:
    area = resolve_area(header, folded, places, lexicon)
    chair, speakers, used = chair_and_speakers(folded, span, lexicon)
    if chair is None and header.convener is not None:
        # X召开…会议,强调… with nobody said to preside: the convener chaired it.
        chair = header.convener
        speakers = [p for p in speakers if p.name != chair.name]
    if header.attendee is not None and header.attendee.name not in {p.name for p in speakers}:
        speakers.insert(0, header.attendee)  # a leader attending another body's meeting speaks at it
    for person in ([chair] if chair else []) + speakers:
        person.posts = complete_posts(person.posts, places, area)
    opening = Piece(header.sentence.start, header.body_from or header.sentence.end)
    subject = (opening, title) if title else (opening,)
    body = read_body(text, folded, span, [opening, *used], lexicon, subject=subject)
    dropped.update(body.dropped)
    return MeetingRecord(
        date=header.date,
        span=(span.start, span.end),
        header=(header.sentence.start, header.sentence.end),
        organizer=_organizer(header, area, lexicon),
        area=area,
        kind=place_kind(header, area.name, lexicon) if header.bodiless and area.adcode else header.kind,
        chair=chair,
        speakers=speakers,
        principles=_principles(folded, span, lexicon),
        responsibilities=body.responsibilities,
        measures=body.measures,
    )


def _organizer(header, area, lexicon: Lexicon) -> str:
    """The body that convened a meeting; the area itself when the header names the meeting with no
    body (某副区长召开X区调度会议 → X区; 县长王五主持召开大气污染防治专题会议 → the county)."""
    if header.bodiless and area.adcode:
        return area.name
    return full_organizer(header.organizer, area, lexicon)


def _principles(folded: str, span: Piece, lexicon: Lexicon) -> list[PrincipleRecord]:
    """Each principle the meeting cites, once, at its first citation, in canonical form."""
    seen: dict[str, PrincipleRecord] = {}
    for start, end, concept in lexicon.schemes["principle"].hits(folded, span.start, span.end):
        seen.setdefault(concept.iri, PrincipleRecord(concept.pref_label, concept.iri, (start, end)))
    return list(seen.values())


def _link_follow_ups(meetings: list[MeetingRecord], divisions: Divisions) -> None:
    """A meeting follows up the first earlier meeting of an area that contains its own.

    Earlier meetings are indexed by their area's code, and a meeting looks only under the codes
    of its own area's lineage, so that a document of thousands of meetings stays linear."""
    by_code: dict[str, list[int]] = {}
    for index, meeting in enumerate(meetings):
        inner_code = meeting.area.adcode or meeting.area.within_adcode
        if inner_code and inner_code in divisions.by_code:
            codes = {a.adcode for a in lineage(divisions, divisions.by_code[inner_code])}
            codes.discard(meeting.area.adcode)  # an area's meetings do not follow up each other
            firsts = (
                next((i for i in by_code.get(code, ()) if _follows(meeting, meetings[i], divisions)), None)
                for code in codes
            )
            meeting.follows = min((i for i in firsts if i is not None), default=None)
        if meeting.area.adcode:
            by_code.setdefault(meeting.area.adcode, []).append(index)



def _follows(meeting: MeetingRecord, earlier: MeetingRecord, divisions: Divisions) -> bool:
    return _within(meeting, earlier, divisions) and (meeting.date or "") >= (earlier.date or "")


def _within(inner: MeetingRecord, outer: MeetingRecord, divisions: Divisions) -> bool:
    outer_code = outer.area.adcode
    inner_code = inner.area.adcode or inner.area.within_adcode
    if not outer_code or not inner_code or inner.area == outer.area:
        return False
    if inner.area.adcode is None:
        return inner_code == outer_code or divisions.contains(
            divisions.by_code[outer_code], divisions.by_code[inner_code]
        )
    return inner_code != outer_code and divisions.contains(divisions.by_code[outer_code], divisions.by_code[inner_code])
