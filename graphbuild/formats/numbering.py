"""Word's automatic paragraph numbers (一、 （一） 1.), which Word draws but does not store in the
paragraph's text: the numbering definitions of `word/numbering.xml` and a counter per list, so each
numbered paragraph gets the label Word shows in front of it (bullets give none).

Lists that share a definition (`w:abstractNum`) continue one another's numbers, as in Word, unless a
list restarts a level (`w:startOverride`); starting a level restarts every level below it.
"""

from __future__ import annotations

import re

__all__ = ["Numbering", "format_number"]

_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "".join(map(chr, range(0x2460, 0x2474)))  # ① … ⑳
_ROMAN_VALUES = (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1)
_ROMAN = tuple(zip(_ROMAN_VALUES, "m cm d cd c xc l xl x ix v iv i".split(), strict=True))


def _chinese(n: int, digits: str = _DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (up to 999; larger numbers in Arabic digits)."""
    if not 0 < n < 1000:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = digits[0] + digits[rest]
    else:
        tail = digits[rest // 10] + ten + (digits[rest % 10] if rest % 10 else "")
    return digits[hundreds] + hundred + tail


def _letters(n: int) -> str:
    """Word's letter numbering: A … Z, then AA … ZZ, AAA …"""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        out += numeral * count
    return out


def format_number(n: int, fmt: str) -> str:
    """A counter value in one of Word's number formats (`w:numFmt`); unknown formats as Arabic digits.

    >>> [format_number(n, f) for n, f in [(3, "chineseCounting"), (12, "chineseCountingThousand"), (2, "lowerLetter")]]
    ['三', '十二', 'b']
    """
    if n <= 0:
        return str(n)
    formats = {
        "decimalZero": lambda: f"{n:02d}",
        "upperRoman": lambda: _roman(n).upper(),
        "lowerRoman": lambda: _roman(n),
        "upperLetter": lambda: _letters(n),
        "lowerLetter": lambda: _letters(n).lower(),
        "chineseCounting": lambda: _chinese(n),
        "chineseCountingThousand": lambda: _chinese(n),
        "japaneseCounting": lambda: _chinese(n),
        "taiwaneseCounting": lambda: _chinese(n),
        "chineseLegalSimplified": lambda: _chinese(n, _LEGAL, "拾", "佰"),
        "ideographDigital": lambda: "".join(_DIGITS[int(d)] for d in str(n)),
        "ideographTraditional": lambda: _STEMS[(n - 1) % 10],
        "ideographZodiac": lambda: _BRANCHES[(n - 1) % 12],
        "decimalEnclosedCircle": lambda: _CIRCLED[n - 1] if n <= 20 else str(n),
        "decimalEnclosedCircleChinese": lambda: _CIRCLED[n - 1] if n <= 20 else str(n),
        "decimalFullWidth": lambda: str(n).translate({cp: cp + 0xFEE0 for cp in range(0x30, 0x3A)}),
    }
    return formats.get(fmt, lambda: str(n))()


class Numbering:
    """The numbering of one Word document; `label(paragraph)` in document order gives each label."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, object]] = {}  # abstractNumId → level → w:lvl
        self.lists: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId → level → current value
        self.seen: set[str] = set()
        root = _numbering_root(document)
        if root is None:
            return
        for definition in root.findall(_W + "abstractNum"):
            levels = {_int(lvl.get(_W + "ilvl"), 0): lvl for lvl in definition.findall(_W + "lvl")}
            self.levels[definition.get(_W + "abstractNumId")] = levels
        for instance in root.findall(_W + "num"):
            abstract = _attribute(instance, "abstractNumId")
            overrides = {
                _int(override.get(_W + "ilvl"), 0): _int(_attribute(override, "startOverride"), 1)
                for override in instance.findall(_W + "lvlOverride")
                if override.find(_W + "startOverride") is not None
            }
            if abstract is not None:
                self.lists[instance.get(_W + "numId")] = (abstract, overrides)

    def label(self, paragraph) -> str:
        """The label Word draws before `paragraph` ('' when it has none), advancing the list's counter."""
        num_id, level = _list_of(paragraph)
        if num_id not in self.lists:
            return ""
        abstract, overrides = self.lists[num_id]
        levels = self.levels.get(abstract, {})
        if level not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.seen:
            self.seen.add(num_id)
            for restarted in overrides:
                counters.pop(restarted, None)

        def start(lvl: int) -> int:
            return overrides[lvl] if lvl in overrides else _int(_attribute(levels.get(lvl), "start"), 1)

        counters[level] = counters[level] + 1 if level in counters else start(level)
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        own = levels[level]
        if _attribute(own, "numFmt") in ("bullet", "none"):
            return ""
        legal = own.find(_W + "isLgl") is not None

        def number(m: re.Match) -> str:
            lvl = int(m.group(1)) - 1
            fmt = "decimal" if legal else _attribute(levels.get(lvl), "numFmt") or "decimal"
            return format_number(counters.get(lvl, start(lvl)), fmt)

        text = re.sub(r"%([1-9])", number, _attribute(own, "lvlText") or "")
        return text + ("" if _attribute(own, "suff") == "nothing" or not text else " ")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _numbering_root(document):
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _attribute(element, child: str) -> str | None:
    """The `w:val` of an element's child (a level's `start`, `numFmt`, `lvlText`, `suff` …)."""
    found = element.find(_W + child) if element is not None else None
    return found.get(_W + "val") if found is not None else None


def _int(value: str | None, default: int) -> int:
    return int(value) if value is not None and value.isdigit() else default


def _list_of(paragraph) -> tuple[str | None, int]:
    """The list (numId) and level of a paragraph: its own numbering properties, else its style's
    (through the styles it is based on); numId 0 switches numbering off."""
    num_id, level = None, None
    p_pr = paragraph._p.pPr
    sources = [p_pr.numPr if p_pr is not None else None]
    style, seen = paragraph.style, set()
    while style is not None and style.style_id not in seen:  # a damaged file may base styles in a circle
        seen.add(style.style_id)
        style_pr = style.element.pPr
        sources.append(style_pr.numPr if style_pr is not None else None)
        style = style.base_style
    for num_pr in filter(lambda n: n is not None, sources):
        if num_id is None and num_pr.numId is not None:
            num_id = str(num_pr.numId.val)
        if level is None and num_pr.ilvl is not None:
            level = int(num_pr.ilvl.val)
    return (None if num_id == "0" else num_id), level or 0
