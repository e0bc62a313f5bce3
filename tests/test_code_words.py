"""Words live in the vocabularies: no Chinese in the string constants of the package's code.

Docstrings and comments may quote the genre (they explain a rule by the sentence it is for); a
string constant that holds a Chinese character is a word list in Python. Punctuation is grammar and
is not counted. The allow-list says why each remaining file may hold Chinese characters.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import graphbuild

PACKAGE = Path(graphbuild.__file__).parent
IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ANY = None

# file (relative to the package) → the characters its constants may hold (ANY: all), and why.
ALLOWED: dict[str, tuple[str | None, str]] = {
    "extract/dates.py": ("年月日", "the calendar notation of a date (2020年7月2日), not a domain word"),
    "extract/deadlines.py": ("年月日", "the calendar notation of a time limit's date (2019年10月底前)"),
    "extract/plans.py": ("年", "the calendar notation of a plan's year (2020年)"),
    "extract/divisions.py": (
        "市辖区县省直辖级行政划自治",
        "placeholder rows of the GB/T 2260 data set (市辖区, 省直辖县级行政区划) skipped when it is read",
    ),
    "formats/numbering.py": (ANY, "the numerals of Word's list-number formats (一、 壹、 甲、 子): number notation"),
    "report_page.py": (ANY, "bilingual headings and labels of the report page (user interface, not extraction)"),
    "render.py": (ANY, "bilingual labels of the page's legend and details panel (user interface, not extraction)"),
    "explain.py": (ANY, "bilingual labels of the explanation printed for people (user interface)"),
    "reports.py": (ANY, "a usage example in an error message (user interface)"),
}


def _constants(tree: ast.AST):
    """String constants that are not docstrings."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def _cjk_constants() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        allowed = ALLOWED.get(relative, ("", ""))[0]
        if allowed is ANY:
            continue
        for node in _constants(ast.parse(path.read_text(encoding="utf-8"))):
            extra = {c for c in IDEOGRAPH.findall(node.value) if c not in allowed}
            if extra:
                found.append(f"{relative}:{node.lineno}: {node.value!r}")
    return found


def test_no_chinese_word_in_python_string_constants():
    assert _cjk_constants() == []


def test_the_allow_list_is_still_needed():
    """An allow-list entry whose file no longer needs it is removed, so the list stays true."""
    for relative, (characters, _why) in ALLOWED.items():
        text = (PACKAGE / relative).read_text(encoding="utf-8")
        constants = "".join(node.value for node in _constants(ast.parse(text)))
        assert IDEOGRAPH.search(constants) if characters is ANY else any(c in constants for c in characters), relative
