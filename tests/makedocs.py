"""Writers of Word, PDF and HTML versions of a text, for the reader tests.

A document is a list of blocks: a paragraph (str) or a `Table`.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape


class Table(NamedTuple):
    """A table's rows of cell texts; each span (row, column, rows, columns) merges the cells it covers,
    whose positions hold None."""

    rows: list[list[str | None]]
    spans: tuple[tuple[int, int, int, int], ...] = ()


Block = str | Table


def visible_lines(text: str) -> str:
    """A text as a layout shows it: lines without their edge white space, blank lines gone."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def write_docx(path: Path, blocks: list[Block]) -> Path:
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
        for r, row in enumerate(block.rows):
            for c, text in enumerate(row):
                if text is not None:
                    table.cell(r, c).text = text
        for r, c, height, width in block.spans:
            table.cell(r, c).merge(table.cell(r + height - 1, c + width - 1))
    document.save(path)
    return path


def write_html(path: Path, blocks: list[Block], encoding: str = "utf-8") -> Path:
    parts = ["<html><head><meta charset='utf-8'><title></title></head><body>"]
    for block in blocks:
        if isinstance(block, str):
            parts.append(f"<p>{html.escape(block)}</p>\n")
            continue
        spans = {(r, c): (h, w) for r, c, h, w in block.spans}
        parts.append("<table border='1'>\n")
        for r, row in enumerate(block.rows):
            cells = []
            for c, text in enumerate(row):
                if text is None:
                    continue
                h, w = spans.get((r, c), (1, 1))
                attrs = (f" rowspan='{h}'" if h > 1 else "") + (f" colspan='{w}'" if w > 1 else "")
                cells.append(f"<td{attrs}>\n  {html.escape(text)}\n</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>\n")
        parts.append("</table>\n")
    parts.append("</body></html>")
    path.write_bytes("".join(parts).encode(encoding))
    return path


def write_pdf(path: Path, blocks: list[Block]) -> Path:
    """An A4 PDF as offices print them: paragraphs indented two characters and wrapped (Chinese line
    breaking), tables ruled, a page number at the foot of each page. The font is one of the CJK fonts
    every PDF reader has (STSong-Light), so nothing is embedded and no font file is needed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, TableStyle
    from reportlab.platypus import Table as PdfTable

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK")
    cell = ParagraphStyle("cell", parent=body, fontSize=10.5, leading=14, firstLineIndent=0)

    def page_number(canvas, doc) -> None:
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")

    story = []
    for block in blocks:
        if isinstance(block, str):
            story.append(Paragraph(escape(block), body))
            continue
        data = [[Paragraph(escape(text), cell) if text else "" for text in row] for row in block.rows]
        style = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        style += [("SPAN", (c, r), (c + w - 1, r + h - 1)) for r, c, h, w in block.spans]
        table = PdfTable(data)
        table.setStyle(TableStyle(style))
        story.append(table)
    SimpleDocTemplate(str(path), pagesize=A4).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return path


def write_numbered_docx(path: Path, levels: list[tuple[str, str, str]], items: list[tuple[int | None, str]]) -> Path:
    """A Word file whose paragraphs are numbered by Word (the numbers are not in their text): one list
    definition with `levels` (numFmt, lvlText, suff) and paragraphs (level or None for a plain one). A
    level given as -1 is the list's first level applied through a paragraph style, not on the paragraph."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:suff w:val="{suff}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text, suff) in enumerate(levels)
    )
    numbering.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    style = document.styles.add_style("Heading Numbered", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="90"/></w:numPr>'))
    for level, text in items:
        paragraph = document.add_paragraph(text, style=style if level == -1 else None)
        if level is not None and level >= 0:
            num_pr = f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
            paragraph._p.get_or_add_pPr().append(parse_xml(num_pr))
    document.save(path)
    return path
