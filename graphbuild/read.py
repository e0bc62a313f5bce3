"""Stage 1, read: bytes on disk to one decoded text plus metadata, with clear errors for bad input.

Every offset the later stages record counts code points of the text this stage returns. Formats
(the rule of each is in data/README.md): `.txt` is decoded as it is; `.html`/`.htm` is decoded and
reduced to its visible text; `.docx` and `.pdf` are read by `formats`, tables as one line per row
with a TAB between cells. Any other file type is refused.

Plain-text decoding: a byte-order mark names UTF-8, UTF-16 or UTF-32; otherwise strict UTF-8, then
strict GB18030, then strict Big5 (cp950) when GB18030 gives private-use characters (where a Big5
file's punctuation lands), and only then charset-normalizer's guess. A last character cut off
mid-sequence is left out with a logged warning naming its byte offset.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import InputError

# The longest document accepted by default (`--max-chars`): generous, a long work plan is 50k
# characters; memory grows with the text (README, Size).
MAX_CHARS = 2_000_000

__all__ = ["Document", "read_document", "expand_paths", "iter_documents", "SUFFIXES"]

_HTML = (".html", ".htm")
SUFFIXES = (".txt", *_HTML, ".docx", ".pdf")
META_SUFFIX = ".meta.json"
META_FIELDS = ("title", "issuer", "source", "published", "document_number")
_LOG = logging.getLogger(__name__)  # warnings name the file; the CLI shows them on stderr


@dataclass(frozen=True)
class Document:
    """One decoded source document; `warnings` says what was repaired while reading it."""

    path: Path
    sha256: str
    text: str
    encoding: str
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.path.name


# Checked in this order: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


class _Decoded:
    """A strict decode that tolerates only an incomplete last character (`cut` is its byte offset)."""

    def __init__(self, data: bytes, encoding: str) -> None:
        decoder = codecs.getincrementaldecoder(encoding)("strict")
        self.text = decoder.decode(data, final=False)  # raises UnicodeDecodeError on any bad sequence
        pending = decoder.getstate()[0]
        self.cut = len(data) - len(pending) if pending else None
        self.encoding = encoding


def _strict(data: bytes, encoding: str) -> _Decoded | None:
    try:
        return _Decoded(data, encoding)
    except UnicodeDecodeError:
        return None


def _decode_bytes(data: bytes) -> _Decoded | None:
    """The text of `data` by the rule in the module docstring, or None when no rule applies."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return _strict(data, encoding)
    decoded = _strict(data, "utf-8")
    if decoded is not None:
        return decoded
    chinese = _strict(data, "gb18030")
    if chinese is None or _PRIVATE_USE.search(chinese.text):
        big5 = _strict(data, "cp950")
        if big5 is not None and not _PRIVATE_USE.search(big5.text):
            return big5
    return chinese


_BINARY = "binary file (NUL bytes), not a text document (UTF-16 and UTF-32 need a byte-order mark)"


def _decode(path: Path, data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """Decoded text, the encoding's name, and warnings; InputError when the bytes are not text."""
    if b"\x00" in data and not any(data.startswith(mark) for mark, _ in _BOMS):
        raise InputError(path, _BINARY)
    decoded = _decode_bytes(data)
    if decoded is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(path, "not text in any known encoding (binary file?)")
        text, encoding, notes = str(best), best.encoding, ()
    else:
        text, encoding, notes = decoded.text, decoded.encoding.removesuffix("-sig"), ()
        if decoded.cut is not None:
            notes = (
                f"{path}: the last character is cut off (incomplete {encoding} sequence at byte "
                f"{decoded.cut} of {len(data)}); left out",
            )
    if "\x00" in text:
        raise InputError(path, _BINARY)
    return text, encoding, notes


def _json_type(value: object) -> str:
    return {list: "a list", dict: "an object", bool: "true/false", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


_PUBLISHED = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?")


def _published(sidecar: Path, value: str) -> str | None:
    """A publication date as YYYY-MM-DD, checked against the calendar; a time of day after it
    (2024-11-06 10:00, 2024-11-06T10:00:00+08:00) is allowed and dropped."""
    m = _PUBLISHED.fullmatch(value.strip())
    if m is None:
        raise InputError(sidecar, f"field 'published' is not a date YYYY-MM-DD: {value!r}")
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        # Written as a date but naming no real day (9999-99-99): dropped with a warning, never typed.
        _LOG.warning("%s: the published date %r is not a real day; dropped", sidecar, value)
        return None


def _metadata(path: Path) -> dict[str, str]:
    """The sidecar's known fields, each a string (`published` a valid date); unknown fields are ignored."""
    sidecar = path.with_name(path.name + META_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        raw = json.loads(sidecar.read_bytes().decode("utf-8-sig"))
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError alike
        raise InputError(sidecar, f"metadata is not UTF-8 JSON ({_one_line(error)})") from error
    if not isinstance(raw, dict):
        raise InputError(sidecar, f"metadata must be a JSON object of fields, not {_json_type(raw)}")
    fields: dict[str, str] = {}
    for key in META_FIELDS:
        value = raw.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise InputError(sidecar, f"field {key!r} must be a string, not {_json_type(value)}")
        checked = _published(sidecar, value) if key == "published" else value
        if checked is not None:
            fields[key] = checked
    return fields


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def _text_of(path: Path, data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """The decoded text of one file by its type, with the encoding (or format) and any warnings."""
    suffix = ".txt" if str(path) == "-" else path.suffix.lower()  # standard input is read as text
    if suffix == ".docx":
        from .formats import docx_text

        return docx_text(path, data), "docx", ()
    if suffix == ".pdf":
        from .formats import pdf_text

        return pdf_text(path, data), "pdf", ()
    if suffix not in SUFFIXES:
        readable = ", ".join(SUFFIXES)
        raise InputError(path, f"cannot read {suffix or 'files without a suffix'!s} files (readable: {readable})")
    text, encoding, notes = _decode(path, data)
    if suffix in _HTML:
        from .formats import html_text

        text = html_text(path, text)
    return text, encoding, notes


def read_document(path: Path) -> Document:
    """Read and decode one document; raise InputError naming the file and the reason.

    What was repaired (a cut-off last character) is logged as a warning and kept in `Document.warnings`.
    """
    path = Path(path)
    if str(path) == "-":  # standard input
        data = sys.stdin.buffer.read()
    elif not path.exists():
        raise InputError(path, "no such file")
    elif path.is_dir():
        raise InputError(path, "is a folder; give a document file")
    else:
        data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "empty file")
    text, encoding, notes = _text_of(path, data)
    if not text.strip():
        raise InputError(path, "no text after decoding")
    for note in notes:
        _LOG.warning(note)
    metadata = {} if str(path) == "-" else _metadata(path)
    return Document(path, hashlib.sha256(data).hexdigest(), text, encoding, metadata, notes)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every document (by suffix) inside each folder, sorted by name.

    In a folder, the files that editors leave beside a document are not documents: Word's owner file
    of an open `plan.docx` (`~$plan.docx`) and macOS's resource forks (`._plan.docx`).
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if _is_document(p)))
        else:
            found.append(path)
    return found


def _is_document(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(("~$", "._")) and path.is_file()


def iter_documents(paths: Iterable[Path]) -> Iterator[Document]:
    for path in expand_paths(paths):
        yield read_document(path)
