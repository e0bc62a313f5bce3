"""Each extraction rule on a sentence that needs it, as data: one `tests/extract/*.yaml` file per case.

An analyst adds a case by writing a file; no Python. Keys of a case file:

    text:      the document text (required). For one long line use a double-quoted string with `\\` at
               the end of each source line (the break and the next line's indent are dropped) and `\\n`
               for a real line break; `|-` (a literal block) when the text has several lines.
    name:      the file name the text is written under (default `doc.txt`); its suffix picks the reader,
               e.g. `page.html`.
    encoding:  the bytes are written in this encoding (default utf-8), e.g. `gb18030`.
    metadata:  a mapping written as the sidecar `NAME.meta.json` (title, issuer, source, published,
               document_number).
    error:     the document must be refused with one line (`InputError`) naming the file whose reason
               contains this text. A case has either `error` or `expect`.
    expect:    a *partial* document in the JSON contract of `graphbuild extract --format json` (one element
               of its "documents", `DocumentRecord.to_contract`): meetings[] with date, area{name, adcode,
               within}, organizer, kind, chair{name, posts} or null, speakers[{name, posts}], principles[],
               responsibilities[{owner, type}], measures[{text, sectors, owners[{name, role}], deadline}];
               plans[] likewise with title, identifier, targets.

Partial matching (`mismatches`): a mapping checks only the keys it names; a list must have as many items
as the actual list and is matched item by item (so `measures: [{text: a, sectors: [DUST]}]` says "exactly
one measure, its text a, its sectors [DUST]", and `{}` is an item that matches any one item); any other
value must be equal, `null` for none. Quote adcodes ("510683"): unquoted they are numbers. Dates may stay
unquoted (read as text); quote `"--04-08"`. A failure lists every difference with its path, e.g.
`meetings[0].measures[2].text: expected '…', got '…'`.

Write expectations from the text by hand, never by copying the program's output, and say in a comment
which rule the case is for. Then raise `CASE_COUNT`.

What the contract does not show (decoded text, an owner's department kind) is asserted by the Python tests
at the end of this module, on the text of a case file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from graphbuild.errors import InputError
from graphbuild.extract import extract_document
from graphbuild.extract.records import DocumentRecord
from graphbuild.read import read_document

CASE_DIR = Path(__file__).parent / "extract"
CASES = sorted(CASE_DIR.glob("*.yaml"))
CASE_COUNT = 33
KEYS = {"text", "name", "encoding", "metadata", "error", "expect"}


class _CaseLoader(yaml.SafeLoader):
    """YAML without implicit timestamps (`date: 2025-10-18` stays the text the contract carries) and
    without silently dropped duplicate keys (a second `measures:` would replace the first)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=True) for key, _ in node.value]
        repeated = sorted({str(key) for key in keys if keys.count(key) > 1})
        if repeated:
            raise yaml.constructor.ConstructorError(None, None, f"repeated keys {repeated}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


_CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_case(path: Path) -> dict[str, Any]:
    """A case file, checked for known keys, a text, and exactly one of `expect` and `error`."""
    case = yaml.load(path.read_text(encoding="utf-8"), Loader=_CaseLoader)
    assert isinstance(case, dict), f"{path.name}: a case is a mapping"
    assert not set(case) - KEYS, f"{path.name}: unknown keys {sorted(set(case) - KEYS)}"
    assert isinstance(case.get("text"), str), f"{path.name}: `text` must be a string"
    assert ("expect" in case) != ("error" in case), f"{path.name}: give either `expect` or `error`"
    return case


def case_named(stem: str) -> dict[str, Any]:
    return load_case(CASE_DIR / f"{stem}.yaml")


def extract_case(case: dict[str, Any], folder: Path) -> DocumentRecord:
    """Write the case's text (and sidecar) as a file, then read and extract it as the CLI does."""
    path = folder / case.get("name", "doc.txt")
    path.write_bytes(case["text"].encode(case.get("encoding", "utf-8")))
    if "metadata" in case:
        sidecar = path.with_name(path.name + ".meta.json")
        sidecar.write_text(json.dumps(case["metadata"], ensure_ascii=False), encoding="utf-8")
    return extract_document(read_document(path))


def _show(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else repr(value)
    return shown if len(shown) <= 400 else shown[:400] + "…"


def _same_scalar(expected: Any, actual: Any) -> bool:
    numbers = (int, float)
    if isinstance(expected, numbers) and isinstance(actual, numbers):
        return not isinstance(expected, bool) and not isinstance(actual, bool) and expected == actual
    return type(expected) is type(actual) and expected == actual


def mismatches(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Every place where `actual` differs from the partial `expected`, as `path: expected …, got …`.

    >>> mismatches({"a": [{"b": 1}, {}]}, {"a": [{"b": 2, "c": 3}, {"d": 4}], "e": 5})
    ['a[0].b: expected 1, got 2']
    >>> mismatches({"a": ["x"]}, {"a": ["x", "y"]})
    ['a: expected 1 items, got 2: ["x", "y"]']
    """
    where = path or "(document)"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected a mapping, got {_show(actual)}"]
        found: list[str] = []
        for key, value in expected.items():
            inner = f"{path}.{key}" if path else str(key)
            if key in actual:
                found += mismatches(value, actual[key], inner)
            else:
                found.append(f"{inner}: expected {_show(value)}, but the contract has no such key")
        return found
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return [f"{where}: expected a list, got {_show(actual)}"]
        if len(expected) != len(actual):
            return [f"{where}: expected {len(expected)} items, got {len(actual)}: {_show(actual)}"]
        pairs = enumerate(zip(expected, actual, strict=True))
        return [found for i, (e, a) in pairs for found in mismatches(e, a, f"{path}[{i}]")]
    if _same_scalar(expected, actual):
        return []
    hint = " (quote it in the case file)" if isinstance(actual, str) and str(expected) == actual else ""
    return [f"{where}: expected {_show(expected)}, got {_show(actual)}{hint}"]


def test_the_extraction_cases_are_found():
    assert len(CASES) == CASE_COUNT


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_extraction_case(path, tmp_path):
    case = load_case(path)
    if "error" in case:
        with pytest.raises(InputError) as refused:
            extract_case(case, tmp_path)
        message = str(refused.value)
        assert "\n" not in message and case.get("name", "doc.txt") in message, message
        assert case["error"] in refused.value.reason, message
        return
    found = mismatches(case["expect"], extract_case(case, tmp_path).to_contract())
    if found:
        pytest.fail(f"{path.name}:\n  " + "\n  ".join(found), pytrace=False)


# --- what the contract does not show -------------------------------------------------------------


def test_html_document_keeps_visible_text_only(tmp_path):
    """The script of the page is not in the decoded text (the contract has no text to match)."""
    record = extract_case(case_named("html-document-keeps-visible-text-only"), tmp_path)
    assert "alert" not in record.text


def test_an_owner_label_naming_a_department_gives_a_department(tmp_path):
    """责任单位：市经济和信息化局 is a department (the contract carries an owner's name and role, not its kind)."""
    record = extract_case(case_named("work-plan-items-with-owner-labels-and-prepositional-openings"), tmp_path)
    assert record.meetings[0].measures[1].owners[0].kind.endswith("/department")
