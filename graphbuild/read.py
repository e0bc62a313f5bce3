"""Stage 1, read: bytes on disk to decoded text plus metadata, with clear errors for bad input.

UTF-8 is tried first; anything else goes to charset-normalizer, which recognises GB18030/GBK.
HTML is reduced to its visible text (script and style dropped, blocks on their own lines);
offsets everywhere else count code points of the text this stage returns.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .errors import InputError

__all__ = ["Document", "read_document", "iter_documents", "SUFFIXES"]

SUFFIXES = (".txt", ".html", ".htm")
META_SUFFIX = ".meta.json"
META_FIELDS = ("title", "issuer", "source", "published", "document_number")


@dataclass(frozen=True)
class Document:
    """One decoded source document."""

    path: Path
    sha256: str
    text: str
    encoding: str
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.path.name


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        raise InputError(path, "binary file (NUL bytes), not a text document")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "not text in any known encoding (binary file?)")
    return str(best), best.encoding


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, one block element per line."""

    _BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "title"}
    _HIDDEN = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in self._HIDDEN and tag != "head":
            self.hidden += 1
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN and tag != "head":
            self.hidden = max(0, self.hidden - 1)
        if tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)

    def text(self) -> str:
        lines = (line.strip() for line in "".join(self.parts).splitlines())
        return "\n".join(line for line in lines if line)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page.

    >>> html_to_text("<p>会议强调<script>x()</script></p><p>加强管控</p>")
    '会议强调\\n加强管控'
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    return parser.text()


def _metadata(path: Path) -> dict[str, str]:
    sidecar = path.with_name(path.name + META_SUFFIX)
    if not sidecar.exists():
        return {}
    try:
        raw = json.loads(sidecar.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(sidecar, f"metadata is not valid JSON ({error})") from error
    if not isinstance(raw, dict):
        raise InputError(sidecar, "metadata is not a JSON object")
    return {key: str(raw[key]) for key in META_FIELDS if raw.get(key) and _is_scalar(sidecar, key, raw[key])}


def _is_scalar(sidecar: Path, key: str, value: object) -> bool:
    """A sidecar field is kept only when it is one text or number (a list or object is not a title)."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return True
    import logging

    logging.getLogger("graphbuild").warning("%s: %r holds a %s, not text; ignored", sidecar, key, type(value).__name__)
    return False


def read_document(path: Path) -> Document:
    """Read and decode one document; raise InputError naming the file and the reason."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder; give a document file")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(path, "empty file")
    text, encoding = _decode(path, data)
    if path.suffix.lower() in (".html", ".htm"):
        text = html_to_text(text)
    if not text.strip():
        raise InputError(path, "no text after decoding")
    return Document(path, hashlib.sha256(data).hexdigest(), text, encoding, _metadata(path))


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and every document (by suffix) inside each folder, sorted by name."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


def iter_documents(paths: Iterable[Path]) -> Iterator[Document]:
    for path in expand_paths(paths):
        yield read_document(path)
