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

from rdflib import Literal
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from .errors import QueryError
from .namespace import PREFIXES
from .resources import ontology_dir, ontology_files

__all__ = [
    "text_literal",
    "NamedQuery",
    "PREFIX_HEADER",
    "list_queries",
    "list_rules",
    "named_query",
    "with_prefixes",
    "query_variables",
    "query_form",
    "sparql_term",
    "bind_in_text",
    "in_user_positions",
    "Literal",
]

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


# --- the query's own text: its variables, its form, parameters substituted, error positions -------

_TOKENS = re.compile(
    r"""(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
    |(?P<iri><[^<>"{}|^`\\\s]*>)
    |(?P<comment>\#[^\n]*)
    |(?P<var>[?$][A-Za-z_\u00b7-\uffff][\w\u00b7-\uffff]*)
    |(?P<word>[A-Za-z][\w-]*)
    |(?P<open>[({])
    |(?P<close>[)}])
    """,
    re.VERBOSE,
)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def _tokens(text: str):
    """The query's tokens that matter here (strings, IRIs and comments kept whole, so a `?x`
    inside them is never taken for a variable)."""
    for match in _TOKENS.finditer(text):
        yield match.lastgroup, match


def query_variables(text: str) -> list[str]:
    """The variables a query mentions, in order of first use (`?x` and `$x` alike).

    >>> query_variables('SELECT ?a WHERE { ?a <p> "?not" ; rdfs:label $b } # ?c')
    ['a', 'b']
    """
    seen: dict[str, None] = {}
    for kind, match in _tokens(text):
        if kind == "var":
            seen.setdefault(match.group()[1:], None)
    return list(seen)


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword outside strings, IRIs and comments.

    >>> query_form('PREFIX x: <http://x/select#> # SELECT\\nASK { ?s ?p ?o }')
    'ASK'
    """
    for kind, match in _tokens(text):
        if kind == "word" and match.group().upper() in _FORMS:
            return match.group().upper()
    raise QueryError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")


_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\s]')


_CJK = re.compile(r"[\u3400-\u9fff]")


def text_literal(text: str) -> Literal:
    """The literal a user's words are bound as: `@zh` when they hold Chinese characters (as every
    Chinese label in the graph is), else plain. Besides matching the labels' tags, this keeps
    Virtuoso 7.2.5 right: its STR() of a plain literal written with non-ASCII characters in the
    query text gives `??`, while STR() of the same words tagged `@zh` gives them back.

    >>> text_literal("扬尘").language, text_literal("PM2.5").language
    ('zh', None)
    """
    return Literal(text, lang="zh") if _CJK.search(text) else Literal(text)


def sparql_term(term) -> str:
    """A term as SPARQL text: literals escaped by rdflib, IRIs checked (no character that could
    end the IRI and start syntax), so a value can never become part of the query.

    >>> sparql_term(Literal('x" } DROP ALL #'))
    '"x\\\\" } DROP ALL #"'
    """
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(str(term)):
            raise QueryError(f"{str(term)!r} is not an IRI (it holds a space or one of <>\"{{}}|^`\\)")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        raise QueryError("a blank node cannot be bound as a parameter")
    raise QueryError(f"cannot bind {term!r}")


def bind_in_text(text: str, bindings: dict) -> str:
    """The query with each bound variable replaced by its term where it acts: the same meaning as
    rdflib's initial bindings and Oxigraph's substitutions, for stores that take only text (a
    SPARQL endpoint). A bound variable keeps its column: `SELECT ?x` becomes `SELECT (T AS ?x)`;
    in GROUP BY and ORDER BY the term is bracketed; the target of `AS` is left alone; a subquery
    projects the term under another name.

    >>> print(bind_in_text('SELECT ?n ?t WHERE { ?n rdfs:label ?l FILTER(CONTAINS(?l, ?t)) } ORDER BY ?t',
    ...                    {"t": Literal("扬尘")}))
    SELECT ?n ("扬尘" AS ?t) WHERE { ?n rdfs:label ?l FILTER(CONTAINS(?l, "扬尘")) } ORDER BY ("扬尘")
    """
    if not bindings:
        return text
    terms = {name: sparql_term(term) for name, term in bindings.items()}
    out: list[str] = []
    last = 0
    clause = None  # "projection", "modifier" (GROUP/ORDER BY) or None (patterns and expressions)
    depth = 0  # brackets opened since the clause began
    selects = 0  # SELECT keywords seen: the first is the query's own projection, later ones subqueries'
    previous = ""
    for kind, match in _tokens(text):
        token = match.group()
        if kind == "word":
            upper = token.upper()
            if upper == "SELECT":
                clause, depth, selects = "projection", 0, selects + 1
            elif upper in ("WHERE", "HAVING", "LIMIT", "OFFSET", "VALUES") and depth == 0:
                clause = None
            elif upper == "BY" and previous in ("GROUP", "ORDER"):
                clause, depth = "modifier", 0
            previous = upper
            continue
        if kind == "open":
            if token == "{" and clause is not None and depth == 0:
                clause = None
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth < 0:
                clause, depth = None, 0
        elif kind == "var" and token[1:] in terms and previous != "AS":
            term = terms[token[1:]]
            if clause == "projection" and depth == 0:
                # A subquery projects the term under a fresh name: the outer query binds `?x` itself,
                # and SPARQL forbids `(T AS ?x)` where a subquery already put ?x in scope.
                term = f"({term} AS {token}{'' if selects == 1 else '_bound_in_subquery'})"
            elif clause == "modifier" and depth == 0:
                term = f"({term})"
            out.append(text[last : match.start()])
            out.append(term)
            last = match.end()
        previous = "" if kind != "word" else previous
    out.append(text[last:])
    return "".join(out)


_RDFLIB_POSITION = re.compile(r"\(at char (\d+)\), \(line:(\d+), col:(\d+)\)")
_OXIGRAPH_POSITION = re.compile(r"\b(?:error )?at (\d+):(\d+)")


def _header_size(text: str) -> tuple[int, int]:
    """Lines and characters of the PREFIX header `with_prefixes` put in front of the user's text."""
    ours = set(PREFIX_HEADER.splitlines())
    lines = chars = 0
    for line in text.splitlines(keepends=True):
        if line.rstrip("\n") not in ours:
            break
        lines += 1
        chars += len(line)
    return lines, chars


def in_user_positions(message: str, text: str) -> str:
    """A parser's error message with line, column and character positions counted in the user's
    own query text, not in the text with the project's prefixes in front.

    >>> q = with_prefixes("SELEC ?x WHERE { ?x ?y ?z }")
    >>> lines, chars = q.count(chr(10)) + 1, len(q) - 27
    >>> in_user_positions(f"found 'SELEC' (at char {chars}), (line:{lines}, col:1)", q)
    "found 'SELEC' (at char 0), (line:1, col:1)"
    """
    lines, chars = _header_size(text)
    if not lines:
        return message
    message = _RDFLIB_POSITION.sub(
        lambda m: f"(at char {int(m[1]) - chars}), (line:{int(m[2]) - lines}, col:{m[3]})", message
    )
    return _OXIGRAPH_POSITION.sub(lambda m: f"at {int(m[1]) - lines}:{m[2]}", message)
