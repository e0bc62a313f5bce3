"""The benchmark corpus generator (benchmarks/generate.py): deterministic, and its plans are read
by the extractor as they were written (every task, with exactly the units and roles the generator
gave it, and every target). The gold is what the generator wrote into its manifest, not anything
the extractor produced. No timing here: the benchmarks themselves run by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuild.extract import extract_document
from graphbuild.read import read_document

from .paths import benchmark_generator

DOCUMENTS = 9  # documents 1, 3, 6 and 8 are plans of the four forms


@pytest.fixture(scope="module")
def generator():
    return benchmark_generator()


@pytest.fixture(scope="module")
def corpus(generator, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generator.generate(folder, DOCUMENTS, seed=7, dev=False)
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_and_a_smaller_corpus_is_a_prefix(generator, corpus, tmp_path):
    generator.generate(tmp_path / "again", DOCUMENTS, seed=7, dev=False)
    assert _files(tmp_path / "again") == _files(corpus)
    generator.generate(tmp_path / "smaller", 4, seed=7, dev=False)
    smaller = {k: v for k, v in _files(tmp_path / "smaller").items() if k != "manifest.json"}
    assert smaller and all(_files(corpus)[name] == text for name, text in smaller.items())
    generator.generate(tmp_path / "other", DOCUMENTS, seed=8, dev=False)
    assert _files(tmp_path / "other")["readout-00000.txt"] != _files(corpus)["readout-00000.txt"]


def test_the_mix_holds_both_genres_and_every_plan_form(corpus):
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["plans"]) == ["plan-00001.txt", "plan-00003.txt", "plan-00006.txt", "plan-00008.txt"]
    assert {facts["form"] for facts in manifest["plans"].values()} == {"notice", "division", "table", "sentences"}
    assert len(list(corpus.glob("readout-*.txt"))) == DOCUMENTS - 4


def test_the_extractor_finds_every_generated_task_with_its_roles_and_every_target(corpus):
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    tasks = targets = 0
    for name, facts in manifest["plans"].items():
        record = extract_document(read_document(corpus / name))
        assert len(record.plans) == 1, name
        plan = record.plans[0]
        for task in facts["tasks"]:
            found = [m for m in plan.measures if task["text"] in m.text]
            assert len(found) == 1, (name, task["text"])
            roles: dict[str, list[str]] = {}
            for owner in found[0].owners:
                roles.setdefault(owner.role, []).append(owner.name)
            assert {r: sorted(units) for r, units in roles.items()} == task["roles"], (name, task["text"])
            tasks += 1
        extracted = {(t.indicator, t.value, t.unit) for t in plan.targets}
        for target in facts["targets"]:
            assert (target["indicator"], target["value"], target["unit"]) in extracted, (name, target)
            targets += 1
    assert tasks >= 4 * 10 and targets >= 1  # every form writes at least a dozen tasks; the notice its targets
