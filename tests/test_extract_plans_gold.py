"""Plans and lists of the development corpus scored against their hand annotation (targets of issue 12).

Micro-averaged over the seven plans and lists (`p*`, `l*`), as the reference `score_set.py
--by-genre` line "plan+list" computes them; the seed readout keeps its floor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.extract import extract_document
from graphbuild.extract.evaluate import Evaluation, score_document
from graphbuild.read import read_document

from .paths import ROOT

DEV = Path(__file__).parent / "fixtures" / "dev"
PLANS_AND_LISTS = sorted(p for p in DEV.glob("*.gold.json") if p.name[0] in "pl")


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    ev = Evaluation()
    for path in PLANS_AND_LISTS:
        gold = json.loads(path.read_text(encoding="utf-8"))
        score_document(extract_document(read_document(ROOT / "data" / "raw" / "dev" / gold["document"])), gold, ev)
    return ev


def test_the_seven_plans_and_lists_are_scored():
    assert len(PLANS_AND_LISTS) == 7


def test_no_plan_or_list_is_refused_and_each_is_one_plan():
    for path in PLANS_AND_LISTS:
        gold = json.loads(path.read_text(encoding="utf-8"))
        record = extract_document(read_document(ROOT / "data" / "raw" / "dev" / gold["document"]))
        assert (len(record.meetings), len(record.plans)) == (0, 1), gold["document"]


def test_measures(evaluation):
    assert evaluation.units["measures"].f1 >= 0.85, evaluation.missed + evaluation.invented


def test_roles(evaluation):
    assert evaluation.units["roles"].f1 >= 0.80


def test_sectors(evaluation):
    assert evaluation.rate("sectors") >= 0.85, evaluation.wrong_sector


def test_targets(evaluation):
    assert evaluation.units["targets"].f1 >= 0.80


def test_the_seed_readout_keeps_its_floor(record, gold):
    assert score_document(record, gold).units["measures"].f1 >= 0.95
