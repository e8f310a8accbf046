"""SHACL validation of built graphs against the shipped shapes (``kg/resources/ontology/shapes.ttl``, pyshacl)."""

from __future__ import annotations

from typing import List, Tuple

from rdflib import Graph

from .bundled import ONTOLOGY, SHAPES


def validate(data: Graph) -> Tuple[bool, List[str]]:
    """(conforms, one line per violation)."""
    import pyshacl
    from rdflib.namespace import SH

    shapes = Graph().parse(SHAPES)
    ontology = Graph().parse(ONTOLOGY)
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=False)
    lines = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        lines.append(f"{focus} {path or ''}: {message}")
    return bool(conforms), sorted(lines)
