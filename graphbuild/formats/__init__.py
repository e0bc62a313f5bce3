"""The text of HTML, Word (.docx) and PDF files, for `read` (rules per format in data/README.md).

One convention for tables in every format: a table row is one line, its cells in column order
separated by a TAB; a cell's own paragraphs and line breaks become single spaces, so a TAB never
appears in the text except between the cells of a row (tabs elsewhere become spaces). The plan
extractor reads tasks from such rows under a header row that names the columns.

One module per format (`markup` for HTML, `word`, `pdf`); the parsers they use are imported only
when a file of their kind is read.
"""

from __future__ import annotations

from .markup import html_text, html_to_text
from .pdf import pdf_text
from .word import docx_text

__all__ = ["html_text", "html_to_text", "docx_text", "pdf_text"]
