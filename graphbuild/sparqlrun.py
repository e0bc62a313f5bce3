"""Helpers for the query command: parse `--bind var=value` and turn result terms into plain values."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from .errors import QueryError
from .store import Rows, in_fixed_order

__all__ = ["parse_bindings", "rows_for_output"]

_CJK = re.compile(r"[\u3400-\u9fff]")


def parse_bindings(binds: tuple[str, ...] | list[str]) -> dict[str, Identifier]:
    """`var=value` pairs: a value in <angle brackets> is an IRI; text with Chinese characters a
    `@zh` literal (as every Chinese label in the graph is); anything else a plain literal.

    >>> b = parse_bindings(["areaName=绵竹市", "m=<https://example.org/x>"])
    >>> b["m"], b["areaName"].language
    (rdflib.term.URIRef('https://example.org/x'), 'zh')
    """
    bindings: dict[str, Identifier] = {}
    for bind in binds:
        if "=" not in bind:
            raise QueryError(f"--bind {bind!r}: write VAR=VALUE")
        var, value = bind.split("=", 1)
        var = var.strip().lstrip("?$")
        if not var.isidentifier():
            raise QueryError(f"--bind {bind!r}: {var!r} is not a variable name")
        is_iri = value.startswith("<") and value.endswith(">")
        if is_iri:
            bindings[var] = URIRef(_checked_iri(bind, value[1:-1]))
        else:
            bindings[var] = Literal(value, lang="zh") if _CJK.search(value) else Literal(value)
    return bindings


def _checked_iri(bind: str, iri: str) -> str:
    """The IRI if every store can take it (Oxigraph's parser decides: RFC 3987), else a QueryError.

    >>> _checked_iri("m=<a b>", "a b")
    Traceback (most recent call last):
    graphbuild.errors.QueryError: --bind 'm=<a b>': not a valid IRI (Invalid IRI code point ' ')
    """
    import pyoxigraph as ox

    try:
        ox.NamedNode(iri)
    except ValueError as error:
        raise QueryError(f"--bind {bind!r}: not a valid IRI ({error})") from error
    return iri


_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def rows_for_output(result: Rows, query: str = "") -> list[dict]:
    """Plain values for printing; a query without ORDER BY gets its rows sorted, so that the
    output does not depend on the store's order (the same input gives the same bytes)."""
    rows = result.rows
    if not _ORDER_BY.search(query):
        rows = in_fixed_order(rows)
    return [
        {k: (None if v is None else (v.toPython() if isinstance(v, Literal) else str(v))) for k, v in row.items()}
        for row in rows
    ]
