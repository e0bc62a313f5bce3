"""Dates in headers and publication lines: `YYYY-MM-DD`, or `--MM-DD` when no year is known."""

from __future__ import annotations

import datetime
import re

from .lexicon import Lexicon

__all__ = ["DATE", "publication_date", "parse_date", "date_end", "is_valid_date"]

_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})|--(?P<gm>\d{2})-(?P<gd>\d{2})")


def is_valid_date(value: str) -> bool:
    """Whether `YYYY-MM-DD` or `--MM-DD` names a day that exists (years 1–9999; without a year,
    February 29 exists). Only such dates are typed `xsd:date` / `xsd:gMonthDay`.

    >>> [is_valid_date(v) for v in ("2024-02-29", "2025-02-29", "0000-01-01", "--02-29", "--99-99", "9999-99-99")]
    [True, False, False, True, False, False]
    """
    m = _ISO.fullmatch(value)
    if not m:
        return False
    year = int(m.group("y")) if m.group("y") else 2000
    month, day = (int(m.group("m")), int(m.group("d"))) if m.group("y") else (int(m.group("gm")), int(m.group("gd")))
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True

DATE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_VAGUE = ("vague-date", "same-day")
_PUBLISHED = r"(?:{labels})\s*[:]\s*(\d{{4}})[-/年.](\d{{1,2}})[-/月.](\d{{1,2}})"


def publication_date(text: str, metadata: dict[str, str], lexicon: Lexicon) -> str | None:
    """`YYYY-MM-DD` of publication: the metadata's, else a `[发布时间:YYYY-MM-DD]` line near the top
    (the label words are `cue:publication-label`); a day that does not exist counts as none.

    >>> from graphbuild.extract.lexicon import load_lexicon
    >>> lexicon = load_lexicon()
    >>> publication_date("[发布时间:2025-10-20 09:38:58]", {}, lexicon)
    '2025-10-20'
    >>> publication_date("", {"published": "9999-99-99"}, lexicon) is None
    True
    """
    candidates = (
        re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", metadata.get("published", "")),
        _published_pattern(lexicon).search(text[:400]),
    )
    for m in candidates:
        if m:
            value = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            if is_valid_date(value):
                return value
    return None


def _published_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    return re.compile(_PUBLISHED.format(labels=lexicon.cues["publication-label"].pattern.pattern))


def parse_date(text: str, year: str | None) -> str | None:
    """`YYYY-MM-DD` when a year is known, else `--MM-DD` (XML Schema gMonthDay); None when the text
    names no date or a day that does not exist (2月30日, 99月99日, year 0).

    >>> parse_date("11月2日,市委常委会召开", None), parse_date("2025年1月9日", None), parse_date("2月30日", "2025")
    ('--11-02', '2025-01-09', None)
    """
    m = DATE.search(text)
    if not m:
        return None
    y = m.group("y") or year
    month, day = int(m.group("m")), int(m.group("d"))
    value = f"{y}-{month:02d}-{day:02d}" if y else f"--{month:02d}-{day:02d}"
    return value if is_valid_date(value) else None


def date_end(lexicon: Lexicon, text: str, pos: int, end: int) -> int:
    """Past a date (or 近日) and a time of day at `pos`: 10月20日上午 → after 上午."""
    m = DATE.match(text, pos, end)
    if m:
        pos = m.end()
    else:
        pos = max([pos] + [m.end() for m in (lexicon.cues[c].match(text, pos) for c in _VAGUE) if m])
    time_of_day = lexicon.cues["time-of-day"].match(text, pos)
    return time_of_day.end() if time_of_day else pos
