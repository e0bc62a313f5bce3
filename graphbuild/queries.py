"""Named SPARQL: the queries under `ontology/queries/` and the rules under `ontology/rules/`, loaded
by one function.

A file starts with a comment header (`# title:`, `# description:`, `# parameters:`); the
project's prefixes are declared once here and put in front of every query and rule. Parameters
are bound (initial bindings, substitutions or a VALUES block), never pasted into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from .errors import QueryError
from .namespace import PREFIXES
from .resources import ontology_dir, ontology_files

__all__ = ["NamedQuery", "PREFIX_HEADER", "list_queries", "list_rules", "named_query", "with_prefixes"]

_STANDARD = {"rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "dcterms": DCTERMS, "org": ORG, "prov": PROV}
PREFIX_HEADER = "".join(
    f"PREFIX {name}: <{iri}>\n"
    for name, iri in sorted({**{k: str(v) for k, v in {**_STANDARD, **PREFIXES}.items()}}.items())
)


@dataclass(frozen=True)
class NamedQuery:
    """One `.rq` file: its name (path below `queries/` without suffix), header and text."""

    name: str
    title: str
    description: str
    parameters: tuple[str, ...]
    text: str
    path: Path

    @property
    def short_name(self) -> str:
        return self.name.rsplit("/", 1)[-1]


def with_prefixes(text: str) -> str:
    """The query text with the project's PREFIX declarations in front (ones it declares itself win)."""
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", text))
    header = "".join(line + "\n" for line in PREFIX_HEADER.splitlines() if line.split()[1][:-1] not in declared)
    return header + text


def _header(text: str, key: str) -> str:
    lines, capture = [], False
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.lower().startswith(f"{key}:"):
            lines.append(body.split(":", 1)[1].strip())
            capture = True
        elif capture and line.startswith("#   "):
            lines.append(body)
        else:
            capture = False
    return " ".join(lines)


def _parse_file(path: Path, root: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    parameters = tuple(re.findall(r"\?(\w+)", _header(text, "parameters")))
    name = str(path.relative_to(root).with_suffix(""))
    return NamedQuery(name, _header(text, "title"), _header(text, "description"), parameters, with_prefixes(text), path)


@cache
def list_queries() -> tuple[NamedQuery, ...]:
    """Every named query under `ontology/queries/`, sorted by name."""
    root = ontology_dir() / "queries"
    return tuple(_parse_file(p, root) for p in ontology_files("queries", "**/*.rq"))


@cache
def list_rules() -> tuple[NamedQuery, ...]:
    """Every rule (a CONSTRUCT) under `ontology/rules/`, sorted by name (`rules/dangzheng-tongze`)."""
    root = ontology_dir()
    return tuple(_parse_file(p, root) for p in ontology_files("rules", "*.rq"))


def named_query(name: str) -> NamedQuery:
    """A query by its name (`reports/gaps`) or its short name (`gaps`)."""
    for query in list_queries():
        if name in (query.name, query.short_name):
            return query
    known = ", ".join(q.short_name for q in list_queries())
    raise QueryError(f"no named query {name!r} (known: {known})")
