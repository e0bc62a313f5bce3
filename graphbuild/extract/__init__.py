"""Extract, the second stage (read → **extract** → rdfbuild → infer → validate → analyse/query/render).

A decoded document becomes typed records whose every fact carries `[start, end)` offsets into its
text. Modules: `text` (folding, sentences, clauses), `lexicon` (the SKOS vocabularies as matchers),
`divisions` (GB/T 2260), `places` (areas in context), `dates`, `headers` (meeting headers), `people`
(chairs and speakers), `measures` (clauses → measures, owners, responsibilities), `records` (the
contract), `evaluate` (scoring against hand annotation).
"""

from __future__ import annotations

import logging
from collections import Counter

from ..errors import InputError
from ..read import Document
from .dates import is_valid_date, publication_date
from .divisions import Divisions, load_divisions
from .headers import find_headers
from .lexicon import Lexicon, load_lexicon
from .measures import read_body
from .people import chair_and_speakers, complete_posts
from .places import PlaceContext, _lineage, full_organizer, resolve_area
from .records import DocumentRecord, MeetingRecord, PrincipleRecord
from .text import Piece, fold

__all__ = ["extract_document"]

_OPENING = 300
_LOG = logging.getLogger("graphbuild")


def extract_document(
    document: Document, lexicon: Lexicon | None = None, divisions: Divisions | None = None
) -> DocumentRecord:
    """Every meeting of a document with its chair, principles, responsibilities and measures."""
    lexicon = lexicon or load_lexicon()
    divisions = divisions or load_divisions()
    text = document.text
    folded = fold(text)
    headers = find_headers(folded, lexicon, publication_date(folded, document.metadata))
    if not headers:
        raise InputError(document.path, "no meeting found (no sentence says a body convened a meeting)")
    places = PlaceContext.for_text(_place_evidence(folded, headers, document.metadata), divisions, lexicon)
    dropped: Counter = Counter()
    meetings: list[MeetingRecord] = []
    for index, header in enumerate(headers):
        end = headers[index + 1].sentence.start if index + 1 < len(headers) else len(text)
        span = Piece(header.sentence.start, header.sentence.start + len(folded[header.sentence.start : end].rstrip()))
        meeting = _meeting(text, folded, span, header, places, lexicon, dropped)
        meetings.append(meeting)
    _link_follow_ups(meetings, divisions)
    _drop_impossible_dates(document, headers, dropped)
    return DocumentRecord(
        document.name, document.sha256, len(text), text, dict(document.metadata), meetings, dropped=dropped
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


def _place_evidence(folded: str, headers, metadata: dict[str, str]) -> str:
    """Where the document says which places it is about: its opening, its meeting headers, its issuer."""
    parts = [folded[:_OPENING], metadata.get("issuer", ""), metadata.get("title", "")]
    parts += [folded[h.sentence.start : h.sentence.end] for h in headers]
    return "\n".join(parts)


def _meeting(
    text, folded, span: Piece, header, places: PlaceContext, lexicon: Lexicon, dropped: Counter
) -> MeetingRecord:
    area = resolve_area(header, folded, places, lexicon)
    chair, speakers, used = chair_and_speakers(folded, span, lexicon)
    for person in ([chair] if chair else []) + speakers:
        person.posts = complete_posts(person.posts, places, area)
    body = read_body(text, folded, span, [header.sentence, *used], lexicon)
    dropped.update(body.dropped)
    return MeetingRecord(
        date=header.date,
        span=(span.start, span.end),
        header=(header.sentence.start, header.sentence.end),
        organizer=full_organizer(header.organizer, area),
        area=area,
        kind=header.kind,
        chair=chair,
        speakers=speakers,
        principles=_principles(folded, span, lexicon),
        responsibilities=body.responsibilities,
        measures=body.measures,
    )


def _principles(folded: str, span: Piece, lexicon: Lexicon) -> list[PrincipleRecord]:
    """Each principle the meeting cites, once, at its first citation, in canonical form."""
    seen: dict[str, PrincipleRecord] = {}
    for start, end, concept in lexicon.find("principle", folded, span.start, span.end):
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
            lineage = {a.adcode for a in _lineage(divisions, divisions.by_code[inner_code])}
            lineage.discard(meeting.area.adcode)  # an area's meetings do not follow up each other
            firsts = (
                next((i for i in by_code.get(code, ()) if _follows(meeting, meetings[i], divisions)), None)
                for code in lineage
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
