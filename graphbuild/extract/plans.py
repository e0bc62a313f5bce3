"""Plans, responsibility lists and divisions of tasks: one `PlanRecord` per document.

A document is read as a plan when its title names a plan genre (`plan-genre` scheme: 实施方案,
行动计划, 责任清单, 分工方案 …), or when it reports no meeting and still assigns tasks (owner
brackets, role sentences, duty lines, targets). What the plan says about itself comes from its
head: the notice that issues it (文号, "关于印发…的通知", the issuer's signature and date line), its
title line, and the places it names; its tasks and targets come from `tasks`.
"""

from __future__ import annotations

import re

from .dates import DATE
from .divisions import Area, Divisions
from .lexicon import Lexicon
from .places import PlaceContext, full_organizer
from .records import AreaRef, PlanRecord
from .tasks import TaskFacts, read_tasks
from .text import Piece, fold, strip_span

__all__ = ["names_a_plan", "read_plan"]

_HEAD_LINES = 12
_TITLE_MAX = 80
_SIGNATURE_MAX = 30
_YEAR = re.compile(r"(\d{4})年")
_SENTENCE_MARKS = re.compile(r"[。;,!?]")


def _lines(folded: str, limit: int | None = None) -> list[Piece]:
    """Non-empty lines, stripped, in order (the first `limit` of them)."""
    found, pos = [], 0
    while pos <= len(folded) and (limit is None or len(found) < limit):
        stop = folded.find("\n", pos)
        stop = len(folded) if stop < 0 else stop
        line = strip_span(folded, pos, stop)
        if line.end > line.start:
            found.append(line)
        pos = stop + 1
    return found


def _genre_in(lexicon: Lexicon, folded: str, piece: Piece) -> str | None:
    """The genre word that ends last in a title (its head: 行动计划重点工作部门分工方案 → 分工方案)."""
    matcher = lexicon.schemes["plan-genre"]
    found = [m for m in (matcher.match(folded, i, piece.end) for i in range(piece.start, piece.end)) if m]
    if not found:
        return None
    best = max(found, key=lambda m: (m.end(), m.end() - m.start()))
    return best.group()


def _is_title(lexicon: Lexicon, folded: str, line: Piece) -> bool:
    """A line that reads as a title: short, no sentence punctuation, no meeting convened in it."""
    words = folded[line.start : line.end]
    return (
        line.end - line.start <= _TITLE_MAX
        and not _SENTENCE_MARKS.search(words)
        and lexicon.cues["meeting-trigger"].search(folded, line.start, line.end) is None
    )


def names_a_plan(lexicon: Lexicon, folded: str, title: str = "") -> bool:
    """Whether the document's title (its metadata's, else its first line) is the title of a plan
    ("…大气污染防治工作方案", "关于印发…分工方案的通知"): then it is a plan even if a task
    mentions a meeting."""
    if title:
        words = fold(title)
        whole_line = Piece(0, len(words))
        return _is_title(lexicon, words, whole_line) and _genre_in(lexicon, words, whole_line) is not None
    lines = _lines(folded, 1)
    return bool(lines) and _is_title(lexicon, folded, lines[0]) and _genre_in(lexicon, folded, lines[0]) is not None


def _title(lexicon: Lexicon, folded: str, head: list[Piece]) -> Piece | None:
    """The plan's name: what a notice's title issues (关于印发《X》的通知 → X), else the first title
    line naming a genre."""
    for line in (line for line in head if _is_title(lexicon, folded, line)):
        opening = lexicon.cues["notice-opening"].search(folded, line.start, line.end)
        closing = lexicon.cues["notice-closing"].search(folded, line.start, line.end)
        if opening and closing and closing.start() > opening.end():
            return strip_span(folded, opening.end(), closing.start())
    for line in head:
        if _is_title(lexicon, folded, line) and _genre_in(lexicon, folded, line):
            return line
    return None


def _identifier(lexicon: Lexicon, folded: str, head: list[Piece], metadata: dict[str, str]) -> str | None:
    """The plan's own 文号: one opening a head line (not one cited in brackets in the text)."""
    for line in head[:3]:
        m = lexicon.cues["document-number"].match(folded, line.start, line.end)
        if m is not None:
            return m.group()
    return metadata.get("document_number") or None


def _whole_number(lexicon: Lexicon, folded: str, line: Piece) -> bool:
    """A head line that is only the document number."""
    m = lexicon.cues["document-number"].match(folded, line.start, line.end)
    return m is not None and m.end() == line.end


def _issue(folded: str, head: list[Piece]) -> tuple[str | None, Piece | None]:
    """A notice's date line ("2020年7月2日" alone on its line) and the issuer's line above it."""
    for index, line in enumerate(head):
        m = DATE.fullmatch(folded, line.start, line.end)
        if m is not None and m.group("y"):
            date = f"{m.group('y')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
            above = head[index - 1] if index > 0 else None
            if above is not None and above.end - above.start > _SIGNATURE_MAX:
                above = None
            return date, above
    return None, None


def _kind(lexicon: Lexicon, folded: str, title: str) -> str | None:
    """The document's own genre word: its title's, else the first the text names."""
    words = fold(title)
    found = _genre_in(lexicon, words, Piece(0, len(words))) if words else None
    if found:
        return found
    hit = lexicon.schemes["plan-genre"].search(folded)
    return hit.group() if hit else None


def _area(places: PlaceContext, folded: str, lexicon: Lexicon, named: list[str]) -> Area | None:
    """The area the plan governs: the one its issuer or title opens with (某市人民政府 → 某市), else the
    document's own area of the level its bodies speak of (我市 → the city most named, 县政府 → the
    county); else unknown (a name such as 城区 alone says too little)."""
    for words in named:
        found = places.leading_area(words)
        if found is not None:
            return found
    for cue, level in (("county-body", "county"), ("district-body", "county"), ("city-body", "prefecture")):
        if lexicon.cues[cue].search(folded) is not None:
            home = places.home(level)
            if home is not None:
                return home
    return None


def read_plan(
    text: str, folded: str, metadata: dict[str, str], lexicon: Lexicon, divisions: Divisions
) -> tuple[PlanRecord, TaskFacts]:
    """The plan a document holds, and how much of its body names owners and targets."""
    head = _lines(folded, _HEAD_LINES)
    title = _title(lexicon, folded, head)
    date, issuer_line = _issue(folded, head)
    issuer = folded[issuer_line.start : issuer_line.end] if issuer_line else metadata.get("issuer", "")
    title_words = folded[title.start : title.end] if title else metadata.get("title", "")
    places = PlaceContext.for_text(folded, divisions, lexicon)
    area = _area(places, folded, lexicon, [w for w in (issuer, title_words) if w])
    ref = places.ref(area) if area is not None else AreaRef("", None)
    year = _YEAR.search(title_words)
    span = Piece(len(folded) - len(folded.lstrip()), len(folded.rstrip()))
    # The first line when it reads as a title, and any title line naming the genre, are no tasks.
    skip = [
        line
        for index, line in enumerate(head)
        if _is_title(lexicon, folded, line)
        and (index == 0 and len(head) > 1 or _genre_in(lexicon, folded, line))
        and not lexicon.cues["item-marker"].match(folded, line.start, line.end)
    ]
    skip += [line for line in head if DATE.fullmatch(folded, line.start, line.end)]
    skip += [issuer_line] if issuer_line else []
    skip += [line for line in head if _whole_number(lexicon, folded, line)]
    facts = read_tasks(text, folded, span, lexicon, places, year.group(1) if year else None, skip)
    organizer = full_organizer(issuer, ref, lexicon) if issuer else ref.name
    plan = PlanRecord(
        date=date,
        span=(span.start, span.end),
        organizer=organizer,
        area=ref,
        kind=_kind(lexicon, folded, title_words),
        principles=[],
        responsibilities=[],
        measures=facts.measures,
        title=text[title.start : title.end] if title else (metadata.get("title") or None),
        identifier=_identifier(lexicon, folded, head, metadata),
        targets=facts.targets,
    )
    return plan, facts
