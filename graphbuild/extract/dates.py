"""Dates in headers and publication lines: `YYYY-MM-DD`, or `--MM-DD` when no year is known."""

from __future__ import annotations

import re

from .lexicon import Lexicon

__all__ = ["DATE", "publication_date", "parse_date", "date_end"]

DATE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_VAGUE = ("vague-date", "same-day")
_PUBLISHED = r"(?:{labels})\s*[:]\s*(\d{{4}})[-/年.](\d{{1,2}})[-/月.](\d{{1,2}})"


def publication_date(text: str, metadata: dict[str, str], lexicon: Lexicon) -> str | None:
    """`YYYY-MM-DD` of publication: the metadata's, else a `[发布时间:YYYY-MM-DD]` line near the top
    (the label words are `cue:publication-label`).

    >>> from graphbuild.extract.lexicon import load_lexicon
    >>> publication_date("[发布时间:2025-10-20 09:38:58]", {}, load_lexicon())
    '2025-10-20'
    """
    published = metadata.get("published", "")
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", published) or _published_pattern(lexicon).search(text[:400])
    return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def _published_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    return re.compile(_PUBLISHED.format(labels=lexicon.cues["publication-label"].pattern.pattern))


def parse_date(text: str, year: str | None) -> str | None:
    """`YYYY-MM-DD` when a year is known, else `--MM-DD` (XML Schema gMonthDay).

    >>> parse_date("11月2日,市委常委会召开", None), parse_date("2025年1月9日", None)
    ('--11-02', '2025-01-09')
    """
    m = DATE.search(text)
    if not m:
        return None
    y = m.group("y") or year
    month, day = int(m.group("m")), int(m.group("d"))
    return f"{y}-{month:02d}-{day:02d}" if y else f"--{month:02d}-{day:02d}"


def date_end(lexicon: Lexicon, text: str, pos: int, end: int) -> int:
    """Past a date (or 近日) and a time of day at `pos`: 10月20日上午 → after 上午."""
    m = DATE.match(text, pos, end)
    if m:
        pos = m.end()
    else:
        pos = max([pos] + [m.end() for m in (lexicon.cues[c].match(text, pos) for c in _VAGUE) if m])
    time_of_day = lexicon.cues["time-of-day"].match(text, pos)
    return time_of_day.end() if time_of_day else pos
