"""Word, PDF and HTML versions of real texts read as the text itself (by each format's rule in
data/README.md), and tables as one TAB-separated line per row."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from graphbuild.errors import InputError
from graphbuild.extract import extract_document
from graphbuild.read import read_document

from .makedocs import Table, visible_lines, write_docx, write_html, write_numbered_docx, write_pdf
from .paths import RAW, READER_TEXTS

SEED = RAW / "luzhou-air-meetings.txt"
TEXTS = [SEED, *READER_TEXTS]


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


@pytest.mark.parametrize("source", TEXTS, ids=lambda p: p.name)
def test_a_word_file_of_a_text_reads_as_the_text(tmp_path, source):
    """One paragraph per line, blank and indented lines included: the text comes back character for character."""
    document = read_document(write_docx(tmp_path / "copy.docx", _lines(source)))
    assert document.text == read_document(source).text
    assert document.encoding == "docx"


@pytest.mark.parametrize("source", TEXTS, ids=lambda p: p.name)
def test_an_html_page_of_a_text_reads_as_its_visible_lines(tmp_path, source):
    document = read_document(write_html(tmp_path / "copy.html", _lines(source)))
    assert document.text == visible_lines(read_document(source).text)


@pytest.mark.parametrize("source", TEXTS, ids=lambda p: p.name)
def test_a_pdf_of_a_text_reads_as_its_visible_lines(tmp_path, source):
    """Paragraphs wrapped over several lines and pages (page numbers at the foot) come back one per line."""
    document = read_document(write_pdf(tmp_path / "copy.pdf", _lines(source)))
    assert document.text == visible_lines(read_document(source).text)


@pytest.mark.parametrize("writer", [write_docx, write_html, write_pdf], ids=["docx", "html", "pdf"])
def test_the_seed_readout_in_each_format_gives_the_meetings_of_its_text(tmp_path, writer):
    copy = read_document(writer(tmp_path / f"luzhou.{writer.__name__[6:]}", _lines(SEED)))
    reference = tmp_path / "luzhou.txt"
    reference.write_text(copy.text, encoding="utf-8")
    expected = extract_document(read_document(SEED)).meetings
    got = extract_document(copy).meetings
    assert [asdict(m) for m in got] == [asdict(m) for m in extract_document(read_document(reference)).meetings]
    assert [(m.date, m.area.name, m.chair and m.chair.name) for m in got] == [
        (m.date, m.area.name, m.chair and m.chair.name) for m in expected
    ]


PLAN = [
    "附件",
    "重点任务分工表",
    Table(
        [
            ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
            ["一、调整能源结构", None, None, None, None],
            [
                "1",
                "淘汰燃煤小锅炉,完成城市建成区内10蒸吨/小时及以下燃煤锅炉的拆除或清洁能源改造",
                "市生态环境局",
                "市发展改革委、市市场监管局",
                "2024年6月底前",
            ],
            ["2", "推进重点行业超低排放改造", None, "", "2024年12月底前"],
        ],
        spans=((1, 0, 1, 5), (2, 2, 2, 1)),  # a heading row across the table; one lead unit for two tasks
    ),
    "各单位要按照分工抓好落实。",
]

PLAN_TEXT = (
    "附件\n"
    "重点任务分工表\n"
    "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
    "一、调整能源结构\t\t\t\t\n"
    "1\t淘汰燃煤小锅炉,完成城市建成区内10蒸吨/小时及以下燃煤锅炉的拆除或清洁能源改造\t市生态环境局\t"
    "市发展改革委、市市场监管局\t2024年6月底前\n"
    "2\t推进重点行业超低排放改造\t市生态环境局\t\t2024年12月底前\n"
    "各单位要按照分工抓好落实。"
)


@pytest.mark.parametrize("writer", [write_docx, write_html, write_pdf], ids=["docx", "html", "pdf"])
def test_a_table_gives_one_line_per_row_with_cells_in_column_order(tmp_path, writer):
    """Between the paragraphs around it; a cell spanning columns once, a cell spanning rows in every row;
    in the PDF the long task wraps inside its cell and is joined back."""
    document = read_document(writer(tmp_path / f"plan.{writer.__name__[6:]}", PLAN))
    assert document.text == PLAN_TEXT


def test_a_tab_in_a_word_paragraph_becomes_a_space(tmp_path):
    """A TAB only ever separates table cells."""
    document = read_document(write_docx(tmp_path / "tabs.docx", ["一、\t总体要求", Table([["甲", "乙"]])]))
    assert document.text == "一、 总体要求\n甲\t乙"


def test_html_cells_are_read_as_one_line_each(tmp_path):
    page = (
        "<table><caption>责任分工</caption><tr><th>任务</th><th>责任单位</th></tr>"
        "<tr><td><p>控煤</p><p>降尘</p></td><td>市住建局<br>市城管局\t</td></tr>"
        "<tr><td></td><td>区政府</td></tr></table>"
    )
    path = tmp_path / "cells.html"
    path.write_text(page, encoding="utf-8")
    assert read_document(path).text == "责任分工\n任务\t责任单位\n控煤 降尘\t市住建局 市城管局\n\t区政府"


def test_colspan_widens_an_html_row_to_a_thousand_columns_at_most(tmp_path):
    """50 cells each claiming 1,000 columns: the first fills the row's thousand, the rest take one each."""
    path = tmp_path / "wide.html"
    path.write_text("<table><tr>" + "<td colspan=1000>x</td>" * 50 + "</tr></table>", encoding="utf-8")
    assert read_document(path).text == "x" + "\t" * 999 + "\tx" * 49


def test_a_pdf_without_a_text_layer_is_one_line(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(path))
    page.rect(100, 100, 200, 200, fill=1)
    page.save()
    with pytest.raises(InputError, match="scan.pdf: the PDF has no text layer"):
        read_document(path)


def test_word_numbers_that_word_draws_are_part_of_the_text(tmp_path):
    """Automatic numbers (一、 （一） 1.) are not in a paragraph's text in the file but are what a reader
    sees; a plan's structure hangs on them. Levels restart below a level that advances."""
    levels = [
        ("chineseCounting", "%1、", "nothing"),
        ("chineseCounting", "（%2）", "nothing"),
        ("decimal", "%3.", "tab"),
    ]
    items = [
        (0, "总体要求"),
        (1, "工作目标"),
        (2, "全市PM2.5平均浓度下降"),
        (2, "重污染天数减少"),
        (1, "基本原则"),
        (None, "坚持问题导向。"),
        (-1, "重点任务"),  # the first level, through the paragraph's style
        (1, "调整产业结构"),
        (2, "淘汰落后产能"),
    ]
    document = read_document(write_numbered_docx(tmp_path / "numbered.docx", levels, items))
    assert document.text == (
        "一、总体要求\n（一）工作目标\n1. 全市PM2.5平均浓度下降\n2. 重污染天数减少\n（二）基本原则\n坚持问题导向。\n"
        "二、重点任务\n（一）调整产业结构\n1. 淘汰落后产能"
    )


def test_a_word_cell_claiming_billions_of_columns_spans_at_most_the_table(tmp_path):
    """A damaged or hostile file (found by mutating valid ones) must not make the reader build a huge row."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = write_docx(tmp_path / "wide.docx", [Table([["甲", "乙"], ["丙", "丁"]])])
    document = docx.Document(path)
    first = document.tables[0].cell(0, 0)._tc
    first.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="99999999999"/>'))
    document.save(path)
    assert read_document(path).text == "甲\t\t乙\n丙\t丁"


def test_a_pdf_heading_drawn_twice_for_bold_reads_once(tmp_path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "bold.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("STSong-Light", 16)
    for offset in (0, 0.4):  # fake bold: the same words again, a fraction of a point to the right
        page.drawString(100 + offset, 700, "一、总体要求")
    page.setFont("STSong-Light", 12)
    page.drawString(100, 670, "到2025年,细颗粒物浓度持续下降。")
    page.save()
    assert read_document(path).text == "一、总体要求\n到2025年,细颗粒物浓度持续下降。"


@pytest.mark.parametrize("spacing", [0, 3, 6])
def test_letter_spacing_in_a_pdf_is_not_a_space_but_a_space_character_is(tmp_path, spacing):
    """Justified or letter-spaced Chinese leaves gaps between characters (pdfplumber's default turns any gap
    over 3 pt into a space: 市 生 态 环 境 局); only the file's own space characters are spaces."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "spaced.pdf"
    page = canvas.Canvas(str(path))
    line = page.beginText(72, 700)
    line.setFont("STSong-Light", 16)
    line.setCharSpace(spacing)
    line.textOut("市生态环境局负责 PM2.5 监测")
    page.drawText(line)
    page.save()
    assert read_document(path).text == "市生态环境局负责 PM2.5 监测"
