"""Property-based tests (hypothesis): whatever the text, extraction raises nothing but InputError,
every span is in range and quotes its text, and every graph loads in Oxigraph and in rdflib.

Derandomised: the same examples on every run. The normal suite tries a few dozen per property;
`make fuzz` sets GRAPHBUILD_FUZZ_EXAMPLES (10,000) for a long run. Hostile files (bad encodings,
odd code points, impossible dates, bad sidecars, malformed HTML) go through every command.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from graphbuild.cli import main
from graphbuild.errors import InputError
from graphbuild.extract import extract_document
from graphbuild.extract.text import fold
from graphbuild.graphio import ntriples
from graphbuild.rdfbuild import build_ntriples, build_triples
from graphbuild.read import Document, read_document

EXAMPLES = int(os.environ.get("GRAPHBUILD_FUZZ_EXAMPLES", "20"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SEED = (
    "[发布时间:2025-11-05 10:00:00]\n"
    "11月2日，德阳市委常委会召开（扩大）会议，市委书记王明主持会议并讲话。会议强调，要坚持党政同责、一岗双责，"
    "压紧压实大气污染防治责任。各区县要加强扬尘管控，相关企业要落实主体责任，严格执行错峰生产。\n"
    "11月3日，旌阳区委常委会召开会议，区委书记李华、区长赵强出席。会议要求，各镇（街道）要落实属地责任，"
    "加强秸秆禁烧巡查；交通运输部门要加强柴油货车管控，生态环境局要强化工业企业监管。\n"
)

# Code points the fuzzer likes: controls, C1 (U+0085), private use, noncharacters, U+FFFD, tags,
# zero-width and direction marks, line and paragraph separators, full-width punctuation.
ODD = "\x00\x01\x0b\x1b\x7f\x85\x9f\u00a0\u200b\u200e\u202e\u2028\u2029\u3000\ue000\uf8ff\ufdd0\ufeff\ufffd\uffff"
ODD += "\U0001f600\U000e0041\U000f0000\U0010fffd（），。：；"
NAMES = ["市委书记", "区委书记", "区长", "王明", "相关企业", "各区县", "交通运输部门"]
PIECES = ["<![CDATA[", "<p>", "&amp;", "99月99日", "2月30日", "0000年2月29日", "\r\n", "\r", "会议强调，", "要加强"]

odd_text = st.text(alphabet=st.sampled_from(ODD) | st.characters(exclude_categories=("Cs",)), max_size=12)
insertion = st.one_of(odd_text, st.sampled_from(PIECES))


@st.composite
def mutated_readouts(draw) -> str:
    """The seed readout with 1–6 edits: insertions of odd text, deletions, duplications, width changes."""
    text = SEED
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "name", "delete", "duplicate", "fold", "date"]))
        if kind == "name" and any(name in text for name in NAMES):  # an odd code point inside a name
            name = draw(st.sampled_from([name for name in NAMES if name in text]))
            text = text.replace(name, name[:1] + draw(st.sampled_from(ODD)) + name[1:], 1)
        elif kind == "insert":
            text = text[:at] + draw(insertion) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "duplicate":
            end = min(len(text), at + draw(st.integers(1, 200)))
            text = text[:end] + text[at:end] + text[end:]
        elif kind == "fold":
            text = fold(text) if draw(st.booleans()) else text.replace(",", "，").replace("(", "（")
        else:
            month, day = draw(st.integers(0, 99)), draw(st.integers(0, 99))
            text = text.replace("11月3日", f"{month}月{day}日", 1)
    return text


def _check_spans(record) -> None:
    text = record.text
    size = len(text)

    def in_range(span) -> None:
        assert 0 <= span[0] <= span[1] <= size, span

    for meeting in record.meetings:
        in_range(meeting.span)
        in_range(meeting.header)
        for person in ([meeting.chair] if meeting.chair else []) + meeting.speakers:
            in_range(person.span)
            for span in person.post_spans:
                in_range(span)
        for item in meeting.principles + meeting.responsibilities:
            in_range(item.span)
        for measure in meeting.measures:
            in_range(measure.span)
            in_range(measure.sentence)
            assert text[measure.span[0] : measure.span[1]] == measure.text
            assert measure.sentence[0] <= measure.span[0] and measure.span[1] <= measure.sentence[1]
            for owner in measure.owners:
                in_range(owner.span)


def _check_graph(record) -> None:
    data = ntriples(build_triples([record], with_vocabularies=False))
    store = ox.Store()
    store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
    assert len(Graph().parse(data=data.decode("utf-8"), format="nt")) == len(store)
    # the streamed build's direct writer gives the same lines as rdflib's terms written one by one
    direct = build_ntriples(record).splitlines()
    assert len(direct) == len(set(direct)) and set(direct) == set(data.splitlines())


def _extract(text: str):
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    document = Document(Path("fuzz.txt"), digest, text, "utf-8")
    try:
        return extract_document(document)
    except InputError:
        return None


@FUZZ
@given(mutated_readouts())
def test_mutated_readouts_extract_with_valid_spans_and_loadable_graphs(text):
    record = _extract(text)
    if record is not None:
        _check_spans(record)
        _check_graph(record)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(SEED.split("，")), odd_text), max_size=30).map("，".join))
def test_recombined_clauses_extract_with_valid_spans_and_loadable_graphs(text):
    record = _extract(text)
    if record is not None:
        _check_spans(record)
        _check_graph(record)


@FUZZ
@given(
    st.one_of(
        st.binary(max_size=300),
        mutated_readouts().map(lambda t: t.encode("gb18030", "replace")),
        mutated_readouts().map(lambda t: t.encode("utf-8", "replace")[: len(t) * 2]),
    )
)
def test_reading_any_bytes_raises_nothing_but_input_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "doc.txt"
    path.write_bytes(data)
    try:
        record = extract_document(read_document(path))
    except InputError:
        return
    _check_spans(record)
    _check_graph(record)


# --- hostile files through every command ----------------------------------------------------

HOSTILE: dict[str, bytes] = {
    "empty.txt": b"",
    "bom-only.txt": b"\xef\xbb\xbf",
    "binary.txt": bytes(range(256)) * 4,
    "nul.txt": SEED.encode("utf-8").replace("。".encode(), b"\x00", 1),
    "utf16.txt": SEED.encode("utf-16"),
    "truncated.txt": SEED.encode("utf-8")[:-1],
    "gbk.txt": SEED.encode("gbk"),
    "no-meeting.txt": "会议强调，要加强扬尘管控。".encode(),
    "odd-post.txt": SEED.replace("市委书记王明", "市委\ufffd书记\x85王\ue000明").encode("utf-8"),
    "odd-owner.txt": SEED.replace("相关企业", "相关\ufdd0\uffff企业\U0010fffd").encode("utf-8"),
    "impossible-dates.txt": SEED.replace("11月2日", "99月99日").replace("11月3日", "0000年2月30日").encode(),
    "crlf-fullwidth.txt": SEED.replace("\n", "\r\n").replace(",", "，").encode("utf-8"),
    "marked-section.html": f"<html><body><p>{SEED}</p><![foo[x]]><![CDAT</body></html>".encode(),
    "script.html": f"<p>{SEED}</p><script>{SEED}</script><p>要加强<b>扬尘</b>管控&amp;</p>".encode(),
    "bad-sidecar.txt": SEED.encode(),
    "odd-sidecar.txt": SEED.encode(),
}
SIDECARS = {
    "bad-sidecar.txt": b"{not json",
    # A field of the wrong type refuses the document (one line naming the sidecar); an impossible date
    # alone is dropped with a warning (the reliability tests).
    "odd-sidecar.txt": json.dumps({"published": "9999-99-99", "title": ["a", {"b": 1}], "issuer": 5}).encode(),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, data in HOSTILE.items():
        (folder / name).write_bytes(data)
        if name in SIDECARS:
            (folder / f"{name}.meta.json").write_bytes(SIDECARS[name])
    return folder


COMMANDS = {
    "build": lambda path, work: ["build", str(path), "-o", str(work / "g.ttl")],
    "build-store": lambda path, work: ["build", str(path), "-o", str(work / "g.nt"), "--store", f"oxigraph:{work}/S"],
    "extract-json": lambda path, work: ["extract", str(path), "--format", "json"],
    "extract-table": lambda path, work: ["extract", str(path)],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_hostile_files_through_every_command(hostile, command, tmp_path):
    runner = CliRunner()
    good = tmp_path / "good.txt"
    good.write_text(SEED, encoding="utf-8")
    assert runner.invoke(main, COMMANDS[command](good, tmp_path)).exit_code == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    outcomes = {}
    for name in sorted(HOSTILE):
        result = runner.invoke(main, COMMANDS[command](hostile / name, tmp_path))
        assert "Traceback" not in result.output, (name, result.output)
        assert result.exit_code in (0, 1), (name, result.output, result.exception)
        if result.exit_code == 1:
            errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
            assert len(errors) == 1 and name in errors[0], (name, result.output)
            after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
            assert after == before, f"{name}: a failed run changed its output"
        else:
            before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
        outcomes[name] = result.exit_code
    # What must be refused is refused, and the readable texts are read.
    refused = {n for n, code in outcomes.items() if code == 1}
    assert refused >= {"empty.txt", "bom-only.txt", "binary.txt", "no-meeting.txt", "bad-sidecar.txt"}
    assert {n for n, code in outcomes.items() if code == 0} >= {
        "gbk.txt",
        "odd-post.txt",
        "odd-owner.txt",
        "impossible-dates.txt",
        "crlf-fullwidth.txt",
    }
