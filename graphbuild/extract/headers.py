"""Meeting headers: the sentence that says a body convened a meeting, its date, organiser and kind.

A meeting starts at a header sentence, one that opens a paragraph (or a date) and says a body
convened (召开/举行) a meeting, and runs to the next header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import DATE, date_end, parse_date
from .lexicon import Lexicon
from .people import people_before
from .text import Piece, sentences

__all__ = ["Header", "find_headers"]

_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Header:
    """A meeting's header sentence and what it says directly."""

    sentence: Piece
    date: str | None
    organizer: str
    kind: str
    impossible_date: str | None = None  # the words of a date that does not exist (2月30日), dropped


def _is_title_line(text: str, piece: Piece) -> bool:
    """A whole line with no sentence punctuation, with text after it, is a title (the page's
    <title> and its <h1>), not a header."""
    line = text[piece.start : piece.end]
    whole_line = (piece.start == 0 or text[piece.start - 1] == "\n") and text[piece.end : piece.end + 1] in ("\n", "")
    return whole_line and not re.search(r"[。,;]", line) and "\n" in text[piece.end :]


def find_headers(text: str, lexicon: Lexicon, published: str | None) -> list[Header]:
    """Header sentences in document order."""
    headers = []
    for piece in sentences(text):
        sentence = text[piece.start : piece.end]
        at_paragraph = (
            piece.start == 0 or text[piece.start - 1] == "\n" or "\n" in text[max(0, piece.start - 2) : piece.start]
        )
        same_day = lexicon.match_cue("same-day", sentence) > 0
        opens_with_date = bool(DATE.match(sentence)) or lexicon.match_cue("vague-date", sentence) > 0 or same_day
        if not (at_paragraph or opens_with_date) or _is_title_line(text, piece):
            continue
        header = _parse_header(text, piece, lexicon, published)
        if header is not None:
            if same_day and headers:  # 同日，南溪区召开…: the date of the meeting reported before
                header.date = headers[-1].date
            headers.append(header)
    return headers


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
        for start, stop, _ in lexicon.find_cue("adverb", words):
            if stop == len(words) and start > 0:
                words, changed = words[:start], True
                break
    return words


def _parse_header(text: str, piece: Piece, lexicon: Lexicon, published: str | None) -> Header | None:
    """`DATE, ORGANISER 召开 MEETING` or the passive `DATE, MEETING (在PLACE)召开`; None otherwise."""
    sentence = text[piece.start : piece.end]
    triggers = lexicon.find_cue("meeting-trigger", sentence)
    if not triggers:
        return None
    t_start, t_end, _ = triggers[0]
    lead = _lead_end(lexicon, sentence)
    noun = lexicon.find_cue("meeting-noun", sentence, t_end)
    if noun and noun[0][0] == t_end:
        phrase = sentence[t_end : noun[0][1]]
        subject = re.split(r"[,，]", sentence[lead:t_start])[-1]
    else:
        passive = sentence[lead:t_start]
        venues = lexicon.find_cue("venue", passive)
        passive = passive[: venues[-1][0]] if venues else passive
        passive = re.split(r"[,，]", passive)[-1]
        if not passive or not lexicon.has_cue("meeting-noun", passive) or not re.search(r"会议?$", passive):
            return None
        phrase, subject = passive, ""
    convened_by_person = bool(subject) and bool(people_before(subject, 0, len(subject), lexicon))
    if convened_by_person or not subject:
        organizer = _organizer_from_phrase(lexicon, phrase)
    else:
        organizer = _with_body_of_phrase(lexicon, _strip_trailing_adverbs(lexicon, subject), phrase)
    party = lexicon.match_cue("party-prefix", organizer)
    if 0 < party < len(organizer):  # 中共内江市市中区委 → 内江市市中区委
        organizer = organizer[party:]
    if not _CJK.search(organizer):
        return None
    # A header without a date (近日…), or with one that does not exist, takes the publication date.
    date = parse_date(sentence, published[:4] if published else None)
    written = DATE.search(sentence)
    return Header(
        piece,
        date or published,
        organizer,
        _kind(organizer, phrase, lexicon),
        impossible_date=written.group(0) if written and date is None else None,
    )


def _with_body_of_phrase(lexicon: Lexicon, place: str, phrase: str) -> str:
    """东坡区 召开 区委常委会会议 → 东坡区委常委会: a place convening its own body's meeting."""
    body = _organizer_from_phrase(lexicon, phrase)
    if body != phrase and place and body[:1] == place[-1:] and lexicon.match_cue("level-body", body, 1) > 0:
        return place + body[1:]
    return place


def _organizer_from_phrase(lexicon: Lexicon, phrase: str) -> str:
    """`县委常委会会议` → `县委常委会`, `县政府常务会议` → `县政府`: the body the meeting's name names."""
    body = lexicon.find_cue("body", phrase)
    if body:
        return phrase[: body[0][1]]
    stripped = re.sub(r"(?:\(扩大\)|（扩大）)?(?:会议|会)$", "", phrase)
    return stripped.split("第")[0] or phrase


def _kind(organizer: str, phrase: str, lexicon: Lexicon) -> str:
    """The kind of meeting: 常委会扩大会议, 常务会议, or the meeting's own name (推进会 …), without its
    number in the year's series (第25次常务会议 → 常务会议)."""
    phrase = phrase.strip("()（）")
    if organizer.endswith("常委会") and phrase.endswith("会议") and len(phrase) <= 8 + len(organizer):
        return "常委会扩大会议" if "扩大" in phrase else "常委会会议"
    if phrase.startswith(organizer) and len(phrase) > len(organizer):
        phrase = phrase[len(organizer) :]
    ordinal = lexicon.match_cue("meeting-ordinal", phrase)
    if 0 < ordinal < len(phrase):
        phrase = phrase[ordinal:]
    return phrase.replace("(扩大)", "扩大").replace("（扩大）", "扩大")
