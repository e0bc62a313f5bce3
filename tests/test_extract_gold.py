"""Extraction scored against the hand annotation of the Luzhou readout (thresholds of the issue)."""

from __future__ import annotations

import pytest

from graphbuild.extract.evaluate import score_document


@pytest.fixture(scope="module")
def evaluation(record, gold):
    return score_document(record, gold)


def test_meetings_all_found(evaluation):
    assert evaluation.units["meetings"].f1 == 1.0


def test_chair_names_all_right(evaluation):
    assert evaluation.rate("chair names") == 1.0
    assert evaluation.accuracy["chair names"][1] == 6


def test_chair_posts(evaluation):
    assert evaluation.units["chair posts"].f1 >= 0.95


def test_principles(evaluation):
    assert evaluation.units["principles"].f1 == 1.0


def test_measures(evaluation):
    assert evaluation.units["measures"].f1 >= 0.90, evaluation.missed + evaluation.invented


def test_sector_accuracy(evaluation):
    assert evaluation.rate("sectors") >= 0.90, evaluation.wrong_sector


def test_measure_owners(evaluation):
    assert evaluation.units["measure owners"].f1 >= 0.80


def test_responsibilities(evaluation):
    assert evaluation.units["responsibilities"].f1 >= 0.80


def test_measure_text_equals_document_at_offsets(record):
    for meeting in record.meetings:
        for measure in meeting.measures:
            assert record.text[measure.span[0] : measure.span[1]] == measure.text


def test_meeting_areas_and_dates_match_gold(record, gold):
    extracted = [(m.area.adcode, m.area.name, m.date) for m in record.meetings]
    expected = [(g["area"]["adcode"], g["area"]["name"], g["date"]) for g in gold["meetings"]]
    assert extracted == expected


def test_zone_lies_within_the_city(record, gold):
    zones = [m.area for m in record.meetings if m.area.adcode is None]
    gold_zones = [g["area"] for g in gold["meetings"] if g["area"]["adcode"] is None]
    assert [(z.name, z.within) for z in zones] == [(g["name"], g["within"]) for g in gold_zones]


def test_follow_up_meetings(record, gold):
    ids = [g["id"] for g in gold["meetings"]]
    for g in gold["meetings"]:
        for follower in g.get("followed_by", []):
            assert record.meetings[ids.index(follower)].follows == ids.index(g["id"])


def test_extraction_reports_what_it_dropped(record):
    assert record.dropped["slogan or attitude"] > 0
