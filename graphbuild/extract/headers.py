"""Meeting headers: the sentence that says a body convened a meeting, its date, organiser and kind.

A meeting starts at a header sentence, one that opens a paragraph (or a date) and says a body
convened (召开/举行) a meeting, and runs to the next header. A leader attending another body's
meeting (某副区长参加省大气专项办督帮进驻会) is a header too, and so is the meeting the leader
convenes after it (…并召开我区调度会议; 会后,…召开…), which takes the date of the one before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import DATE, date_end, parse_date
from .lexicon import Lexicon
from .people import leading_person
from .places import own_place_word
from .records import PersonRecord
from .text import Piece, sentences

__all__ = ["Header", "find_headers", "page_title", "place_kind"]

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Header:
    """A meeting's header sentence and what it says directly."""

    sentence: Piece
    date: str | None
    organizer: str
    kind: str
    convener: PersonRecord | None = None  # the person who convened it (王五组织召开…, X召开…,强调…)
    attendee: PersonRecord | None = None  # the leader who attended another body's meeting
    body_from: int | None = None  # where the header sentence goes on with what the meeting said (,强调…)
    bodiless: bool = False  # the organiser is a meeting's name without a body (召开X区调度会议)
    after_previous: bool = False  # convened right after the meeting reported before (会后…, …并召开…)
    name: str = ""  # the meeting's name as the header writes it (涉县大气污染防治推进会)
    impossible_date: str | None = None  # the words of a date that does not exist (2月30日), dropped


def _is_title_line(text: str, piece: Piece) -> bool:
    """A whole line with no sentence punctuation, with text after it, is a title (the page's
    <title> and its <h1>), not a header."""
    line = text[piece.start : piece.end]
    whole_line = (piece.start == 0 or text[piece.start - 1] == "\n") and text[piece.end : piece.end + 1] in ("\n", "")
    return whole_line and not re.search(r"[。,;]", line) and "\n" in text[piece.end :]


def page_title(text: str) -> Piece | None:
    """The page's title: its first line when that is a title line (no sentence punctuation)."""
    first = next(iter(sentences(text, 0, text.find("\n") + 1 if "\n" in text else 0)), None)
    return first if first is not None and _is_title_line(text, first) else None


def find_headers(text: str, lexicon: Lexicon, published: str | None) -> list[Header]:
    """Header sentences (or the parts of one that report different meetings) in document order."""
    headers: list[Header] = []
    for piece in sentences(text):
        sentence = text[piece.start : piece.end]
        at_paragraph = (
            piece.start == 0 or text[piece.start - 1] == "\n" or "\n" in text[max(0, piece.start - 2) : piece.start]
        )
        same_day = lexicon.cues["same-day"].match(sentence) is not None
        # 会后,…召开我区调度会议: a meeting right after the one reported before, on its day.
        follow_on = bool(headers) and lexicon.cues["follow-on"].match(sentence) is not None
        dated = bool(DATE.match(sentence) or lexicon.cues["vague-date"].match(sentence))
        if not (at_paragraph or dated or same_day or follow_on) or _is_title_line(text, piece):
            continue
        found = _parse_headers(text, piece, lexicon, published, attended=dated)
        if follow_on and not (at_paragraph or dated or same_day) and not _reports_a_meeting(text, piece, lexicon):
            found = []  # 会后,各乡镇要迅速召开会议…: a directive to hold meetings, not one held
        for index, header in enumerate(found):
            # 同日/会后/并召开: the date of the meeting reported before; 近日: the publication date.
            header.after_previous = bool(headers) and (follow_on or index > 0)
            if headers and (same_day or (header.date is None and header.after_previous)):
                header.date = headers[-1].date
            elif header.date is None:
                header.date = published
            headers.append(header)
    return headers


def _reports_a_meeting(text: str, piece: Piece, lexicon: Lexicon) -> bool:
    """Whether a sentence reports a meeting held (会后,张三副区长召开…) rather than directs collective
    owners to hold some (会后,各乡镇要迅速召开会议): no modal and no collective owner before 召开."""
    trigger = lexicon.cues["meeting-trigger"].search(text, piece.start, piece.end)
    if trigger is None:
        return False
    before = (piece.start, trigger.start())
    return lexicon.cues["modal"].search(text, *before) is None and not lexicon.schemes["owner-kind"].hits(text, *before)


def _parse_headers(text: str, piece: Piece, lexicon: Lexicon, published: str | None, attended: bool) -> list[Header]:
    """The meetings one header sentence reports: the one a leader attended (when `attended` allows it,
    in a dated sentence), then the one convened in it; or the one convened."""
    visit = _attended_meeting(text, piece, lexicon, published) if attended else None
    if visit is None:
        header = _parse_header(text, piece, lexicon, published)
        return [header] if header is not None else []
    first, rest = visit
    if rest is None:
        return [first]
    then = _parse_header(text, rest, lexicon, published)
    if then is None:
        return [Header(piece, first.date, first.organizer, first.kind, attendee=first.attendee)]
    if then.convener is None:
        then.convener = first.attendee  # 某副区长参加…并召开我区调度会议: the same leader convened it
    return [first, then]


def _attended_meeting(
    text: str, piece: Piece, lexicon: Lexicon, published: str | None
) -> tuple[Header, Piece | None] | None:
    """`DATE, PERSON 参加 BODY MEETING, …` (a leader attends another body's meeting): its header, and
    the rest of the sentence when the leader goes on to convene a meeting there (并召开…)."""
    sentence = text[piece.start : piece.end]
    attend = lexicon.cues["attend"].search(sentence)
    if attend is None:
        return None
    trigger = lexicon.cues["meeting-trigger"].search(sentence)
    if trigger is not None and trigger.start() < attend.start():
        return None
    noun = lexicon.cues["meeting-noun"].match(sentence, attend.end())
    lead = _lead_end(lexicon, sentence)
    person = leading_person(text, piece.start + lead, piece.start + attend.start(), lexicon)
    if noun is None or person is None or noun.group() in lexicon.cues["meeting-noun"].by_label:
        return None  # 县委书记X出席会议: the meeting reported, not another one
    phrase = noun.group()
    organizer = _organizer_from_phrase(lexicon, phrase)
    date = parse_date(sentence, _year(lexicon, phrase, published))
    rest = None
    if trigger is not None and trigger.start() >= noun.end():
        rest = Piece(piece.start + trigger.start(), piece.end)
        piece = Piece(piece.start, piece.start + trigger.start())
    bodiless = not lexicon.cues["body"].search(phrase) and not own_place_word(lexicon, phrase)
    kind = _kind(organizer, phrase, lexicon)
    header = Header(piece, date, organizer, kind, attendee=person, bodiless=bodiless, name=phrase)
    return header, rest


def _lead_end(lexicon: Lexicon, sentence: str) -> int:
    """Where a header's own words start: after its date, time of day and commas."""
    offset = date_end(lexicon, sentence, 0, len(sentence))
    while offset < len(sentence) and sentence[offset] in ",，、 ":
        offset += 1
    return offset


def _strip_trailing_adverbs(lexicon: Lexicon, words: str) -> str:
    """`中站区立即` → `中站区`: the subject of 召开 without the adverbs before the verb."""
    changed = True
    while changed and words:
        changed = False
        for start, stop, _ in lexicon.cues["adverb"].hits(words):
            if stop == len(words) and start > 0:
                words, changed = words[:start], True
                break
    return words


def _parse_header(text: str, piece: Piece, lexicon: Lexicon, published: str | None) -> Header | None:
    """`DATE, ORGANISER 召开 MEETING` or the passive `DATE, MEETING (在PLACE)召开`; None otherwise."""
    sentence = text[piece.start : piece.end]
    triggers = lexicon.cues["meeting-trigger"].hits(sentence)
    if not triggers:
        return None
    t_start, t_end, _ = triggers[0]
    lead = _lead_end(lexicon, sentence)
    noun = lexicon.cues["meeting-noun"].hits(sentence, t_end)
    if noun and noun[0].start == t_end:
        phrase = sentence[t_end : noun[0].end]
        subject = re.split(r"[,]", sentence[lead:t_start])[-1]
    else:
        passive = sentence[lead:t_start]
        venues = lexicon.cues["venue"].hits(passive)
        passive = passive[: venues[-1][0]] if venues else passive
        passive = re.split(r"[,]", passive)[-1]
        ending = lexicon.cues["meeting-ending"].ending(passive)
        if not passive or not lexicon.cues["meeting-noun"].search(passive) or ending is None:
            return None
        phrase, subject = passive, ""
    convener = (
        leading_person(text, piece.start + t_start - len(subject), piece.start + t_start, lexicon) if subject else None
    )
    bodiless = False
    if convener is not None or not subject:
        organizer = _organizer_from_phrase(lexicon, phrase)
        bodiless = not lexicon.cues["body"].search(phrase) and not own_place_word(lexicon, phrase)
    else:
        organizer = _with_body_of_phrase(lexicon, _strip_trailing_adverbs(lexicon, subject), phrase)
    party = lexicon.cues["party-prefix"].match(organizer)
    if party is not None and party.end() < len(organizer):  # 中共内江市市中区委 → 内江市市中区委
        organizer = organizer[party.end() :]
    organizer = organizer.strip()
    if not _CJK.search(organizer):
        return None
    # A header without a date (近日…) takes the publication date (find_headers fills it in); so does
    # one whose date names no real day (2月30日), its words kept for the warning.
    date = parse_date(sentence, _year(lexicon, phrase, published))
    written = DATE.search(sentence)
    return Header(
        piece,
        date,
        organizer,
        _kind(organizer, phrase, lexicon),
        convener=convener,
        bodiless=bodiless,
        name=phrase,
        body_from=_body_from(
            text, piece, phrase_end=piece.start + sentence.find(phrase) + len(phrase), lexicon=lexicon
        ),
        impossible_date=written.group(0) if written and date is None else None,
    )


def place_kind(header: Header, place: str, lexicon: Lexicon) -> str:
    """The kind of a meeting named after its place and no body (涉县大气污染防治推进会 → 大气污染防治推进会;
    全县…调度会 → …调度会): its name without the place."""
    name = header.name.strip()
    own = own_place_word(lexicon, name)
    prefix = place if name.startswith(place) else name[:own]
    return _kind(prefix, name, lexicon)


def _year(lexicon: Lexicon, phrase: str, published: str | None) -> str | None:
    """The year of a meeting: from its own name (大气专业委员会2021年第一次会议), else publication."""
    ordinal = lexicon.cues["meeting-ordinal"].search(phrase)
    year = re.match(r"\d{4}", ordinal.group()) if ordinal is not None else None
    if year is not None:
        return year.group()
    return published[:4] if published else None


def _body_from(text: str, piece: Piece, phrase_end: int, lexicon: Lexicon) -> int | None:
    """Where a header sentence goes on with what the meeting said: the clause after the meeting's
    name when it opens with a lead-in (…召开我区调度会议,强调一是…)."""
    i = phrase_end
    while i < piece.end and text[i] in ",，、 ":
        i += 1
    if i < piece.end and i > phrase_end and lexicon.cues["lead-in"].match(text, i, piece.end):
        return i
    return None


def _with_body_of_phrase(lexicon: Lexicon, place: str, phrase: str) -> str:
    """东坡区 召开 区委常委会会议 → 东坡区委常委会: a place convening its own body's meeting."""
    body = _organizer_from_phrase(lexicon, phrase)
    if body != phrase and place and body[:1] == place[-1:] and lexicon.cues["level-body"].match(body, 1):
        return place + body[1:]
    return place


def _organizer_from_phrase(lexicon: Lexicon, phrase: str) -> str:
    """`县委常委会会议` → `县委常委会`, `县政府常务会议` → `县政府`: the body the meeting's name names."""
    body = lexicon.cues["body"].hits(phrase)
    if body:
        return phrase[: body[0].end]
    own = own_place_word(lexicon, phrase)
    if own:  # 我区调度会议 → 我区: the place itself convened it
        return phrase[:own]
    stripped = _without_meeting_ending(lexicon, phrase)
    ordinal = lexicon.cues["ordinal-prefix"].search(stripped)
    return (stripped[: ordinal.start()] if ordinal else stripped) or phrase


def _without_meeting_ending(lexicon: Lexicon, phrase: str) -> str:
    """`县委常委会(扩大)会议` → `县委常委会`: the name without the word that closes it (会议, 会) and a
    bracketed 扩大 before that word; unchanged when it does not end with such a word."""
    end = lexicon.cues["meeting-ending"].ending(phrase)
    if end is None:
        return phrase
    stripped = phrase[:end]
    if stripped.endswith(")"):
        word = lexicon.cues["enlarged"].ending(stripped[:-1])
        if word is not None and stripped[word - 1 : word] == "(":
            stripped = stripped[: word - 1]
    return stripped


def _kind(organizer: str, phrase: str, lexicon: Lexicon) -> str:
    """The kind of meeting: 常委会扩大会议, 常务会议, or the meeting's own name (推进会 …), without its
    number in the year's series (第25次常务会议 → 常务会议)."""
    cues = lexicon.cues
    phrase = phrase.strip("()")
    standing = cues["standing-committee"].ending(organizer) is not None
    if standing and cues["formal-meeting-ending"].ending(phrase) is not None and len(phrase) <= 8 + len(organizer):
        enlarged = cues["enlarged"].search(phrase) is not None
        kind = "enlarged-standing-committee-meeting" if enlarged else "standing-committee-meeting"
        return lexicon.cue(kind).pref_label
    if phrase.startswith(organizer) and len(phrase) > len(organizer):
        phrase = phrase[len(organizer) :]
    ordinal = lexicon.cues["meeting-ordinal"].match(phrase)
    if ordinal is not None and ordinal.end() < len(phrase):
        phrase = phrase[ordinal.end() :]
    return re.sub(rf"\(({cues['enlarged'].pattern.pattern})\)", r"\1", phrase)
