"""A per-document build cache: each document's triples (and analytics tally) under a key of what
makes them, so that a rebuild or an update redoes only the documents that changed.

The key is the SHA-256 of the document's bytes, its file name (the graph records it), its
metadata sidecar's bytes, the version of the code and the ontology (`version_key`: every `.py`
file of the package and every ontology file, hashed once per process) and the options that
change the output (`--infer`, `--max-chars`). An entry is one file written to a temporary name
and renamed; an entry that cannot be read whole (a kill, a full disk, a stray edit) is ignored
and rewritten, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .read import META_SUFFIX

__all__ = ["DocumentResult", "BuildCache", "default_cache_dir", "version_key", "document_key"]

_MAGIC = b"graphbuild-cache 1\n"


@dataclass(frozen=True)
class DocumentResult:
    """One document's share of the graph, as N-Triples lines (each block sorted, no line twice).

    `own` holds the triples only this document's content can produce (their subject or object is
    one of its nodes, named by its hash); `shared` the rest (areas, posts, owners, departments,
    explicit and inferred assignments, …), which other documents may repeat. `inferred` counts the
    lines the principle rules added. `tally` is the analytics tally as JSON text, or None.
    """

    name: str
    key: str
    doc_key: str
    own: bytes
    shared: bytes
    inferred: int = 0
    tally: str | None = None


@cache
def version_key() -> str:
    """A hash of the package's Python files and the ontology's files (vocabularies, rules,
    checks, shapes): any change to the code or the words invalidates every cache entry."""
    from .resources import ontology_dir

    return _tree_digest([(Path(__file__).parent, "*.py"), (ontology_dir(), "*")])


def _tree_digest(trees: list[tuple[Path, str]]) -> str:
    """One hash of the files matching each pattern under each folder (names and contents)."""
    digest = hashlib.sha256()
    for folder, pattern in trees:
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
            digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def document_key(path: Path, data: bytes, infer: bool, max_chars: int | None) -> str:
    """The cache key of one document read from `path` with these bytes and options."""
    sidecar = path.with_name(path.name + META_SUFFIX)
    meta = sidecar.read_bytes() if sidecar.is_file() else b""
    parts = (
        hashlib.sha256(data).hexdigest(),
        path.name,  # the graph records the document's name (`schema:name`)
        hashlib.sha256(meta).hexdigest(),
        version_key(),
        f"infer={infer}",
        f"max_chars={max_chars}",
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def default_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/graphbuild`, else `~/.cache/graphbuild`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "graphbuild"


class BuildCache:
    """Entries in a folder, one file each (`ab/abcdef….entry`), zlib-compressed N-Triples."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.entry"

    def get(self, key: str, name: str) -> DocumentResult | None:
        """The entry under `key`, or None when there is none or it cannot be read whole."""
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return None
        return _decode(data, key, name)

    def put(self, result: DocumentResult) -> None:
        """Store an entry (temporary file, then rename); a cache that cannot be written is skipped."""
        target = self.path(result.key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            prefix = f".{result.key}.{os.getpid()}."
            handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(_encode(result))
                os.replace(temporary, target)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # a read-only or full cache slows the next build, it does not stop this one

    def tally(self, key: str) -> tuple[bool, str | None]:
        """Whether the entry is there, and its analytics tally (read from its header only)."""
        try:
            with open(self.path(key), "rb") as handle:
                if handle.readline() != _MAGIC:
                    return False, None
                header = json.loads(handle.readline())
        except (OSError, ValueError):
            return False, None
        return header.get("key") == key, header.get("tally")


def _encode(result: DocumentResult) -> bytes:
    own, shared = zlib.compress(result.own, 1), zlib.compress(result.shared, 1)
    header = {
        "key": result.key,
        "doc_key": result.doc_key,
        "inferred": result.inferred,
        "tally": result.tally,
        "own": [len(own), zlib.crc32(result.own)],
        "shared": [len(shared), zlib.crc32(result.shared)],
    }
    return _MAGIC + json.dumps(header, sort_keys=True).encode("utf-8") + b"\n" + own + shared


def _decode(data: bytes, key: str, name: str) -> DocumentResult | None:
    """An entry's result, or None when anything about it is off (magic, key, sizes, checksums)."""
    try:
        if not data.startswith(_MAGIC):
            return None
        end = data.index(b"\n", len(_MAGIC))
        header = json.loads(data[len(_MAGIC) : end])
        if header.get("key") != key:
            return None
        body = memoryview(data)[end + 1 :]
        (own_size, own_crc), (shared_size, shared_crc) = header["own"], header["shared"]
        if len(body) != own_size + shared_size:
            return None
        own = zlib.decompress(body[:own_size])
        shared = zlib.decompress(body[own_size:])
        if zlib.crc32(own) != own_crc or zlib.crc32(shared) != shared_crc:
            return None
        return DocumentResult(name, key, header["doc_key"], own, shared, header["inferred"], header["tally"])
    except (ValueError, KeyError, TypeError, zlib.error):
        return None
