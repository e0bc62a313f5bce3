"""The read stage on the encodings, sidecars and broken markup that the reliability review found
(reproductions from its defects 5, 6, 9, 10 and 11), and on file types it cannot read."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from opencc import OpenCC

from graphbuild.errors import InputError
from graphbuild.read import expand_paths, read_document

SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "luzhou-air-meetings.txt"
TEXT = SEED.read_text(encoding="utf-8")


def _read(tmp_path: Path, data: bytes, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_bytes(data)
    return read_document(path)


def _one_line_error(excinfo, name: str, reason: str) -> None:
    message = str(excinfo.value)
    assert "\n" not in message and name in message and reason in message, message


# -- encodings --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        TEXT.replace("。", "。\u200b", 30),  # 30 zero-width spaces
        TEXT.replace("会议强调", "会议\x1b强调", 1),  # one ESC byte
        TEXT,
    ],
    ids=["zero-width-spaces", "escape-byte", "plain"],
)
def test_valid_gb18030_is_decoded_as_gb18030(tmp_path, text):
    document = _read(tmp_path, text.encode("gb18030"))
    assert (document.text, document.encoding) == (text, "gb18030")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_are_decoded(tmp_path, encoding):
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff", "utf-32-le": "\ufeff", "utf-32-be": "\ufeff"}.get(encoding, "")
    document = _read(tmp_path, (bom + TEXT).encode(encoding))
    assert document.text == TEXT


def test_utf16_without_a_byte_order_mark_is_refused_with_the_reason(tmp_path):
    with pytest.raises(InputError) as excinfo:
        _read(tmp_path, TEXT.encode("utf-16-le"))
    _one_line_error(excinfo, "doc.txt", "byte-order mark")


@pytest.mark.parametrize("encoding, cut", [("utf-8", 1), ("utf-8", 2), ("gb18030", 1)])
def test_a_cut_off_last_character_is_left_out_with_a_warning_naming_its_byte(tmp_path, caplog, encoding, cut):
    data = TEXT.rstrip().encode(encoding)
    whole = len(TEXT.rstrip()[-1].encode(encoding))
    assert whole > cut
    with caplog.at_level(logging.WARNING, logger="graphbuild"):
        document = _read(tmp_path, data[:-cut])
    assert document.text == TEXT.rstrip()[:-1]
    assert [r.getMessage() for r in caplog.records] == list(document.warnings)
    assert len(document.warnings) == 1
    assert "doc.txt" in document.warnings[0]
    assert f"byte {len(data) - whole} of {len(data) - cut}" in document.warnings[0]


def test_a_whole_file_reads_without_warnings(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="graphbuild"):
        assert _read(tmp_path, TEXT.encode()).warnings == ()
    assert caplog.records == []


def test_a_bad_byte_inside_the_text_is_still_refused(tmp_path):
    data = TEXT.encode()
    with pytest.raises(InputError) as excinfo:
        _read(tmp_path, data[:100] + b"\xff\xfe\xfd" + data[100:])
    _one_line_error(excinfo, "doc.txt", "not text in any known encoding")


def test_a_big5_file_is_not_taken_for_gb18030(tmp_path):
    # Big5 bytes are mostly valid GB18030 too, but its punctuation lands in GB18030's private-use rows
    simplified = "11月3日,纳溪区委常委会召开(扩大)会议,专题研究部署大气污染防治工作。会议强调,要加强扬尘管控。"
    text = OpenCC("s2t").convert(simplified)
    document = _read(tmp_path, text.encode("cp950"))
    assert (document.text, document.encoding) == (text, "cp950")


# -- HTML that the parser cannot take -----------------------------------------------------------------------


@pytest.mark.parametrize("markup", ["<![foo[x]]>", "<![CDAT", "<![CDA", "<![ x"])
def test_a_malformed_marked_section_is_one_line_naming_the_file(tmp_path, markup):
    page = f"<html><body><p>{TEXT[:200]}</p>{markup}<p>会议要求,加强扬尘管控。</p></body></html>"
    with pytest.raises(InputError) as excinfo:
        _read(tmp_path, page.encode(), name="page.html")
    _one_line_error(excinfo, "page.html", "HTML cannot be parsed")


# -- sidecars ---------------------------------------------------------------------------------------------------


def _with_sidecar(tmp_path: Path, sidecar: bytes):
    (tmp_path / "doc.txt.meta.json").write_bytes(sidecar)
    return _read(tmp_path, TEXT.encode())


@pytest.mark.parametrize(
    "fields, reason",
    [
        ({"published": "11月2日"}, "field 'published' is not a date"),
        ({"title": ["a", {"b": 1}]}, "field 'title' must be a string, not a list"),
        ({"issuer": {"name": "x"}}, "field 'issuer' must be a string, not an object"),
        ({"document_number": 10}, "field 'document_number' must be a string, not a number"),
        (["title"], "must be a JSON object"),
    ],
)
def test_a_sidecar_field_of_the_wrong_type_or_date_is_one_line_naming_the_sidecar(tmp_path, fields, reason):
    with pytest.raises(InputError) as excinfo:
        _with_sidecar(tmp_path, json.dumps(fields).encode())
    _one_line_error(excinfo, "doc.txt.meta.json", reason)


@pytest.mark.parametrize("sidecar", [b"{", "{\"title\": \"泸州\"}".encode("gbk")])
def test_a_sidecar_that_is_not_utf8_json_is_one_line(tmp_path, sidecar):
    with pytest.raises(InputError) as excinfo:
        _with_sidecar(tmp_path, sidecar)
    _one_line_error(excinfo, "doc.txt.meta.json", "metadata is not UTF-8 JSON")


def test_a_valid_sidecar_is_kept_and_its_date_written_in_full(tmp_path):
    fields = {"title": "泸州市大气污染防治会议", "published": "2021-11-3", "source": None, "extra": [1]}
    document = _with_sidecar(tmp_path, json.dumps(fields, ensure_ascii=False).encode("utf-8-sig"))
    assert document.metadata == {"title": "泸州市大气污染防治会议", "published": "2021-11-03"}


# -- file types -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["plan.doc", "plan.xlsx", "plan"])
def test_a_file_type_that_cannot_be_read_is_one_line(tmp_path, name):
    with pytest.raises(InputError) as excinfo:
        _read(tmp_path, TEXT.encode(), name=name)
    _one_line_error(excinfo, name, "cannot read")


@pytest.mark.parametrize("name", ["plan.docx", "plan.pdf"])
@pytest.mark.parametrize("data", [b"not a document at all", b"PK\x03\x04 cut short", b"%PDF-1.4\n1 0 obj\n<<"])
def test_a_damaged_word_or_pdf_file_is_one_line(tmp_path, name, data):
    with pytest.raises(InputError) as excinfo:
        _read(tmp_path, data, name=name)
    _one_line_error(excinfo, name, "not a readable")


def test_a_folder_lists_every_readable_type_but_not_the_files_editors_leave_beside_them(tmp_path):
    for name in ["b.docx", "a.txt", "c.pdf", "d.htm", "~$b.docx", "._c.pdf", "e.doc", "a.txt.meta.json"]:
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.txt", "b.docx", "c.pdf", "d.htm"]
