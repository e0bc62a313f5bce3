"""Why an owner is responsible for a measure: the chain of facts and rules, each with its source."""

from __future__ import annotations

from rdflib import Literal, URIRef

from .errors import GraphbuildError
from .queries import named_query
from .store import Store

__all__ = ["explain"]


def _resolve(store: Store, target: str) -> dict[str, URIRef]:
    """An IRI as given, else the measure or owner the text names (query `explain-target`)."""
    if target.startswith("http"):
        rows = store.select(named_query("explain").text, {"measure": URIRef(target)}).rows
        return {"measure": URIRef(target)} if rows else {"owner": URIRef(target)}
    rows = store.select(named_query("explain-target").text, {"text": Literal(target)}).rows
    if not rows:
        raise GraphbuildError(f"no measure or owner matches {target!r}")
    return {str(rows[0]["kind"]): rows[0]["node"]}


_DERIVATION = ("rule", "ruleLabel", "citationQuote", "citationStart", "citationEnd", "law")


_ROLE = ("roleLabel", "ownerQuote", "ownerStart", "ownerEnd")


def _with_derivation(store: Store, row: dict) -> dict:
    """The row with the rule, citation and law of an inferred assignment (query `explain-derivation`),
    or the role and the owner's words of an explicit one (query `explain-role`); both bound to the
    assignment: a lookup, where an OPTIONAL over every assignment would be a scan."""
    found: dict = dict.fromkeys(_DERIVATION + _ROLE)
    explicit = row["explicit"].toPython()
    name, keys = ("explain-role", _ROLE) if explicit else ("explain-derivation", _DERIVATION)
    derivations = store.select(named_query(name).text, {"assignment": row["assignment"]}).rows
    if derivations:
        found.update({key: derivations[0][key] for key in keys})
    return {**row, **found}


def explain(store: Store, target: str) -> list[str]:
    """Readable lines: for each assignment, the owner, type, and either the text or the rule chain."""
    binding = _resolve(store, target)
    rows = [_with_derivation(store, row) for row in store.select(named_query("explain").text, binding).rows]
    lines: list[str] = []
    current = None
    for row in rows:
        if row["measure"] != current:
            current = row["measure"]
            lines.append(
                f"措施 measure: {row['measureText']}  [{row['document']} {row['measureStart']}–{row['measureEnd']}]"
            )
            lines.append(f"  source sentence: “{row['sentence']}”")
        kind = (
            "explicit (the text names it)"
            if row["explicit"].toPython()
            else f"inferred by {row['ruleLabel']} ({row['rule']})"
        )
        role = f" · {row['roleLabel']}" if row["roleLabel"] is not None else ""
        lines.append(f"  ← {row['ownerLabel']} · {row['rtype']}{role} · {kind}")
        if row["ownerQuote"] is not None:
            lines.append(f"      named in: “{row['ownerQuote']}” [{row['ownerStart']}–{row['ownerEnd']}]")
        if row["citationQuote"] is not None:
            lines.append(
                f"      principle cited: “{row['citationQuote']}” [{row['citationStart']}–{row['citationEnd']}]"
            )
        if row["law"] is not None:
            lines.append(f"      department mapping: {row['law']}")
    return lines
