"""Meetings in a readout: headers, dates, organisers, areas, kinds, chairs and speakers.

A meeting starts at a header sentence, one that opens a paragraph (or a date) and says a body
convened (召开/举行) a meeting, and runs to the next header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon
from .places import PlaceContext
from .records import AreaRef, PersonRecord
from .text import Piece, clauses, sentences

__all__ = ["Header", "find_headers", "publication_date", "parse_date", "people_before", "complete_posts"]

_DATE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_PUBLISHED = re.compile(r"(?:发布时间|发布日期|时间|日期)\s*[:]\s*(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")
_PEOPLE_WINDOW = 600
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Header:
    """A meeting's header sentence and what it says directly."""

    sentence: Piece
    date: str | None
    organizer: str
    kind: str


def publication_date(text: str, metadata: dict[str, str]) -> str | None:
    """`YYYY-MM-DD` of publication: the metadata's, else a `[发布时间:YYYY-MM-DD]` line near the top.

    >>> publication_date("[发布时间:2025-10-20 09:38:58]", {})
    '2025-10-20'
    """
    published = metadata.get("published", "")
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", published) or _PUBLISHED.search(text[:400])
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def parse_date(text: str, year: str | None) -> str | None:
    """`YYYY-MM-DD` when a year is known, else `--MM-DD` (XML Schema gMonthDay).

    >>> parse_date("11月2日,市委常委会召开", None), parse_date("2025年1月9日", None)
    ('--11-02', '2025-01-09')
    """
    m = _DATE.search(text)
    if not m:
        return None
    y = m.group("y") or year
    month, day = int(m.group("m")), int(m.group("d"))
    return f"{y}-{month:02d}-{day:02d}" if y else f"--{month:02d}-{day:02d}"


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
        opens_with_date = bool(_DATE.match(sentence)) or lexicon.match_cue("vague-date", sentence) > 0 or same_day
        if not (at_paragraph or opens_with_date) or _is_title_line(text, piece):
            continue
        header = _parse_header(text, piece, lexicon, published)
        if header is not None:
            if same_day and headers:  # 同日，南溪区召开…: the date of the meeting reported before
                header.date = headers[-1].date
            headers.append(header)
    return headers


def _date_end(lexicon: Lexicon, text: str, pos: int, end: int) -> int:
    """Past a date (or 近日) and a time of day at `pos`: 10月20日上午 → after 上午."""
    m = _DATE.match(text, pos, end)
    if m:
        pos = m.end()
    else:
        pos = max(pos, lexicon.match_cue("vague-date", text, pos), lexicon.match_cue("same-day", text, pos))
    return max(pos, lexicon.match_cue("time-of-day", text, pos))


def _lead_end(lexicon: Lexicon, sentence: str) -> int:
    """Where a header's own words start: after its date, time of day and commas."""
    offset = _date_end(lexicon, sentence, 0, len(sentence))
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
    # A header without a date (近日…) takes the publication date.
    return Header(
        piece,
        parse_date(sentence, published[:4] if published else None) or published,
        organizer,
        _kind(organizer, phrase, lexicon),
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


def resolve_area(header: Header, text: str, places: PlaceContext, lexicon: Lexicon) -> AreaRef:
    """The area a meeting governs: named in its organiser, or its body's level, or a zone."""
    organizer = header.organizer
    leading = places.leading_area(organizer)
    if leading is not None:
        return places.ref(leading)
    found = places.find_area(organizer)
    sentence = text[header.sentence.start : header.sentence.end]
    body = places.body_area(organizer, near=sentence)
    if body is not None:
        return places.ref(body)
    zone = lexicon.find_cue("zone", organizer)
    if zone:
        name = organizer[: zone[0][1]]
        suffix = lexicon.suffix_cue("organ-suffix", name)
        return places.zone(name[:suffix] if suffix > 0 else name)
    if found:
        return places.ref(found[0])
    found = places.find_area(sentence)
    if found:
        return places.ref(found[0])
    home = places.home("county") or places.home("prefecture")
    return places.ref(home) if home else AreaRef(organizer, None)


def full_organizer(organizer: str, area: AreaRef) -> str:
    """Complete a body named without its place: 市委常委会 → 绵竹市委常委会, 我区 → 江津区."""
    if not area.adcode or organizer.startswith(area.name):
        return organizer
    if organizer[:1] == "我" and organizer[1:2] == area.name[-1:]:
        return area.name + organizer[2:]
    if organizer[:1] == area.name[-1:]:
        return area.name + organizer[1:]
    return organizer


def _title_end(lexicon: Lexicon, segment: str) -> int:
    """End of the last post title in a segment (書记, 区长 …), or -1."""
    ends = [e for _, e, _ in lexicon.find("role", segment)]
    return max(ends) if ends else -1


def _name_before_title(lexicon: Lexicon, segment: str) -> tuple[int, str] | None:
    """`王刚副县长`: a two- or three-character name followed by one title and nothing else."""
    hits = lexicon.find("role", segment)
    if len(hits) != 1 or hits[0][1] != len(segment):
        return None
    start = hits[0][0]
    head = segment[:start]
    if not 2 <= len(head) <= 3 or not _NAME.fullmatch(head):
        return None
    if lexicon.match_cue("place-ending", head, len(head) - 1) > 0:  # 富顺县 is a place, not a name
        return None
    return start, segment[start:]


def people_before(text: str, start: int, end: int, lexicon: Lexicon) -> list[PersonRecord]:
    """People named in `text[start:end]` as `post、post name, post name`: each name ends a person."""
    people, posts, post_spans = [], [], []
    start = _date_end(lexicon, text, start, end)
    for piece in re.finditer(r"[^、,，]+", text[start:end]):
        s, segment = start + piece.start(), piece.group()
        by = lexicon.match_cue("chair-by", segment)  # 会议由区政府副区长冯征宇主持
        if by > 0:
            s, segment = s + by, segment[by:]
        cut = _title_end(lexicon, segment)
        if cut < 0:
            posts, post_spans = [], []
            continue
        named_first = _name_before_title(lexicon, segment)
        if named_first is not None:  # 王刚副县长主持召开…
            name_end, title = named_first
            people.append(
                PersonRecord(
                    segment[:name_end],
                    [*posts, title],
                    (s, s + name_end),
                    [*post_spans, (s + name_end, s + len(segment))],
                )
            )
            posts, post_spans = [], []
            continue
        tail = segment[cut:]
        honorific = lexicon.suffix_cue("honorific", tail)
        if honorific > 0:  # 陈建同志
            segment, tail = segment[: cut + honorific], tail[:honorific]
        if cut > 0:
            posts.append(segment[:cut])
            post_spans.append((s, s + cut))
        if tail and _NAME.fullmatch(tail):
            people.append(PersonRecord(tail, posts, (s + cut, s + len(segment)), post_spans))
        if tail:
            posts, post_spans = [], []
    return people


def complete_posts(posts: list[str], places: PlaceContext, area: AreaRef) -> list[str]:
    """Give an elided second post its area: 富顺县委书记、县长 → 富顺县委书记, 富顺县县长."""
    completed, last_area = [], None
    for post in posts:
        found = places.find_area(post)
        if found and found[1] == 0:
            last_area = found[0].name
            completed.append(post)
            continue
        owner = last_area or (area.name if area.adcode else None)
        level_body = places.body_area(post)
        if level_body is not None and owner is None:
            owner = level_body.name
        if owner and post[:1] == owner[-1:]:
            completed.append(owner + (post[1:] if places.lexicon.match_cue("level-body", post, 1) > 0 else post))
        elif owner and places.lexicon.match_cue("post-of-level", post) > 0:
            completed.append(owner + post)
        else:
            completed.append(post)
    return completed


def chair_and_speakers(
    text: str, span: Piece, lexicon: Lexicon
) -> tuple[PersonRecord | None, list[PersonRecord], list[Piece]]:
    """The chair (the people before 主持) and speakers (before 出席/讲话), with the parts of sentences
    used (each from a sentence's start to the end of the clause with the cue)."""
    chair, speakers, used = None, [], []
    # The chair and speakers are named in the first sentences: do not split the whole body for them.
    for sentence in sentences(text, span.start, min(span.end, span.start + _PEOPLE_WINDOW))[:4]:
        for clause in clauses(text, sentence.start, sentence.end):
            segment = text[clause.start : clause.end]
            chair_cue = lexicon.find_cue("chair", segment)
            speaker_cue = lexicon.find_cue("speaker", segment)
            cue = chair_cue if chair_cue and chair is None else speaker_cue
            if not cue:
                continue
            # Posts and names may run over commas: 区委副书记、区长唐大军,有关区领导出席会议.
            people = people_before(text, sentence.start, clause.start + cue[0][0], lexicon)
            if not people:
                continue
            # Up to the clause with the cue: 市委书记马强在会上强调,各区要… goes on with measures.
            used.append(Piece(sentence.start, clause.end))
            if cue is chair_cue:
                chair = people[-1]
            else:
                known = {p.name for p in speakers} | ({chair.name} if chair else set())
                speakers.extend(p for p in people if p.name not in known)
    return chair, speakers, used
