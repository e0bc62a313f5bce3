"""Time limits of tasks: the text as written and the last day it allows (ISO), or None.

"2019年10月底前" → 2019-10-31, "2020年6月30日前" → 2020-06-30, "2020年底前" → 2020-12-31;
"长期坚持", "持续推进" (`cue:open-deadline`) → None; a limit without a year → None (the guideline:
a deadline's date is null when no year is written, even when the context implies one).
"""

from __future__ import annotations

import calendar
import re

from .lexicon import Lexicon
from .records import DeadlineRecord
from .text import strip_span

__all__ = ["deadline_at", "deadline_of", "last_day"]

_PARTS = re.compile(r"(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})日)?")


def last_day(written: str) -> str | None:
    """The last day a written limit allows, or None without a year.

    >>> last_day("2019年10月底前"), last_day("2020年"), last_day("10月底前")
    ('2019-10-31', '2020-12-31', None)
    """
    m = _PARTS.match(written)
    if not m or not m.group("y"):
        return None
    year = int(m.group("y"))
    month = int(m.group("m") or 12)
    if not 1 <= month <= 12:
        return None
    day = int(m.group("d") or calendar.monthrange(year, month)[1])
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def deadline_of(lexicon: Lexicon, text: str, folded: str, start: int, end: int) -> DeadlineRecord | None:
    """The time limit that `folded[start:end]` is (a table cell, a bracket's 完成时限), or None."""
    start, end = strip_span(folded, start, end)
    if end <= start:
        return None
    if lexicon.cues["open-deadline"].match(folded, start, end):
        return DeadlineRecord(text[start:end], None, (start, end))
    m = lexicon.cues["deadline"].match(folded, start, end) or lexicon.cues["limit-date"].match(folded, start, end)
    if m is None:
        return None
    return DeadlineRecord(text[start:end], last_day(m.group()), (start, end))


def deadline_at(lexicon: Lexicon, text: str, folded: str, start: int, end: int) -> tuple[DeadlineRecord, int] | None:
    """A time limit opening a clause ("2019年10月底前，完成…", "2020年6月30日前完成…"): the deadline
    and where the rest of the clause starts. Only a limit that says "before" (前) counts: a bare
    year opening a clause is the plan's period, not a task's limit."""
    m = lexicon.cues["deadline"].match(folded, start, end)
    if m is None:
        return None
    return DeadlineRecord(text[m.start() : m.end()], last_day(m.group()), (m.start(), m.end())), m.end()
