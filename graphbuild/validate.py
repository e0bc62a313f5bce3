"""Stage 5, validate (after the rules): SHACL shapes from `ontology/shapes/` checked with pySHACL.

Violations fail validation; coverage gaps are `sh:Warning` results and only reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph
from rdflib.namespace import RDF, SH

from .resources import ontology_files

__all__ = ["ValidationResult", "validate_graph", "shapes_graph"]


@dataclass
class ValidationResult:
    """Whether the graph conforms, and its violations and warnings as readable lines."""

    conforms: bool
    violations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    for path in ontology_files("shapes", "*.ttl"):
        graph.parse(path, format="turtle")
    return graph


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationResult:
    """Validate without inference; conforming means no result of severity Violation."""
    from pyshacl import validate

    _, report, _ = validate(
        data,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    result = ValidationResult(conforms=True)
    for node in sorted(report.subjects(RDF.type, SH.ValidationResult)):
        severity = report.value(node, SH.resultSeverity)
        focus = report.value(node, SH.focusNode)
        message = report.value(node, SH.resultMessage)
        line = f"{focus}: {message or 'constraint failed'}"
        if severity == SH.Violation:
            result.conforms = False
            result.violations.append(line)
        else:
            result.warnings.append(line)
    result.violations.sort()
    result.warnings.sort()
    return result
