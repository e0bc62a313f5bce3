"""People in a meeting's opening sentences: the chair (主持) and speakers, with their posts."""

from __future__ import annotations

import re

from .dates import date_end
from .divisions import Area
from .lexicon import Lexicon
from .places import PlaceContext, is_one_character_area
from .records import AreaRef, PersonRecord
from .text import Piece, clauses, sentences

__all__ = ["people_before", "leading_person", "complete_posts", "chair_and_speakers"]

_PEOPLE_WINDOW = 600
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")


def _title_end(lexicon: Lexicon, segment: str) -> int:
    """End of the last post title in a segment (書记, 区长 …), or -1."""
    ends = [hit.end for hit in lexicon.schemes["role"].hits(segment)]
    return max(ends) if ends else -1


def _name_before_title(lexicon: Lexicon, segment: str) -> tuple[int, str] | None:
    """`王刚副县长`: a two- or three-character name followed by one title and nothing else."""
    hits = lexicon.schemes["role"].hits(segment)
    if len(hits) != 1 or hits[0].end != len(segment):
        return None
    start = hits[0].start
    head = segment[:start]
    if not 2 <= len(head) <= 3 or not _NAME.fullmatch(head):
        return None
    if lexicon.cues["place-ending"].match(head, len(head) - 1):  # 富顺县 is a place, not a name
        return None
    return start, segment[start:]


def people_before(text: str, start: int, end: int, lexicon: Lexicon) -> list[PersonRecord]:
    """People named in `text[start:end]` as `post、post name, post name`: each name ends a person."""
    people, posts, post_spans = [], [], []
    start = date_end(lexicon, text, start, end)
    for piece in re.finditer(r"[^、,，]+", text[start:end]):
        s, segment = start + piece.start(), piece.group()
        by = lexicon.cues["chair-by"].match(segment)  # 会议由区政府副区长冯征宇主持
        if by is not None:
            s, segment = s + by.end(), segment[by.end() :]
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
        honorific = lexicon.cues["honorific"].ending(tail)
        if honorific:  # 陈建同志
            segment, tail = segment[: cut + honorific], tail[:honorific]
        if cut > 0:
            posts.append(segment[:cut])
            post_spans.append((s, s + cut))
        if tail and _NAME.fullmatch(tail):
            people.append(PersonRecord(tail, posts, (s + cut, s + len(segment)), post_spans))
        if tail:
            posts, post_spans = [], []
    return people


def leading_person(text: str, start: int, end: int, lexicon: Lexicon) -> PersonRecord | None:
    """The person the subject `text[start:end]` names: `区委书记张三` (posts, then the name) as
    people_before reads it, or `张三副区长陪同检查组实地检查并` (a name and title opening a longer subject)."""
    people = people_before(text, start, end, lexicon)
    if people:
        return people[-1]
    hits = lexicon.schemes["role"].hits(text, start, end)
    if not hits:
        return None
    named = _name_before_title(lexicon, text[start : hits[0].end])
    if named is None:
        return None
    name_end, title = named
    return PersonRecord(
        text[start : start + name_end], [title], (start, start + name_end), [(start + name_end, hits[0].end)]
    )


def complete_posts(posts: list[str], places: PlaceContext, area: AreaRef) -> list[str]:
    """Give an elided post its area: 富顺县委书记、县长 → 富顺县委书记, 富顺县县长; a one-character
    county keeps its level character (X县 + 县委副书记 → X县县委副书记, as the guidelines write it); a city post
    in a county's readout takes the county's city (市政府副市长 → Y市政府副市长, Y the county's city); an acting post is
    no place (代县长 → X县代县长, not the county 代县)."""
    completed, last_area = [], None
    for post in posts:
        acting = places.lexicon.cues["acting"].match(post)
        if acting is not None:
            rest = post[acting.end() :]
            whole = _complete_post(rest, last_area, places, area)
            completed.append(whole[: len(whole) - len(rest)] + post if whole.endswith(rest) else post)
            continue
        found = places.find_area(post)
        if found and found[1] == 0:
            last_area = found[0]
            completed.append(post)
            continue
        completed.append(_complete_post(post, last_area, places, area))
    return completed


def _complete_post(post: str, last_area: Area | None, places: PlaceContext, area: AreaRef) -> str:
    """One post completed with the area of the post before it, else the meeting's area (or, for a
    post of a higher level than that area, the area above it)."""
    lexicon = places.lexicon
    owner = last_area or (places.divisions.by_code.get(area.adcode) if area.adcode else None)
    if owner is not None and last_area is None:
        owner = _area_of_level(post, owner, places)
    if owner is None:
        owner = places.body_area(post)
    if owner is None:
        return post
    name = owner.name
    if post[:1] == name[-1:]:
        if lexicon.cues["level-body"].match(post, 1):
            # 县委书记 → 富顺县委书记, but X县 + 县委书记 → X县县委书记 (a one-character name keeps its level).
            return name + (post if is_one_character_area(name) else post[1:])
        if _is_level_title(post, lexicon):
            return name + post  # 县长 → 富顺县县长
        return name + post[1:]  # 县公安局局长 → 富顺县公安局局长
    if lexicon.cues["post-of-level"].match(post):
        return name + post
    return post


def _is_level_title(post: str, lexicon: Lexicon) -> bool:
    """县长, 副县长, 常务副县长: the whole post is a title named by its level (a role's label)."""
    title = lexicon.schemes["role"].match(post)
    return title is not None and title.end() == len(post)


def _area_of_level(post: str, area: Area, places: PlaceContext) -> Area:
    """The area a post of a city's level (市政府副市长) belongs to in a county's readout: the county's
    city, from the division dataset; the county itself when it is a city (绵竹市) or the post is its own."""
    city = places.lexicon.cue("city-body").place_name_ending
    if area.level != "county" or post[:1] != city or area.name.endswith(city):
        return area
    return places.divisions.parent(area) or area


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
            chair_cue = lexicon.cues["chair"].hits(segment)
            speaker_cue = lexicon.cues["speaker"].hits(segment)
            cue = chair_cue if chair_cue and chair is None else speaker_cue
            if not cue:
                continue
            # Posts and names may run over commas: 区委副书记、区长唐大军,有关区领导出席会议.
            people = people_before(text, sentence.start, clause.start + cue[0].start, lexicon)
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
