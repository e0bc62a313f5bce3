"""The vocabularies are the extractor's lexicon: SKOS integrity, no duplicate words, overlaps only by
decision, and the cue names the code uses are the cues the Turtle defines."""

from __future__ import annotations

import ast
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

import graphbuild
from graphbuild.namespace import CUE
from graphbuild.resources import ontology_dir

VOCAB = sorted((ontology_dir() / "vocab").glob("*.ttl"))
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)

# A word in two concepts of one scheme is a decision, written here with its reason.
SHARED_WITHIN_A_SCHEME = {
    "严格": "an adverb (严格落实) and a verb of its own (严格执法 after 要)",
    "加快": "an adverb (加快推进) and a verb (加快淘汰…)",
    "统筹": "an adverb (统筹推进) and a verb (统筹协调)",
    "发挥": "a directive verb, and the opening of a role invoked as owner (发挥好驻企服务专员作用)",
    "发挥好": "as 发挥",
    "合力": "an adverb (合力推进) and, alone, a slogan word",
    "党工委": "ends a convening body (…党工委会议) and is stripped from a zone's name",
    "委员会": "as 党工委",
    "管委会": "as 党工委",
    "政府": "ends a convening body and is a level body after a place character (区政府)",
    "组织召开": "both convenes a meeting and names its chair (X组织召开…)",
    "在": "a venue in passive headers (会议在…召开) and, opening a clause, an adverbial (在…期间)",
    "委": "a level body after a place character (区委) and the end of a body's name",
    "会议": "ends every meeting's name, and a formal meeting's name (常委会会议) in particular",
    "市": "ends a place's name (place-ending) and is the level before a department's name (市生态环境局)",
    "区": "as 市",
    "县": "as 市",
    "分局": "ends a unit of a department (unit-ending) and is a department's own unit word (生态环境分局)",
    "会后": "opens a report of what followed (report-opener: not measures) and a meeting held right after (follow-on)",
    "随后": "as 会后",
    "参加": "a speaker's verb (参加并讲话) and a leader attending a meeting another body convened (attend)",
    "出席": "as 参加",
    "扩大": "a directive verb (扩大…覆盖面) and the mark of an enlarged meeting in a meeting's name",
    "常委会": "ends a convening body (县委常委会会议) and marks a standing committee, whose meetings have their kinds",
}


def _vocabulary() -> Graph:
    graph = Graph()
    for path in VOCAB:
        graph.parse(path, format="turtle")
    return graph


def _zh(graph: Graph, concept, predicate) -> list[str]:
    return [str(o) for o in graph.objects(concept, predicate) if getattr(o, "language", None) in (None, "zh")]


def test_labels_of_a_concept_are_pairwise_disjoint():
    """SKOS integrity condition S13: prefLabel, altLabel and hiddenLabel share no word."""
    graph = _vocabulary()
    broken = []
    for concept in sorted(set(graph.subjects(RDF.type, SKOS.Concept))):
        pref, alt, hidden = (set(_zh(graph, concept, p)) for p in LABELS)
        if pref & alt or pref & hidden or alt & hidden:
            broken.append(str(concept))
    assert broken == []


def test_every_concept_has_one_chinese_preferred_label():
    """SKOS S14: at most one prefLabel per language; the extractor needs the Chinese one."""
    graph = _vocabulary()
    for concept in set(graph.subjects(RDF.type, SKOS.Concept)):
        assert len(_zh(graph, concept, SKOS.prefLabel)) == 1, concept


@pytest.mark.parametrize("path", VOCAB, ids=lambda p: p.name)
def test_no_word_is_written_twice_in_a_concept(path: Path):
    """A repeated literal is invisible in the parsed graph, so the Turtle text is read per concept."""
    blocks = re.split(r"(?m)^(?=\S+ a skos:Concept)", path.read_text(encoding="utf-8"))
    for block in blocks[1:]:
        words = Counter(re.findall(r'"((?:[^"\\]|\\.)*)"@zh', block))
        assert [w for w, n in words.items() if n > 1] == [], block.split()[0]


# Pairs of cue concepts of the two genres' readers that share words wholesale, by design, with the reason.
SHARED_BY_CONCEPTS = {
    frozenset({"non-measure", "plan-non-measure"}): "plans' not-a-task words repeat readout slogans",
    frozenset({"unit-ending", "unit-head"}): "unit-head: every ending of a unit's name",
    frozenset({"place-ending", "unit-head"}): "as unit-ending: 镇, 乡, 村 end a unit's name",
    frozenset({"department-unit", "unit-head"}): "as unit-ending: 局, 部门 end a unit's name",
    frozenset({"level-body", "unit-head"}): "as unit-ending: 人民政府 ends a unit's name",
    frozenset({"body", "unit-head"}): "as unit-ending: 指挥部, 领导小组 end a unit's name",
    frozenset({"directive-verb", "target-verb"}): "减少, 提高: a task's verb, and a target's verb before a quantity",
    frozenset({"directive-verb", "not-modal"}): "应对, 应用, 响应: verbs in which 应 is not a modal",
    frozenset({"modal", "not-modal"}): "需要: a modal, and a noun (工作需要) in a task clause",
    frozenset({"lead-in", "not-modal"}): "要求: a meeting's lead-in, and a word in which 要 is not a modal",
    frozenset({"duty-word", "task-column"}): "职责, 主要任务: end a duty line's subject, head a task column",
    frozenset({"adverb", "open-deadline"}): "持续, 常态化: adverbs, and as a task's time limit an open-ended one",
    frozenset({"adverb", "partner"}): "会同: an adverb before the verb, and the word that names a task's partners",
    frozenset({"aspiration", "non-measure-start"}): "力争: opens a goal (not a measure) and a stretch target",
    frozenset({"non-measure-start", "target-verb"}): "为: opens a purpose, and (为X) states a target's value",
    frozenset({"notice-form", "publication-label"}): "发布时间, 发布日期: a page's date label and a notice's form word",
    frozenset({"agent", "chair-by"}): "由 introduces the acting unit of a task and the chair of a meeting",
}


def test_words_shared_within_a_scheme_are_decisions():
    graph = _vocabulary()
    concepts_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    for concept in graph.subjects(RDF.type, SKOS.Concept):
        scheme = str(graph.value(concept, SKOS.inScheme))
        for predicate in LABELS:
            for word in _zh(graph, concept, predicate):
                concepts_of[(scheme, word)].add(str(concept).rsplit("/", 1)[-1])
    shared = {(word, frozenset(c)) for (_, word), c in concepts_of.items() if len(c) > 1}
    undecided = {w for w, c in shared if w not in SHARED_WITHIN_A_SCHEME and c not in SHARED_BY_CONCEPTS}
    assert undecided == set()
    assert {w for w, _ in shared} >= set(SHARED_WITHIN_A_SCHEME)  # no stale word decision
    assert {c for _, c in shared} >= set(SHARED_BY_CONCEPTS)  # no stale pair decision


def test_cue_namespace_and_turtle_define_the_same_cues():
    graph = _vocabulary()
    in_turtle = {str(c) for c in graph.subjects(SKOS.inScheme, URIRef(str(CUE._NS)))}
    assert in_turtle == {str(CUE[name]) for name in CUE._extras}


def _cue_names_in_code() -> set[str]:
    """Every `cues["name"]` subscript and `cue("name")` call with a literal name in the package."""
    names = set()
    for path in Path(graphbuild.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                if isinstance(node.value, ast.Attribute) and node.value.attr == "cues":
                    names.add(node.slice.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "cue":
                names.update(a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return names


def test_the_extractor_asks_only_for_cues_that_exist():
    used = _cue_names_in_code()
    assert len(used) > 30
    assert used <= set(CUE._extras)


def test_a_department_is_added_to_the_extractor_by_a_label(tmp_path):
    """owner:department is named by the department types of departments.ttl (gb:matchScheme): a new
    type with its label is enough for 县档案局 to own the measure after it."""
    from graphbuild.extract import extract_document
    from graphbuild.extract.lexicon import lexicon_from_graph
    from graphbuild.namespace import DEPT
    from graphbuild.read import read_document

    path = tmp_path / "readout.txt"
    text = "5月6日,富顺县召开大气污染防治专题会。会议要求,县档案局要加强档案馆周边扬尘管控。"
    path.write_text(text, encoding="utf-8")
    graph = _vocabulary()
    graph.parse(ontology_dir() / "departments.ttl", format="turtle")

    def owners(lexicon) -> list[str]:
        measures = extract_document(read_document(path), lexicon=lexicon).meetings[0].measures
        return [o.name for m in measures for o in m.owners]

    assert owners(lexicon_from_graph(graph)) == []
    archives = DEPT["archives"]
    graph.add((archives, RDF.type, SKOS.Concept))
    graph.add((archives, SKOS.inScheme, URIRef(str(DEPT))))
    graph.add((archives, SKOS.prefLabel, Literal("档案局", lang="zh")))
    graph.add((archives, SKOS.hiddenLabel, Literal("档案", lang="zh")))
    assert owners(lexicon_from_graph(graph)) == ["县档案局"]
