"""The ontology, vocabularies and shapes: in step with the code, bilingual, and free of local facts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS

from graphbuild.extract.divisions import load_divisions
from graphbuild.namespace import GB
from graphbuild.resources import ontology_dir
from graphbuild.validate import shapes_graph, validate_graph

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ontology_dir()
SHACL_CASES = sorted((Path(__file__).parent / "shacl").glob("*.ttl"))


def _parse(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def test_namespace_module_and_turtle_define_the_same_terms():
    ontology = _parse(ONTOLOGY / "graphbuild.ttl")
    defined = {str(s) for s in ontology.subjects(RDFS.isDefinedBy, URIRef("https://w3id.org/graphbuild/ontology"))}
    in_code = {str(GB[name]) for name in GB.__annotations__}
    assert defined == in_code


def test_a_misspelt_term_fails_although_the_declared_ones_are_plain_attributes():
    # namespace._resolve_terms sets the declared terms on the class for speed; rdflib's check of
    # every other name must still run
    assert GB.Measure == URIRef("https://w3id.org/graphbuild/ontology#Measure") == GB["Measure"]
    with pytest.raises(AttributeError):
        GB.Mesure  # noqa: B018


def test_every_term_is_labelled_and_defined_in_chinese_and_english():
    graph = _parse(
        ONTOLOGY / "graphbuild.ttl",
        *sorted((ONTOLOGY / "vocab").glob("*.ttl")),
        ONTOLOGY / "departments.ttl",
        ONTOLOGY / "rules" / "rules.ttl",
    )
    terms = set(graph.subjects(RDFS.isDefinedBy, None)) | set(graph.subjects(RDF.type, SKOS.Concept))
    assert len(terms) > 80
    for term in terms:
        definitions = {o.language for o in graph.objects(term, SKOS.definition)}
        assert {"zh", "en"} <= definitions, term
        labels = {o.language for p in (RDFS.label, SKOS.prefLabel) for o in graph.objects(term, p)}
        assert {"zh", "en"} <= labels, term


def test_sector_notations_follow_the_guidelines():
    graph = _parse(ONTOLOGY / "vocab" / "sectors.ttl")
    notations = {str(n) for n in graph.objects(None, SKOS.notation)}
    assert {"IND", "MOB", "AREA", "DUST", "BURN", "LIFE", "FIRE", "EMER", "ENER", "GOV", "OTHER"} <= notations
    for n in notations:
        assert re.fullmatch(r"[A-Z]+(\.[A-Z]+)*", n)


def test_no_local_place_or_person_is_written_into_code_or_vocabularies(gold):
    """Areas come from the divisions dataset and names from the text, never from our files."""
    divisions = load_divisions()
    city = gold["city"]["adcode"]
    local = {a.name for code, a in divisions.by_code.items() if code[:4] == city[:4]}
    local |= {m["chair"]["name"] for m in gold["meetings"] if m["chair"]}
    local |= {m["area"]["name"] for m in gold["meetings"]}
    files = [*ROOT.joinpath("graphbuild").rglob("*.py"), *ONTOLOGY.rglob("*.ttl"), *ONTOLOGY.rglob("*.rq")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        found = sorted(name for name in local if name in text)
        assert not found, f"{path.relative_to(ROOT)} names {found}"


# SHACL cases (tests/shacl/*.ttl) state their expected report, as pySHACL's DASH cases do: a case that
# conforms says `# conforms`; one that does not has a line per expected Violation,
# `# violates: SHAPE PATH FOCUS COMPONENT` (e.g. `# violates: gbsh:MeasureShape gb:sector ex:measure
# sh:MinCountConstraintComponent`), in the prefixes of the case and the shapes. SHAPE is the named shape the
# result's sh:sourceShape belongs to. Warnings (coverage gaps) are not compared.


def _terms(namespaces: Graph, header: str) -> tuple:
    """`SHAPE PATH FOCUS COMPONENT` of a `# violates:` line as terms (`^p` is an inverse path, `p/q` a sequence)."""

    def term(token: str):
        if token.startswith("^"):
            return ("^", term(token[1:]))
        if "/" in token and not token.startswith("<"):
            return tuple(term(part) for part in token.split("/"))
        return URIRef(token[1:-1]) if token.startswith("<") else namespaces.namespace_manager.expand_curie(token)

    return tuple(term(token) for token in header.split())


def _expected(path: Path, namespaces: Graph) -> list[tuple] | None:
    """The violations a case states (`# violates: SHAPE PATH FOCUS COMPONENT`, one line each), or None
    for `# conforms`."""
    text = path.read_text(encoding="utf-8")
    violates = re.findall(r"^#\s*violates:\s*(.+?)\s*$", text, re.M)
    conforms = re.search(r"^#\s*conforms\s*$", text, re.M)
    assert bool(violates) != bool(conforms), f"{path.name} needs '# conforms' or '# violates: ...' lines"
    for line in violates:
        assert len(line.split()) == 4, f"{path.name}: '# violates: {line}' is not SHAPE PATH FOCUS COMPONENT"
    return sorted((_terms(namespaces, line) for line in violates), key=repr) if violates else None


def _named_shape(shapes: Graph, shape):
    """The named shape a result comes from: a blank property shape's node shape, through nested `sh:node`s."""
    while isinstance(shape, BNode):
        shape = shapes.value(None, SH.property, shape) or shapes.value(None, SH.node, shape)
    return shape


def _path(report: Graph, path):
    if not isinstance(path, BNode):
        return path
    if (inverse := report.value(path, SH.inversePath)) is not None:
        return ("^", _path(report, inverse))
    return tuple(_path(report, step) for step in Collection(report, path))


def _violations(report: Graph, shapes: Graph) -> list[tuple]:
    """(named source shape, result path, focus node, constraint component) of every Violation in a report."""
    rows = [
        (
            _named_shape(shapes, report.value(result, SH.sourceShape)),
            _path(report, report.value(result, SH.resultPath)),
            report.value(result, SH.focusNode),
            report.value(result, SH.sourceConstraintComponent),
        )
        for result in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(result, SH.resultSeverity) == SH.Violation
    ]
    return sorted(rows, key=repr)


def test_the_shacl_cases_are_found():
    assert len(SHACL_CASES) == 11


@pytest.mark.parametrize("case", SHACL_CASES, ids=lambda p: p.stem)
def test_shacl_case(case, monkeypatch):
    """The case's violations are those its header states (warnings, the coverage gaps, are not compared);
    the report is the one `validate_graph` itself computed."""
    import pyshacl

    reports = []
    validate = pyshacl.validate

    def keep_report(*args, **kwargs):
        answer = validate(*args, **kwargs)
        reports.append(answer[1])
        return answer

    monkeypatch.setattr(pyshacl, "validate", keep_report)
    data = _parse(
        case,
        ONTOLOGY / "vocab" / "sectors.ttl",
        ONTOLOGY / "vocab" / "responsibility-types.ttl",
        ONTOLOGY / "vocab" / "principles.ttl",
        ONTOLOGY / "vocab" / "task-roles.ttl",
        ONTOLOGY / "vocab" / "indicators.ttl",
        ONTOLOGY / "vocab" / "units.ttl",
    )
    shapes = shapes_graph()
    result = validate_graph(data, shapes)
    namespaces = Graph()
    for prefix, namespace in [*shapes.namespaces(), *data.namespaces()]:
        namespaces.bind(prefix, namespace, replace=True)
    expected = _expected(case, namespaces)
    assert result.conforms == (expected is None)
    found = _violations(reports[0], shapes)
    if found != (expected or []):
        pytest.fail(
            f"{case.name}: the report has\n{_lines(found, namespaces)}\nthe header states\n"
            f"{_lines(expected or [], namespaces)}",
            pytrace=False,
        )
    assert len(result.violations) == len(found)


def _lines(rows: list[tuple], namespaces: Graph) -> str:
    def show(term) -> str:
        if isinstance(term, tuple):
            return "^" + show(term[1]) if term[:1] == ("^",) else "/".join(show(step) for step in term)
        return term.n3(namespaces.namespace_manager)

    return "\n".join("  # violates: " + " ".join(show(term) for term in row) for row in rows) or "  (no violation)"


def test_department_vocabulary_conforms():
    graph = _parse(ONTOLOGY / "departments.ttl", ONTOLOGY / "vocab" / "sectors.ttl")
    assert validate_graph(graph).conforms
    assert len(set(graph.subjects(RDF.type, GB.DepartmentMapping))) >= 10


# Words of the articles of the Atmospheric Pollution Prevention and Control Law (2018 amendment) that
# departments.ttl cites, taken from the law's text. A mapping's quoted words must contain words of each
# article it names, so an article number cannot drift away from its wording (第九十四条 was cited for
# the monitoring and warning system of 第九十三条). `checked`: the wording was compared with the law's text.
AIR_LAW = {
    "第五条": (("对大气污染防治实施统一监督管理",), False),
    "第二十七条": (("严重污染大气环境的工艺、设备和产品", "淘汰"), False),
    "第三十二条": (("调整能源结构", "清洁能源"), False),
    "第五十条": (("低碳、环保出行", "公共交通"), True),
    "第五十三条": (("监督抽测", "公安机关交通管理部门予以配合"), True),
    "第六十五条": (("不符合标准的机动车船、非道路移动机械用燃料",), True),
    "第六十八条": (("扬尘污染防治工作",), True),
    "第七十六条": (("秸秆",), False),
    "第八十一条": (("油烟净化设施", "露天烧烤"), True),
    "第八十二条": (("燃放烟花爆竹",), True),
    "第九十三条": (("重污染天气监测预警",), True),
    "第九十四条": (("突发事件应急管理体系", "重污染天气应急预案"), True),
    "第一百零三条": (("市场监督管理部门",), True),
    "第一百一十八条": (("露天烧烤", "油烟"), True),
}


def _citation_problems(citation: str) -> list[str]:
    """What is wrong with a citation `《大气污染防治法》第N条[、第M条]：words`: unknown articles, or an
    article none of whose words the quoted wording contains."""
    head, _, words = citation.partition("：")
    articles = re.findall(r"第[一二三四五六七八九十百零]+条", head)
    if not articles or not words:
        return [f"not `《…》第N条：words`: {citation}"]
    problems = []
    for article in articles:
        if article not in AIR_LAW:
            problems.append(f"{article} is not in the table of the law's articles")
        elif not any(w in words for w in AIR_LAW[article][0]):
            problems.append(f"{article}: the quoted words are not that article's: {words}")
    return problems


def test_each_department_mapping_cites_an_article_with_its_own_words():
    from rdflib.namespace import DCTERMS

    graph = _parse(ONTOLOGY / "departments.ttl")
    citations = [str(c) for c in graph.objects(None, DCTERMS.bibliographicCitation)]
    assert len(citations) == len(set(graph.subjects(RDF.type, GB.DepartmentMapping))) >= 10
    for citation in citations:
        assert citation.startswith("《大气污染防治法》")
        assert _citation_problems(citation) == [], citation


def test_the_article_check_catches_a_number_moved_away_from_its_words():
    wrong = "《大气污染防治法》第九十四条：生态环境主管部门会同气象主管机构建立重污染天气监测预警体系。"
    assert _citation_problems(wrong)
    assert not _citation_problems(wrong.replace("第九十四条", "第九十三条"))


def test_the_department_file_says_which_articles_are_not_yet_checked():
    header, _, body = (ONTOLOGY / "departments.ttl").read_text(encoding="utf-8").partition("\ndept: ")
    unchecked_line = next(line for line in header.splitlines() if "Not yet checked" in line)
    cited = set(re.findall(r"第[一二三四五六七八九十百零]+条", body))
    unchecked = {a for a, (_, checked) in AIR_LAW.items() if not checked and a in cited}
    assert set(re.findall(r"第[一二三四五六七八九十百零]+条", unchecked_line)) == unchecked
