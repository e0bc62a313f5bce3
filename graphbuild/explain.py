"""Why an owner is responsible for a measure: the chain of facts and rules, each with its source.

A target is a measure, an owner (a post, department or collective) or a person, named by an IRI
(`<IRI>`, a plain `https://…` IRI or a CURIE such as `gbid:measure/…`) or by words of its text.
Words matching several nodes are not guessed at: the candidates come back to pick one from.
A measure nobody owns is explained too: its sentence, "no owner", and for each duty-principle
rule why it gave no owner (the principle is not cited, no department is mapped to its sector,
no post's portfolio holds it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import Literal, URIRef

from .errors import GraphbuildError
from .namespace import expand, shorten
from .queries import named_query, text_literal
from .store import Store

__all__ = ["Explanation", "Candidate", "AmbiguousTargetError", "explain", "explain_lines"]


@dataclass
class Candidate:
    """One node that words of a target matched."""

    iri: str
    curie: str
    kind: str
    label: str


class AmbiguousTargetError(GraphbuildError):
    """Words of a target matched several nodes; `candidates` lists them."""

    def __init__(self, target: str, candidates: list[Candidate]) -> None:
        super().__init__(f"{len(candidates)} nodes match {target!r}; explain one of them by its IRI or CURIE")
        self.candidates = candidates


@dataclass
class Explanation:
    """What explains one target: its kind and label, and one entry per measure it concerns."""

    target: str
    kind: str
    label: str
    measures: list[dict] = field(default_factory=list)
    held_posts: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _value(term) -> object:
    if term is None:
        return None
    return term.toPython() if isinstance(term, Literal) else str(term)


def _candidates(store: Store, text: str) -> list[Candidate]:
    rows = store.select(named_query("explain-target").text, {"text": text_literal(text)}).rows
    seen: dict[str, Candidate] = {}
    for row in rows:
        iri = str(row["node"])
        seen.setdefault(iri, Candidate(iri, shorten(iri), str(row["kind"]), str(row["label"])))
    exact = [c for c in seen.values() if any(str(r["node"]) == c.iri and r["exact"].toPython() for r in rows)]
    return exact if len(exact) == 1 else list(seen.values())


def resolve(store: Store, target: str) -> Candidate:
    """The one node a target names; an error when nothing matches, `AmbiguousTargetError` when several do."""
    iri = expand(target)
    if iri is not None:
        rows = store.select(named_query("explain-kind").text, {"node": URIRef(iri)}).rows
        if not rows:
            raise GraphbuildError(f"{target}: no measure, owner or person with this IRI")
        # A person who is also an owner is explained as a person (the posts they hold, too).
        kinds = {str(r["kind"]) for r in rows}
        kind = next(k for k in ("measure", "person", "owner") if k in kinds)
        return Candidate(iri, shorten(iri), kind, str(rows[0]["label"] or iri))
    if not target.strip():
        raise GraphbuildError("explain needs words of a measure, an owner's name or an IRI")
    found = _candidates(store, target.strip())
    if not found:
        raise GraphbuildError(f"no measure, owner or person matches {target!r}")
    if len(found) > 1:
        raise AmbiguousTargetError(target, found)
    return found[0]


_DERIVATION = ("rule", "ruleLabel", "citationQuote", "citationStart", "citationEnd", "law")


def _derivation(store: Store, assignment) -> dict:
    """The rule, citation and law of an inferred assignment (query `explain-derivation`, bound to
    the assignment: a lookup, where an OPTIONAL over every assignment would be a scan)."""
    rows = store.select(named_query("explain-derivation").text, {"assignment": assignment}).rows
    return {key: _value(rows[0][key]) if rows else None for key in _DERIVATION}


_ROLE = ("roleLabel", "ownerQuote", "ownerStart", "ownerEnd")


def _role(store: Store, assignment) -> dict:
    """The task role the text gives an explicit owner and the owner's own words (query `explain-role`,
    bound to the assignment): the bracket, cell or clause that names it."""
    rows = store.select(named_query("explain-role").text, {"assignment": assignment}).rows
    return {key: _value(rows[0][key]) if rows else None for key in _ROLE}


def _assignments(store: Store, binding: dict) -> list[dict]:
    """One entry per measure with its owners (explicit, or inferred with their derivation)."""
    measures: dict[str, dict] = {}
    for row in store.select(named_query("explain").text, binding).rows:
        entry = measures.setdefault(
            str(row["measure"]),
            {
                "measure": str(row["measure"]),
                "curie": shorten(str(row["measure"])),
                "text": str(row["measureText"]),
                "document": str(row["document"]),
                "start": _value(row["measureStart"]),
                "end": _value(row["measureEnd"]),
                "sentence": str(row["sentence"]),
                "owners": [],
                "why_no_owner": [],
            },
        )
        explicit = bool(row["explicit"].toPython())
        owner = {
            "owner": str(row["owner"]),
            "label": str(row["ownerLabel"]),
            "type": str(row["rtype"]),
            "explicit": explicit,
        }
        owner.update(_role(store, row["assignment"]) if explicit else _derivation(store, row["assignment"]))
        entry["owners"].append(owner)
    return list(measures.values())


def _why_no_owner(store: Store, measure: URIRef) -> list[str]:
    """For each rule in the graph, why it gave this measure no owner."""
    rows = store.select(named_query("explain-rules").text, {"measure": measure}).rows
    if not rows:
        return ["no duty-principle rules are in the graph (was it built with --no-infer?)"]
    reasons = []
    for row in rows:
        rule = f"{row['ruleLabel']} ({shorten(str(row['rule']))})"
        principle = str(row["principleLabel"])
        rule_name = str(row["rule"]).rsplit("/", 1)[-1]
        if not row["cited"].toPython():
            reasons.append(f"{rule}: its directive does not cite {principle}")
        elif rule_name == "sanguan-sanbixu" and not row["mapped"].toPython():
            reasons.append(f"{rule}: {principle} is cited, but no department is mapped to the measure's sectors")
        elif rule_name == "yigang-shuangze" and not row["portfolio"].toPython():
            reasons.append(f"{rule}: {principle} is cited, but no post of the area has its sectors in its portfolio")
        else:
            reasons.append(f"{rule}: {principle} is cited, yet the rule gave no owner")
    return reasons


def _unowned(store: Store, measure: URIRef) -> dict:
    rows = store.select(named_query("measure-sources").text, {"measure": measure}).rows
    if not rows:
        raise GraphbuildError(f"{shorten(str(measure))}: the measure has no recorded source")
    row = rows[0]
    return {
        "measure": str(measure),
        "curie": shorten(str(measure)),
        "text": str(row["text"]),
        "document": str(row["document"]),
        "start": _value(row["start"]),
        "end": _value(row["end"]),
        "sentence": str(row["sentence"]),
        "owners": [],
        "why_no_owner": _why_no_owner(store, measure),
    }


def explain(store: Store, target: str) -> Explanation:
    """The explanation of a measure, an owner or a person (see the module's docstring)."""
    node = resolve(store, target)
    explanation = Explanation(node.iri, node.kind, node.label)
    if node.kind == "measure":
        explanation.measures = _assignments(store, {"measure": URIRef(node.iri)}) or [_unowned(store, URIRef(node.iri))]
    elif node.kind == "owner":
        explanation.measures = _assignments(store, {"owner": URIRef(node.iri)})
    else:
        for post in store.select(named_query("explain-posts").text, {"person": URIRef(node.iri)}).rows:
            explanation.held_posts.append({"post": str(post["post"]), "label": str(post["postLabel"])})
            explanation.measures += _assignments(store, {"owner": post["post"]})
    return explanation


def explain_lines(explanation: Explanation) -> list[str]:
    """Readable lines: each measure with its sentence (once), then its owners and how each was found."""
    lines = [f"{explanation.kind} {explanation.label}  [{shorten(explanation.target)}]"]
    for post in explanation.held_posts:
        lines.append(f"  holds {post['label']}  [{shorten(post['post'])}]")
    if explanation.kind != "measure" and not explanation.measures:
        lines.append("  carries no measure")
    for measure in explanation.measures:
        lines.append(
            f"措施 measure: {measure['text']}  [{measure['document']} {measure['start']}–{measure['end']}] "
            f"{measure['curie']}"
        )
        if explanation.kind == "measure":
            lines.append(f"  source sentence: “{measure['sentence']}”")
        if not measure["owners"]:
            lines.append("  ← no owner: the text names none and no rule gave one")
            lines += [f"      {reason}" for reason in measure["why_no_owner"]]
        for owner in measure["owners"]:
            how = (
                "explicit (the text names it)"
                if owner["explicit"]
                else f"inferred by {owner['ruleLabel']} ({shorten(owner['rule'] or '')})"
            )
            role = f" · {owner['roleLabel']}" if owner.get("roleLabel") else ""
            lines.append(f"  ← {owner['label']} · {owner['type']}{role} · {how}")
            if owner.get("ownerQuote") is not None:
                lines.append(f"      named in: “{owner['ownerQuote']}” [{owner['ownerStart']}–{owner['ownerEnd']}]")
            if owner.get("citationQuote") is not None:
                lines.append(
                    f"      principle cited: “{owner['citationQuote']}” "
                    f"[{owner['citationStart']}–{owner['citationEnd']}]"
                )
            if owner.get("law") is not None:
                lines.append(f"      department mapping: {owner['law']}")
    return lines
