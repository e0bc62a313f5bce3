"""`graphbuild evaluate` agrees with the reference scorer figure for figure on every development document.

The reference (`tests/fixtures/reference/score.py`, copied unchanged from the shared gold set) is
run as its own process on the extraction's JSON contract, as `score_set.py` runs it; its counts
must equal the counts `graphbuild.extract.evaluate` computes for the same extraction.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.extract import extract_document
from graphbuild.extract.evaluate import score_document
from graphbuild.extract.records import DocumentRecord
from graphbuild.read import read_document

from .paths import GOLD_PATH, RAW, ROOT

REFERENCE = Path(__file__).parent / "fixtures" / "reference" / "score.py"
DEV_GOLD = sorted((Path(__file__).parent / "fixtures" / "dev").glob("*.gold.json"))
DEV_RAW = ROOT / "data" / "raw" / "dev"
CASES = [(path, DEV_RAW) for path in DEV_GOLD] + [(GOLD_PATH, RAW)]


def test_every_development_document_is_a_case():
    assert len(DEV_GOLD) == 11


@pytest.mark.parametrize("gold_path,raw", CASES, ids=lambda c: c.stem if isinstance(c, Path) else "")
def test_counts_equal_the_reference_scorers(gold_path: Path, raw: Path, tmp_path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    document = read_document(raw / gold["document"])
    try:
        record = extract_document(document)
        documents = [record.to_contract()]
    except InputError:  # refused: an empty extraction, as score_set.py counts it
        record = DocumentRecord(document.name, document.sha256, len(document.text), document.text, {}, [])
        documents = []
    extraction = tmp_path / "extraction.json"
    extraction.write_text(json.dumps({"documents": documents}, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(REFERENCE), str(gold_path), str(extraction)], capture_output=True, text=True, check=True
    )
    reference = json.loads(run.stdout)
    ours = score_document(record, gold)
    assert {k: ours.counts[k] for k in reference["counts"]} == reference["counts"]
    assert round(ours.units["measures"].f1, 3) == reference["measures"]["f1"]
    assert round(ours.units["roles"].f1, 3) == reference["roles"]["f1"]
    assert round(ours.units["targets"].f1, 3) == reference["targets"]["f1"]
    assert round(ours.units["measure owners"].f1, 3) == reference["measure_owners"]["f1"]


def test_evaluate_scores_a_refused_document_as_an_empty_extraction_and_says_so():
    from click.testing import CliRunner

    from graphbuild.cli import main

    args = ["evaluate", *map(str, DEV_GOLD), "--raw", str(DEV_RAW), "--json"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    data = json.loads(result.output)
    gold = [json.loads(p.read_text(encoding="utf-8")) for p in DEV_GOLD]
    assert data["counts"]["meas_req"] == sum(
        1 for g in gold for m in g["meetings"] for x in m["measures"] if not x.get("optional")
    )
    assert all(r["reason"].startswith("no meeting found") for r in data["refused"])


def test_every_role_word_of_the_reference_maps_to_the_same_role_from_the_vocabulary():
    import importlib.util

    from graphbuild.extract.evaluate import _role

    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    assert {word: _role(word) for word in reference.ROLE_WORDS} == reference.ROLE_WORDS
